/**
 * The CSV export goes through the real `neo4j-admin database import full` (AdminTool from the
 * test Neo4j's Maven classpath) into a fresh database, which a Neo4j then serves. Needs java
 * and mvn like the contract suite; skipped loudly without them, a failure with REQUIRE_NEO4J=1.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import neo4j from 'neo4j-driver';
import { describe, expect, it } from 'vitest';
import { documentGraph, graphToNeo4jCsv, openGraphStore } from '../../graph/index.js';
import { hasCommand, resolveClasspath, startTestNeo4j } from '../../neo4j-launcher/start.js';
import { CQ, INJECTION_OTHER, SC, recordA, recordB, recordC, recordInjection } from './fixtures.js';

const canRun = hasCommand('java') && hasCommand('mvn');
if (!canRun) {
  const message = 'the neo4j-admin import test needs java and mvn on PATH';
  if (process.env.REQUIRE_NEO4J === '1') {
    describe('neo4j-admin import of the CSV export', () => it('has java and mvn (REQUIRE_NEO4J=1)', () => expect.fail(message)));
  } else console.warn(`\n!!!!!!!! ${message}: SKIPPED !!!!!!!!\n`);
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    // cwd: neo4j-admin writes import.report into the working folder
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe.skipIf(!canRun)('neo4j-admin import of the CSV export', () => {
  it('imports nodes.csv and edges.csv into a database with the same nodes, labels, names and weights', async () => {
    const store = await openGraphStore({ backend: 'embedded' });
    for (const record of [recordA, recordB, recordC, recordInjection]) await store.writeDocument(documentGraph(record));
    const graph = await store.entityGraph();
    await store.close();

    const dir = mkdtempSync(join(tmpdir(), 'policy-kg-import-'));
    const home = join(dir, 'home');
    mkdirSync(home);
    try {
      const { nodes, edges } = graphToNeo4jCsv(graph);
      writeFileSync(join(dir, 'nodes.csv'), nodes);
      writeFileSync(join(dir, 'edges.csv'), edges);
      const classpath = await resolveClasspath();
      const args = ['-Xmx512m', '-cp', classpath, 'org.neo4j.cli.AdminTool', 'database', 'import', 'full'];
      args.push(`--nodes=${join(dir, 'nodes.csv')}`, `--relationships=${join(dir, 'edges.csv')}`, '--multiline-fields=true', 'neo4j');
      const imported = await run('java', args, { ...process.env, NEO4J_HOME: home, NEO4J_CONF: join(home, 'conf') }, dir);
      expect(imported.output).toContain('IMPORT DONE');
      expect(imported.code).toBe(0);

      const server = await startTestNeo4j({ dataDir: home });
      const driver = neo4j.driver(server.uri, neo4j.auth.basic('neo4j', 'unused-auth-disabled'), { disableLosslessIntegers: true });
      try {
        const one = async (query: string, params: Record<string, unknown> = {}) => (await driver.executeQuery(query, params)).records[0]!.toObject();
        expect(await one('MATCH (n) RETURN count(n) AS n')).toEqual({ n: graph.nodes.length });
        expect(await one('MATCH ()-[r]->() RETURN count(r) AS n')).toEqual({ n: graph.edges.length });
        expect(await one('MATCH (n {id: $id}) RETURN labels(n) AS labels, n.name AS name, n.type AS type', { id: CQ })).toEqual({
          labels: ['Entity', 'Region'],
          name: '重庆',
          type: 'region',
        });
        expect(await one('MATCH (n {id: $id}) RETURN n.name AS name', { id: INJECTION_OTHER })).toEqual({ name: INJECTION_OTHER.slice('institution:'.length) });
        expect(await one('MATCH ({id: $from})-[r:CO_OCCURS]->({id: $to}) RETURN r.weight AS weight', { from: SC, to: CQ })).toEqual({ weight: 5 });
        expect(await one('MATCH (d:Document {id: $id}) RETURN d.name AS name', { id: recordA.id })).toEqual({ name: recordA.title });
      } finally {
        await driver.close();
        await server.stop();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
