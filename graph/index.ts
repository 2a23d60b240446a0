/**
 * graph/: the knowledge graph behind one interface, GraphStore, with two backends
 * (embedded in process, the default; Neo4j 5). Nothing outside this file is public.
 */
import { EmbeddedGraphStore } from './embedded/embedded-graph-store.js';
import type { GraphStore } from './graph-store.js';
import { Neo4jGraphStore, type Neo4jWriteBatching } from './neo4j/neo4j-graph-store.js';

export * from './graph-store.js';
export { documentGraph } from './project.js';
export { graphToGraphML, graphToNeo4jCsv, graphToNeo4jCsvZip } from './export.js';
export type { Neo4jWriteBatching } from './neo4j/neo4j-graph-store.js';

export type GraphStoreConfig =
  | {
      /** in process, not persisted: its owner (KnowledgeBase) writes the records into it at start */
      backend: 'embedded';
    }
  | {
      backend: 'neo4j';
      /** NEO4J_URI, e.g. bolt://localhost:7687 */
      uri: string;
      user: string;
      password: string;
      /** database name; the server's default when omitted */
      database?: string;
      /** rows per statement and per writeDocuments transaction (defaults measured in bench/graph.ts) */
      batching?: Partial<Neo4jWriteBatching>;
    };

/**
 * Opens the configured backend, ready to use: the embedded store empty, the Neo4j store with
 * the connection checked and its constraints and indexes created.
 *
 * @throws GraphError `graph_unavailable` when Neo4j cannot be reached (the message names the URI).
 * @example
 *   const store = await openGraphStore({ backend: 'embedded' });
 *   await store.writeDocument(documentGraph(record));
 */
export async function openGraphStore(config: GraphStoreConfig): Promise<GraphStore> {
  switch (config.backend) {
    case 'embedded':
      return new EmbeddedGraphStore();
    case 'neo4j':
      return Neo4jGraphStore.open(config);
    default:
      throw new TypeError(`Unknown graph backend ${JSON.stringify((config as { backend?: unknown }).backend)}; use "embedded" or "neo4j".`);
  }
}
