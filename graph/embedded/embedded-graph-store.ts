import { UndirectedGraph } from 'graphology';
import { bidirectional } from 'graphology-shortest-path';
import {
  ENTITY_EDGE_TYPES,
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
  sameDocumentEdge,
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

/** What one document wrote: its own nodes (props.docId) and every edge carrying its docId. */
interface DocumentFacts {
  nodes: Set<string>;
  edges: Set<GraphEdge>;
}

/**
 * The edges of one document's graph, one per fact (sameDocumentEdge): a later edge replaces an
 * earlier one in its place. Edges are found by their two ends, so that no key string is built
 * per edge (at 100× such keys were a quarter of the graph write's time; docs/BENCHMARKS.md).
 */
function distinctEdges(edges: readonly GraphEdge[]): GraphEdge[] {
  const out: GraphEdge[] = [];
  // to → from → position in out, or positions when several facts join the same two nodes
  const at = new Map<string, Map<string, number | number[]>>();
  for (const edge of edges) {
    let byFrom = at.get(edge.to);
    if (!byFrom) at.set(edge.to, (byFrom = new Map()));
    const seen = byFrom.get(edge.from);
    const same = seen === undefined ? undefined : typeof seen === 'number' ? [seen] : seen;
    const position = same?.find((p) => sameDocumentEdge(out[p]!, edge));
    if (position !== undefined) {
      out[position] = edge;
      continue;
    }
    if (same === undefined) byFrom.set(edge.from, out.length);
    else byFrom.set(edge.from, [...same, out.length]);
    out.push(edge);
  }
  return out;
}

const ENTITY_EDGES: ReadonlySet<string> = new Set(ENTITY_EDGE_TYPES);

/**
 * GraphStore in process. Facts are kept per document (its nodes, and its edges, one per fact:
 * type, ends and offset, so writing the same document twice changes nothing) and indexed only where
 * the queries and deletes need them: a node's edges from other documents (an entity's
 * mentions, an edge into another document's node), and entity edges summed per (type, from,
 * to) for the walks. Most of the graph is document structure (Section, Clause, HAS_CLAUSE,
 * MENTIONS) that is read by document, so a general multigraph (graphology's, measured at
 * ~6 µs per edge written and most of the write's garbage) is kept for the algorithms only:
 * shortest paths and communities run on graphology views built from the summed entity edges.
 * The store is not persisted: it is a view of the records, which KnowledgeBase keeps and
 * writes into a new store at start (at 100× the seed corpus that rebuild takes ~2 s, where
 * loading the whole-graph snapshot took 5.8–6.2 s and writing it 1.7–2.4 s of every persist;
 * docs/BENCHMARKS.md, third pass).
 */
export class EmbeddedGraphStore implements GraphStore {
  readonly backend = 'embedded' as const;
  private readonly nodesById = new Map<string, StoredNode>();
  private readonly facts = new Map<string, DocumentFacts>();
  /**
   * node id → docId → that document's edges touching the node, for every edge end the
   * edge's own document does not own (an entity, or another document's node): what the node
   * loses when a document goes, and what it keeps when its own document goes.
   */
  private readonly foreignEdges = new Map<string, Map<string, GraphEdge[]>>();
  private edgeCount = 0;
  private readonly documents = new Set<string>();
  private readonly entities = new Set<string>();
  private readonly cooperations = new Set<GraphEdge>();
  /**
   * Entity edges summed per (type, from, to), reachable from both ends: the walks read these
   * instead of every stored edge of a node (a hub entity has thousands of MENTIONS, and one
   * CO_OCCURS edge per document with each partner).
   */
  private readonly adjacency = new Map<string, Set<PairAggregate>>();
  private readonly pairs = new Map<string, PairAggregate>();
  private pathView: UndirectedGraph | null = null;
  private closed = false;

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
        const stored = this.nodesById.get(id);
        if (!stored) return false;
        const owner = stored.props.docId;
        return typeof owner !== 'string' || !rewritten.has(owner);
      });
      for (const id of incoming) written.set(id, docId);
    }
    // Entities left without edges go once all graphs are written: a later graph may point to
    // a stored entity that an earlier one no longer does (checked above as stored).
    const touched = new Set<string>();
    for (const { docId, nodes, edges } of checked) {
      for (const id of this.removeDocumentFacts(docId)) touched.add(id);
      for (const node of nodes) this.putNode(node);
      // the document's facts were just removed: its edges need no comparing with stored ones
      for (const edge of distinctEdges(edges)) this.addEdge(edge);
    }
    this.removeOrphans(touched);
  }

  async upsertNodes(nodes: GraphNode[]): Promise<void> {
    this.assertOpen();
    const stored = nodes.map(storableNode);
    for (const node of stored) this.putNode(node);
  }

  async upsertEdges(edges: GraphEdge[]): Promise<void> {
    this.assertOpen();
    const stored = edges.map(storableEdge);
    this.assertEndpoints(stored, (id) => this.nodesById.has(id));
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
    return { nodes: this.nodesById.size, edges: this.edgeCount, documents: this.documents.size, entities: this.entities.size };
  }

  async node(id: string): Promise<SubgraphNode | null> {
    this.assertOpen();
    const node = this.nodesById.get(id);
    return node ? toSubgraphNode(node) : null;
  }

  async entity(id: string, evidenceLimit?: number): Promise<EntityDetail | null> {
    this.assertOpen();
    const limit = validEvidenceLimit(evidenceLimit);
    if (!this.entities.has(id)) return null;
    const byDocument = this.foreignEdges.get(id) ?? new Map<string, GraphEdge[]>();
    const mentions: EvidenceClause[] = [];
    for (const [docId, edges] of byDocument) {
      for (const edge of edges) {
        if (edge.type === 'MENTIONS') mentions.push({ clauseId: edge.from, docId, start: edge.props.start as number, end: edge.props.end as number });
      }
    }
    return {
      node: toSubgraphNode(this.nodesById.get(id)!),
      mentionCount: mentions.length,
      documentIds: [...byDocument.keys()].sort(compareStrings),
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
    const start = this.nodesById.get(from);
    if (!start || !this.nodesById.has(to)) return null;
    if (from === to) return { nodes: [toSubgraphNode(start)], edges: [] };
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

  async close(): Promise<void> {
    this.closed = true;
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

  /** The shortest-path view is rebuilt after any change. */
  private changed(): void {
    this.pathView = null;
  }

  private factsOf(docId: string): DocumentFacts {
    let facts = this.facts.get(docId);
    if (!facts) this.facts.set(docId, (facts = { nodes: new Set(), edges: new Set() }));
    return facts;
  }

  private putNode(node: StoredNode): void {
    const before = this.nodesById.get(node.id);
    if (before) this.unindexNode(before);
    this.nodesById.set(node.id, node);
    const docId = node.props.docId;
    if (typeof docId === 'string') this.factsOf(docId).nodes.add(node.id);
    const formerOwner = before?.props.docId;
    if (before && formerOwner !== docId) {
      // An edge is indexed at an end its own document does not own: the new owner's edges
      // into the node no longer are, the former owner's now are.
      const byDocument = this.foreignEdges.get(node.id);
      if (typeof docId === 'string' && byDocument?.delete(docId) && byDocument.size === 0) this.foreignEdges.delete(node.id);
      if (typeof formerOwner === 'string') {
        for (const edge of this.facts.get(formerOwner)?.edges.values() ?? []) {
          if (edge.from === node.id || edge.to === node.id) this.addForeignEdge(node.id, edge);
        }
      }
    }
    if (node.label === 'Document') this.documents.add(node.id);
    if (node.label === 'Entity') this.entities.add(node.id);
    this.changed();
  }

  private dropFactsIfEmpty(docId: string): void {
    const facts = this.facts.get(docId);
    if (facts && facts.nodes.size === 0 && facts.edges.size === 0) this.facts.delete(docId);
  }

  private unindexNode(node: StoredNode): void {
    const docId = node.props.docId;
    if (typeof docId === 'string') {
      this.facts.get(docId)?.nodes.delete(node.id);
      this.dropFactsIfEmpty(docId);
    }
    if (node.label === 'Document') this.documents.delete(node.id);
    if (node.label === 'Entity') this.entities.delete(node.id);
  }

  /** Whether the edge is indexed at this end: the end is not a node of the edge's own document. */
  private isForeignEnd(id: string, edge: GraphEdge): boolean {
    return this.nodesById.get(id)?.props.docId !== edge.props.docId;
  }

  private addForeignEdge(id: string, edge: GraphEdge): void {
    let byDocument = this.foreignEdges.get(id);
    if (!byDocument) this.foreignEdges.set(id, (byDocument = new Map()));
    const edges = byDocument.get(edge.props.docId);
    if (edges) edges.push(edge);
    else byDocument.set(edge.props.docId, [edge]);
  }

  private removeForeignEdge(id: string, edge: GraphEdge): void {
    const byDocument = this.foreignEdges.get(id);
    const edges = byDocument?.get(edge.props.docId);
    if (!byDocument || !edges) return;
    const at = edges.indexOf(edge);
    if (at >= 0) edges.splice(at, 1);
    if (edges.length === 0) byDocument.delete(edge.props.docId);
    if (byDocument.size === 0) this.foreignEdges.delete(id);
  }

  /** An edge that replaces any stored edge of the same fact (upsertEdges: a scan of the document's edges). */
  private putEdge(edge: GraphEdge): void {
    const facts = this.factsOf(edge.props.docId);
    for (const before of facts.edges) {
      if (!sameDocumentEdge(before, edge)) continue;
      facts.edges.delete(before);
      this.unlinkEdge(before);
      break;
    }
    this.addEdge(edge);
  }

  private addEdge(edge: GraphEdge): void {
    this.factsOf(edge.props.docId).edges.add(edge);
    this.linkEdge(edge);
  }

  /** Indexes a stored edge everywhere but in its document's facts. */
  private linkEdge(edge: GraphEdge): void {
    if (this.isForeignEnd(edge.from, edge)) this.addForeignEdge(edge.from, edge);
    if (edge.to !== edge.from && this.isForeignEnd(edge.to, edge)) this.addForeignEdge(edge.to, edge);
    if (ENTITY_EDGES.has(edge.type)) {
      if (edge.type === 'COOPERATES_WITH') this.cooperations.add(edge);
      this.countPair(edge, 1);
    }
    this.edgeCount++;
    this.changed();
  }

  private unlinkEdge(edge: GraphEdge): void {
    this.removeForeignEdge(edge.from, edge);
    if (edge.to !== edge.from) this.removeForeignEdge(edge.to, edge);
    if (ENTITY_EDGES.has(edge.type)) {
      this.cooperations.delete(edge);
      this.countPair(edge, -1);
    }
    this.edgeCount--;
    this.changed();
  }

  /** Adds (+1) or removes (−1) one stored edge from the sums of its (type, from, to). */
  private countPair({ type, from, to, props }: GraphEdge, sign: 1 | -1): void {
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

  /** Drops the document's nodes and edges (and other documents' edges into its nodes); returns the entities they touched. */
  private removeDocumentFacts(docId: string): Set<string> {
    const touched = new Set<string>();
    const facts = this.facts.get(docId);
    if (!facts) return touched;
    this.facts.delete(docId);
    for (const edge of facts.edges.values()) {
      if (this.entities.has(edge.from)) touched.add(edge.from);
      if (this.entities.has(edge.to)) touched.add(edge.to);
      this.unlinkEdge(edge);
    }
    for (const id of facts.nodes) {
      for (const [otherDoc, edges] of this.foreignEdges.get(id) ?? []) {
        const otherFacts = this.facts.get(otherDoc);
        for (const edge of [...edges]) {
          const other = edge.from === id ? edge.to : edge.from;
          if (this.entities.has(other)) touched.add(other);
          otherFacts?.edges.delete(edge);
          this.unlinkEdge(edge);
        }
        this.dropFactsIfEmpty(otherDoc);
      }
      this.unindexNode(this.nodesById.get(id)!);
      this.nodesById.delete(id);
      this.changed();
    }
    return touched;
  }

  private removeOrphans(candidates: Iterable<string>): void {
    for (const id of candidates) {
      if (this.entities.has(id) && !this.foreignEdges.has(id)) {
        this.unindexNode(this.nodesById.get(id)!);
        this.nodesById.delete(id);
        this.changed();
      }
    }
  }

  private entitiesOf(entityTypes: readonly string[]): string[] {
    const wanted = new Set(entityTypes);
    return [...this.entities].filter((id) => wanted.has(this.nodesById.get(id)!.props.type as string));
  }

  /** Entity edges as a simple undirected graph for shortest paths; rebuilt after a change. */
  private entityView(): UndirectedGraph {
    if (this.pathView) return this.pathView;
    const view = new UndirectedGraph();
    for (const { from, to } of this.pairs.values()) {
      if (from === to) continue;
      view.mergeNode(from);
      view.mergeNode(to);
      view.mergeEdge(from, to);
    }
    this.pathView = view;
    return view;
  }

  private neighbourhoodSource(): GraphSource {
    const nodesById = this.nodesById;
    const aggregate = (pair: PairAggregate): EdgeAggregate => ({
      type: pair.type,
      from: pair.from,
      to: pair.to,
      docIds: { [Symbol.iterator]: () => pair.docCounts.keys() },
      docCount: pair.docCounts.size,
      weightSum: pair.weightSum,
    });
    return {
      nodes: async (ids) => ids.flatMap((id) => nodesById.get(id) ?? []),
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
      entities: async (entityTypes) => (entityTypes.length === 0 ? [...this.entities] : this.entitiesOf(entityTypes)).map((id) => nodesById.get(id)!),
      edgesOfTypes: async (types) => {
        const wanted = new Set<string>(types);
        const out: EdgeAggregate[] = [];
        for (const pair of this.pairs.values()) if (wanted.has(pair.type)) out.push(aggregate(pair));
        return out;
      },
      cooperationFacts: async () =>
        [...this.cooperations].map(({ from, to, props }): CooperationFact => {
          const number = (value: unknown) => (typeof value === 'number' ? value : null);
          return {
            from,
            to,
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
