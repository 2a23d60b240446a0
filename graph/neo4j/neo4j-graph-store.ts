import neo4j, { type Driver, type ManagedTransaction } from 'neo4j-driver';
import {
  EDGE_TYPES,
  ENTITY_EDGE_TYPES,
  GraphError,
  NODE_LABELS,
  type Communities,
  type CommunityQuery,
  type CoOccurrenceRanking,
  type CooperationMatrix,
  type CooperationQuery,
  type DocumentGraph,
  type EntityDetail,
  type EntityGraphQuery,
  type EntityEdgeType,
  type EvidenceClause,
  type GraphCounts,
  type GraphEdge,
  type GraphNode,
  type GraphStore,
  type NeighbourhoodQuery,
  type NodeLabel,
  type Props,
  type Subgraph,
  type SubgraphNode,
} from '../graph-store.js';
import { graphUnavailable } from '../internal/errors.js';
import {
  MAX_PATH_DEPTH,
  compareEvidence,
  compareStrings,
  edgeDiscriminator,
  edgeKey,
  missingEndpoints,
  storableDocument,
  storableEdge,
  storableNode,
  toSubgraphNode,
  validCommunityQuery,
  validCooccurringLimit,
  validCooperationQuery,
  validEntityGraphQuery,
  validEvidenceLimit,
  validNeighbourhoodQuery,
  validPathDepth,
  type EdgeAggregate,
  type StoredNode,
} from '../internal/model.js';
import { firstPath, pathSubgraph, walkNeighbourhood } from '../internal/neighbourhood.js';
import { readCommunities, readCoOccurring, readCooperation, readEntityGraph, type GraphSource } from '../internal/queries.js';
import * as cypher from './cypher.js';

/** How writes are cut into statements and transactions (bench/graph.ts measures them). */
export interface Neo4jWriteBatching {
  /** rows per `UNWIND $rows` statement */
  statementRows: number;
  /** nodes and edges per writeDocuments transaction; a document is never split */
  transactionRows: number;
}

export const DEFAULT_NEO4J_BATCHING: Neo4jWriteBatching = {
  statementRows: 1000, // rows: large enough to amortise a round trip, small enough for the tx state
  transactionRows: 20_000, // rows
};
/** Rows per statement of reads and of checks (ids per UNWIND). */
const READ_BATCH_SIZE = 1000; // ids
const CONNECT_TIMEOUT_MS = 10_000;
/** How long a transaction function keeps retrying transient errors (ms). */
const MAX_RETRY_TIME_MS = 5_000;
const INDEX_WAIT_SECONDS = 120;
/** Equally short paths fetched to pick the first; beyond that the choice is still a shortest path. */
const SHORTEST_PATHS_CAP = 10_000;

export interface Neo4jGraphStoreOptions {
  /** bolt://host:7687 or neo4j://host:7687 (or +s / +ssc variants) */
  uri: string;
  user: string;
  password: string;
  /** database name; the server's default when omitted */
  database?: string;
  batching?: Partial<Neo4jWriteBatching>;
}

type Tx = Pick<ManagedTransaction, 'run'>;

/** A document graph after storableDocument. */
interface CheckedDocument {
  docId: string;
  nodes: StoredNode[];
  edges: GraphEdge[];
}

/**
 * GraphStore on Neo4j 5 through neo4j-driver. open() checks the connection and creates the
 * constraints and indexes; every write is one retried transaction of batched
 * `UNWIND $rows … MERGE`. Every node gets the label KgNode (unique id) plus its own label.
 */
export class Neo4jGraphStore implements GraphStore {
  readonly backend = 'neo4j' as const;

  private constructor(
    private readonly driver: Driver,
    private readonly uri: string,
    private readonly database: string | undefined,
    private readonly batching: Neo4jWriteBatching,
  ) {}

  /**
   * Connects, verifies the server answers and prepares the schema.
   * @throws GraphError `graph_unavailable` naming the URI when Neo4j cannot be reached or refuses the login.
   */
  static async open(options: Neo4jGraphStoreOptions): Promise<Neo4jGraphStore> {
    const { uri, user, password, database } = options;
    let driver: Driver;
    try {
      driver = neo4j.driver(uri, neo4j.auth.basic(user, password), {
        disableLosslessIntegers: true,
        connectionTimeout: CONNECT_TIMEOUT_MS,
        // Transaction functions retry transient failures; 30 s (the default) is too long
        // for someone waiting on a page, so a lost server shows as 503 within seconds.
        maxTransactionRetryTime: MAX_RETRY_TIME_MS,
        userAgent: 'policy-kg',
      });
    } catch (error) {
      throw graphUnavailable(`NEO4J_URI ${JSON.stringify(uri)} is not a Neo4j URI (${(error as Error).message}); use bolt://host:7687 or neo4j://host:7687.`, error);
    }
    try {
      await driver.verifyConnectivity(database ? { database } : {});
    } catch (error) {
      await driver.close().catch(() => undefined);
      const code = (error as { code?: string }).code ?? '';
      if (code.startsWith('Neo.ClientError.Security')) {
        throw graphUnavailable(`Neo4j at ${uri} refused user ${JSON.stringify(user)} (${(error as Error).message}). Check NEO4J_USER and NEO4J_PASSWORD.`, error);
      }
      throw graphUnavailable(`Cannot reach Neo4j at ${uri} (${(error as Error).message}). Is the server running? Check NEO4J_URI.`, error);
    }
    const batching = { ...DEFAULT_NEO4J_BATCHING, ...options.batching };
    for (const [name, value] of Object.entries(batching)) {
      if (!Number.isInteger(value) || value < 1) {
        await driver.close().catch(() => undefined);
        throw new TypeError(`Neo4j batching.${name} must be a positive integer, got ${JSON.stringify(value)}.`);
      }
    }
    const store = new Neo4jGraphStore(driver, uri, database, batching);
    try {
      await store.ensureSchema();
    } catch (error) {
      await driver.close().catch(() => undefined);
      throw error;
    }
    return store;
  }

  async writeDocument(graph: DocumentGraph): Promise<void> {
    await this.writeDocuments([graph]);
  }

  /**
   * Each transaction deletes what its documents said, writes their nodes (entities once per
   * transaction) and edges batched per label / type, and drops orphaned entities; it is atomic.
   *
   * New documents go in transactions of about `batching.transactionRows` nodes and edges.
   * Documents already stored go one per transaction: after deleting nodes, every index seek
   * of the same transaction merges the set of deleted nodes (Neo4j's transaction state), so
   * deleting many documents and writing them again in one transaction costs O(deleted × written).
   */
  async writeDocuments(graphs: readonly DocumentGraph[]): Promise<void> {
    const byId = new Map<string, CheckedDocument>();
    for (const graph of graphs) {
      const { nodes, edges } = storableDocument(graph);
      byId.delete(graph.docId); // a document given twice: the later graph wins, in the later place
      byId.set(graph.docId, { docId: graph.docId, nodes, edges });
    }
    const stored = new Set<string>();
    for (const ids of chunks([...byId.keys()])) {
      const [row] = await this.read((tx) => records(tx, cypher.DOCUMENTS_WITH_FACTS, { docIds: ids }));
      for (const id of (row?.docIds as string[] | undefined) ?? []) stored.add(id);
    }
    const batches: CheckedDocument[][] = [];
    const fresh: CheckedDocument[] = [];
    for (const doc of byId.values()) {
      if (stored.has(doc.docId)) batches.push([doc]);
      else fresh.push(doc);
    }
    batches.push(...batchesOfRows(fresh, this.batching.transactionRows));
    for (const batch of batches) {
      await this.write(async (tx) => {
        // Checked again inside the transaction: what was fresh a moment ago may not be now.
        const [row] = await records(tx, cypher.DOCUMENTS_WITH_FACTS, { docIds: batch.map((d) => d.docId) });
        const storedNow = (row?.docIds as string[] | undefined) ?? [];
        const touched = storedNow.length > 0 ? await deleteDocumentFacts(tx, storedNow) : [];
        await writeDocumentFacts(tx, batch, this.batching.statementRows);
        await deleteOrphans(tx, touched);
      });
    }
  }

  async upsertNodes(nodes: GraphNode[]): Promise<void> {
    const stored = nodes.map(storableNode);
    if (stored.length > 0) await this.write((tx) => upsertNodeRows(tx, stored, this.batching.statementRows));
  }

  async upsertEdges(edges: GraphEdge[]): Promise<void> {
    const stored = edges.map(storableEdge);
    if (stored.length === 0) return;
    await this.write(async (tx) => {
      await assertEndpoints(tx, stored, new Set());
      await mergeEdges(tx, stored, this.batching.statementRows);
    });
  }

  async deleteDocument(docId: string): Promise<void> {
    await this.write(async (tx) => deleteOrphans(tx, await deleteDocumentFacts(tx, [docId])));
  }

  async documentIds(): Promise<string[]> {
    const rows = await this.read((tx) => records(tx, cypher.DOCUMENT_IDS, {}));
    return rows.map((r) => r.id as string).sort(compareStrings);
  }

  async counts(): Promise<GraphCounts> {
    const [row] = await this.read((tx) => records(tx, cypher.COUNTS, {}));
    return { nodes: row!.nodes as number, edges: row!.edges as number, documents: row!.documents as number, entities: row!.entities as number };
  }

  async node(id: string): Promise<SubgraphNode | null> {
    const [node] = await this.read((tx) => readNodes(tx, [id]));
    return node ? toSubgraphNode(node) : null;
  }

  async entity(id: string, evidenceLimit?: number): Promise<EntityDetail | null> {
    const limit = validEvidenceLimit(evidenceLimit);
    return this.read(async (tx) => {
      const [node] = await readNodes(tx, [id]);
      if (!node || node.label !== 'Entity') return null;
      const [docs] = await records(tx, cypher.ENTITY_DOCUMENTS, { id });
      const mentions = (await records(tx, cypher.ENTITY_MENTIONS, { id })).map(
        (r): EvidenceClause => ({ clauseId: r.clauseId as string, docId: r.docId as string, start: r.start as number, end: r.end as number }),
      );
      return {
        node: toSubgraphNode(node),
        mentionCount: mentions.length,
        documentIds: ((docs?.docIds as string[] | undefined) ?? []).filter((d) => typeof d === 'string').sort(compareStrings),
        evidence: mentions.sort(compareEvidence).slice(0, limit),
      };
    });
  }

  async neighbours(query: NeighbourhoodQuery): Promise<Subgraph> {
    const valid = validNeighbourhoodQuery(query);
    return this.read((tx) => walkNeighbourhood(neighbourhoodSource(tx), valid));
  }

  async shortestPath(from: string, to: string, maxDepth?: number): Promise<Subgraph | null> {
    const depth = validPathDepth(maxDepth);
    return this.read(async (tx) => {
      const ends = await readNodes(tx, from === to ? [from] : [from, to]);
      if (ends.length !== (from === to ? 1 : 2)) return null;
      if (from === to) return { nodes: [toSubgraphNode(ends[0]!)], edges: [] };
      const rows = await records(tx, cypher.allShortestPaths(ENTITY_EDGE_TYPES, depth, MAX_PATH_DEPTH), {
        from,
        to,
        cap: neo4j.int(SHORTEST_PATHS_CAP),
      });
      const path = firstPath(rows.map((r) => r.ids as string[]));
      if (!path) return null;
      const source = neighbourhoodSource(tx);
      return pathSubgraph(path, await source.nodes(path), await source.edgesAmong(path, ENTITY_EDGE_TYPES));
    });
  }

  async entityGraph(query?: EntityGraphQuery): Promise<Subgraph> {
    const valid = validEntityGraphQuery(query);
    return this.read((tx) => readEntityGraph(neighbourhoodSource(tx), valid));
  }

  /** Louvain runs here in the process, on the subgraph fetched from Neo4j. */
  async communities(query?: CommunityQuery): Promise<Communities> {
    const valid = validCommunityQuery(query);
    return this.read((tx) => readCommunities(neighbourhoodSource(tx), valid));
  }

  async cooperation(query?: CooperationQuery): Promise<CooperationMatrix> {
    const valid = validCooperationQuery(query);
    return this.read((tx) => readCooperation(neighbourhoodSource(tx), valid));
  }

  async cooccurring(id: string, limit?: number): Promise<CoOccurrenceRanking | null> {
    const valid = validCooccurringLimit(limit);
    return this.read((tx) => readCoOccurring(neighbourhoodSource(tx), id, valid));
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  private async ensureSchema(): Promise<void> {
    await this.session(async (session) => {
      for (const statement of cypher.schemaStatements) {
        try {
          await session.run(statement);
        } catch (error) {
          // Two stores opening at once may race to create the same index: that one exists, fine.
          if (!String((error as { code?: string }).code).includes('EquivalentSchemaRuleAlreadyExists')) throw error;
        }
      }
      await session.run(cypher.AWAIT_INDEXES, { seconds: neo4j.int(INDEX_WAIT_SECONDS) });
    }, 'WRITE');
  }

  private write<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.session((session) => session.executeWrite(work), 'WRITE');
  }

  private read<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.session((session) => session.executeRead(work), 'READ');
  }

  private async session<T>(work: (session: ReturnType<Driver['session']>) => Promise<T>, mode: 'READ' | 'WRITE'): Promise<T> {
    const session = this.driver.session({
      database: this.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
    });
    try {
      return await work(session);
    } catch (error) {
      if (error instanceof GraphError) throw error;
      const code = (error as { code?: string }).code;
      if (code === neo4j.error.SERVICE_UNAVAILABLE || code === neo4j.error.SESSION_EXPIRED) {
        throw graphUnavailable(`Neo4j at ${this.uri} is unavailable (${(error as Error).message}).`, error);
      }
      throw error;
    } finally {
      await session.close();
    }
  }
}

async function records(tx: Tx, query: string, params: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const result = await tx.run(query, params);
  return result.records.map((r) => r.toObject() as Record<string, unknown>);
}

/** JS numbers travel as floats; integral ones go as Neo4j integers so the store keeps `start: 5`, not `5.0`. */
function cypherProps(props: Props): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) {
    out[key] = typeof value === 'number' && Number.isSafeInteger(value) ? neo4j.int(value) : value;
  }
  return out;
}

function chunks<T>(rows: readonly T[], size = READ_BATCH_SIZE): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Consecutive documents grouped until a group holds about `rows` nodes and edges. */
function batchesOfRows<T extends { nodes: readonly unknown[]; edges: readonly unknown[] }>(docs: readonly T[], rows: number): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const doc of docs) {
    current.push(doc);
    size += doc.nodes.length + doc.edges.length;
    if (size >= rows) {
      out.push(current);
      current = [];
      size = 0;
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

function groupBy<T, K extends string>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** MERGE every node, replacing its props and label. */
async function upsertNodeRows(tx: Tx, nodes: readonly StoredNode[], statementRows: number): Promise<void> {
  for (const [nodeLabel, group] of groupBy(nodes, (n) => n.label)) {
    const query = cypher.upsertNodes(nodeLabel);
    for (const batch of chunks(group, statementRows)) await tx.run(query, { rows: batch.map(nodeRow) });
  }
}

const nodeRow = (n: StoredNode) => ({ id: n.id, props: { ...cypherProps(n.props), id: n.id } });
const nodeProps = (n: StoredNode) => ({ ...cypherProps(n.props), id: n.id });
const edgeProps = (e: GraphEdge) => ({ ...cypherProps(e.props), [cypher.EDGE_KEY_PROP]: edgeDiscriminator(e) });

/**
 * Writes documents whose stored facts were just deleted (or that had none): entities and
 * ids still stored (another document's, or written by upsertNodes) are merged first; the
 * other nodes and every edge are created by WRITE_DOCUMENT_FACTS, whole documents per
 * statement. The statements go out without waiting for each other's answers, so that the
 * client packs the next while Neo4j runs the previous.
 */
async function writeDocumentFacts(tx: Tx, docs: readonly CheckedDocument[], statementRows: number): Promise<void> {
  const nodes = new Map<string, StoredNode>();
  for (const d of docs) for (const n of d.nodes) nodes.set(n.id, n);
  const owned = [...nodes.values()].filter((n) => n.label !== 'Entity');
  // One statement for all ids: a round trip per thousand ids cost more than the seeks.
  const [found] = await records(tx, cypher.EXISTING_NODES, { ids: owned.map((n) => n.id) });
  const existing = new Set((found?.ids as string[] | undefined) ?? []);
  await upsertNodeRows(tx, [...nodes.values()].filter((n) => n.label === 'Entity' || existing.has(n.id)), statementRows);
  const edges = docs.flatMap((d) => d.edges);
  await assertEndpoints(tx, edges, new Set(nodes.keys()));

  // One row per identity, the last one winning, as the embedded store replaces an edge's props.
  const byKey = new Map<string, GraphEdge>();
  for (const e of edges) byKey.set(edgeKey(e), e);
  const edgesOf = groupBy([...byKey.values()], (e) => e.props.docId);
  const created = new Set(owned.filter((n) => !existing.has(n.id)).map((n) => n.id));
  const groups = batchesOfRows(
    docs.map((d) => ({ nodes: d.nodes.filter((n) => created.has(n.id)), edges: edgesOf.get(d.docId) ?? [] })),
    statementRows,
  );
  const groupOf = new Map<string, number>();
  for (const [g, group] of groups.entries()) for (const d of group) for (const n of d.nodes) groupOf.set(n.id, g);
  const labelIndex = new Map<string, number>(cypher.OWNED_LABELS.map((l, k) => [l, k]));
  const typeIndex = new Map<string, number>(EDGE_TYPES.map((t, i) => [t, i]));
  // An edge to a node that a later statement creates waits for the end (MATCH by id then).
  const deferred: GraphEdge[] = [];
  const pending: Promise<unknown>[] = [];
  for (const [g, group] of groups.entries()) {
    const nodeRows: Record<string, unknown>[][] = cypher.OWNED_LABELS.map(() => []);
    const ownedIds: string[][] = cypher.OWNED_LABELS.map(() => []);
    for (const d of group) {
      for (const n of d.nodes) {
        const k = labelIndex.get(n.label)!;
        nodeRows[k]!.push(nodeProps(n));
        ownedIds[k]!.push(n.id);
      }
    }
    const lookup: string[] = [];
    const position = new Map<string, number>();
    const edges: GraphEdge[] = [];
    for (const d of group) {
      for (const e of d.edges) {
        if ((groupOf.get(e.from) ?? -1) > g || (groupOf.get(e.to) ?? -1) > g) {
          deferred.push(e);
          continue;
        }
        edges.push(e);
        for (const end of [e.from, e.to]) {
          if (groupOf.get(end) !== g && !position.has(end)) {
            position.set(end, lookup.length);
            lookup.push(end);
          }
        }
      }
    }
    // Positions: the looked-up nodes first, then the created ones label by label (WRITE_DOCUMENT_FACTS).
    let offset = lookup.length;
    for (const ids of ownedIds) {
      for (const [j, id] of ids.entries()) position.set(id, offset + j);
      offset += ids.length;
    }
    const edgeRows = EDGE_TYPES.map(() => ({ from: [] as number[], to: [] as number[], props: [] as Record<string, unknown>[] }));
    for (const e of edges) {
      const rows = edgeRows[typeIndex.get(e.type)!]!;
      rows.from.push(position.get(e.from)!);
      rows.to.push(position.get(e.to)!);
      rows.props.push(edgeProps(e));
    }
    pending.push(Promise.resolve(tx.run(cypher.WRITE_DOCUMENT_FACTS, { lookup, nodes: nodeRows, edges: edgeRows })));
  }
  for (const [type, group] of groupBy(deferred, (e) => e.type)) {
    const query = cypher.createEdges(type);
    for (const batch of chunks(group, statementRows)) {
      pending.push(Promise.resolve(tx.run(query, { rows: batch.map((e) => ({ from: e.from, to: e.to, props: edgeProps(e) })) })));
    }
  }
  await Promise.all(pending);
}

/** MERGE every edge on its identity (type, ends, docId, discriminator), replacing its props. */
async function mergeEdges(tx: Tx, edges: readonly GraphEdge[], statementRows: number): Promise<void> {
  // One row per identity, the last one winning, as the embedded store replaces an edge's props.
  const byKey = new Map<string, GraphEdge>();
  for (const e of edges) byKey.set(edgeKey(e), e);
  for (const [type, group] of groupBy([...byKey.values()], (e) => e.type)) {
    const query = cypher.upsertEdges(type);
    for (const batch of chunks(group, statementRows)) {
      const rows = batch.map((e) => ({ from: e.from, to: e.to, docId: e.props.docId, key: edgeDiscriminator(e), props: edgeProps(e) }));
      await tx.run(query, { rows });
    }
  }
}

/** Throws (rolling the transaction back) when an edge names a node that is neither stored nor being written. */
async function assertEndpoints(tx: Tx, edges: readonly GraphEdge[], incoming: ReadonlySet<string>): Promise<void> {
  const ids = new Set<string>();
  for (const e of edges) {
    if (!incoming.has(e.from)) ids.add(e.from);
    if (!incoming.has(e.to)) ids.add(e.to);
  }
  const missing: string[] = [];
  for (const batch of chunks([...ids])) {
    const [row] = await records(tx, cypher.MISSING_NODES, { ids: batch });
    missing.push(...((row?.missing as string[] | undefined) ?? []));
  }
  if (missing.length > 0) throw missingEndpoints(missing.sort(compareStrings));
}

/** Deletes the document's nodes and edges; returns the entities they touched. */
async function deleteDocumentFacts(tx: Tx, docIds: readonly string[]): Promise<string[]> {
  const touched = new Set<string>();
  const [near] = await records(tx, cypher.ENTITIES_NEAR_DOCUMENTS, { docIds });
  for (const id of (near?.ids as string[] | undefined) ?? []) touched.add(id);
  const [deleted] = await records(tx, cypher.DELETE_DOCUMENTS_EDGES, { docIds });
  for (const id of (deleted?.ids as string[] | undefined) ?? []) touched.add(id);
  await tx.run(cypher.DELETE_DOCUMENTS_NODES, { docIds });
  return [...touched];
}

async function deleteOrphans(tx: Tx, ids: readonly string[]): Promise<void> {
  for (const batch of chunks(ids)) await tx.run(cypher.DELETE_ORPHAN_ENTITIES, { ids: batch });
}

async function readNodes(tx: Tx, ids: readonly string[]): Promise<StoredNode[]> {
  const out: StoredNode[] = [];
  for (const batch of chunks(ids)) out.push(...storedNodes(await records(tx, cypher.NODES, { ids: batch })));
  return out;
}

function aggregates(rows: Record<string, unknown>[]): EdgeAggregate[] {
  return rows.map((r) => ({
    type: r.type as EntityEdgeType,
    from: r.from as string,
    to: r.to as string,
    docIds: r.docIds as string[],
    docCount: r.docCount as number,
    weightSum: r.weightSum as number,
  }));
}

function storedNodes(rows: Record<string, unknown>[]): StoredNode[] {
  const out: StoredNode[] = [];
  for (const row of rows) {
    const labels = row.labels as string[];
    const nodeLabel = NODE_LABELS.find((l) => labels.includes(l));
    if (!nodeLabel) continue;
    const { id: _id, ...props } = row.props as Props;
    out.push({ id: row.id as string, label: nodeLabel as NodeLabel, props });
  }
  return out;
}

const numberOrNull = (value: unknown) => (typeof value === 'number' ? value : null);

function neighbourhoodSource(tx: Tx): GraphSource {
  return {
    entityCount: async (types) => (await records(tx, cypher.ENTITY_COUNT, { types }))[0]!.count as number,
    entities: async (types) => storedNodes(await records(tx, cypher.ENTITIES, { types })),
    edgesOfTypes: async (types) => aggregates(await records(tx, cypher.edgesOfTypes(types), { withDocIds: false })),
    cooperationFacts: async () =>
      (await records(tx, cypher.COOPERATION_FACTS, {})).map((r) => ({
        from: r.from as string,
        to: r.to as string,
        docId: r.docId as string,
        clauseId: typeof r.clauseId === 'string' ? r.clauseId : null,
        start: numberOrNull(r.start),
        end: numberOrNull(r.end),
      })),
    nodes: (ids) => readNodes(tx, ids),
    incidentEdges: async (ids, types, withDocIds = false) => aggregates(await records(tx, cypher.incidentEdges(types), { ids, withDocIds })),
    edgesAmong: async (ids, types) => aggregates(await records(tx, cypher.edgesAmong(types), { ids, withDocIds: false })),
  };
}
