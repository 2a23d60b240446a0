/**
 * The storage boundary for the knowledge graph. Two backends implement it
 * (graph/embedded: in process, rebuilt from the records; graph/neo4j: neo4j-driver) and one
 * contract suite (tests/graph/graph-store.contract.ts) holds them to the same answers.
 *
 * Model (DESIGN.md): Document -HAS_SECTION-> Section -HAS_CLAUSE-> Clause
 * -MENTIONS{start,end}-> Entity; Document -ISSUED_BY-> Entity; Document -CITES-> Entity;
 * Document -PUBLISHES-> Entity (the policies whose text the article is, so that a citation
 * leads to the cited article: citing -CITES-> policy <-PUBLISHES- cited);
 * Clause -SETS-> Target; Entity -COOPERATES_WITH|CO_OCCURS|LOCATED_IN|PART_OF-> Entity.
 *
 * Every node and edge that comes from a document carries that document's id in `docId`
 * (entities, which are shared, carry none); deleting a document removes exactly those
 * facts and then the entities nothing points to any more.
 */

export const NODE_LABELS = ['Document', 'Section', 'Clause', 'Entity', 'Target'] as const;
export type NodeLabel = (typeof NODE_LABELS)[number];

export const EDGE_TYPES = [
  'HAS_SECTION',
  'HAS_CLAUSE',
  'MENTIONS',
  'SETS',
  'ISSUED_BY',
  'CITES',
  'PUBLISHES',
  'COOPERATES_WITH',
  'CO_OCCURS',
  'LOCATED_IN',
  'PART_OF',
] as const;
export type EdgeType = (typeof EDGE_TYPES)[number];

/** Relations between entities (and document → entity) that the graph explorer shows. */
export const ENTITY_EDGE_TYPES = ['ISSUED_BY', 'CITES', 'PUBLISHES', 'COOPERATES_WITH', 'CO_OCCURS', 'LOCATED_IN', 'PART_OF'] as const;
export type EntityEdgeType = (typeof ENTITY_EDGE_TYPES)[number];

export type PropValue = string | number | boolean | null | string[];
export type Props = Record<string, PropValue>;

export interface GraphNode {
  id: string;
  label: NodeLabel;
  /** Entity nodes: `type` (region, institution …) and `name`; others: `docId` and their fields */
  props: Props;
}

export interface GraphEdge {
  type: EdgeType;
  from: string;
  to: string;
  /** `docId` is required for every edge that comes from a document */
  props: Props & { docId: string };
}

/** The nodes and edges one article contributes. */
export interface DocumentGraph {
  docId: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface NeighbourhoodQuery {
  /** entity (or document) id to start from */
  id: string;
  /** 1..3 */
  depth: number;
  /** entity types to keep (region, institution …); all when empty */
  entityTypes?: string[];
  /** edge types to follow; all ENTITY_EDGE_TYPES when empty */
  edgeTypes?: EntityEdgeType[];
  /** most nodes returned, the start node included; strongest edges first */
  limit?: number;
}

export interface SubgraphNode {
  id: string;
  label: NodeLabel;
  type: string | null;
  name: string;
}

/** Edges between the same pair with the same type are merged; weight = number of documents (CO_OCCURS: sum of weights). */
export interface SubgraphEdge {
  type: EntityEdgeType;
  from: string;
  to: string;
  weight: number;
}

export interface Subgraph {
  nodes: SubgraphNode[];
  edges: SubgraphEdge[];
}

export interface EvidenceClause {
  clauseId: string;
  docId: string;
  start: number;
  end: number;
}

export interface EntityDetail {
  node: SubgraphNode;
  /** how many mentions, across all documents */
  mentionCount: number;
  documentIds: string[];
  /** mentions with their clause, at most `limit`, ordered by docId then clause */
  evidence: EvidenceClause[];
}

/** The whole entity graph: every entity, the documents that issue or cite one, the merged entity edges. */
export interface EntityGraphQuery {
  /** entity types to keep (documents are then left out); all when empty */
  entityTypes?: string[];
  /** edge types to keep; all ENTITY_EDGE_TYPES when empty */
  edgeTypes?: EntityEdgeType[];
  /** GraphTooLargeError when the answer would hold more nodes (default 250 000) */
  maxNodes?: number;
}

/** Louvain communities of a neighbourhood (`id` given) or of the whole entity graph (`id` omitted). */
export interface CommunityQuery {
  /** start of a neighbourhood subgraph; omitted: the whole entity graph */
  id?: string;
  /** neighbourhood depth 1..3 (default 2) */
  depth?: number;
  entityTypes?: string[];
  edgeTypes?: EntityEdgeType[];
  /** neighbourhood: most nodes (default 200) */
  limit?: number;
  /** whole graph: GraphTooLargeError beyond this many nodes (default 5000) */
  maxNodes?: number;
}

export interface CommunityNode extends SubgraphNode {
  /** 0 is the largest community; ids follow size (then the smallest member id) */
  community: number;
}

export interface Community {
  id: number;
  size: number;
  /** the member with the largest weighted degree inside the subgraph (then the smaller id) */
  hub: string;
}

/** A subgraph with a community per node; edges as in `Subgraph`. */
export interface Communities {
  nodes: CommunityNode[];
  edges: SubgraphEdge[];
  /** by id, i.e. largest first */
  communities: Community[];
  /** of the partition on the subgraph, weighted by edge weight; 0 without edges */
  modularity: number;
}

export interface CooperationQuery {
  /** only pairs with this region on one side */
  region?: string;
  /** evidence clauses per pair (default 5) */
  evidenceLimit?: number;
}

/** One COOPERATES_WITH fact: the two entities it joins and the clause span that says so. */
export interface CooperationEvidence extends EvidenceClause {
  from: string;
  to: string;
}

/** Cooperation between two regions: directly, or between entities located in them. */
export interface CooperationPair {
  /** region ids, a <= b (a === b: cooperation inside one region) */
  a: string;
  b: string;
  /** COOPERATES_WITH facts placed on this pair (one per document and evidence span) */
  count: number;
  /** documents those facts come from */
  documents: number;
  /** facts between the two regions themselves */
  direct: number;
  /** facts with at least one side an institution, placed by its LOCATED_IN region */
  viaInstitutions: number;
  /** at most `evidenceLimit`, in document order */
  evidence: CooperationEvidence[];
}

export interface CooperationMatrix {
  /** the matrix axis: every region in a pair, most cooperation first (then id) */
  regions: string[];
  /** every region and entity named in `regions`, `pairs` and their evidence, by id */
  nodes: SubgraphNode[];
  /** most facts first, then a, then b */
  pairs: CooperationPair[];
  /** COOPERATES_WITH facts that could not be placed: an end that is no region and has no known LOCATED_IN region */
  unplaced: number;
}

export interface CoOccurrence {
  node: SubgraphNode;
  /** sum of the CO_OCCURS weights across documents */
  weight: number;
  documents: number;
}

export interface CoOccurrenceRanking {
  entity: SubgraphNode;
  /** how many entities co-occur with it */
  total: number;
  /** strongest first (weight, then id), at most `limit` */
  items: CoOccurrence[];
}

export interface GraphCounts {
  nodes: number;
  edges: number;
  documents: number;
  entities: number;
}

export interface GraphStore {
  readonly backend: 'embedded' | 'neo4j';
  /**
   * Replace whatever the document contributed with `graph` (idempotent: same input, same state).
   * The embedded store keeps the props objects it is given: do not change them after a write.
   */
  writeDocument(graph: DocumentGraph): Promise<void>;
  /**
   * writeDocument for many documents, faster: Neo4j writes them in transactions of many
   * documents each (a document is never split; each transaction is atomic). A document given
   * twice: the later graph wins.
   */
  writeDocuments(graphs: readonly DocumentGraph[]): Promise<void>;
  upsertNodes(nodes: GraphNode[]): Promise<void>;
  upsertEdges(edges: GraphEdge[]): Promise<void>;
  /** Remove every fact from the document, then entities left without any edge. */
  deleteDocument(docId: string): Promise<void>;
  documentIds(): Promise<string[]>;
  counts(): Promise<GraphCounts>;
  node(id: string): Promise<SubgraphNode | null>;
  entity(id: string, evidenceLimit?: number): Promise<EntityDetail | null>;
  neighbours(query: NeighbourhoodQuery): Promise<Subgraph>;
  /** Shortest path over entity edges (undirected); null when none. */
  shortestPath(from: string, to: string, maxDepth?: number): Promise<Subgraph | null>;
  /**
   * The whole entity graph (nodes by id, merged edges as in `neighbours`).
   * @throws GraphTooLargeError when it has more than `maxNodes` nodes
   */
  entityGraph(query?: EntityGraphQuery): Promise<Subgraph>;
  /**
   * Louvain communities (fixed seed: the same graph gives the same answer on both backends).
   * Empty answer for an unknown start.
   * @throws GraphTooLargeError for the whole graph beyond `maxNodes`
   */
  communities(query?: CommunityQuery): Promise<Communities>;
  /** Region-pair cooperation matrix from COOPERATES_WITH, institutions placed by LOCATED_IN. */
  cooperation(query?: CooperationQuery): Promise<CooperationMatrix>;
  /** Entities that co-occur with `id`, strongest CO_OCCURS first (default limit 20); null for an unknown entity. */
  cooccurring(id: string, limit?: number): Promise<CoOccurrenceRanking | null>;
  close(): Promise<void>;
}

export class GraphError extends Error {
  constructor(
    readonly code: 'graph_unavailable' | 'unsupported_query' | 'bad_graph_input' | 'graph_too_large',
    message: string,
    readonly status: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GraphError';
  }
}

export class UnsupportedQueryError extends GraphError {
  constructor(message: string) {
    super('unsupported_query', message, 400);
  }
}

/** A whole-graph answer would hold more nodes than the caller allowed: ask for a neighbourhood instead. */
export class GraphTooLargeError extends GraphError {
  constructor(
    readonly nodes: number,
    readonly maxNodes: number,
  ) {
    super('graph_too_large', `The graph has at least ${nodes} nodes, more than the ${maxNodes} allowed for this query; start from an entity (a neighbourhood) instead.`, 400);
    this.name = 'GraphTooLargeError';
  }
}
