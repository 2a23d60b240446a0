/**
 * Graph benchmark (issue 8, items 2–4): ingest throughput and query latency of both GraphStore
 * backends on scaled corpora (bench/graph-scale.ts), with the real Neo4j started from
 * neo4j-launcher (one JVM for the whole run).
 *
 *   npx tsx bench/graph.ts [--scales 1,10,100] [--backends embedded,neo4j] [--samples 30] [--batch-sweep]
 *
 * Per scale and backend: writeDocuments of the whole corpus into an empty store (mentions/s),
 * then, after one warm-up pass, each query over the same sample of start entities (seeded):
 * neighbourhood depth 1/2/3 (limit 200), shortest path between sample pairs, communities of a
 * depth-2 neighbourhood, co-occurrence top 20 — for random entities and for the five entities
 * with the most entity edges (hubs) — and whole-graph queries: cooperation matrix, entity graph
 * (what export writes), communities of the whole graph. Neo4j is warmed up first (the 10×
 * corpus written twice, every query asked once, then the largest scale written once), and the
 * CPU its threads and this process use during each ingest is printed. --batch-sweep measures
 * Neo4j ingest at 10× for several statement / transaction sizes, each into an emptied database
 * after a warm-up.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { documentGraph, openGraphStore, type DocumentGraph, type GraphStore, type Neo4jWriteBatching } from '../graph/index.js';
import { startTestNeo4j, type TestNeo4j } from '../neo4j-launcher/start.js';
import { BENCH_JVM_OPTIONS as BASE_JVM_OPTIONS, emptyNeo4j, jvmCpuSummary, threadCpuSeconds } from './neo4j-bench.js';
import { loadSeedRecords, scaledGraphRecords } from './graph-scale.js';
import { randomOf } from './scale-corpus.js';

/**
 * A server-like JVM rather than the test launcher's small one (C1 only, serial GC, 1 GiB), with
 * a page cache sized as for a server (1 GiB) rather than the tests' 64 MiB, which made the 100×
 * ingest page in and out (27.5 s instead of 32–40 s before the write changes).
 */
const BENCH_JVM_OPTIONS = [...BASE_JVM_OPTIONS, '-Dtestneo4j.pageCacheMiB=1024'];
const HUBS = 5;
const WHOLE_GRAPH_RUNS = 3;

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const scales = option('scales', '1,10,100').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
const backends = option('backends', 'embedded,neo4j').split(',');
const samples = Number(option('samples', '30'));
const sweep = args.includes('--batch-sweep');

interface Timing {
  label: string;
  ms: number[];
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : ms.toFixed(0));

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await fn();
  return [performance.now() - started, value];
}

function mentionsOf(graphs: readonly DocumentGraph[]): number {
  return graphs.reduce((n, g) => n + g.edges.reduce((m, e) => m + (e.type === 'MENTIONS' ? 1 : 0), 0), 0);
}

/** Start entities: a seeded sample of all entities, and the entities with the most entity edges. */
function pickEntities(graphs: readonly DocumentGraph[]): { random: string[]; hubs: string[] } {
  const degree = new Map<string, number>();
  for (const g of graphs) {
    for (const n of g.nodes) if (n.label === 'Entity' && !degree.has(n.id)) degree.set(n.id, 0);
    for (const e of g.edges) {
      if (e.type === 'MENTIONS' || e.type === 'HAS_CLAUSE' || e.type === 'HAS_SECTION' || e.type === 'SETS') continue;
      for (const end of [e.from, e.to]) if (degree.has(end)) degree.set(end, degree.get(end)! + 1);
    }
  }
  const ids = [...degree.keys()].sort();
  const random = randomOf(42);
  const picked = new Set<string>();
  while (picked.size < Math.min(samples, ids.length)) picked.add(ids[Math.floor(random() * ids.length)]!);
  const hubs = [...degree].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, HUBS).map(([id]) => id);
  return { random: [...picked], hubs };
}

async function runQueries(store: GraphStore, start: { random: string[]; hubs: string[] }, wholeCommunities: boolean): Promise<Timing[]> {
  const pairs = start.random.map((id, i) => [id, start.random[(i + 1) % start.random.length]!] as const);
  const perEntity: [string, (id: string, i: number) => Promise<unknown>][] = [
    ['neighbourhood d1', (id) => store.neighbours({ id, depth: 1 })],
    ['neighbourhood d2', (id) => store.neighbours({ id, depth: 2 })],
    ['neighbourhood d3', (id) => store.neighbours({ id, depth: 3 })],
    ['shortest path', (_id, i) => store.shortestPath(pairs[i % pairs.length]![0], pairs[i % pairs.length]![1])],
    ['communities d2', (id) => store.communities({ id, depth: 2 })],
    ['co-occurrence top 20', (id) => store.cooccurring(id, 20)],
  ];
  const timings: Timing[] = [];
  for (const [label, query] of perEntity) {
    for (const [group, ids] of [
      ['random', start.random],
      ['hubs', start.hubs],
    ] as const) {
      if (label === 'shortest path' && group === 'hubs') continue;
      for (const [i, id] of ids.entries()) await query(id, i); // warm-up
      const ms: number[] = [];
      for (const [i, id] of ids.entries()) ms.push((await timed(() => query(id, i)))[0]);
      timings.push({ label: `${label} (${group})`, ms });
    }
  }
  const whole: [string, () => Promise<unknown>][] = [
    ['cooperation matrix', () => store.cooperation()],
    ['entity graph (export)', () => store.entityGraph()],
  ];
  if (wholeCommunities) whole.push(['communities, whole graph', () => store.communities({ maxNodes: Number.MAX_SAFE_INTEGER })]);
  for (const [label, query] of whole) {
    await query();
    const ms: number[] = [];
    for (let i = 0; i < WHOLE_GRAPH_RUNS; i++) ms.push((await timed(query))[0]);
    timings.push({ label, ms });
  }
  return timings;
}


async function openStore(backend: string, server: TestNeo4j | null, batching?: Partial<Neo4jWriteBatching>): Promise<GraphStore> {
  if (backend === 'embedded') return openGraphStore({ backend: 'embedded' });
  await emptyNeo4j(server!.uri);
  return openGraphStore({ backend: 'neo4j', uri: server!.uri, user: 'neo4j', password: 'unused', batching });
}

const seeds = await loadSeedRecords();
console.log(`# bench/graph.ts — ${new Date().toISOString()}`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
console.log(`command: npx tsx bench/graph.ts ${args.join(' ')}`.trim());
console.log(`Neo4j JVM: ${BENCH_JVM_OPTIONS.join(' ')}`);
console.log(`load average at start: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (other work on the machine slows every figure)\n`);

const server = backends.includes('neo4j') || sweep ? await startTestNeo4j({ jvmOptions: BENCH_JVM_OPTIONS }) : null;
try {
  if (sweep && server) {
    const graphs = [...scaledGraphRecords(seeds, 10)].map(documentGraph);
    const mentions = mentionsOf(graphs);
    const warm = await openStore('neo4j', server);
    for (let i = 0; i < 3; i++) await warm.writeDocuments(graphs);
    await warm.close();
    console.log(`## Neo4j ingest by batch size (10×: ${graphs.length} documents, ${mentions} mentions, after a warm-up)\n`);
    const configs: Neo4jWriteBatching[] = [
      { statementRows: 1000, transactionRows: 1 },
      { statementRows: 1000, transactionRows: 5000 },
      { statementRows: 1000, transactionRows: 20_000 },
      { statementRows: 1000, transactionRows: 100_000 },
      { statementRows: 250, transactionRows: 20_000 },
      { statementRows: 5000, transactionRows: 20_000 },
    ];
    // Two passes in opposite orders, so that a JVM still warming up or a busy machine does not
    // favour one configuration; the faster pass is reported.
    const seconds = new Map<Neo4jWriteBatching, number[]>(configs.map((c) => [c, []]));
    for (const order of [configs, [...configs].reverse()]) {
      for (const batching of order) {
        const store = await openStore('neo4j', server, batching);
        const [ms] = await timed(() => store.writeDocuments(graphs));
        await store.close();
        seconds.get(batching)!.push(ms / 1000);
      }
    }
    console.log('| rows per statement | rows per transaction | seconds (pass 1, pass 2) | mentions/s (faster pass) |\n| --- | --- | --- | --- |');
    for (const batching of configs) {
      const [a, b] = seconds.get(batching)!;
      const perTx = batching.transactionRows === 1 ? '1 document' : String(batching.transactionRows);
      console.log(`| ${batching.statementRows} | ${perTx} | ${a!.toFixed(1)}, ${b!.toFixed(1)} | ${Math.round(mentions / Math.min(a!, b!))} |`);
    }
    console.log('');
  }

  if (server && backends.includes('neo4j') && scales.length > 0) {
    // A fresh JVM runs everything several times slower until the JIT has compiled Neo4j's hot
    // paths: write the 10× corpus twice and ask every query once before measuring anything.
    // That still left the JIT compilers 9 s of work during the 100× write (a third of the JVM's
    // CPU), so the largest scale is written once too.
    const graphs = [...scaledGraphRecords(seeds, 10)].map(documentGraph);
    const warm = await openStore('neo4j', server);
    for (let i = 0; i < 2; i++) await warm.writeDocuments(graphs);
    await runQueries(warm, pickEntities(graphs), false);
    await warm.close();
    const largest = Math.max(...scales);
    if (largest > 10) {
      const again = await openStore('neo4j', server);
      await again.writeDocuments([...scaledGraphRecords(seeds, largest)].map(documentGraph));
      await again.close();
    }
  }

  for (const scale of scales) {
    const graphs = [...scaledGraphRecords(seeds, scale)].map(documentGraph);
    const mentions = mentionsOf(graphs);
    const start = pickEntities(graphs);
    for (const backend of backends) {
      const store = await openStore(backend, server);
      const jvmBefore = backend === 'neo4j' ? threadCpuSeconds(server!.pid) : null;
      const clientBefore = process.cpuUsage();
      const [ingestMs] = await timed(() => store.writeDocuments(graphs));
      const client = process.cpuUsage(clientBefore);
      const jvm = jvmBefore ? `${jvmCpuSummary(jvmBefore, threadCpuSeconds(server!.pid))}, ` : '';
      const counts = await store.counts();
      console.log(`## ${backend}, ${scale}×: ${counts.documents} documents, ${counts.entities} entities, ${counts.nodes} nodes, ${counts.edges} edges`);
      console.log(`ingest (writeDocuments into an empty store): ${(ingestMs / 1000).toFixed(1)} s, ${Math.round(mentions / (ingestMs / 1000))} mentions/s (${mentions} mentions)`);
      console.log(`CPU during the ingest: ${jvm}this process ${((client.user + client.system) / 1e6).toFixed(1)} s`);
      console.log(`hubs: ${start.hubs.join(', ')}\n`);
      const timings = await runQueries(store, start, true);
      console.log('| query | n | p50 ms | p95 ms | max ms |\n| --- | --- | --- | --- | --- |');
      for (const t of timings) console.log(`| ${t.label} | ${t.ms.length} | ${fmt(percentile(t.ms, 50))} | ${fmt(percentile(t.ms, 95))} | ${fmt(Math.max(...t.ms))} |`);
      console.log('');
      await store.close();
    }
  }
} finally {
  await server?.stop();
}
console.log(`load average at end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
