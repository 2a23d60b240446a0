/**
 * The behaviour every GraphStore backend must show, run by embedded.test.ts and neo4j.test.ts.
 * Named .contract.ts so that vitest does not run it on its own.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documentGraph, GraphError, UnsupportedQueryError, type GraphStore, type Subgraph } from '../../graph/index.js';
import {
  CQ,
  CQ_EDU,
  CY,
  DOC_A,
  DOC_B,
  INJECTION_DOC,
  INJECTION_ENTITY,
  INJECTION_OTHER,
  MOE,
  OPINION,
  SC,
  SC_EDU,
  SHUANGGAO,
  recordA,
  recordAWithoutProgram,
  recordB,
  recordInjection,
} from './fixtures.js';

export interface GraphStoreContractOptions {
  name: string;
  /** a fresh, empty store for each test */
  create: () => Promise<GraphStore>;
  /** tests a backend cannot pass yet, each with its reason */
  skip?: { reason: string; tests: string[] }[];
}

const COUNTS_A = { nodes: 9, edges: 15, documents: 1, entities: 4 };
const COUNTS_AB = { nodes: 17, edges: 33, documents: 2, entities: 8 };

const node = (id: string, label: string, type: string | null, name: string) => ({ id, label, type, name });
const edge = (type: string, from: string, to: string, weight: number) => ({ type, from, to, weight });

const N = {
  docA: node(DOC_A, 'Document', 'notice', recordA.title!),
  cq: node(CQ, 'Entity', 'region', '重庆'),
  sc: node(SC, 'Entity', 'region', '四川'),
  cy: node(CY, 'Entity', 'region', '成渝地区双城经济圈'),
  cqEdu: node(CQ_EDU, 'Entity', 'institution', '重庆市教育委员会'),
  scEdu: node(SC_EDU, 'Entity', 'institution', '四川省教育厅'),
  shuanggao: node(SHUANGGAO, 'Entity', 'program', '双高计划'),
};

const E = {
  coopScCq: edge('COOPERATES_WITH', SC, CQ, 2),
  coopEdu: edge('COOPERATES_WITH', SC_EDU, CQ_EDU, 1),
  coShuanggao: edge('CO_OCCURS', SHUANGGAO, CQ, 1),
  coScCq: edge('CO_OCCURS', SC, CQ, 5),
  issuedA: edge('ISSUED_BY', DOC_A, CQ_EDU, 1),
  locScEdu: edge('LOCATED_IN', SC_EDU, SC, 1),
  locCqEdu: edge('LOCATED_IN', CQ_EDU, CQ, 1),
  partSc: edge('PART_OF', SC, CY, 1),
  partCq: edge('PART_OF', CQ, CY, 1),
};

export function runGraphStoreContract(options: GraphStoreContractOptions): void {
  const skipped = new Map<string, string>();
  for (const { reason, tests } of options.skip ?? []) for (const t of tests) skipped.set(t, reason);
  const test = (title: string, fn: () => Promise<void>) => {
    const reason = skipped.get(title);
    if (reason) it.skip(`${title} (skipped: ${reason})`, fn);
    else it(title, fn);
  };

  describe(`GraphStore contract: ${options.name}`, () => {
    let store: GraphStore;
    const writeBoth = async () => {
      await store.writeDocument(documentGraph(recordA));
      await store.writeDocument(documentGraph(recordB));
    };

    beforeEach(async () => {
      store = await options.create();
    });
    afterEach(async () => {
      await store?.close();
    });

    describe('writeDocument and counts', () => {
      test('counts the nodes and edges of two documents that share entities', async () => {
        expect(await store.counts()).toEqual({ nodes: 0, edges: 0, documents: 0, entities: 0 });
        await store.writeDocument(documentGraph(recordA));
        expect(await store.counts()).toEqual(COUNTS_A);
        await store.writeDocument(documentGraph(recordB));
        expect(await store.counts()).toEqual(COUNTS_AB);
        expect(await store.documentIds()).toEqual([DOC_A, DOC_B]);
      });

      test('rewriting the same document changes nothing', async () => {
        await writeBoth();
        const before = await snapshotAnswers(store);
        await store.writeDocument(documentGraph(recordA));
        await store.writeDocument(documentGraph(recordB));
        await store.writeDocument(documentGraph(recordA));
        expect(await store.counts()).toEqual(COUNTS_AB);
        expect(await snapshotAnswers(store)).toEqual(before);
      });

      test('rewriting a changed document replaces its facts and drops entities left orphaned', async () => {
        await writeBoth();
        await store.writeDocument(documentGraph(recordAWithoutProgram));
        expect(await store.entity(SHUANGGAO)).toBeNull();
        expect(await store.node(`${DOC_A}#t1`)).toBeNull();
        // −program node, −target node; −mention, −SETS, −CO_OCCURS
        expect(await store.counts()).toEqual({ nodes: 15, edges: 30, documents: 2, entities: 7 });
        expect((await store.entity(CQ))!.mentionCount).toBe(4);
      });

      test('an edge listed twice in one document is stored once, with the last props', async () => {
        const graph = documentGraph(recordA);
        const mention = graph.edges.find((e) => e.type === 'MENTIONS')!;
        graph.edges.push({ ...mention, props: { ...mention.props, end: (mention.props.end as number) + 1 } });
        await store.writeDocument(graph);
        expect(await store.counts()).toEqual(COUNTS_A);
        const evidence = (await store.entity(mention.to))!.evidence.find((e) => e.start === mention.props.start);
        expect(evidence!.end).toBe((mention.props.end as number) + 1);
      });

      test('a write with an edge to a missing node fails and leaves the old document intact', async () => {
        await writeBoth();
        const graph = documentGraph(recordA);
        graph.edges.push({ type: 'MENTIONS', from: `${DOC_A}#1`, to: 'region:不存在', props: { docId: DOC_A, start: 0, end: 1 } });
        const error = await store.writeDocument(graph).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(GraphError);
        expect((error as GraphError).code).toBe('bad_graph_input');
        expect((error as GraphError).message).toContain('region:不存在');
        expect(await store.counts()).toEqual(COUNTS_AB);
        expect((await store.entity(SHUANGGAO))!.documentIds).toEqual([DOC_A]);
      });

      test('rejects a fact of another document inside a document graph', async () => {
        const graph = documentGraph(recordA);
        graph.edges[0] = { ...graph.edges[0]!, props: { ...graph.edges[0]!.props, docId: DOC_B } };
        await expect(store.writeDocument(graph)).rejects.toMatchObject({ code: 'bad_graph_input' });
        expect(await store.counts()).toEqual({ nodes: 0, edges: 0, documents: 0, entities: 0 });
      });
    });

    describe('node', () => {
      test('returns documents by kind and title, entities by type and name, null for unknown ids', async () => {
        await writeBoth();
        expect(await store.node(DOC_A)).toEqual(N.docA);
        expect(await store.node(CQ)).toEqual(N.cq);
        expect(await store.node(`${DOC_A}#1`)).toEqual(node(`${DOC_A}#1`, 'Clause', null, `${DOC_A}#1`));
        expect(await store.node(`${DOC_A}#s1`)).toEqual(node(`${DOC_A}#s1`, 'Section', null, '一、总体要求'));
        expect(await store.node(`${DOC_A}#t1`)).toEqual(node(`${DOC_A}#t1`, 'Target', null, '到2025年，重庆双高计划建设学校达到10所以上'));
        expect(await store.node('region:火星')).toBeNull();
      });
    });

    describe('entity', () => {
      test('returns mentions across documents with evidence in document order', async () => {
        await writeBoth();
        const detail = await store.entity(CQ);
        expect(detail).not.toBeNull();
        expect(detail!.node).toEqual(N.cq);
        expect(detail!.mentionCount).toBe(4);
        expect(detail!.documentIds).toEqual([DOC_A, DOC_B]);
        const a1 = recordA.clauses[0]!;
        const a2 = recordA.clauses[1]!;
        const b1 = recordB.clauses[0]!;
        const local = (text: string, from = 0) => text.indexOf('重庆', from);
        const clauseA1 = recordA.text.slice(a1.start, a1.end);
        const clauseA2 = recordA.text.slice(a2.start, a2.end);
        const clauseB1 = recordB.text.slice(b1.start, b1.end);
        expect(detail!.evidence).toEqual([
          { clauseId: a1.id, docId: DOC_A, start: a1.start + local(clauseA1, 1), end: a1.start + local(clauseA1, 1) + 2 },
          { clauseId: a2.id, docId: DOC_A, start: a2.start + local(clauseA2), end: a2.start + local(clauseA2) + 2 },
          { clauseId: a2.id, docId: DOC_A, start: a2.start + local(clauseA2, local(clauseA2) + 1), end: a2.start + local(clauseA2, local(clauseA2) + 1) + 2 },
          { clauseId: b1.id, docId: DOC_B, start: b1.start + local(clauseB1), end: b1.start + local(clauseB1) + 2 },
        ]);
        for (const ev of detail!.evidence) {
          const record = ev.docId === DOC_A ? recordA : recordB;
          expect(record.text.slice(ev.start, ev.end)).toBe('重庆');
        }
      });

      test('limits the evidence but not the count', async () => {
        await writeBoth();
        const detail = await store.entity(CQ, 2);
        expect(detail!.mentionCount).toBe(4);
        expect(detail!.evidence.map((e) => e.clauseId)).toEqual([`${DOC_A}#1`, `${DOC_A}#2`]);
      });

      test('counts documents that only issue or cite the entity', async () => {
        await writeBoth();
        expect((await store.entity(MOE))!.documentIds).toEqual([DOC_B]);
        expect((await store.entity(CQ_EDU))!.documentIds).toEqual([DOC_A, DOC_B]);
      });

      test('returns null for unknown ids and for nodes that are not entities', async () => {
        await writeBoth();
        expect(await store.entity('region:火星')).toBeNull();
        expect(await store.entity(DOC_A)).toBeNull();
      });
    });

    describe('neighbours', () => {
      test('depth 1 returns adjacent entities with parallel edges merged', async () => {
        await writeBoth();
        expect(await store.neighbours({ id: CQ, depth: 1 })).toEqual({
          nodes: [N.cqEdu, N.shuanggao, N.sc, N.cy, N.cq],
          edges: [E.coopScCq, E.coShuanggao, E.coScCq, E.locCqEdu, E.partSc, E.partCq],
        });
      });

      test('depth 2 reaches documents and entities two hops away', async () => {
        await writeBoth();
        expect(await store.neighbours({ id: CQ, depth: 2 })).toEqual({
          nodes: [N.docA, N.scEdu, N.cqEdu, N.shuanggao, N.sc, N.cy, N.cq],
          edges: [E.coopEdu, E.coopScCq, E.coShuanggao, E.coScCq, E.issuedA, E.locScEdu, E.locCqEdu, E.partSc, E.partCq],
        });
        expect(await store.neighbours({ id: CQ, depth: 3 })).toEqual(await store.neighbours({ id: CQ, depth: 2 }));
      });

      test('entityTypes keeps only those entities and does not walk through the others', async () => {
        await writeBoth();
        expect(await store.neighbours({ id: CQ, depth: 1, entityTypes: ['region'] })).toEqual({
          nodes: [N.sc, N.cy, N.cq],
          edges: [E.coopScCq, E.coScCq, E.partSc, E.partCq],
        });
        const regionsAndInstitutions = await store.neighbours({ id: CQ, depth: 2, entityTypes: ['region', 'institution'] });
        expect(regionsAndInstitutions.nodes).toEqual([N.scEdu, N.cqEdu, N.sc, N.cy, N.cq]);
      });

      test('edgeTypes follows only those relations', async () => {
        await writeBoth();
        expect(await store.neighbours({ id: CQ, depth: 1, edgeTypes: ['PART_OF'] })).toEqual({ nodes: [N.cy, N.cq], edges: [E.partCq] });
        expect(await store.neighbours({ id: CQ, depth: 2, edgeTypes: ['PART_OF'] })).toEqual({
          nodes: [N.sc, N.cy, N.cq],
          edges: [E.partSc, E.partCq],
        });
      });

      test('limit keeps the strongest edges first, then the smaller id', async () => {
        await writeBoth();
        expect(await store.neighbours({ id: CQ, depth: 1, limit: 1 })).toEqual({ nodes: [N.cq], edges: [] });
        expect(await store.neighbours({ id: CQ, depth: 1, limit: 2 })).toEqual({ nodes: [N.sc, N.cq], edges: [E.coopScCq, E.coScCq] });
        expect(await store.neighbours({ id: CQ, depth: 1, limit: 3 })).toEqual({
          nodes: [N.cqEdu, N.sc, N.cq],
          edges: [E.coopScCq, E.coScCq, E.locCqEdu],
        });
        const six = await store.neighbours({ id: CQ, depth: 2, limit: 6 });
        expect(six.nodes.map((n) => n.id)).toEqual([DOC_A, CQ_EDU, SHUANGGAO, SC, CY, CQ]);
      });

      test('returns an empty subgraph for an unknown start', async () => {
        await writeBoth();
        expect(await store.neighbours({ id: 'region:火星', depth: 2 })).toEqual({ nodes: [], edges: [] });
      });

      test('rejects depths outside 1..3 and unknown types with UnsupportedQueryError', async () => {
        for (const depth of [0, 4, 1.5, Number.NaN, '1..100' as unknown as number]) {
          await expect(store.neighbours({ id: CQ, depth })).rejects.toBeInstanceOf(UnsupportedQueryError);
        }
        await expect(store.neighbours({ id: CQ, depth: 1, edgeTypes: ['PART_OF|MENTIONS' as never] })).rejects.toThrow(
          'Edge type "PART_OF|MENTIONS" cannot be followed',
        );
        await expect(store.neighbours({ id: CQ, depth: 1, edgeTypes: ['MENTIONS' as never] })).rejects.toBeInstanceOf(UnsupportedQueryError);
        await expect(store.neighbours({ id: CQ, depth: 1, entityTypes: ['planet'] })).rejects.toMatchObject({ code: 'unsupported_query', status: 400 });
        await expect(store.neighbours({ id: CQ, depth: 1, limit: 0 })).rejects.toBeInstanceOf(UnsupportedQueryError);
      });
    });

    describe('shortestPath', () => {
      test('returns the nodes in path order and the merged edges along it', async () => {
        await writeBoth();
        expect(await store.shortestPath(CQ, SC_EDU)).toEqual({ nodes: [N.cq, N.cqEdu, N.scEdu], edges: [E.coopEdu, E.locCqEdu] });
      });

      test('picks the same path among equally short ones: the first by node ids', async () => {
        await writeBoth();
        // CQ_EDU → SC_EDU → SC and CQ_EDU → CQ → SC are both two hops.
        expect(await store.shortestPath(CQ_EDU, SC)).toEqual({ nodes: [N.cqEdu, N.scEdu, N.sc], edges: [E.coopEdu, E.locScEdu] });
        expect((await store.shortestPath(SC, CQ_EDU))!.nodes.map((n) => n.id)).toEqual([SC, SC_EDU, CQ_EDU]);
      });

      test('walks through documents over ISSUED_BY and respects maxDepth', async () => {
        await writeBoth();
        const path = await store.shortestPath(DOC_A, CY);
        expect(path!.nodes.map((n) => n.id)).toEqual([DOC_A, CQ_EDU, CQ, CY]);
        expect(path!.edges).toEqual([E.issuedA, E.locCqEdu, E.partCq]);
        expect(await store.shortestPath(DOC_A, CY, 2)).toBeNull();
        expect(await store.shortestPath(DOC_A, CY, 3)).toEqual(path);
      });

      test('returns null without a path or for unknown ids, one node from a node to itself', async () => {
        await writeBoth();
        expect(await store.shortestPath(CQ, MOE)).toBeNull();
        expect(await store.shortestPath(CQ, OPINION)).toBeNull();
        expect(await store.shortestPath(CQ, 'region:火星')).toBeNull();
        expect(await store.shortestPath('region:火星', CQ)).toBeNull();
        expect(await store.shortestPath(CQ, CQ)).toEqual({ nodes: [N.cq], edges: [] });
      });

      test('rejects a maxDepth that is not a small positive integer', async () => {
        await expect(store.shortestPath(CQ, SC, 0)).rejects.toBeInstanceOf(UnsupportedQueryError);
        await expect(store.shortestPath(CQ, SC, 100)).rejects.toBeInstanceOf(UnsupportedQueryError);
      });
    });

    describe('deleteDocument', () => {
      test('removes exactly that document and keeps shared entities with the other evidence', async () => {
        await store.writeDocument(documentGraph(recordA));
        const onlyA = await snapshotAnswers(store);
        await store.writeDocument(documentGraph(recordB));
        await store.deleteDocument(DOC_B);
        expect(await store.counts()).toEqual(COUNTS_A);
        expect(await store.documentIds()).toEqual([DOC_A]);
        expect(await snapshotAnswers(store)).toEqual(onlyA);
        const cq = await store.entity(CQ);
        expect(cq!.documentIds).toEqual([DOC_A]);
        expect(cq!.mentionCount).toBe(3);
        expect(cq!.evidence.every((e) => e.docId === DOC_A)).toBe(true);
        expect(await store.neighbours({ id: CQ, depth: 1, edgeTypes: ['COOPERATES_WITH'] })).toEqual({
          nodes: [N.sc, N.cq],
          edges: [edge('COOPERATES_WITH', SC, CQ, 1)],
        });
      });

      test('removes entities that only the deleted document pointed to', async () => {
        await writeBoth();
        await store.deleteDocument(DOC_B);
        for (const id of [MOE, OPINION, CY, SC_EDU, DOC_B, `${DOC_B}#1`, `${DOC_B}#s1`]) expect(await store.node(id)).toBeNull();
        expect(await store.node(CQ_EDU)).toEqual(N.cqEdu);
      });

      test('deleting every document empties the graph; deleting an unknown one is a no-op', async () => {
        await writeBoth();
        await store.deleteDocument('doc-unknown');
        expect(await store.counts()).toEqual(COUNTS_AB);
        await store.deleteDocument(DOC_A);
        await store.deleteDocument(DOC_B);
        expect(await store.counts()).toEqual({ nodes: 0, edges: 0, documents: 0, entities: 0 });
      });
    });

    describe('upsertNodes and upsertEdges', () => {
      test('upserts replace props and edges need both ends', async () => {
        await store.upsertNodes([
          { id: 'region:甲', label: 'Entity', props: { type: 'region', name: '甲' } },
          { id: 'region:乙', label: 'Entity', props: { type: 'region', name: '乙' } },
        ]);
        await store.upsertEdges([{ type: 'PART_OF', from: 'region:甲', to: 'region:乙', props: { docId: 'manual' } }]);
        await store.upsertEdges([{ type: 'PART_OF', from: 'region:甲', to: 'region:乙', props: { docId: 'manual' } }]);
        await store.upsertNodes([{ id: 'region:甲', label: 'Entity', props: { type: 'region', name: '甲地' } }]);
        expect(await store.counts()).toEqual({ nodes: 2, edges: 1, documents: 0, entities: 2 });
        expect(await store.node('region:甲')).toEqual(node('region:甲', 'Entity', 'region', '甲地'));
        await expect(
          store.upsertEdges([{ type: 'PART_OF', from: 'region:甲', to: 'region:丙', props: { docId: 'manual' } }]),
        ).rejects.toThrow('Edges point to nodes that do not exist: "region:丙"');
        expect(await store.counts()).toEqual({ nodes: 2, edges: 1, documents: 0, entities: 2 });
        await store.deleteDocument('manual');
        expect(await store.counts()).toEqual({ nodes: 0, edges: 0, documents: 0, entities: 0 });
      });

      test('rejects labels, edge types and props outside the model', async () => {
        await expect(store.upsertNodes([{ id: 'x', label: 'Entity:Evil' as never, props: {} }])).rejects.toMatchObject({ code: 'bad_graph_input' });
        await expect(
          store.upsertEdges([{ type: 'MENTIONS]->() DETACH DELETE n //' as never, from: 'a', to: 'b', props: { docId: 'd' } }]),
        ).rejects.toMatchObject({ code: 'bad_graph_input' });
        await expect(store.upsertNodes([{ id: 'c', label: 'Clause', props: { start: 1 } }])).rejects.toThrow('needs a docId');
        await expect(store.upsertNodes([{ id: 'e', label: 'Entity', props: { nested: { a: 1 } as never } }])).rejects.toThrow(
          'Property "nested" of node "e"',
        );
        expect(await store.counts()).toEqual({ nodes: 0, edges: 0, documents: 0, entities: 0 });
      });
    });

    describe('injection', () => {
      test('stores ids and names with quotes, braces and Cypher verbatim', async () => {
        await writeBoth();
        await store.writeDocument(documentGraph(recordInjection));
        expect(await store.counts()).toEqual({
          nodes: COUNTS_AB.nodes + 5,
          edges: COUNTS_AB.edges + 5,
          documents: 3,
          entities: COUNTS_AB.entities + 2,
        });
        expect(await store.documentIds()).toEqual([DOC_A, DOC_B, INJECTION_DOC].sort());
        expect(await store.node(INJECTION_DOC)).toEqual(node(INJECTION_DOC, 'Document', 'other', recordInjection.title!));
        expect(await store.node(INJECTION_OTHER)).toEqual(node(INJECTION_OTHER, 'Entity', 'institution', INJECTION_OTHER.slice('institution:'.length)));
        expect((await store.entity(INJECTION_ENTITY))!.evidence).toEqual([
          { clauseId: `${INJECTION_DOC}#1`, docId: INJECTION_DOC, start: recordInjection.clauses[0]!.start + 1, end: recordInjection.clauses[0]!.start + 3 },
        ]);
        expect(await store.shortestPath(INJECTION_ENTITY, INJECTION_OTHER)).toEqual({
          nodes: [
            node(INJECTION_ENTITY, 'Entity', 'region', INJECTION_ENTITY.slice('region:'.length)),
            node(INJECTION_OTHER, 'Entity', 'institution', INJECTION_OTHER.slice('institution:'.length)),
          ],
          edges: [edge('COOPERATES_WITH', INJECTION_OTHER, INJECTION_ENTITY, 1)],
        });
        await store.deleteDocument(INJECTION_DOC);
        expect(await store.counts()).toEqual(COUNTS_AB);
      });
    });
  });
}

/** Every read answer the fixture allows, to compare two states of a store. */
async function snapshotAnswers(store: GraphStore): Promise<Record<string, unknown>> {
  const ids = [DOC_A, DOC_B, CQ, SC, CY, CQ_EDU, SC_EDU, MOE, SHUANGGAO, OPINION];
  const out: Record<string, unknown> = { counts: await store.counts(), documents: await store.documentIds() };
  for (const id of ids) {
    out[`node ${id}`] = await store.node(id);
    out[`entity ${id}`] = await store.entity(id, 100);
    out[`neighbours ${id}`] = await store.neighbours({ id, depth: 2 });
  }
  const paths: (Subgraph | null)[] = [];
  for (const [from, to] of [
    [CQ, SC_EDU],
    [DOC_A, CY],
    [CQ_EDU, SC],
  ] as const) {
    paths.push(await store.shortestPath(from, to));
  }
  out.paths = paths;
  return out;
}
