import { rename } from 'node:fs/promises';
import path from 'node:path';
import { MultiDirectedGraph, UndirectedGraph } from 'graphology';
import { bidirectional } from 'graphology-shortest-path';
import {
  ENTITY_EDGE_TYPES,
  GraphError,
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
  type Subgraph,
  type SubgraphNode,
} from '../graph-store.js';
import { graphUnavailable } from '../internal/errors.js';
import {
  compareEvidence,
  compareStrings,
  edgeKey,
  edgeWeight,
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
import { pathSubgraph, walkNeighbourhood } from '../internal/neighbourhood.js';
import { readCommunities, readCoOccurring, readCooperation, readEntityGraph, type CooperationFact, type GraphSource } from '../internal/queries.js';
import { SNAPSHOT_FILE, readSnapshot, removeStaleTempFiles, serializeSnapshot, writeSnapshot } from './snapshot.js';

type NodeAttributes = Omit<StoredNode, 'id'>;

/** The stored edges of one (type, from, to): documents (with how many edges each) and summed weight. */
interface PairAggregate {
  type: EntityEdgeType;
  from: string;
  to: string;
  docCounts: Map<string, number>;
  weightSum: number;
}

/** Unambiguous whatever characters the ids hold: the length of `from` says where `to` starts. */
function pairKey(type: string, from: string, to: string): string {
  return `${type}|${from.length}|${from}${to}`;
}
type EdgeAttributes = Omit<GraphEdge, 'from' | 'to'>;

const ENTITY_EDGES: ReadonlySet<string> = new Set(ENTITY_EDGE_TYPES);

export interface EmbeddedGraphStoreOptions {
  /** folder of graph.json; omit for a store that lives in memory only (tests) */
  dataDir?: string;
  /**
   * Called instead of failing when the snapshot is damaged: the file is set aside as
   * graph.json.damaged-<time> and the store opens empty, for the caller to rebuild.
   */
  onDamagedSnapshot?: (message: string) => void;
}

/**
 * GraphStore in process: a graphology MultiDirectedGraph whose edge keys are derived from
 * the edge (type, ends, document, offset), so writing the same document twice changes
 * nothing. flush() persists it to `<dataDir>/graph.json` atomically; open() loads it.
 */
export class EmbeddedGraphStore implements GraphStore {
  readonly backend = 'embedded' as const;
  private readonly graph = new MultiDirectedGraph<NodeAttributes, EdgeAttributes>();
  /** docId → node ids / edge keys, so that deleting a document does not scan the graph */
  private readonly nodesByDoc = new Map<string, Set<string>>();
  private readonly edgesByDoc = new Map<string, Set<string>>();
  private readonly documents = new Set<string>();
  private readonly entities = new Set<string>();
  /** entity edge type → edge keys, so that whole-graph queries do not scan every mention */
  private readonly edgesByType = new Map<string, Set<string>>();
  /**
   * Entity edges summed per (type, from, to), reachable from both ends: the walks read these
   * instead of every stored edge of a node (a hub entity has thousands of MENTIONS, and one
   * CO_OCCURS edge per document with each partner).
   */
  private readonly adjacency = new Map<string, Set<PairAggregate>>();
  private readonly pairs = new Map<string, PairAggregate>();
  private pathView: UndirectedGraph | null = null;
  private dirty = false;
  private closed = false;
  private flushing: Promise<void> = Promise.resolve();

  private constructor(private readonly dataDir: string | null) {}

  /**
   * Opens the store, loading `<dataDir>/graph.json` when it exists.
   * @throws GraphError `graph_unavailable` when the snapshot cannot be read or is damaged.
   */
  static async open(options: EmbeddedGraphStoreOptions = {}): Promise<EmbeddedGraphStore> {
    try {
      return await EmbeddedGraphStore.load(options);
    } catch (error) {
      if (!options.dataDir || !options.onDamagedSnapshot || !(error instanceof GraphError)) throw error;
      const file = path.join(options.dataDir, SNAPSHOT_FILE);
      const aside = `${file}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await rename(file, aside);
      options.onDamagedSnapshot(`${error.message} It was moved to ${aside}; the graph is rebuilt.`);
      return new EmbeddedGraphStore(options.dataDir);
    }
  }

  private static async load(options: EmbeddedGraphStoreOptions): Promise<EmbeddedGraphStore> {
    const store = new EmbeddedGraphStore(options.dataDir ?? null);
    if (options.dataDir) {
      await removeStaleTempFiles(options.dataDir);
      const snapshot = await readSnapshot(options.dataDir);
      if (snapshot) {
        for (const node of snapshot.nodes) store.putNode(node);
        for (const edge of snapshot.edges) {
          if (!store.graph.hasNode(edge.from) || !store.graph.hasNode(edge.to)) {
            throw graphUnavailable(
              `The graph snapshot in ${options.dataDir} is damaged (edge to missing node ${JSON.stringify(store.graph.hasNode(edge.from) ? edge.to : edge.from)}). Move graph.json away and run \`npx policy-kg ingest\` to rebuild it.`,
            );
          }
          store.putEdge(edge);
        }
        store.dirty = false;
      }
    }
    return store;
  }

  async writeDocument(graph: DocumentGraph): Promise<void> {
    await this.writeDocuments([graph]);
  }

  /** All graphs are checked before any is written, so a bad one changes nothing. */
  async writeDocuments(graphs: readonly DocumentGraph[]): Promise<void> {
    this.assertOpen();
    const checked = graphs.map((graph) => ({ docId: graph.docId, ...storableDocument(graph) }));
    // An edge may point to its own graph's nodes, to nodes an earlier graph of this call
    // writes, and to stored nodes that no document of this call rewrites.
    const rewritten = new Set(checked.map((g) => g.docId));
    const written = new Map<string, string>(); // node id → docId of the graph that writes it
    for (const { docId, nodes, edges } of checked) {
      const incoming = new Set(nodes.map((n) => n.id));
      this.assertEndpoints(edges, (id) => {
        if (incoming.has(id)) return true;
        const writer = written.get(id);
        if (writer !== undefined) return writer !== docId;
        if (!this.graph.hasNode(id)) return false;
        const owner = this.graph.getNodeAttribute(id, 'props').docId;
        return typeof owner !== 'string' || !rewritten.has(owner);
      });
      for (const id of incoming) written.set(id, docId);
    }
    for (const { docId, nodes, edges } of checked) {
      const touched = this.removeDocumentFacts(docId);
      for (const node of nodes) this.putNode(node);
      for (const edge of edges) this.putEdge(edge);
      this.removeOrphans(touched);
    }
  }

  async upsertNodes(nodes: GraphNode[]): Promise<void> {
    this.assertOpen();
    const stored = nodes.map(storableNode);
    for (const node of stored) this.putNode(node);
  }

  async upsertEdges(edges: GraphEdge[]): Promise<void> {
    this.assertOpen();
    const stored = edges.map(storableEdge);
    this.assertEndpoints(stored, (id) => this.graph.hasNode(id));
    for (const edge of stored) this.putEdge(edge);
  }

  async deleteDocument(docId: string): Promise<void> {
    this.assertOpen();
    this.removeOrphans(this.removeDocumentFacts(docId));
  }

  async documentIds(): Promise<string[]> {
    this.assertOpen();
    return [...this.documents].sort(compareStrings);
  }

  async counts(): Promise<GraphCounts> {
    this.assertOpen();
    return { nodes: this.graph.order, edges: this.graph.size, documents: this.documents.size, entities: this.entities.size };
  }

  async node(id: string): Promise<SubgraphNode | null> {
    this.assertOpen();
    return this.graph.hasNode(id) ? toSubgraphNode(this.storedNode(id)) : null;
  }

  async entity(id: string, evidenceLimit?: number): Promise<EntityDetail | null> {
    this.assertOpen();
    const limit = validEvidenceLimit(evidenceLimit);
    if (!this.entities.has(id)) return null;
    const docIds = new Set<string>();
    const mentions: EvidenceClause[] = [];
    this.graph.forEachEdge(id, (_key, attributes, source) => {
      docIds.add(attributes.props.docId);
      if (attributes.type === 'MENTIONS') {
        const { docId, start, end } = attributes.props;
        mentions.push({ clauseId: source, docId, start: start as number, end: end as number });
      }
    });
    return {
      node: toSubgraphNode(this.storedNode(id)),
      mentionCount: mentions.length,
      documentIds: [...docIds].sort(compareStrings),
      evidence: mentions.sort(compareEvidence).slice(0, limit),
    };
  }

  async neighbours(query: NeighbourhoodQuery): Promise<Subgraph> {
    this.assertOpen();
    return walkNeighbourhood(this.neighbourhoodSource(), validNeighbourhoodQuery(query));
  }

  async shortestPath(from: string, to: string, maxDepth?: number): Promise<Subgraph | null> {
    this.assertOpen();
    const depth = validPathDepth(maxDepth);
    if (!this.graph.hasNode(from) || !this.graph.hasNode(to)) return null;
    if (from === to) return { nodes: [toSubgraphNode(this.storedNode(from))], edges: [] };
    const view = this.entityView();
    if (!view.hasNode(from) || !view.hasNode(to)) return null;
    const some = bidirectional(view, from, to);
    if (!some || some.length - 1 > depth) return null;
    const path = firstShortestPath(view, from, to, some.length - 1);
    const source = this.neighbourhoodSource();
    return pathSubgraph(path, await source.nodes(path), await source.edgesAmong(path, ENTITY_EDGE_TYPES));
  }

  async entityGraph(query?: EntityGraphQuery): Promise<Subgraph> {
    this.assertOpen();
    return readEntityGraph(this.neighbourhoodSource(), validEntityGraphQuery(query));
  }

  async communities(query?: CommunityQuery): Promise<Communities> {
    this.assertOpen();
    return readCommunities(this.neighbourhoodSource(), validCommunityQuery(query));
  }

  async cooperation(query?: CooperationQuery): Promise<CooperationMatrix> {
    this.assertOpen();
    return readCooperation(this.neighbourhoodSource(), validCooperationQuery(query));
  }

  async cooccurring(id: string, limit?: number): Promise<CoOccurrenceRanking | null> {
    this.assertOpen();
    return readCoOccurring(this.neighbourhoodSource(), id, validCooccurringLimit(limit));
  }

  async flush(): Promise<void> {
    this.assertOpen();
    await this.flushNow();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.flushNow();
    this.closed = true;
  }

  /** Serialises flushes: each one writes the state as it was when it started. */
  private flushNow(): Promise<void> {
    const run = async () => {
      if (!this.dataDir || !this.dirty) return;
      const contents = serializeSnapshot(this.allNodes(), this.allEdges());
      this.dirty = false;
      try {
        await writeSnapshot(this.dataDir, contents);
      } catch (error) {
        this.dirty = true;
        throw error;
      }
    };
    const next = this.flushing.then(run, run);
    this.flushing = next.catch(() => undefined);
    return next;
  }

  private assertOpen(): void {
    if (this.closed) throw graphUnavailable('The embedded graph store is closed; open a new one with openGraphStore().');
  }

  private assertEndpoints(edges: readonly GraphEdge[], exists: (id: string) => boolean): void {
    const missing = new Set<string>();
    for (const edge of edges) {
      if (!exists(edge.from)) missing.add(edge.from);
      if (!exists(edge.to)) missing.add(edge.to);
    }
    if (missing.size > 0) throw missingEndpoints([...missing].sort(compareStrings));
  }

  private storedNode(id: string): StoredNode {
    const { label, props } = this.graph.getNodeAttributes(id);
    return { id, label, props };
  }

  private *allNodes(): Iterable<StoredNode> {
    for (const { node, attributes } of this.graph.nodeEntries()) yield { id: node, ...attributes };
  }

  private *allEdges(): Iterable<GraphEdge> {
    for (const { source, target, attributes } of this.graph.edgeEntries()) {
      yield { type: attributes.type, from: source, to: target, props: attributes.props };
    }
  }

  private changed(): void {
    this.dirty = true;
    this.pathView = null;
  }

  private putNode(node: StoredNode): void {
    const attributes: NodeAttributes = { label: node.label, props: node.props };
    if (this.graph.hasNode(node.id)) {
      this.unindexNode(node.id);
      this.graph.replaceNodeAttributes(node.id, attributes);
    } else {
      this.graph.addNode(node.id, attributes);
    }
    const docId = node.props.docId;
    if (typeof docId === 'string') addTo(this.nodesByDoc, docId, node.id);
    if (node.label === 'Document') this.documents.add(node.id);
    if (node.label === 'Entity') this.entities.add(node.id);
    this.changed();
  }

  private unindexNode(id: string): void {
    const { label, props } = this.graph.getNodeAttributes(id);
    if (typeof props.docId === 'string') removeFrom(this.nodesByDoc, props.docId, id);
    if (label === 'Document') this.documents.delete(id);
    if (label === 'Entity') this.entities.delete(id);
  }

  private putEdge(edge: GraphEdge): void {
    const key = edgeKey(edge);
    const attributes: EdgeAttributes = { type: edge.type, props: edge.props };
    const entityEdge = ENTITY_EDGES.has(edge.type);
    // The key holds type, ends and docId, so an existing edge differs at most in its other props.
    if (this.graph.hasEdge(key)) {
      if (entityEdge) this.countPair(edge.type, edge.from, edge.to, this.graph.getEdgeAttribute(key, 'props'), -1);
      this.graph.replaceEdgeAttributes(key, attributes);
    } else {
      this.graph.addDirectedEdgeWithKey(key, edge.from, edge.to, attributes);
    }
    addTo(this.edgesByDoc, edge.props.docId, key);
    if (entityEdge) {
      addTo(this.edgesByType, edge.type, key);
      this.countPair(edge.type, edge.from, edge.to, edge.props, 1);
    }
    this.changed();
  }

  /** Adds (+1) or removes (−1) one stored edge from the sums of its (type, from, to). */
  private countPair(type: string, from: string, to: string, props: GraphEdge['props'], sign: 1 | -1): void {
    const key = pairKey(type, from, to);
    let pair = this.pairs.get(key);
    if (!pair) {
      if (sign < 0) return;
      pair = { type: type as EntityEdgeType, from, to, docCounts: new Map(), weightSum: 0 };
      this.pairs.set(key, pair);
      addTo(this.adjacency, from, pair);
      addTo(this.adjacency, to, pair);
    }
    const count = (pair.docCounts.get(props.docId) ?? 0) + sign;
    if (count > 0) pair.docCounts.set(props.docId, count);
    else pair.docCounts.delete(props.docId);
    pair.weightSum += sign * edgeWeight(props);
    if (pair.docCounts.size === 0) {
      this.pairs.delete(key);
      removeFrom(this.adjacency, from, pair);
      removeFrom(this.adjacency, to, pair);
    }
  }

  private dropEdge(key: string): void {
    const { type, props } = this.graph.getEdgeAttributes(key);
    removeFrom(this.edgesByDoc, props.docId, key);
    removeFrom(this.edgesByType, type, key);
    if (ENTITY_EDGES.has(type)) this.countPair(type, this.graph.source(key), this.graph.target(key), props, -1);
    this.graph.dropEdge(key);
    this.changed();
  }

  private dropNode(id: string): void {
    for (const key of this.graph.edges(id)) this.dropEdge(key);
    this.unindexNode(id);
    this.graph.dropNode(id);
    this.changed();
  }

  /** Drops the document's nodes and edges; returns the entities they touched. */
  private removeDocumentFacts(docId: string): Set<string> {
    const touched = new Set<string>();
    const noteEntities = (key: string) => {
      for (const end of this.graph.extremities(key)) if (this.entities.has(end)) touched.add(end);
    };
    for (const key of [...(this.edgesByDoc.get(docId) ?? [])]) {
      noteEntities(key);
      this.dropEdge(key);
    }
    for (const id of [...(this.nodesByDoc.get(docId) ?? [])]) {
      for (const key of this.graph.edges(id)) noteEntities(key);
      this.dropNode(id);
    }
    return touched;
  }

  private removeOrphans(candidates: Iterable<string>): void {
    for (const id of candidates) {
      if (this.entities.has(id) && this.graph.degree(id) === 0) this.dropNode(id);
    }
  }

  private entitiesOf(entityTypes: readonly string[]): string[] {
    const wanted = new Set(entityTypes);
    return [...this.entities].filter((id) => wanted.has(this.graph.getNodeAttributes(id).props.type as string));
  }

  /** Entity edges as a simple undirected graph for shortest paths; rebuilt after a change. */
  private entityView(): UndirectedGraph {
    if (this.pathView) return this.pathView;
    const view = new UndirectedGraph();
    this.graph.forEachEdge((_key, attributes, source, target) => {
      if (!ENTITY_EDGES.has(attributes.type) || source === target) return;
      view.mergeNode(source);
      view.mergeNode(target);
      view.mergeEdge(source, target);
    });
    this.pathView = view;
    return view;
  }

  private neighbourhoodSource(): GraphSource {
    const graph = this.graph;
    const aggregate = (pair: PairAggregate): EdgeAggregate => ({
      type: pair.type,
      from: pair.from,
      to: pair.to,
      docIds: { [Symbol.iterator]: () => pair.docCounts.keys() },
      docCount: pair.docCounts.size,
      weightSum: pair.weightSum,
    });
    return {
      nodes: async (ids) => ids.filter((id) => graph.hasNode(id)).map((id) => this.storedNode(id)),
      incidentEdges: async (ids, types) => {
        const wanted = new Set<string>(types);
        const seen = new Set<PairAggregate>();
        const out: EdgeAggregate[] = [];
        for (const id of ids) {
          for (const pair of this.adjacency.get(id) ?? []) {
            if (!wanted.has(pair.type) || seen.has(pair)) continue;
            seen.add(pair);
            out.push(aggregate(pair));
          }
        }
        return out;
      },
      entityCount: async (entityTypes) => (entityTypes.length === 0 ? this.entities.size : this.entitiesOf(entityTypes).length),
      entities: async (entityTypes) => (entityTypes.length === 0 ? [...this.entities] : this.entitiesOf(entityTypes)).map((id) => this.storedNode(id)),
      edgesOfTypes: async (types) => {
        const wanted = new Set<string>(types);
        const out: EdgeAggregate[] = [];
        for (const pair of this.pairs.values()) if (wanted.has(pair.type)) out.push(aggregate(pair));
        return out;
      },
      cooperationFacts: async () =>
        [...(this.edgesByType.get('COOPERATES_WITH') ?? [])].map((key): CooperationFact => {
          const { props } = graph.getEdgeAttributes(key);
          const number = (value: unknown) => (typeof value === 'number' ? value : null);
          return {
            from: graph.source(key),
            to: graph.target(key),
            docId: props.docId,
            clauseId: typeof props.clauseId === 'string' ? props.clauseId : null,
            start: number(props.start),
            end: number(props.end),
          };
        }),
      edgesAmong: async (ids, types) => {
        const wanted = new Set<string>(types);
        const among = new Set(ids);
        const out: EdgeAggregate[] = [];
        for (const id of among) {
          for (const pair of this.adjacency.get(id) ?? []) {
            if (pair.from === id && among.has(pair.to) && wanted.has(pair.type)) out.push(aggregate(pair));
          }
        }
        return out;
      },
    };
  }
}

/**
 * Of all shortest paths, the one whose node ids come first one by one (the Neo4j backend
 * picks the same): walk from `from`, each step to the smallest neighbour that is still on a
 * shortest path, i.e. exactly one step closer to `to`.
 */
function firstShortestPath(view: UndirectedGraph, from: string, to: string, length: number): string[] {
  if (length === 1) return [from, to];
  const toTarget = distancesWithin(view, to, length - 1);
  const path = [from];
  let current = from;
  for (let remaining = length - 1; remaining > 0; remaining--) {
    let next: string | null = null;
    view.forEachNeighbor(current, (neighbour) => {
      if (toTarget.get(neighbour) === remaining && (next === null || compareStrings(neighbour, next) < 0)) next = neighbour;
    });
    current = next!;
    path.push(current);
  }
  path.push(to);
  return path;
}

/** Breadth-first distances from `source`, up to `maxDepth` hops (a whole-graph BFS per path costs ~60 ms at 100×). */
function distancesWithin(view: UndirectedGraph, source: string, maxDepth: number): Map<string, number> {
  const distance = new Map<string, number>([[source, 0]]);
  let level = [source];
  for (let depth = 1; depth <= maxDepth && level.length > 0; depth++) {
    const next: string[] = [];
    for (const node of level) {
      view.forEachNeighbor(node, (neighbour) => {
        if (distance.has(neighbour)) return;
        distance.set(neighbour, depth);
        next.push(neighbour);
      });
    }
    level = next;
  }
  return distance;
}

function addTo<T>(index: Map<string, Set<T>>, key: string, value: T): void {
  let set = index.get(key);
  if (!set) index.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom<T>(index: Map<string, Set<T>>, key: string, value: T): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}
