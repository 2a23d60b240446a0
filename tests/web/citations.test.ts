import { describe, expect, it } from 'vitest';
import { findCitedDocuments, normalizeTitle } from '../../web/src/citations.ts';

const docs = [
  { id: 'plan', title: '教育部 重庆市人民政府 关于印发《深化现代职业教育体系改革服务成渝地区双城经济圈建设实施方案》的通知' },
  { id: 'law', title: '重庆市实施《中华人民共和国职业教育法》办法' },
  { id: 'news', title: '市教委召开专题工作会' },
  { id: 'untitled', title: null },
];

describe('normalizeTitle', () => {
  it('ignores spaces, book-title marks and width', () => {
    expect(normalizeTitle('重庆市实施〈中华人民共和国职业教育法〉办法')).toBe(normalizeTitle('重庆市实施《中华人民共和国 职业教育法》办法'));
  });
});

describe('findCitedDocuments', () => {
  it('finds the notice that publishes a cited plan', () => {
    expect(findCitedDocuments(['深化现代职业教育体系改革服务成渝地区双城经济圈建设实施方案'], docs).map((d) => d.id)).toEqual(['plan']);
  });

  it('finds an article by its own title, through an alias with 〈〉', () => {
    expect(findCitedDocuments(['重庆市实施中华人民共和国职业教育法办法', '重庆市实施〈中华人民共和国职业教育法〉办法'], docs).map((d) => d.id)).toEqual(['law']);
  });

  it('matches nothing for a policy not in the corpus or a too-short name', () => {
    expect(findCitedDocuments(['国家职业教育改革实施方案'], docs)).toEqual([]);
    expect(findCitedDocuments(['通知'], docs)).toEqual([]);
  });
});
