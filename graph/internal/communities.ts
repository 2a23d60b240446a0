import { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import type { Communities, Community, CommunityNode, Subgraph } from '../graph-store.js';
import { compareStrings } from './model.js';

// The package is CommonJS with an `export default` declaration: under NodeNext the types see
// `{ default: louvain }` while Node hands over module.exports, the function itself.
type Louvain = (typeof louvainModule)['default'];
const louvain: Louvain = (louvainModule as unknown as { default?: Louvain }).default ?? (louvainModule as unknown as Louvain);

/** Seed of the Louvain random walk: a fixed one, so that the same subgraph always gives the same partition. */
export const LOUVAIN_SEED = 0x5eed_c0de;
/** Decimals kept of the modularity, so that both backends print the same number. */
const MODULARITY_DECIMALS = 6;

/**
 * Louvain communities of a subgraph, computed in process the same way for both backends.
 *
 * The subgraph is read in its canonical order (nodes by id, edges by type / from / to) into an
 * undirected graph whose edge weight is the sum of the merged weights between a pair (so
 * CO_OCCURS, the densest relation, counts most); self-loops are left out. The random walk uses
 * a seeded generator, so equal subgraphs get equal partitions. Communities are numbered by
 * size, largest first, then by their smallest member id.
 */
export function detectCommunities(subgraph: Subgraph): Communities {
  const graph = new UndirectedGraph<Record<string, never>, { weight: number }>();
  for (const node of subgraph.nodes) graph.addNode(node.id);
  for (const edge of subgraph.edges) {
    if (edge.from === edge.to || !graph.hasNode(edge.from) || !graph.hasNode(edge.to)) continue;
    graph.updateEdge(edge.from, edge.to, (attributes) => ({ weight: (attributes.weight ?? 0) + edge.weight }));
  }

  const detailed = louvain.detailed(graph, { getEdgeWeight: 'weight', rng: seededRandom(LOUVAIN_SEED), resolution: 1 });
  const members = new Map<number, string[]>();
  for (const node of subgraph.nodes) {
    const raw = detailed.communities[node.id]!;
    const list = members.get(raw);
    if (list) list.push(node.id);
    else members.set(raw, [node.id]);
  }

  // Members arrive in id order, so list[0] is each community's smallest id.
  const ordered = [...members.values()].sort((a, b) => b.length - a.length || compareStrings(a[0]!, b[0]!));
  const strength = (id: string) => graph.reduceEdges(id, (sum, _edge, attributes) => sum + attributes.weight, 0);
  const communityOf = new Map<string, number>();
  const communities: Community[] = ordered.map((list, id) => {
    let hub = list[0]!;
    let best = strength(hub);
    for (const member of list) {
      communityOf.set(member, id);
      const s = strength(member);
      if (s > best) {
        best = s;
        hub = member;
      }
    }
    return { id, size: list.length, hub };
  });

  const nodes: CommunityNode[] = subgraph.nodes.map((node) => ({ ...node, community: communityOf.get(node.id)! }));
  const modularity = graph.size === 0 ? 0 : Number(detailed.modularity.toFixed(MODULARITY_DECIMALS));
  return { nodes, edges: subgraph.edges, communities, modularity: Object.is(modularity, -0) ? 0 : modularity };
}

/** mulberry32: a small, fast generator with a 32-bit state; plenty for shuffling a walk. */
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
