import type { EntityEdgeType, Subgraph, SubgraphEdge, SubgraphNode } from '../graph-store.js';
import {
  compareEdges,
  compareNodes,
  compareStrings,
  mergeEdges,
  toSubgraphNode,
  type EdgeAggregate,
  type StoredNode,
  type ValidNeighbourhoodQuery,
} from './model.js';

/** What the neighbourhood walk needs from a backend; each call is one round trip in Neo4j. */
export interface NeighbourhoodSource {
  nodes(ids: readonly string[]): Promise<StoredNode[]>;
  /**
   * Every edge of `types` with at least one end in `ids` (each stored edge once). `docIds`
   * may be left empty (docCount is always right) except for COOPERATES_WITH and `withDocIds`.
   */
  incidentEdges(ids: readonly string[], types: readonly EntityEdgeType[], withDocIds?: boolean): Promise<EdgeAggregate[]>;
  /** Every edge of `types` with both ends in `ids` (docIds as for incidentEdges). */
  edgesAmong(ids: readonly string[], types: readonly EntityEdgeType[]): Promise<EdgeAggregate[]>;
}

/**
 * Breadth-first, level by level, over the merged edges. A level's new nodes are ranked by
 * the strongest edge that reaches them (weight, then id) and taken until `limit` nodes are
 * selected; filtered-out nodes are neither returned nor walked through. The answer holds
 * every merged edge among the selected nodes. Both backends run this same code.
 */
export async function walkNeighbourhood(source: NeighbourhoodSource, query: ValidNeighbourhoodQuery): Promise<Subgraph> {
  const [start] = await source.nodes([query.id]);
  if (!start) return { nodes: [], edges: [] };

  const selected = new Map<string, SubgraphNode>([[start.id, toSubgraphNode(start)]]);
  // Every edge of an expanded node was read with it; an aggregate covers all stored edges of its
  // (type, from, to), so one read at two levels is the same and is kept once.
  const read = new Map<string, EdgeAggregate>();
  let frontier = [start.id];
  for (let level = 1; level <= query.depth && frontier.length > 0 && selected.size < query.limit; level++) {
    const frontierSet = new Set(frontier);
    const strength = new Map<string, number>();
    const incident = await source.incidentEdges(frontier, query.edgeTypes);
    for (const a of incident) read.set(`${a.type}|${a.from.length}|${a.from}${a.to}`, a);
    for (const edge of mergeEdges(incident, false)) {
      for (const [near, far] of [
        [edge.from, edge.to],
        [edge.to, edge.from],
      ]) {
        if (frontierSet.has(near) && !selected.has(far)) {
          strength.set(far, Math.max(strength.get(far) ?? -Infinity, edge.weight));
        }
      }
    }
    // Rank first and read only as many nodes as the limit can take (a hub's second level has
    // thousands of candidates): the order does not depend on the type filter, so reading the
    // ranked ids in growing slices until enough pass it gives the same nodes.
    const ranked = [...strength].sort((a, b) => b[1] - a[1] || compareStrings(a[0], b[0])).map(([id]) => id);
    const wanted = query.limit - selected.size;
    frontier = [];
    for (let at = 0, slice = wanted; at < ranked.length && frontier.length < wanted; at += slice, slice *= 2) {
      const ids = ranked.slice(at, at + slice);
      const byId = new Map((await source.nodes(ids)).map((node) => [node.id, node]));
      for (const id of ids) {
        const node = byId.get(id);
        if (!node || !keeps(node, query.entityTypes)) continue;
        selected.set(id, toSubgraphNode(node));
        frontier.push(id);
        if (frontier.length === wanted) break;
      }
    }
  }

  // Edges among the chosen nodes: those of expanded nodes were read on the way; only the last
  // level (chosen, never expanded) needs asking for the edges among its own nodes. That spares
  // expanding the start and the middle levels again, which are often hubs.
  let edges: SubgraphEdge[] = [];
  if (selected.size > 1) {
    const among = [...read.values()].filter((a) => selected.has(a.from) && selected.has(a.to));
    if (frontier.length > 0) among.push(...(await source.edgesAmong(frontier, query.edgeTypes)));
    edges = mergeEdges(among);
  }
  return { nodes: [...selected.values()].sort(compareNodes), edges: edges.sort(compareEdges) };
}

function keeps(node: StoredNode, entityTypes: readonly string[]): boolean {
  if (entityTypes.length === 0) return true;
  return node.label === 'Entity' && typeof node.props.type === 'string' && entityTypes.includes(node.props.type);
}

/** The first of several equally short paths, comparing node ids one by one, so both backends pick the same. */
export function firstPath(paths: Iterable<readonly string[]>): readonly string[] | null {
  let best: readonly string[] | null = null;
  for (const path of paths) {
    if (best === null || comparePaths(path, best) < 0) best = path;
  }
  return best;
}

function comparePaths(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareStrings(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/** A path as a Subgraph: nodes in path order, every merged edge between consecutive nodes. */
export function pathSubgraph(path: readonly string[], nodes: readonly StoredNode[], aggregates: Iterable<EdgeAggregate>): Subgraph {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const steps = new Set<string>();
  for (let i = 1; i < path.length; i++) {
    steps.add(JSON.stringify([path[i - 1], path[i]]));
    steps.add(JSON.stringify([path[i], path[i - 1]]));
  }
  return {
    nodes: path.map((id) => toSubgraphNode(byId.get(id)!)),
    edges: mergeEdges(aggregates).filter((edge) => steps.has(JSON.stringify([edge.from, edge.to]))),
  };
}
