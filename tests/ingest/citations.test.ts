import { describe, expect, it } from 'vitest';
import { CitationResolver, citableNames, docNumberKey, policyName } from '../../ingest/index.js';
import { extractKnowledge } from '../../ingest/internal/extract.js';
import { defaultSegmenter } from '../../lang/index.js';

const articles = [
  { id: 'plan', title: '教育部 重庆市人民政府 关于印发《深化现代职业教育体系改革服务成渝地区双城经济圈建设实施方案》的通知', docNumber: '渝府发〔2023〕22号' },
  { id: 'law', title: '重庆市实施《中华人民共和国职业教育法》办法', docNumber: null },
  { id: 'news', title: '市教委召开专题工作会', docNumber: null },
  { id: 'untitled', title: null, docNumber: '国发[2019]4号' },
];
const resolver = new CitationResolver(articles);
const cited = (name: string, aliases: string[] = []) => resolver.citedArticles({ name, aliases }).map((a) => a.id);

describe('citableNames', () => {
  it('names a notice by its title and by the plan it publishes', () => {
    expect(citableNames(articles[0]!)).toEqual([
      '教育部重庆市人民政府关于印发深化现代职业教育体系改革服务成渝地区双城经济圈建设实施方案的通知',
      '深化现代职业教育体系改革服务成渝地区双城经济圈建设实施方案',
    ]);
  });

  it('does not name an article after the law it implements, nor a news headline at all', () => {
    expect(citableNames(articles[1]!)).toEqual(['重庆市实施中华人民共和国职业教育法办法']);
    expect(citableNames(articles[2]!)).toEqual([]);
    expect(citableNames({ title: null })).toEqual([]);
  });

  it('counts a signed agreement or memorandum in 《》 as a cited document, not a book', () => {
    const clauses = (text: string) => [{ id: 'd#0', sectionId: 's', start: 0, end: text.length }];
    const text = '重庆市教育委员会与四川省教育厅签署了《深化川渝职业教育合作协议》和《教育合作备忘录》，并推荐阅读《职业教育的未来》。';
    const r = extractKnowledge(text, clauses(text), { segmenter: defaultSegmenter(), docId: 'd', issuers: [], authors: [] });
    expect(r.entities.filter((e) => e.type === 'policy_document').map((e) => e.name)).toEqual(['深化川渝职业教育合作协议', '教育合作备忘录']);
  });

  it('reads traditional titles in the simplified form the entity names use', () => {
    expect(citableNames({ title: '關於印發《職業教育提質培優行動計劃》的通知' })).toContain('职业教育提质培优行动计划');
  });
});

describe('docNumberKey', () => {
  it('takes the bracket styles of one 发文字号 as one number', () => {
    expect(docNumberKey('渝府发〔2023〕22号')).toBe('渝府发〔2023〕22号');
    expect(docNumberKey('渝府发[2023]22号')).toBe('渝府发〔2023〕22号');
    expect(docNumberKey('渝府发（2023） 22号')).toBe('渝府发〔2023〕22号');
    expect(docNumberKey('二〇二三年')).toBeNull();
  });
});

describe('CitationResolver', () => {
  it('finds the notice that publishes a cited plan, and an article by its own title', () => {
    expect(cited('深化现代职业教育体系改革服务成渝地区双城经济圈建设实施方案')).toEqual(['plan']);
    expect(cited(policyName('重庆市实施〈中华人民共和国职业教育法〉办法'))).toEqual(['law']);
  });

  it('finds an article by the 发文字号 given with a citation whose title differs', () => {
    expect(cited('国务院关于印发国家职业教育改革实施方案的通知', ['国发〔2019〕4号'])).toEqual(['untitled']);
  });

  it('finds nothing for a policy that is not in the corpus or the law an article implements', () => {
    expect(cited('国家职业教育改革实施方案')).toEqual([]);
    expect(cited('中华人民共和国职业教育法')).toEqual([]);
  });
});

describe('extraction of citations', () => {
  it('keeps the 发文字号 written after a cited title as an alias of the policy', () => {
    const text = '按照《国务院关于印发国家职业教育改革实施方案的通知》（国发〔2019〕4号）要求，制定本方案。';
    const { entities, relations } = extractKnowledge(text, [{ id: 'd#0', sectionId: 's', start: 0, end: text.length }], {
      segmenter: defaultSegmenter(),
      docId: 'd',
      issuers: [],
      authors: [],
    });
    const policy = entities.find((e) => e.type === 'policy_document')!;
    expect(policy.name).toBe('国务院关于印发国家职业教育改革实施方案的通知');
    expect(policy.aliases).toContain('国发〔2019〕4号');
    expect(relations).toContainEqual(expect.objectContaining({ type: 'CITES', from: 'd', to: policy.id }));
  });
});
