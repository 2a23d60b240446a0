/**
 * The behaviour every GraphStore backend must show, run by embedded.test.ts and neo4j.test.ts.
 * Named .contract.ts so that vitest does not run it on its own.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documentGraph, GraphError, GraphTooLargeError, UnsupportedQueryError, type GraphStore, type Subgraph } from '../../graph/index.js';
import {
  CD,
  CQ,
  CQ_EDU,
  CQU,
  CY,
  DOC_A,
  DOC_B,
  DOC_C,
  DOC_D,
  CHUANYU_NOTICE,
  INJECTION_DOC,
  INJECTION_ENTITY,
  INJECTION_OTHER,
  MOE,
  OPINION,
  SC,
  SC_EDU,
  SCU,
  SHUANGGAO,
  recordA,
  recordAWithoutProgram,
  recordB,
  recordC,
  recordD,
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
  docB: node(DOC_B, 'Document', 'opinion', recordB.title!),
  moe: node(MOE, 'Entity', 'institution', '教育部'),
  opinion: node(OPINION, 'Entity', 'policy_document', OPINION.slice('policy_document:'.length)),
  cqu: node(CQU, 'Entity', 'institution', '重庆大学'),
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
  citesB: edge('CITES', DOC_B, OPINION, 1),
  issuedB: edge('ISSUED_BY', DOC_B, MOE, 1),
};

/** Every node and merged entity edge of documents A and B. */
const WHOLE_AB = {
  nodes: [N.docA, N.docB, N.scEdu, N.moe, N.cqEdu, N.opinion, N.shuanggao, N.sc, N.cy, N.cq],
  edges: [E.citesB, E.coopEdu, E.coopScCq, E.coShuanggao, E.coScCq, E.issuedA, E.issuedB, E.locScEdu, E.locCqEdu, E.partSc, E.partCq],
};

const evidenceOf = (record: typeof recordA, clause: number, needle: string) => {
  const c = record.clauses[clause]!;
  const at = record.text.slice(c.start, c.end).indexOf(needle);
  return { docId: record.id, clauseId: c.id, start: c.start + at, end: c.start + at + needle.length };
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

      test('writeDocuments gives the state of writing the documents one by one', async () => {
        await store.writeDocuments([documentGraph(recordA), documentGraph(recordB), documentGraph(recordC)]);
        const together = await snapshotAnswers(store);
        for (const id of [DOC_A, DOC_B, DOC_C]) await store.deleteDocument(id);
        for (const record of [recordA, recordB, recordC]) await store.writeDocument(documentGraph(record));
        expect(await snapshotAnswers(store)).toEqual(together);
        await store.writeDocuments([documentGraph(recordA), documentGraph(recordB), documentGraph(recordC)]);
        expect(await snapshotAnswers(store)).toEqual(together);
      });

      test('writeDocuments keeps the later graph of a document given twice', async () => {
        await store.writeDocuments([documentGraph(recordA), documentGraph(recordB), documentGraph(recordAWithoutProgram)]);
        expect(await store.counts()).toEqual({ nodes: 15, edges: 30, documents: 2, entities: 7 });
        expect(await store.entity(SHUANGGAO)).toBeNull();
        await store.writeDocuments([documentGraph(recordAWithoutProgram), documentGraph(recordA)]);
        expect(await store.counts()).toEqual(COUNTS_AB);
      });

      test('writeDocuments with a bad graph writes nothing', async () => {
        await store.writeDocument(documentGraph(recordA));
        const bad = documentGraph(recordC);
        bad.edges.push({ type: 'MENTIONS', from: `${DOC_C}#1`, to: 'region:不存在', props: { docId: DOC_C, start: 0, end: 1 } });
        await expect(store.writeDocuments([documentGraph(recordB), bad])).rejects.toMatchObject({ code: 'bad_graph_input' });
        expect(await store.counts()).toEqual(COUNTS_A);
        expect(await store.documentIds()).toEqual([DOC_A]);
      });

      test('writing a document replaces edges stored under its id by upsertEdges alone', async () => {
        await store.upsertNodes([
          { id: 'region:甲', label: 'Entity', props: { type: 'region', name: '甲' } },
          { id: 'region:乙', label: 'Entity', props: { type: 'region', name: '乙' } },
        ]);
        await store.upsertEdges([{ type: 'PART_OF', from: 'region:甲', to: 'region:乙', props: { docId: DOC_A } }]);
        await store.writeDocuments([documentGraph(recordA)]);
        expect(await store.counts()).toEqual(COUNTS_A);
        expect(await store.node('region:甲')).toBeNull();
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

    describe('entityGraph', () => {
      test('returns every entity, the documents that issue or cite one, and the merged entity edges', async () => {
        await writeBoth();
        expect(await store.entityGraph()).toEqual(WHOLE_AB);
        expect(await store.entityGraph({ maxNodes: 10 })).toEqual(WHOLE_AB);
      });

      test('entityTypes keeps those entities and no documents; edgeTypes keeps those relations', async () => {
        await writeBoth();
        expect(await store.entityGraph({ entityTypes: ['region'] })).toEqual({
          nodes: [N.sc, N.cy, N.cq],
          edges: [E.coopScCq, E.coScCq, E.partSc, E.partCq],
        });
        expect(await store.entityGraph({ edgeTypes: ['ISSUED_BY'] })).toEqual({
          nodes: [N.docA, N.docB, N.scEdu, N.moe, N.cqEdu, N.opinion, N.shuanggao, N.sc, N.cy, N.cq],
          edges: [E.issuedA, E.issuedB],
        });
        expect((await store.entityGraph({ edgeTypes: ['PART_OF'] })).nodes).toEqual([N.scEdu, N.moe, N.cqEdu, N.opinion, N.shuanggao, N.sc, N.cy, N.cq]);
      });

      test('refuses a graph larger than maxNodes with GraphTooLargeError', async () => {
        await writeBoth();
        const entitiesAlone = await store.entityGraph({ maxNodes: 7 }).catch((e: unknown) => e);
        expect(entitiesAlone).toBeInstanceOf(GraphTooLargeError);
        expect(entitiesAlone).toMatchObject({ code: 'graph_too_large', status: 400, nodes: 8, maxNodes: 7 });
        await expect(store.entityGraph({ maxNodes: 9 })).rejects.toMatchObject({ code: 'graph_too_large', nodes: 10, maxNodes: 9 });
        await expect(store.entityGraph({ maxNodes: 0 })).rejects.toBeInstanceOf(UnsupportedQueryError);
        await expect(store.entityGraph({ entityTypes: ['planet'] })).rejects.toBeInstanceOf(UnsupportedQueryError);
      });

      test('is empty for an empty store', async () => {
        expect(await store.entityGraph()).toEqual({ nodes: [], edges: [] });
      });
    });

    describe('communities', () => {
      const withCommunity = (n: ReturnType<typeof node>, community: number) => ({ ...n, community });

      test('partitions the whole entity graph with Louvain, the same way every time', async () => {
        await writeBoth();
        const expected = {
          nodes: [
            withCommunity(N.docA, 1),
            withCommunity(N.docB, 2),
            withCommunity(N.scEdu, 1),
            withCommunity(N.moe, 2),
            withCommunity(N.cqEdu, 1),
            withCommunity(N.opinion, 2),
            withCommunity(N.shuanggao, 0),
            withCommunity(N.sc, 0),
            withCommunity(N.cy, 0),
            withCommunity(N.cq, 0),
          ],
          edges: WHOLE_AB.edges,
          communities: [
            { id: 0, size: 4, hub: CQ },
            { id: 1, size: 3, hub: CQ_EDU },
            { id: 2, size: 3, hub: DOC_B },
          ],
          modularity: 0.351563,
        };
        expect(await store.communities()).toEqual(expected);
        expect(await store.communities({})).toEqual(expected);
      });

      test('partitions the neighbourhood of an entity (depth 2 by default)', async () => {
        await writeBoth();
        const neighbourhood = await store.neighbours({ id: CQ, depth: 2 });
        const answer = await store.communities({ id: CQ });
        expect(answer.nodes.map(({ community: _c, ...n }) => n)).toEqual(neighbourhood.nodes);
        expect(answer.edges).toEqual(neighbourhood.edges);
        expect(answer.nodes.map((n) => [n.id, n.community])).toEqual([
          [DOC_A, 1],
          [SC_EDU, 1],
          [CQ_EDU, 1],
          [SHUANGGAO, 0],
          [SC, 0],
          [CY, 0],
          [CQ, 0],
        ]);
        expect(answer.communities).toEqual([
          { id: 0, size: 4, hub: CQ },
          { id: 1, size: 3, hub: CQ_EDU },
        ]);
        expect(answer.modularity).toBe(0.193878);
        expect((await store.communities({ id: CQ, depth: 1, entityTypes: ['region'] })).nodes.map((n) => n.id)).toEqual([SC, CY, CQ]);
      });

      test('gives a node without edges its own community, and nothing for an unknown start', async () => {
        await writeBoth();
        expect(await store.communities({ id: CQ, depth: 1, limit: 1 })).toEqual({
          nodes: [withCommunity(N.cq, 0)],
          edges: [],
          communities: [{ id: 0, size: 1, hub: CQ }],
          modularity: 0,
        });
        expect(await store.communities({ id: 'region:火星' })).toEqual({ nodes: [], edges: [], communities: [], modularity: 0 });
      });

      test('refuses a whole graph above maxNodes and bad neighbourhood parameters', async () => {
        await writeBoth();
        await expect(store.communities({ maxNodes: 5 })).rejects.toBeInstanceOf(GraphTooLargeError);
        await expect(store.communities({ id: CQ, depth: 4 })).rejects.toBeInstanceOf(UnsupportedQueryError);
      });
    });

    describe('cooperation', () => {
      const writeThree = async () => {
        await writeBoth();
        await store.writeDocument(documentGraph(recordC));
      };

      test('places region and institution cooperation on region pairs, with evidence in document order', async () => {
        await writeBoth();
        expect(await store.cooperation()).toEqual({
          regions: [SC, CQ],
          nodes: [N.scEdu, N.cqEdu, N.sc, N.cq],
          pairs: [
            {
              a: SC,
              b: CQ,
              count: 3,
              documents: 2,
              direct: 2,
              viaInstitutions: 1,
              evidence: [
                { from: CQ, to: SC, ...evidenceOf(recordA, 0, '推动重庆与四川职业教育协同发展') },
                { from: SC, to: CQ, ...evidenceOf(recordB, 0, '四川与重庆共建') },
                { from: CQ_EDU, to: SC_EDU, ...evidenceOf(recordB, 1, '重庆市教育委员会会同四川省教育厅') },
              ],
            },
          ],
          unplaced: 0,
        });
      });

      test('places an institution by its best LOCATED_IN region, counts cooperation inside a region, and leaves entities without a region unplaced', async () => {
        await writeThree();
        const matrix = await store.cooperation({ evidenceLimit: 1 });
        expect(matrix.regions).toEqual([CQ, SC]);
        expect(matrix.pairs).toEqual([
          { a: SC, b: CQ, count: 4, documents: 3, direct: 2, viaInstitutions: 2, evidence: [{ from: CQ, to: SC, ...evidenceOf(recordA, 0, '推动重庆与四川职业教育协同发展') }] },
          { a: CQ, b: CQ, count: 1, documents: 1, direct: 0, viaInstitutions: 1, evidence: [{ from: CQU, to: CQ_EDU, ...evidenceOf(recordC, 1, '重庆大学会同重庆市教育委员会推进双高计划') }] },
        ]);
        expect(matrix.nodes.map((n) => n.id)).toEqual([CQU, CQ_EDU, SC, CQ]);
        expect(matrix.unplaced).toBe(1); // 教育部 与 重庆: 教育部 has no region
        const all = await store.cooperation({ evidenceLimit: 10 });
        expect(all.pairs[0]!.evidence.map((e) => [e.from, e.to, e.docId])).toEqual([
          [CQ, SC, DOC_A],
          [SC, CQ, DOC_B],
          [CQ_EDU, SC_EDU, DOC_B],
          [CQU, SCU, DOC_C],
        ]);
      });

      test('keeps only the pairs of one region when asked', async () => {
        await writeThree();
        const sichuan = await store.cooperation({ region: SC, evidenceLimit: 0 });
        expect(sichuan.pairs).toEqual([{ a: SC, b: CQ, count: 4, documents: 3, direct: 2, viaInstitutions: 2, evidence: [] }]);
        expect(sichuan.regions).toEqual([SC, CQ]);
        expect(sichuan.nodes.map((n) => n.id)).toEqual([SC, CQ]);
        expect((await store.cooperation({ region: CD })).pairs).toEqual([]);
      });

      test('forgets the cooperation of a deleted document', async () => {
        await writeThree();
        await store.deleteDocument(DOC_B);
        await store.deleteDocument(DOC_C);
        const matrix = await store.cooperation();
        expect(matrix.pairs).toEqual([
          { a: SC, b: CQ, count: 1, documents: 1, direct: 1, viaInstitutions: 0, evidence: [{ from: CQ, to: SC, ...evidenceOf(recordA, 0, '推动重庆与四川职业教育协同发展') }] },
        ]);
        expect(matrix.unplaced).toBe(0);
      });

      test('is empty for an empty store and rejects bad limits', async () => {
        expect(await store.cooperation()).toEqual({ regions: [], nodes: [], pairs: [], unplaced: 0 });
        await expect(store.cooperation({ evidenceLimit: -1 })).rejects.toBeInstanceOf(UnsupportedQueryError);
        await expect(store.cooperation({ region: '' })).rejects.toBeInstanceOf(UnsupportedQueryError);
      });
    });

    describe('cooccurring', () => {
      test('ranks the entities that co-occur with an entity by summed weight across documents', async () => {
        await writeBoth();
        await store.writeDocument(documentGraph(recordC));
        expect(await store.cooccurring(CQ)).toEqual({
          entity: N.cq,
          total: 3,
          items: [
            { node: N.sc, weight: 5, documents: 2 },
            { node: N.shuanggao, weight: 2, documents: 2 },
            { node: node(CD, 'Entity', 'region', '成都'), weight: 1, documents: 1 },
          ],
        });
        expect((await store.cooccurring(CQ, 1))!.items.map((i) => i.node.id)).toEqual([SC]);
        expect(await store.cooccurring(SHUANGGAO)).toEqual({ entity: N.shuanggao, total: 1, items: [{ node: N.cq, weight: 2, documents: 2 }] });
      });

      test('is empty for an entity without co-occurrences and null for unknown ids and documents', async () => {
        await writeBoth();
        expect(await store.cooccurring(MOE)).toEqual({ entity: N.moe, total: 0, items: [] });
        expect(await store.cooccurring('region:火星')).toBeNull();
        expect(await store.cooccurring(DOC_A)).toBeNull();
        await expect(store.cooccurring(CQ, 0)).rejects.toBeInstanceOf(UnsupportedQueryError);
      });
    });

    describe('citations', () => {
      test('a citation leads to the article holding the cited text: CITES into the policy, PUBLISHES out of it', async () => {
        await store.writeDocuments([documentGraph(recordC), documentGraph(recordD)]);
        const policy = await store.neighbours({ id: CHUANYU_NOTICE, depth: 1, edgeTypes: ['CITES', 'PUBLISHES'] });
        expect(policy.nodes.map((n) => n.id).sort()).toEqual([DOC_C, DOC_D, CHUANYU_NOTICE].sort());
        expect(policy.edges).toEqual([edge('CITES', DOC_D, CHUANYU_NOTICE, 1), edge('PUBLISHES', DOC_C, CHUANYU_NOTICE, 1)]);
        expect(await store.shortestPath(DOC_D, DOC_C)).toMatchObject({ nodes: [{ id: DOC_D }, { id: CHUANYU_NOTICE }, { id: DOC_C }] });
      });

      test('deleting the cited article keeps the policy while it is still cited, and the citation drops it', async () => {
        await store.writeDocuments([documentGraph(recordC), documentGraph(recordD)]);
        await store.deleteDocument(DOC_C);
        expect((await store.neighbours({ id: CHUANYU_NOTICE, depth: 1 })).edges).toEqual([edge('CITES', DOC_D, CHUANYU_NOTICE, 1)]);
        await store.deleteDocument(DOC_D);
        expect(await store.node(CHUANYU_NOTICE)).toBeNull();
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

      test('removes exactly the first of two documents too', async () => {
        await store.writeDocument(documentGraph(recordB));
        const onlyB = await snapshotAnswers(store);
        await store.writeDocument(documentGraph(recordA));
        await store.deleteDocument(DOC_A);
        expect(await snapshotAnswers(store)).toEqual(onlyB);
      });

      test('the state does not depend on the order documents were written or rewritten in', async () => {
        await writeBoth();
        await store.writeDocument(documentGraph(recordC));
        const inOrder = await snapshotAnswers(store);
        for (const id of [DOC_A, DOC_B, DOC_C]) await store.deleteDocument(id);
        expect(await store.counts()).toEqual({ nodes: 0, edges: 0, documents: 0, entities: 0 });
        for (const record of [recordC, recordB, recordA, recordC, recordB]) await store.writeDocument(documentGraph(record));
        expect(await snapshotAnswers(store)).toEqual(inOrder);
      });

      test("an edge one document sets into another document's node goes with either of them", async () => {
        const clauseOfA = `${DOC_A}#1`;
        const crossing = { type: 'MENTIONS' as const, from: clauseOfA, to: MOE, props: { docId: DOC_B, start: 0, end: 2 } };
        await store.writeDocument(documentGraph(recordB));
        const onlyB = await snapshotAnswers(store);
        const mentionsOfMoe = (await store.entity(MOE))!.mentionCount;
        await store.writeDocument(documentGraph(recordA));
        await store.upsertEdges([crossing]);
        expect((await store.entity(MOE))!.mentionCount).toBe(mentionsOfMoe + 1);
        await store.deleteDocument(DOC_A);
        expect(await snapshotAnswers(store)).toEqual(onlyB);
        expect((await store.entity(MOE))!.mentionCount).toBe(mentionsOfMoe);

        await store.writeDocument(documentGraph(recordA));
        await store.upsertEdges([crossing]);
        await store.deleteDocument(DOC_B);
        expect(await store.node(clauseOfA)).not.toBeNull();
        expect(await store.node(MOE)).toBeNull();
        expect(await store.counts()).toEqual(COUNTS_A);
      });

      test('a node that moves to another document and back goes with the document that owns it last', async () => {
        const clause = (id: string, docId: string) => ({ id, label: 'Clause', props: { docId, start: 0, end: 1 } });
        await store.writeDocument({ docId: 'doc-x', nodes: [clause('doc-x#1', 'doc-x')], edges: [] });
        await store.writeDocument({
          docId: 'doc-y',
          nodes: [clause('doc-y#1', 'doc-y')],
          edges: [{ type: 'HAS_CLAUSE', from: 'doc-y#1', to: 'doc-x#1', props: { docId: 'doc-y' } }],
        });
        await store.upsertNodes([clause('doc-x#1', 'doc-y')]);
        await store.upsertNodes([clause('doc-x#1', 'doc-x')]);
        await store.deleteDocument('doc-x');
        expect(await store.counts()).toEqual({ nodes: 1, edges: 0, documents: 0, entities: 0 });
        expect(await store.node('doc-y#1')).not.toBeNull();
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
  const ids = [DOC_A, DOC_B, DOC_C, CQ, SC, CY, CD, CQ_EDU, SC_EDU, CQU, SCU, MOE, SHUANGGAO, OPINION];
  const out: Record<string, unknown> = {
    counts: await store.counts(),
    documents: await store.documentIds(),
    entityGraph: await store.entityGraph(),
    communities: await store.communities(),
    cooperation: await store.cooperation({ evidenceLimit: 100 }),
  };
  for (const id of ids) {
    out[`node ${id}`] = await store.node(id);
    out[`entity ${id}`] = await store.entity(id, 100);
    out[`neighbours ${id}`] = await store.neighbours({ id, depth: 2 });
    out[`cooccurring ${id}`] = await store.cooccurring(id, 100);
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
