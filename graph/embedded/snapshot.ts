import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { isTempFileOf, writeFileAtomicAsync } from '../../io/index.js';
import type { GraphEdge } from '../graph-store.js';
import { GraphError } from '../graph-store.js';
import { graphUnavailable } from '../internal/errors.js';
import { storableEdge, storableNode, type StoredNode } from '../internal/model.js';

export const SNAPSHOT_FILE = 'graph.json';
const SNAPSHOT_FORMAT = 'policy-kg/graph';
const SNAPSHOT_VERSION = 1;

/** What graph.json holds: compact rows, no edge keys (they are derived from the edge). */
interface SnapshotFile {
  format: typeof SNAPSHOT_FORMAT;
  version: typeof SNAPSHOT_VERSION;
  nodes: [id: string, label: string, props: StoredNode['props']][];
  edges: [type: string, from: string, to: string, props: GraphEdge['props']][];
}

export function serializeSnapshot(nodes: Iterable<StoredNode>, edges: Iterable<GraphEdge>): string {
  const file: SnapshotFile = { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, nodes: [], edges: [] };
  for (const n of nodes) file.nodes.push([n.id, n.label, n.props]);
  for (const e of edges) file.edges.push([e.type, e.from, e.to, e.props]);
  return JSON.stringify(file);
}

/**
 * Reads `<dataDir>/graph.json`; null when there is none yet.
 * @throws GraphError `graph_unavailable` naming the file when it cannot be read or is damaged.
 */
export async function readSnapshot(dataDir: string): Promise<{ nodes: StoredNode[]; edges: GraphEdge[] } | null> {
  const file = path.join(dataDir, SNAPSHOT_FILE);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw graphUnavailable(`Cannot read the graph snapshot ${file}: ${(error as Error).message}`, error);
  }
  const damaged = (reason: string, cause?: unknown) =>
    graphUnavailable(
      `The graph snapshot ${file} is damaged (${reason}). Move it away and run \`npx policy-kg ingest\` to rebuild the graph from corpus/.`,
      cause,
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw damaged((error as Error).message, error);
  }
  const snapshot = parsed as Partial<SnapshotFile> | null;
  if (snapshot === null || typeof snapshot !== 'object' || snapshot.format !== SNAPSHOT_FORMAT) {
    throw damaged(`not a ${SNAPSHOT_FORMAT} file`);
  }
  if (snapshot.version !== SNAPSHOT_VERSION) {
    throw damaged(`version ${JSON.stringify(snapshot.version)}, this program reads version ${SNAPSHOT_VERSION}`);
  }
  if (!Array.isArray(snapshot.nodes) || !Array.isArray(snapshot.edges)) throw damaged('no node or edge list');
  try {
    const nodes = snapshot.nodes.map(([id, label, props]) => storableNode({ id, label, props } as StoredNode));
    const edges = snapshot.edges.map(([type, from, to, props]) => storableEdge({ type, from, to, props } as GraphEdge));
    return { nodes, edges };
  } catch (error) {
    throw damaged(error instanceof GraphError ? error.message : String(error), error);
  }
}

/**
 * Replaces `<dataDir>/graph.json` so that a crash leaves either the old or the new file, never
 * a mix (io/writeFileAtomicAsync: temp file, fsync, rename, fsync the folder).
 */
export async function writeSnapshot(dataDir: string, contents: string): Promise<void> {
  const file = path.join(dataDir, SNAPSHOT_FILE);
  try {
    await writeFileAtomicAsync(file, contents);
  } catch (error) {
    throw graphUnavailable(`Cannot write the graph snapshot ${file}: ${(error as Error).message}`, error);
  }
}

/** Removes temp files that a crash in the middle of writeSnapshot left behind. */
export async function removeStaleTempFiles(dataDir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dataDir);
  } catch {
    return;
  }
  // (graph.json.<pid>.<hex>.tmp: the name versions before 2026-12 gave them)
  const stale = (name: string) => isTempFileOf(name, SNAPSHOT_FILE) || (name.startsWith(`${SNAPSHOT_FILE}.`) && name.endsWith('.tmp'));
  await Promise.all(names.filter(stale).map((name) => rm(path.join(dataDir, name), { force: true })));
}
