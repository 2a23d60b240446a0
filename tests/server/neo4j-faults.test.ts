/**
 * Neo4j faults, end to end through the API: unreachable at start, lost mid-run (503 in
 * Chinese), back again (answers recover without a restart). Starts its own throw-away
 * Neo4j so that it can stop and restart it; needs java and mvn like the contract suite.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeBase, loadConfig } from '../../core/index.js';
import { hasCommand, startTestNeo4j, type TestNeo4j } from '../../neo4j-launcher/start.js';
import { createApp } from '../../server/index.js';

const canRun = hasCommand('java') && hasCommand('mvn');
if (!canRun) {
  const message = 'Neo4j fault tests need java and mvn on PATH';
  if (process.env.REQUIRE_NEO4J === '1') {
    describe('Neo4j faults', () => it('has java and mvn (REQUIRE_NEO4J=1)', () => expect.fail(message)));
  } else console.warn(`\n!!!!!!!! ${message}: SKIPPED !!!!!!!!\n`);
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolvePort(port));
    });
    s.on('error', reject);
  });
}

describe.skipIf(!canRun)('Neo4j faults', () => {
  let dir: string;
  let port: number;
  let neo4jServer: TestNeo4j | null = null;
  let kb: KnowledgeBase;

  const configFor = (uri: string) =>
    loadConfig({ KG_DATA_DIR: join(dir, 'data'), KG_CORPUS_DIR: join(dir, 'corpus'), NEO4J_URI: uri, NEO4J_USER: 'neo4j', NEO4J_PASSWORD: 'unused' });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'policy-kg-faults-'));
    cpSync(fileURLToPath(new URL('../../corpus/004_0a2fd561acbbf28f.txt', import.meta.url)), join(dir, 'corpus', '004.txt'));
    port = await freePort();
    neo4jServer = await startTestNeo4j({ dataDir: join(dir, 'neo4j'), port });
    kb = (await KnowledgeBase.open(configFor(neo4jServer.uri))).kb;
  }, 180_000);

  afterAll(async () => {
    await kb?.close();
    await neo4jServer?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('refuses to start against an unreachable Neo4j, naming the URI', async () => {
    const closed = `bolt://127.0.0.1:${await freePort()}`;
    await expect(KnowledgeBase.open(configFor(closed))).rejects.toThrow(`Cannot reach Neo4j at ${closed}`);
  }, 60_000);

  it('answers 503 in Chinese while Neo4j is down and recovers by itself when it is back', async () => {
    const app = createApp(kb, { adminToken: null });
    const entity = kb.findEntities('', null, 1)[0].id;
    const neighbourhood = () => request(app).get('/api/graph/neighborhood').query({ entity });
    await neighbourhood().expect(200);

    await neo4jServer!.stop();
    neo4jServer = null;
    const down = await neighbourhood().expect(503);
    expect(down.body.error).toEqual({ code: 'graph_unavailable', message: '图数据库暂时不可用，请稍后重试。' });
    await request(app).get('/api/search').query({ q: '跨区域' }).expect(200); // search does not need the graph

    neo4jServer = await startTestNeo4j({ dataDir: join(dir, 'neo4j'), port });
    let status = 0;
    for (let i = 0; i < 60 && status !== 200; i++) {
      status = (await neighbourhood()).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 500));
    }
    expect(status).toBe(200);
  }, 180_000);
});
