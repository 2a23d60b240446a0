/**
 * graph/: the knowledge graph behind one interface, GraphStore, with two backends
 * (embedded graphology, the default; Neo4j 5). Nothing outside this file is public.
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
      backend: 'embedded';
      /** folder of the graph.json snapshot (KG_DATA_DIR); omit for a store in memory only (tests) */
      dataDir?: string;
      /** given: a damaged snapshot is set aside and the store opens empty (else open fails) */
      onDamagedSnapshot?: (message: string) => void;
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
 * Opens the configured backend, ready to use: the embedded store has loaded its snapshot,
 * the Neo4j store has checked the connection and created its constraints and indexes.
 *
 * @throws GraphError `graph_unavailable` when Neo4j cannot be reached (the message names the
 *   URI) or the snapshot is damaged (the message names the file and how to rebuild it).
 * @example
 *   const store = await openGraphStore({ backend: 'embedded', dataDir: './data' });
 *   await store.writeDocument(documentGraph(record));
 *   await store.flush();
 */
export async function openGraphStore(config: GraphStoreConfig): Promise<GraphStore> {
  switch (config.backend) {
    case 'embedded':
      return EmbeddedGraphStore.open({ dataDir: config.dataDir, onDamagedSnapshot: config.onDamagedSnapshot });
    case 'neo4j':
      return Neo4jGraphStore.open(config);
    default:
      throw new TypeError(`Unknown graph backend ${JSON.stringify((config as { backend?: unknown }).backend)}; use "embedded" or "neo4j".`);
  }
}
