import { describe, expect, it } from 'vitest';
import { documentGraph, GraphError } from '../../graph/index.js';
import { CQ, CQ_EDU, DOC_A, DOC_B, OPINION, SHUANGGAO, recordA, recordB } from './fixtures.js';

describe('documentGraph', () => {
  it('projects the document, its section, clauses, targets, entities and relations', () => {
    const graph = documentGraph(recordA);
    expect(graph.docId).toBe(DOC_A);
    const byLabel = (label: string) => graph.nodes.filter((n) => n.label === label).map((n) => n.id);
    expect(byLabel('Document')).toEqual([DOC_A]);
    expect(byLabel('Section')).toEqual([`${DOC_A}#s1`]);
    expect(byLabel('Clause')).toEqual([`${DOC_A}#1`, `${DOC_A}#2`]);
    expect(byLabel('Target')).toEqual([`${DOC_A}#t1`]);
    expect(byLabel('Entity').sort()).toEqual([CQ_EDU, SHUANGGAO, 'region:四川', CQ].sort());
    const count = (type: string) => graph.edges.filter((e) => e.type === type).length;
    expect([count('HAS_SECTION'), count('HAS_CLAUSE'), count('MENTIONS'), count('SETS')]).toEqual([1, 2, 6, 1]);
    expect(graph.nodes.find((n) => n.id === DOC_A)!.props).toMatchObject({
      docId: DOC_A,
      title: recordA.title,
      kind: 'notice',
      date: '2024-01-24',
      file: 'fixtures/doc-a.txt',
    });
    expect(graph.nodes.find((n) => n.id === DOC_A)!.props).not.toHaveProperty('docNumber'); // null is left out
    expect(graph.nodes.find((n) => n.id === `${DOC_A}#2`)!.props).toEqual({ docId: DOC_A, start: recordA.clauses[1]!.start, end: recordA.clauses[1]!.end, sectionId: `${DOC_A}#s1` });
    expect(graph.nodes.find((n) => n.id === CQ)!.props).toEqual({ type: 'region', name: '重庆' });
  });

  it('gives every non-entity node and every edge the docId, and entities none', () => {
    for (const record of [recordA, recordB]) {
      const graph = documentGraph(record);
      for (const n of graph.nodes) {
        if (n.label === 'Entity') expect(n.props).not.toHaveProperty('docId');
        else expect(n.props.docId).toBe(record.id);
      }
      for (const e of graph.edges) expect(e.props.docId).toBe(record.id);
    }
  });

  it('keeps one MENTIONS edge per mention, with its offsets', () => {
    const mentions = documentGraph(recordA).edges.filter((e) => e.type === 'MENTIONS' && e.to === CQ && e.from === `${DOC_A}#2`);
    expect(mentions).toHaveLength(2);
    for (const m of mentions) expect(recordA.text.slice(m.props.start as number, m.props.end as number)).toBe('重庆');
  });

  it('maps relations with weight and evidence, ISSUED_BY and CITES from the document', () => {
    const a = documentGraph(recordA);
    const issued = a.edges.find((e) => e.type === 'ISSUED_BY')!;
    expect(issued).toMatchObject({ from: DOC_A, to: CQ_EDU, props: { docId: DOC_A, weight: 1, clauseId: `${DOC_A}#1` } });
    expect(recordA.text.slice(issued.props.start as number, issued.props.end as number)).toBe('重庆市教育委员会印发通知');
    expect(a.edges.find((e) => e.type === 'CO_OCCURS' && e.to === 'region:四川')!.props).toEqual({ docId: DOC_A, weight: 2 });
    expect(documentGraph(recordB).edges.find((e) => e.type === 'CITES')).toMatchObject({ from: DOC_B, to: OPINION });
  });

  it('names the policies an article is the text of with PUBLISHES, and a news headline none', () => {
    const notice = { ...structuredClone(recordA), title: '重庆市教育委员会关于印发《职业教育协同发展行动计划》的通知' };
    const published = documentGraph(notice).edges.filter((e) => e.type === 'PUBLISHES');
    expect(published.map((e) => [e.from, e.to])).toEqual([
      [DOC_A, 'policy_document:重庆市教育委员会关于印发职业教育协同发展行动计划的通知'],
      [DOC_A, 'policy_document:职业教育协同发展行动计划'],
    ]);
    expect(documentGraph(notice).nodes.find((n) => n.id === 'policy_document:职业教育协同发展行动计划')!.props).toEqual({ type: 'policy_document', name: '职业教育协同发展行动计划' });
    expect(documentGraph(recordA).edges.some((e) => e.type === 'PUBLISHES')).toBe(false);
  });

  it('is deterministic', () => {
    expect(documentGraph(structuredClone(recordB))).toEqual(documentGraph(recordB));
  });

  it('scopes section, clause and target ids that lack the docId prefix', () => {
    const r = structuredClone(recordA);
    r.sections[0]!.id = 's1';
    for (const c of r.clauses) c.sectionId = 's1';
    const graph = documentGraph(r);
    expect(graph.nodes.filter((n) => n.label === 'Section').map((n) => n.id)).toEqual([`${DOC_A}#s1`]);
    expect(graph.edges.filter((e) => e.type === 'HAS_CLAUSE').map((e) => e.from)).toEqual([`${DOC_A}#s1`, `${DOC_A}#s1`]);
  });

  it('adds an entity that a relation names but the record does not list, and leaves out unreferenced ones', () => {
    const r = structuredClone(recordA);
    r.relations.push({ type: 'PART_OF', from: CQ, to: 'region:西南地区', evidence: null });
    r.entities.push({ id: 'industry:旅游', name: '旅游', type: 'industry', aliases: [], mentions: [] });
    const graph = documentGraph(r);
    expect(graph.nodes.find((n) => n.id === 'region:西南地区')).toEqual({ id: 'region:西南地区', label: 'Entity', props: { type: 'region', name: '西南地区' } });
    expect(graph.nodes.find((n) => n.id === 'industry:旅游')).toBeUndefined();
  });

  it('throws bad_graph_input for mentions of unknown clauses and relations to unknown ids', () => {
    const r = structuredClone(recordA);
    r.entities[0]!.mentions.push({ clauseId: `${DOC_A}#99`, start: 0, end: 1 });
    expect(() => documentGraph(r)).toThrow(GraphError);
    expect(() => documentGraph(r)).toThrow(`names clause "${DOC_A}#99"`);
    const s = structuredClone(recordA);
    s.relations.push({ type: 'CITES', from: DOC_A, to: 'nonsense', evidence: null });
    expect(() => documentGraph(s)).toThrow('points to "nonsense"');
  });
});
