/**
 * The storage boundary for the knowledge graph. Two backends implement it
 * (graph/embedded: graphology in process; graph/neo4j: neo4j-driver) and one
 * contract suite (tests/graph/graph-store.contract.ts) holds them to the same answers.
 *
 * Model (DESIGN.md): Document -HAS_SECTION-> Section -HAS_CLAUSE-> Clause
 * -MENTIONS{start,end}-> Entity; Document -ISSUED_BY-> Entity; Document -CITES-> Entity;
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
  'COOPERATES_WITH',
  'CO_OCCURS',
  'LOCATED_IN',
  'PART_OF',
] as const;
export type EdgeType = (typeof EDGE_TYPES)[number];

/** Relations between entities (and document → entity) that the graph explorer shows. */
export const ENTITY_EDGE_TYPES = ['ISSUED_BY', 'CITES', 'COOPERATES_WITH', 'CO_OCCURS', 'LOCATED_IN', 'PART_OF'] as const;
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

export interface GraphCounts {
  nodes: number;
  edges: number;
  documents: number;
  entities: number;
}

export interface GraphStore {
  readonly backend: 'embedded' | 'neo4j';
  /** Replace whatever the document contributed with `graph` (idempotent: same input, same state). */
  writeDocument(graph: DocumentGraph): Promise<void>;
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
  /** Persist (embedded: atomic snapshot) — a no-op where the backend persists itself. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

export class GraphError extends Error {
  constructor(
    readonly code: 'graph_unavailable' | 'unsupported_query' | 'bad_graph_input',
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
