import { describe, expect, it } from 'vitest';
import { formatEntityErrors, scoreExport } from '../../eval/index.js';

const gold = [
  {
    file: 'a.txt',
    articles: [{ title: '关于推进职业教育协同发展的通知' }],
    entities: { region: ['重庆市', '四川'], institution: ['重庆市教育委员会'] },
    aliases: { 市教委: '重庆市教育委员会' },
    cooperations: [{ a: '四川', b: '重庆' }],
  },
];
const record = {
  file: 'corpus/a.txt',
  title: '关于推进职业教育协同发展的通知',
  entities: [
    { name: '重庆', type: 'region' },
    { name: '市教委', type: 'institution' },
    { name: '教育部', type: 'institution' },
  ],
  targets: [],
  relations: [{ type: 'COOPERATES_WITH', from: 'region:四川', to: 'region:重庆' }],
};

describe('scoreExport', () => {
  it('scores names through the gold aliases and region short forms, per type', () => {
    const scores = scoreExport([record], gold);
    const row = (m: string) => scores.rows.find((r) => r.measure === m)!;
    expect(row('entity:region')).toMatchObject({ p: 1, r: 0.5, gold: 2 });
    expect(row('entity:institution')).toMatchObject({ p: 0.5, r: 1, gold: 1 });
    expect(row('cooperations')).toMatchObject({ p: 1, r: 1 });
    expect(row('articles')).toMatchObject({ f1: 1 });
  });

  it('lists what was missed and what was invented, by type', () => {
    const { entityErrors } = scoreExport([record], gold);
    expect(entityErrors).toEqual([
      { file: 'a.txt', type: 'region', name: '四川', kind: 'missed' },
      { file: 'a.txt', type: 'institution', name: '教育部', kind: 'spurious' },
    ]);
    expect(formatEntityErrors(entityErrors)).toBe('institution spurious (1): 教育部\nregion missed (1): 四川');
  });
});
