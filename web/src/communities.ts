/**
 * Community detection for colouring the graph explorer: Louvain (graphology) over the
 * subgraph on screen, weighted by edge weight. Runs in the browser because the API has no
 * communities endpoint yet; a seeded random source keeps the colours stable between runs.
 */

import { UndirectedGraph } from 'graphology';
import louvain from 'graphology-communities-louvain';

export interface CommunityEdge {
  source: string;
  target: string;
  weight: number;
}

export interface Communities {
  /** node id → community number; 0 is the largest community */
  of: Map<string, number>;
  /** members per community, largest first */
  sizes: number[];
}

/** Colours for the largest communities; the rest share COMMUNITY_OTHER_COLOR. */
export const COMMUNITY_COLORS = [
  '#2f6fdb', '#e07b12', '#11917a', '#d1343f', '#8a4fd0', '#b8860b',
  '#0f7ea8', '#c2417f', '#5b8c2a', '#7a5c3e', '#4b5fc1', '#a23b3b',
] as const;
export const COMMUNITY_OTHER_COLOR = '#9aa3ad';

const LOUVAIN_SEED = 20240601;

/** A small deterministic PRNG (mulberry32), so that the same graph gets the same colours. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Groups nodes into communities. Parallel edges between a pair add up; self-loops are
 * ignored; a node without edges is a community of its own.
 *
 * @example detectCommunities(['a','b','c','d'], [{source:'a',target:'b',weight:3},{source:'c',target:'d',weight:3}])
 *   // of: a→0, b→0, c→1, d→1 (or the other way round), sizes: [2, 2]
 */
export function detectCommunities(nodes: readonly string[], edges: readonly CommunityEdge[]): Communities {
  const graph = new UndirectedGraph<Record<string, never>, { weight: number }>();
  for (const node of nodes) graph.mergeNode(node);
  for (const { source, target, weight } of edges) {
    if (source === target || !graph.hasNode(source) || !graph.hasNode(target)) continue;
    const w = Number.isFinite(weight) && weight > 0 ? weight : 1;
    if (graph.hasEdge(source, target)) graph.updateEdgeAttribute(source, target, 'weight', (old) => (old ?? 0) + w);
    else graph.addEdge(source, target, { weight: w });
  }
  const raw: Record<string, number> = graph.size > 0 ? louvain(graph, { getEdgeWeight: 'weight', rng: seededRandom(LOUVAIN_SEED) }) : {};
  // Renumber: largest community first, ties by the smallest member id, isolated nodes last.
  const members = new Map<string, string[]>();
  for (const node of nodes) {
    const key = node in raw ? `c${raw[node]}` : `n${node}`;
    const list = members.get(key) ?? [];
    list.push(node);
    members.set(key, list);
  }
  const groups = [...members.values()].sort((a, b) => b.length - a.length || (a[0]! < b[0]! ? -1 : 1));
  const of = new Map<string, number>();
  groups.forEach((group, index) => group.forEach((node) => of.set(node, index)));
  return { of, sizes: groups.map((g) => g.length) };
}

export function communityColor(index: number): string {
  return COMMUNITY_COLORS[index] ?? COMMUNITY_OTHER_COLOR;
}
