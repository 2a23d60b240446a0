import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documentGraph, GraphError, openGraphStore } from '../../graph/index.js';
import { CQ, CQ_EDU, CY, DOC_A, DOC_B, SC_EDU, recordA, recordB } from './fixtures.js';
import { runGraphStoreContract } from './graph-store.contract.js';

runGraphStoreContract({
  name: 'embedded (graphology)',
  create: () => openGraphStore({ backend: 'embedded' }),
});

describe('embedded snapshot', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'policy-kg-graph-test-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const answers = async (store: Awaited<ReturnType<typeof openGraphStore>>) => ({
    counts: await store.counts(),
    documents: await store.documentIds(),
    entity: await store.entity(CQ, 100),
    neighbours: await store.neighbours({ id: CQ, depth: 3 }),
    path: await store.shortestPath(DOC_A, CY),
    target: await store.node(`${DOC_A}#t1`),
  });

  it('flush writes graph.json and a new store opened on it gives the same answers', async () => {
    const store = await openGraphStore({ backend: 'embedded', dataDir });
    await store.writeDocument(documentGraph(recordA));
    await store.writeDocument(documentGraph(recordB));
    await store.flush();
    const before = await answers(store);
    await store.close();
    expect(await readdir(dataDir)).toEqual(['graph.json']);

    const reopened = await openGraphStore({ backend: 'embedded', dataDir });
    expect(await answers(reopened)).toEqual(before);
    await reopened.deleteDocument(DOC_B);
    await reopened.close(); // close flushes what changed
    const third = await openGraphStore({ backend: 'embedded', dataDir });
    expect(await third.documentIds()).toEqual([DOC_A]);
    expect(await third.node(SC_EDU)).toBeNull();
    await third.close();
  });

  it('opens an empty store when there is no snapshot yet, and writes none until something changes', async () => {
    const store = await openGraphStore({ backend: 'embedded', dataDir: path.join(dataDir, 'not-yet') });
    expect(await store.counts()).toEqual({ nodes: 0, edges: 0, documents: 0, entities: 0 });
    await store.flush();
    await store.close();
    await expect(readdir(path.join(dataDir, 'not-yet'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('keeps numbers, strings and lists exactly through a snapshot', async () => {
    const store = await openGraphStore({ backend: 'embedded', dataDir });
    await store.writeDocument(documentGraph(recordA));
    await store.close();
    const file = JSON.parse(await readFile(path.join(dataDir, 'graph.json'), 'utf8'));
    expect(file).toMatchObject({ format: 'policy-kg/graph', version: 1 });
    const doc = file.nodes.find((n: unknown[]) => n[0] === DOC_A);
    expect(doc).toEqual([DOC_A, 'Document', expect.objectContaining({ docId: DOC_A, kind: 'notice', issuers: [], articleIndex: 0 })]);
  });

  it('refuses a damaged snapshot with a message naming the file and the fix', async () => {
    const file = path.join(dataDir, 'graph.json');
    await writeFile(file, '{"format":"policy-kg/graph","version":1,"nodes":[["a","Ent');
    const error = await openGraphStore({ backend: 'embedded', dataDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ code: 'graph_unavailable' });
    expect((error as Error).message).toContain(`The graph snapshot ${file} is damaged`);
    expect((error as Error).message).toContain('npx policy-kg ingest');

    await writeFile(file, JSON.stringify({ format: 'policy-kg/graph', version: 1, nodes: [], edges: [['PART_OF', 'a', 'b', { docId: 'd' }]] }));
    await expect(openGraphStore({ backend: 'embedded', dataDir })).rejects.toThrow('is damaged (edge to missing node "a")');

    await writeFile(file, JSON.stringify({ format: 'policy-kg/graph', version: 99, nodes: [], edges: [] }));
    await expect(openGraphStore({ backend: 'embedded', dataDir })).rejects.toThrow('version 99');
  });

  it('removes temp files that an interrupted flush left behind', async () => {
    await writeFile(path.join(dataDir, '.graph.json.1234.7.tmp'), 'half a snapsh');
    await writeFile(path.join(dataDir, 'graph.json.1234.abcd.tmp'), 'half of an older version');
    const store = await openGraphStore({ backend: 'embedded', dataDir });
    await store.writeDocument(documentGraph(recordA));
    await store.close();
    expect(await readdir(dataDir)).toEqual(['graph.json']);
  });

  it('is closed after close()', async () => {
    const store = await openGraphStore({ backend: 'embedded' });
    await store.close();
    await expect(store.node(CQ_EDU)).rejects.toMatchObject({ code: 'graph_unavailable' });
  });
});
