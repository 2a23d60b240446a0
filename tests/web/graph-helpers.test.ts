import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../web/src/api.ts';
import { detectCommunities } from '../../web/src/communities.ts';
import { pairKey, regionPairs } from '../../web/src/cooperation-view.ts';
import { relationEvidence, sharedIds, topicsOf } from '../../web/src/edge-evidence.ts';
import { escapeXml, toGraphml } from '../../web/src/graphml.ts';

describe('detectCommunities', () => {
  it('separates two cliques joined by one weak edge, largest first', () => {
    const edges = [
      { source: 'a', target: 'b', weight: 5 },
      { source: 'b', target: 'c', weight: 5 },
      { source: 'a', target: 'c', weight: 5 },
      { source: 'x', target: 'y', weight: 5 },
      { source: 'c', target: 'x', weight: 1 },
    ];
    const { of, sizes } = detectCommunities(['a', 'b', 'c', 'x', 'y', 'lonely'], edges);
    expect(of.get('a')).toBe(of.get('b'));
    expect(of.get('a')).toBe(of.get('c'));
    expect(of.get('x')).toBe(of.get('y'));
    expect(of.get('a')).not.toBe(of.get('x'));
    expect(of.get('a')).toBe(0);
    expect(sizes).toEqual([3, 2, 1]);
  });

  it('gives the same answer every time', () => {
    const nodes = Array.from({ length: 30 }, (_, i) => `n${i}`);
    const edges = nodes.map((n, i) => ({ source: n, target: nodes[(i * 7 + 3) % 30]!, weight: 1 + (i % 3) }));
    const first = detectCommunities(nodes, edges);
    expect(detectCommunities(nodes, edges)).toEqual(first);
  });
});

describe('toGraphml', () => {
  it('writes nodes and edges with their attributes, escaped', () => {
    const xml = toGraphml(
      [
        { id: 'region:重庆', label: '重庆', type: 'region', community: 0, x: 1.23, y: -4 },
        { id: 'policy_document:<A&B>', label: '《A&B》', type: 'policy_document' },
      ],
      [{ id: 'e1', source: 'region:重庆', target: 'policy_document:<A&B>', type: 'CO_OCCURS', weight: 3, directed: false }],
    );
    expect(xml).toContain('<graph id="policy-kg" edgedefault="undirected">');
    expect(xml).toContain('<node id="region:重庆"><data key="label">重庆</data><data key="type">region</data><data key="community">0</data><data key="x">1.2</data><data key="y">-4</data></node>');
    expect(xml).toContain('<node id="policy_document:&lt;A&amp;B&gt;">');
    expect(xml).toContain('<edge id="e1" source="region:重庆" target="policy_document:&lt;A&amp;B&gt;"><data key="relation">CO_OCCURS</data><data key="weight">3</data></edge>');
  });

  it('drops characters XML cannot hold', () => {
    expect(escapeXml('a\u0000b\u0007c"')).toBe('abc&quot;');
  });
});

const doc = {
  id: 'd1',
  title: '川渝合作通知',
  text: '四川与重庆合作建设产教联合体。重庆发展汽车产业。四川和重庆共建鲁班工坊。',
  clauses: [
    { id: 'd1#0', sectionId: 's', start: 0, end: 15 },
    { id: 'd1#1', sectionId: 's', start: 15, end: 24 },
    { id: 'd1#2', sectionId: 's', start: 24, end: 37 },
  ],
  entities: [
    { id: 'region:四川', name: '四川', type: 'region', aliases: [], mentions: [{ start: 0, end: 2, clauseId: 'd1#0' }, { start: 24, end: 26, clauseId: 'd1#2' }] },
    { id: 'region:重庆', name: '重庆', type: 'region', aliases: [], mentions: [{ start: 3, end: 5, clauseId: 'd1#0' }, { start: 15, end: 17, clauseId: 'd1#1' }, { start: 27, end: 29, clauseId: 'd1#2' }] },
    { id: 'program:产教联合体', name: '产教联合体', type: 'program', aliases: [], mentions: [{ start: 9, end: 14, clauseId: 'd1#0' }] },
    { id: 'program:鲁班工坊', name: '鲁班工坊', type: 'program', aliases: [], mentions: [{ start: 31, end: 35, clauseId: 'd1#2' }] },
  ],
  relations: [{ type: 'COOPERATES_WITH', from: 'region:四川', to: 'region:重庆', evidence: { clauseId: 'd1#0', start: 0, end: 14 } }],
} as unknown as PolicyDocument;

describe('relationEvidence', () => {
  it('returns the clause of a matching relation, either way round for symmetric ones, with both ends marked', () => {
    const evidence = relationEvidence(doc, 'region:重庆', 'region:四川', 'COOPERATES_WITH');
    expect(evidence).toHaveLength(1);
    expect(evidence[0]).toMatchObject({ docId: 'd1', clauseId: 'd1#0', text: '四川与重庆合作建设产教联合体。', highlights: [[0, 2], [3, 5]] });
    expect(evidence[0]!.alsoMentioned.map((e) => e.id)).toEqual(['program:产教联合体']);
  });

  it('takes every clause naming both ends for a co-occurrence', () => {
    expect(relationEvidence(doc, 'region:四川', 'region:重庆', 'CO_OCCURS').map((e) => e.clauseId)).toEqual(['d1#0', 'd1#2']);
  });

  it('finds nothing for a relation the article does not state', () => {
    expect(relationEvidence(doc, 'region:四川', 'region:重庆', 'LOCATED_IN')).toEqual([]);
  });
});

describe('topicsOf', () => {
  it('ranks the programs named with both ends first', () => {
    const evidence = relationEvidence(doc, 'region:四川', 'region:重庆', 'CO_OCCURS');
    expect(topicsOf(evidence, ['region:四川', 'region:重庆']).map((t) => [t.name, t.count])).toEqual([['产教联合体', 1], ['鲁班工坊', 1]]);
  });
});

describe('sharedIds', () => {
  it('keeps the order of the first list', () => {
    expect(sharedIds([{ id: 'c' }, { id: 'a' }, { id: 'b' }], [{ id: 'b' }, { id: 'c' }])).toEqual(['c', 'b']);
  });
});

describe('regionPairs', () => {
  it('merges both directions and repeated edges, drops non-region ends, strongest first', () => {
    const pairs = regionPairs(
      [
        { type: 'COOPERATES_WITH', from: 'region:重庆', to: 'region:四川', weight: 9 },
        { type: 'COOPERATES_WITH', from: 'region:四川', to: 'region:重庆', weight: 9 },
        { type: 'COOPERATES_WITH', from: 'region:重庆', to: 'region:福建', weight: 1 },
        { type: 'COOPERATES_WITH', from: 'institution:教育部', to: 'region:重庆', weight: 2 },
        { type: 'CO_OCCURS', from: 'region:成都', to: 'region:重庆', weight: 5 },
      ],
      (id) => id.startsWith('region:'),
    );
    expect(pairs).toEqual([
      { a: 'region:四川', b: 'region:重庆', weight: 9 },
      { a: 'region:福建', b: 'region:重庆', weight: 1 },
    ]);
    expect(pairKey('b', 'a')).toBe(pairKey('a', 'b'));
  });
});
