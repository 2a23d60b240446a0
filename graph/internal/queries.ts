/**
 * The analysts' queries (whole entity graph, communities, cooperation matrix, co-occurrence),
 * written once over a GraphSource: each backend only supplies the raw facts, so both give the
 * same answers by construction.
 */
import type {
  Communities,
  CoOccurrence,
  CoOccurrenceRanking,
  CooperationEvidence,
  CooperationMatrix,
  CooperationPair,
  EntityEdgeType,
  Subgraph,
  SubgraphNode,
} from '../graph-store.js';
import { GraphTooLargeError } from '../graph-store.js';
import { detectCommunities } from './communities.js';
import {
  compareEvidence,
  compareNodes,
  compareStrings,
  mergeEdges,
  toSubgraphNode,
  type EdgeAggregate,
  type StoredNode,
  type ValidCommunityQuery,
  type ValidCooperationQuery,
  type ValidEntityGraphQuery,
} from './model.js';
import { walkNeighbourhood, type NeighbourhoodSource } from './neighbourhood.js';

/** One stored COOPERATES_WITH edge with its evidence (null where the relation has none). */
export interface CooperationFact {
  from: string;
  to: string;
  docId: string;
  clauseId: string | null;
  start: number | null;
  end: number | null;
}

/** What the queries need from a backend, on top of the neighbourhood walk's needs. */
export interface GraphSource extends NeighbourhoodSource {
  /** Entity nodes of these types (all types when empty). */
  entityCount(entityTypes: readonly string[]): Promise<number>;
  entities(entityTypes: readonly string[]): Promise<StoredNode[]>;
  /** Every edge of `types` (each stored edge once, possibly summed per type / from / to; docIds as for incidentEdges). */
  edgesOfTypes(types: readonly EntityEdgeType[]): Promise<EdgeAggregate[]>;
  /** Every stored COOPERATES_WITH edge. */
  cooperationFacts(): Promise<CooperationFact[]>;
}

/**
 * Every entity of the wanted types, plus (without a type filter) the documents at the end of
 * an ISSUED_BY / CITES edge, and every merged edge of the wanted types among them.
 * @throws GraphTooLargeError beyond `maxNodes`, before the edges are read when the entities alone are too many
 */
export async function readEntityGraph(source: GraphSource, query: ValidEntityGraphQuery): Promise<Subgraph> {
  const entityCount = await source.entityCount(query.entityTypes);
  if (entityCount > query.maxNodes) throw new GraphTooLargeError(entityCount, query.maxNodes);
  const nodes = new Map<string, SubgraphNode>();
  for (const node of await source.entities(query.entityTypes)) nodes.set(node.id, toSubgraphNode(node));
  const merged = mergeEdges(await source.edgesOfTypes(query.edgeTypes));
  if (query.entityTypes.length === 0) {
    const others = new Set<string>();
    for (const edge of merged) for (const end of [edge.from, edge.to]) if (!nodes.has(end)) others.add(end);
    if (nodes.size + others.size > query.maxNodes) throw new GraphTooLargeError(nodes.size + others.size, query.maxNodes);
    for (const node of await source.nodes([...others])) nodes.set(node.id, toSubgraphNode(node));
  }
  return {
    nodes: [...nodes.values()].sort(compareNodes),
    edges: merged.filter((edge) => nodes.has(edge.from) && nodes.has(edge.to)),
  };
}

export async function readCommunities(source: GraphSource, query: ValidCommunityQuery): Promise<Communities> {
  const subgraph = query.scope === 'whole' ? await readEntityGraph(source, query.graph) : await walkNeighbourhood(source, query.neighbourhood);
  return detectCommunities(subgraph);
}

/**
 * Entities that share clauses with `id`: CO_OCCURS edges in both directions, summed per
 * other entity across documents. Strongest first, then by id.
 */
export async function readCoOccurring(source: NeighbourhoodSource, id: string, limit: number): Promise<CoOccurrenceRanking | null> {
  const [entity] = await source.nodes([id]);
  if (!entity || entity.label !== 'Entity') return null;
  const byOther = new Map<string, { weight: number; docIds: Set<string> }>();
  for (const edge of await source.incidentEdges([id], ['CO_OCCURS'], true)) {
    const other = edge.from === id ? edge.to : edge.from;
    if (other === id) continue;
    let entry = byOther.get(other);
    if (!entry) byOther.set(other, (entry = { weight: 0, docIds: new Set() }));
    entry.weight += edge.weightSum;
    for (const docId of edge.docIds) entry.docIds.add(docId);
  }
  const ranked = [...byOther]
    .sort(([a, x], [b, y]) => y.weight - x.weight || compareStrings(a, b))
    .slice(0, limit);
  const nodes = new Map((await source.nodes(ranked.map(([other]) => other))).map((n) => [n.id, toSubgraphNode(n)]));
  const items: CoOccurrence[] = ranked.map(([other, { weight, docIds }]) => ({ node: nodes.get(other)!, weight, documents: docIds.size }));
  return { entity: toSubgraphNode(entity), total: byOther.size, items };
}

/**
 * The region-pair cooperation matrix. Each COOPERATES_WITH fact is placed on the pair of
 * regions of its two ends: a region is its own; an institution's is its LOCATED_IN region
 * (of several, the one most documents state, then the smaller id). A fact with an end that
 * has no region (a program, or an institution without LOCATED_IN) is counted as unplaced.
 */
export async function readCooperation(source: GraphSource, query: ValidCooperationQuery): Promise<CooperationMatrix> {
  const facts = await source.cooperationFacts();
  const ends = new Set<string>();
  for (const fact of facts) ends.add(fact.from).add(fact.to);
  const stored = new Map<string, StoredNode>();
  for (const node of await source.nodes([...ends])) stored.set(node.id, node);
  const typeOf = (id: string) => {
    const node = stored.get(id);
    return node?.label === 'Entity' ? node.props.type : null;
  };

  const institutions = new Set([...ends].filter((id) => typeOf(id) === 'institution').sort(compareStrings));
  const located = mergeEdges(await source.incidentEdges([...institutions], ['LOCATED_IN'])).filter((edge) => institutions.has(edge.from));
  for (const node of await source.nodes([...new Set(located.map((edge) => edge.to))].filter((id) => !stored.has(id)))) stored.set(node.id, node);
  const regionOf = new Map<string, { region: string; weight: number }>();
  for (const edge of located) {
    if (typeOf(edge.to) !== 'region') continue;
    const best = regionOf.get(edge.from);
    if (!best || edge.weight > best.weight || (edge.weight === best.weight && compareStrings(edge.to, best.region) < 0)) {
      regionOf.set(edge.from, { region: edge.to, weight: edge.weight });
    }
  }
  const place = (id: string): string | null => (typeOf(id) === 'region' ? id : (regionOf.get(id)?.region ?? null));

  interface PairState {
    a: string;
    b: string;
    facts: CooperationFact[];
    direct: number;
  }
  const pairs = new Map<string, PairState>();
  let unplaced = 0;
  for (const fact of facts) {
    const ra = place(fact.from);
    const rb = place(fact.to);
    if (ra === null || rb === null) {
      unplaced++;
      continue;
    }
    const [a, b] = compareStrings(ra, rb) <= 0 ? [ra, rb] : [rb, ra];
    if (query.region !== null && a !== query.region && b !== query.region) continue;
    const key = JSON.stringify([a, b]);
    let pair = pairs.get(key);
    if (!pair) pairs.set(key, (pair = { a, b, facts: [], direct: 0 }));
    pair.facts.push(fact);
    if (ra === fact.from && rb === fact.to) pair.direct++;
  }

  const named = new Set<string>();
  const out: CooperationPair[] = [...pairs.values()].map(({ a, b, facts: placed, direct }) => {
    const evidence: CooperationEvidence[] = placed
      .filter((f): f is CooperationFact & { clauseId: string; start: number; end: number } => f.clauseId !== null && f.start !== null && f.end !== null)
      .map(({ from, to, docId, clauseId, start, end }) => ({ from, to, docId, clauseId, start, end }))
      .sort((x, y) => compareEvidence(x, y) || compareStrings(x.from, y.from) || compareStrings(x.to, y.to))
      .slice(0, query.evidenceLimit);
    named.add(a).add(b);
    for (const ev of evidence) named.add(ev.from).add(ev.to);
    return {
      a,
      b,
      count: placed.length,
      documents: new Set(placed.map((f) => f.docId)).size,
      direct,
      viaInstitutions: placed.length - direct,
      evidence,
    };
  });
  out.sort((x, y) => y.count - x.count || compareStrings(x.a, y.a) || compareStrings(x.b, y.b));

  const totals = new Map<string, number>();
  for (const pair of out) {
    totals.set(pair.a, (totals.get(pair.a) ?? 0) + pair.count);
    if (pair.b !== pair.a) totals.set(pair.b, (totals.get(pair.b) ?? 0) + pair.count);
  }
  const regions = [...totals].sort(([a, x], [b, y]) => y - x || compareStrings(a, b)).map(([id]) => id);
  const nodes = [...named]
    .map((id) => stored.get(id))
    .filter((node): node is StoredNode => node !== undefined)
    .map(toSubgraphNode)
    .sort(compareNodes);
  return { regions, nodes, pairs: out, unplaced };
}
