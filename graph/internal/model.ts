/**
 * Rules both backends share, so that they give the same answers: identity of edges,
 * validation of writes and queries, and the shapes returned to callers.
 */
import { ENTITY_TYPES } from '../../ingest/record.js';
import {
  EDGE_TYPES,
  ENTITY_EDGE_TYPES,
  NODE_LABELS,
  type CommunityQuery,
  type CooperationQuery,
  type DocumentGraph,
  type EdgeType,
  type EntityGraphQuery,
  type EntityEdgeType,
  type EvidenceClause,
  type GraphEdge,
  type GraphNode,
  type NeighbourhoodQuery,
  type NodeLabel,
  type Props,
  type PropValue,
  type SubgraphEdge,
  type SubgraphNode,
} from '../graph-store.js';
import { badGraphInput, listSome, unsupportedQuery } from './errors.js';

export const MAX_NEIGHBOUR_DEPTH = 3; // hops
export const DEFAULT_NEIGHBOUR_LIMIT = 200; // nodes, the start node included
export const MAX_NEIGHBOUR_LIMIT = 5000; // nodes
export const DEFAULT_PATH_MAX_DEPTH = 4; // hops
export const MAX_PATH_DEPTH = 6; // hops
export const DEFAULT_EVIDENCE_LIMIT = 20; // mentions
export const DEFAULT_ENTITY_GRAPH_MAX_NODES = 250_000; // nodes
export const DEFAULT_COMMUNITY_MAX_NODES = 5000; // nodes, whole graph
export const DEFAULT_COMMUNITY_DEPTH = 2; // hops
export const DEFAULT_COOPERATION_EVIDENCE = 5; // clauses per region pair
export const MAX_COOPERATION_EVIDENCE = 1000; // clauses per region pair
export const DEFAULT_COOCCURRING_LIMIT = 20; // entities
export const MAX_COOCCURRING_LIMIT = 1000; // entities

/** Relationship property in which Neo4j keeps the edge identity. */
export const RESERVED_EDGE_PROP = 'edgeKey';

/** Relations without a direction: their parallel edges merge per unordered pair. */
export const SYMMETRIC_EDGE_TYPES: ReadonlySet<EdgeType> = new Set(['COOPERATES_WITH', 'CO_OCCURS']);

/** A node as both backends hold it: props without nulls (Neo4j cannot store null). */
export interface StoredNode {
  id: string;
  label: NodeLabel;
  props: Props;
}

/** One stored edge, or several parallel ones already summed (Neo4j aggregates in Cypher). */
export interface EdgeAggregate {
  type: EntityEdgeType;
  from: string;
  to: string;
  /**
   * the distinct documents stating it; a source may leave this empty where nothing merges it
   * (see NeighbourhoodSource.incidentEdges): mergeEdges unions docIds only for edges it merges
   * other than CO_OCCURS, i.e. COOPERATES_WITH stored in both directions
   */
  docIds: Iterable<string>;
  /** how many docIds there are */
  docCount: number;
  /** sum of the `weight` props, 1 where an edge has none */
  weightSum: number;
}

/** Code-unit order, the same in every locale (localeCompare is not). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareNodes(a: { id: string }, b: { id: string }): number {
  return compareStrings(a.id, b.id);
}

/** Evidence in document order: docId, then offsets, then clause id. */
export function compareEvidence(a: EvidenceClause, b: EvidenceClause): number {
  return compareStrings(a.docId, b.docId) || a.start - b.start || a.end - b.end || compareStrings(a.clauseId, b.clauseId);
}

export function compareEdges(a: { type: string; from: string; to: string }, b: { type: string; from: string; to: string }): number {
  return compareStrings(a.type, b.type) || compareStrings(a.from, b.from) || compareStrings(a.to, b.to);
}

/**
 * The identity of a stored edge: type, ends, document and a discriminator (the `start`
 * offset of a mention or of a relation's evidence), so that several mentions in one clause
 * stay distinct while writing the same document twice maps onto the same edges.
 * JSON rather than `a|b|c` because ids may contain any character.
 */
export function edgeKey(edge: GraphEdge): string {
  return JSON.stringify([edge.type, edge.from, edge.to, edge.props.docId, edgeDiscriminator(edge)]);
}

/** Whether two edges of one document are one fact (the identity edgeKey names, compared without building it). */
export function sameDocumentEdge(a: GraphEdge, b: GraphEdge): boolean {
  return a.type === b.type && a.from === b.from && a.to === b.to && startOf(a) === startOf(b);
}

function startOf(edge: GraphEdge): number | undefined {
  return typeof edge.props.start === 'number' ? edge.props.start : undefined;
}

/** What tells apart edges of one type between the same two nodes from one document: the `start` offset, or ''. */
export function edgeDiscriminator(edge: GraphEdge): string {
  const start = edge.props.start;
  return typeof start === 'number' ? String(start) : '';
}

function isPropValue(value: unknown): value is PropValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/**
 * Drops null / undefined values; throws on values neither backend can store. `owner` names
 * the node or edge for the message, built only then (this runs for every fact written).
 * Props that need no change are kept as given rather than copied: a caller must not change
 * props it has written.
 */
export function storableProps(props: Props, owner: () => string): Props {
  if (props === null || typeof props !== 'object' || Array.isArray(props)) {
    throw badGraphInput(`Props of ${owner()} must be an object, got ${JSON.stringify(props)}.`);
  }
  let asGiven = true;
  for (const key of Object.keys(props)) {
    const value = props[key];
    if (value === null || value === undefined || Array.isArray(value)) asGiven = false;
    if (!isPropValue(value ?? null)) {
      throw badGraphInput(`Property "${key}" of ${owner()} must be a string, finite number, boolean or string[], got ${JSON.stringify(value)}.`);
    }
  }
  if (asGiven) return props;
  const out: Props = {};
  for (const key of Object.keys(props)) {
    const value = props[key];
    if (value === null || value === undefined) continue;
    out[key] = Array.isArray(value) ? [...value] : value;
  }
  return out;
}

/** `what` names the value for the message, built only then (this runs for every fact written). */
function assertId(value: unknown, what: () => string): asserts value is string {
  if (typeof value !== 'string' || value.length === 0) {
    throw badGraphInput(`${what()} must be a non-empty string, got ${JSON.stringify(value)}.`);
  }
}

/** Validates one node and returns it as stored. */
export function storableNode(node: GraphNode): StoredNode {
  assertId(node?.id, () => 'Node id');
  if (!(NODE_LABELS as readonly string[]).includes(node.label)) {
    throw badGraphInput(`Node ${JSON.stringify(node.id)} has label ${JSON.stringify(node.label)}; expected one of ${NODE_LABELS.join(', ')}.`);
  }
  const props = storableProps(node.props ?? {}, () => `node ${JSON.stringify(node.id)}`);
  if ('id' in props) throw badGraphInput(`Node ${JSON.stringify(node.id)} has a prop named "id"; the node's id is its own field.`);
  if (node.label === 'Entity') {
    if (props.docId !== undefined) {
      throw badGraphInput(`Entity ${JSON.stringify(node.id)} must not carry docId: entities are shared between documents.`);
    }
  } else if (typeof props.docId !== 'string' || props.docId.length === 0) {
    throw badGraphInput(`${node.label} node ${JSON.stringify(node.id)} needs a docId prop so that deleting its document removes it.`);
  }
  return { id: node.id, label: node.label, props };
}

/** Validates one edge and returns it with stored props. */
export function storableEdge(edge: GraphEdge): GraphEdge {
  if (!(EDGE_TYPES as readonly string[]).includes(edge?.type)) {
    throw badGraphInput(`Edge type ${JSON.stringify(edge?.type)} is unknown; expected one of ${EDGE_TYPES.join(', ')}.`);
  }
  assertId(edge.from, () => `${edge.type} edge "from"`);
  assertId(edge.to, () => `${edge.type} edge "to"`);
  const props = storableProps(edge.props ?? ({} as GraphEdge['props']), () => `${edge.type} edge ${edge.from} → ${edge.to}`);
  assertId(props.docId, () => `docId of ${edge.type} edge ${JSON.stringify(edge.from)} → ${JSON.stringify(edge.to)}`);
  if (RESERVED_EDGE_PROP in props) throw badGraphInput(`Edge prop "${RESERVED_EDGE_PROP}" is reserved for the store.`);
  return { type: edge.type, from: edge.from, to: edge.to, props: props as GraphEdge['props'] };
}

/** Validates a whole document's graph: every fact must belong to `graph.docId`. */
export function storableDocument(graph: DocumentGraph): { nodes: StoredNode[]; edges: GraphEdge[] } {
  assertId(graph?.docId, () => 'DocumentGraph docId');
  const nodes = (graph.nodes ?? []).map(storableNode);
  const edges = (graph.edges ?? []).map(storableEdge);
  for (const node of nodes) {
    if (node.label !== 'Entity' && node.props.docId !== graph.docId) {
      throw badGraphInput(
        `Node ${JSON.stringify(node.id)} has docId ${JSON.stringify(node.props.docId)} inside the graph of document ${JSON.stringify(graph.docId)}.`,
      );
    }
  }
  for (const edge of edges) {
    if (edge.props.docId !== graph.docId) {
      throw badGraphInput(
        `${edge.type} edge ${JSON.stringify(edge.from)} → ${JSON.stringify(edge.to)} has docId ${JSON.stringify(edge.props.docId)} inside the graph of document ${JSON.stringify(graph.docId)}.`,
      );
    }
  }
  return { nodes, edges };
}

export function missingEndpoints(ids: readonly string[]) {
  return badGraphInput(`Edges point to nodes that do not exist: ${listSome(ids)}. Write the nodes first (or in the same writeDocument call).`);
}

export interface ValidNeighbourhoodQuery {
  id: string;
  depth: number;
  entityTypes: string[];
  edgeTypes: EntityEdgeType[];
  limit: number;
}

/** Checks a neighbourhood query once, at the store's edge; both backends get the same values. */
export function validNeighbourhoodQuery(query: NeighbourhoodQuery): ValidNeighbourhoodQuery {
  if (typeof query?.id !== 'string' || query.id.length === 0) {
    throw unsupportedQuery(`neighbours() needs the id of an entity or document, got ${JSON.stringify(query?.id)}.`);
  }
  const depth = query.depth;
  if (!Number.isInteger(depth) || depth < 1 || depth > MAX_NEIGHBOUR_DEPTH) {
    throw unsupportedQuery(`depth must be an integer from 1 to ${MAX_NEIGHBOUR_DEPTH}, got ${JSON.stringify(depth)}.`);
  }
  const limit = query.limit ?? DEFAULT_NEIGHBOUR_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_NEIGHBOUR_LIMIT) {
    throw unsupportedQuery(`limit must be an integer from 1 to ${MAX_NEIGHBOUR_LIMIT}, got ${JSON.stringify(limit)}.`);
  }
  return { id: query.id, depth, limit, entityTypes: validEntityTypes(query.entityTypes), edgeTypes: validEdgeTypes(query.edgeTypes) };
}

/** Distinct known entity types; [] = all. */
function validEntityTypes(types: readonly string[] | undefined): string[] {
  if (types !== undefined && !Array.isArray(types)) throw unsupportedQuery(`entityTypes must be a list, got ${JSON.stringify(types)}.`);
  const entityTypes = [...new Set(types ?? [])];
  for (const type of entityTypes) {
    if (!(ENTITY_TYPES as readonly string[]).includes(type)) {
      throw unsupportedQuery(`Entity type ${JSON.stringify(type)} is unknown; expected one of ${ENTITY_TYPES.join(', ')}.`);
    }
  }
  return entityTypes;
}

/** Distinct entity edge types in code-unit order; all of them when none are given. */
function validEdgeTypes(types: readonly string[] | undefined): EntityEdgeType[] {
  if (types !== undefined && !Array.isArray(types)) throw unsupportedQuery(`edgeTypes must be a list, got ${JSON.stringify(types)}.`);
  const edgeTypes = [...new Set(types ?? [])];
  for (const type of edgeTypes) {
    if (!(ENTITY_EDGE_TYPES as readonly string[]).includes(type)) {
      throw unsupportedQuery(`Edge type ${JSON.stringify(type)} cannot be followed; expected one of ${ENTITY_EDGE_TYPES.join(', ')}.`);
    }
  }
  return edgeTypes.length > 0 ? (edgeTypes as EntityEdgeType[]).sort(compareStrings) : [...ENTITY_EDGE_TYPES];
}

function validCount(value: unknown, name: string, min: number, max: number): number {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw unsupportedQuery(`${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}.`);
  }
  return value as number;
}

export interface ValidEntityGraphQuery {
  entityTypes: string[];
  edgeTypes: EntityEdgeType[];
  maxNodes: number;
}

export function validEntityGraphQuery(query: EntityGraphQuery = {}, defaultMaxNodes = DEFAULT_ENTITY_GRAPH_MAX_NODES): ValidEntityGraphQuery {
  return {
    entityTypes: validEntityTypes(query?.entityTypes),
    edgeTypes: validEdgeTypes(query?.edgeTypes),
    maxNodes: validCount(query?.maxNodes ?? defaultMaxNodes, 'maxNodes', 1, Number.MAX_SAFE_INTEGER),
  };
}

export type ValidCommunityQuery =
  | { scope: 'neighbourhood'; neighbourhood: ValidNeighbourhoodQuery }
  | { scope: 'whole'; graph: ValidEntityGraphQuery };

export function validCommunityQuery(query: CommunityQuery = {}): ValidCommunityQuery {
  if (query?.id === undefined) {
    return { scope: 'whole', graph: validEntityGraphQuery(query ?? {}, DEFAULT_COMMUNITY_MAX_NODES) };
  }
  return {
    scope: 'neighbourhood',
    neighbourhood: validNeighbourhoodQuery({
      id: query.id,
      depth: query.depth ?? DEFAULT_COMMUNITY_DEPTH,
      entityTypes: query.entityTypes,
      edgeTypes: query.edgeTypes,
      limit: query.limit,
    }),
  };
}

export interface ValidCooperationQuery {
  region: string | null;
  evidenceLimit: number;
}

export function validCooperationQuery(query: CooperationQuery = {}): ValidCooperationQuery {
  const region = query?.region ?? null;
  if (region !== null && (typeof region !== 'string' || region.length === 0)) {
    throw unsupportedQuery(`region must be a region id such as "region:重庆", got ${JSON.stringify(region)}.`);
  }
  return { region, evidenceLimit: validCount(query?.evidenceLimit ?? DEFAULT_COOPERATION_EVIDENCE, 'evidenceLimit', 0, MAX_COOPERATION_EVIDENCE) };
}

export function validCooccurringLimit(limit: number | undefined): number {
  return validCount(limit ?? DEFAULT_COOCCURRING_LIMIT, 'limit', 1, MAX_COOCCURRING_LIMIT);
}

export function validPathDepth(maxDepth: number | undefined): number {
  const depth = maxDepth ?? DEFAULT_PATH_MAX_DEPTH;
  if (!Number.isInteger(depth) || depth < 1 || depth > MAX_PATH_DEPTH) {
    throw unsupportedQuery(`maxDepth must be an integer from 1 to ${MAX_PATH_DEPTH}, got ${JSON.stringify(depth)}.`);
  }
  return depth;
}

export function validEvidenceLimit(limit: number | undefined): number {
  const value = limit ?? DEFAULT_EVIDENCE_LIMIT;
  if (!Number.isInteger(value) || value < 0) {
    throw unsupportedQuery(`evidenceLimit must be a non-negative integer, got ${JSON.stringify(limit)}.`);
  }
  return value;
}

function text(value: PropValue | undefined): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** How a node is shown: entities by type and name, documents by kind and title, others by their id. */
export function toSubgraphNode(node: StoredNode): SubgraphNode {
  const { id, label, props } = node;
  switch (label) {
    case 'Entity':
      return { id, label, type: text(props.type), name: text(props.name) ?? id };
    case 'Document':
      return { id, label, type: text(props.kind), name: text(props.title) ?? id };
    case 'Section':
      return { id, label, type: null, name: text(props.heading) ?? id };
    case 'Target':
      return { id, label, type: null, name: text(props.text) ?? text(props.subject) ?? id };
    default:
      return { id, label, type: null, name: id };
  }
}

/**
 * Merges parallel edges: per (type, pair) — unordered for COOPERATES_WITH / CO_OCCURS, whose
 * `from` is then the smaller id. weight = number of documents; CO_OCCURS: sum of weights.
 * Returns edges in type / from / to order (in no particular order with `order` false).
 */
export function mergeEdges(aggregates: Iterable<EdgeAggregate>, order = true): SubgraphEdge[] {
  // The union of documents is built only where two aggregates meet (a symmetric pair stored
  // in both directions); a lone aggregate already knows its count.
  const merged = new Map<string, { edge: SubgraphEdge; first: EdgeAggregate; docIds: Set<string> | null; weightSum: number }>();
  for (const a of aggregates) {
    const swap = SYMMETRIC_EDGE_TYPES.has(a.type) && compareStrings(a.from, a.to) > 0;
    const from = swap ? a.to : a.from;
    const to = swap ? a.from : a.to;
    const key = `${a.type}|${from.length}|${from}${to}`; // unambiguous: the length says where `to` starts
    const entry = merged.get(key);
    if (!entry) {
      merged.set(key, { edge: { type: a.type, from, to, weight: 0 }, first: a, docIds: null, weightSum: a.weightSum });
      continue;
    }
    entry.weightSum += a.weightSum;
    if (a.type === 'CO_OCCURS') continue;
    entry.docIds ??= new Set(entry.first.docIds);
    for (const docId of a.docIds) entry.docIds.add(docId);
  }
  const edges: SubgraphEdge[] = [];
  for (const { edge, first, docIds, weightSum } of merged.values()) {
    edges.push({ ...edge, weight: edge.type === 'CO_OCCURS' ? weightSum : (docIds?.size ?? first.docCount) });
  }
  return order ? edges.sort(compareEdges) : edges;
}

/** `weight` of a stored edge for summing: 1 where it has none. */
export function edgeWeight(props: Props): number {
  return typeof props.weight === 'number' ? props.weight : 1;
}
