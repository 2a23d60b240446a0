/**
 * Ingest end to end (issue 8 item 1, issue 4 item 6): MB of UTF-8 source text and documents
 * per second from files on disk to both views, on scaled corpora (bench/scale-sources.ts
 * writes N× corpus/ as real files with place names varied per copy), per store, broken down
 * by stage:
 *
 *   read (file bytes → text: fs read + decode) · clean · split · structure · segment (jieba
 *   tag, inside extraction) · extract (the rest of extraction) · index (ClauseIndex.add) ·
 *   graph (documentGraph + GraphStore.writeDocuments, in batches of GRAPH_BATCH articles) ·
 *   persist (records.json and the index file: what KnowledgeBase writes)
 *
 *   npx tsx bench/ingest.ts [--scales 1,10,100] [--stores embedded,neo4j] [--runs 1] [--workers 0] [--product SCALES]
 *
 * Each (store, scale) runs `--runs` times, after a warm-up of the 1× corpus (jieba's and the
 * lexicons' loading is start-up, not throughput); the fastest run is reported. Neo4j is the
 * real Community 5.26 from neo4j-launcher with bench/graph.ts's JVM, warmed up by writing
 * the 10× graph twice, and emptied before every run.
 *
 * --workers N (N ≥ 1): files go to an ingest pool of N worker threads (createIngestPool, as
 * KnowledgeBase uses for large folders), handed out READ_AHEAD_FILES per worker ahead, while
 * the main thread indexes, writes the graph and persists; the workers' stages are not timed
 * (–), and `wait` is the main thread's time getting each file's records: ingesting a file no
 * worker has started itself, or waiting for one a worker has.
 *
 * --product 1,10: also the product's own path at those scales, per store —
 * KnowledgeBase.ingestPaths on the folder (what `policy-kg ingest DIR` does: each file copied
 * into the corpus folder, one writeDocuments per file, records and index persisted; from 4 MB
 * on, extraction on a worker thread), then a start on the result and uploads into it. It runs
 * the built code in dist/ (`npm run build` first), as `policy-kg` does: under tsx, the worker
 * thread would compile its modules from TypeScript before its first file.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { documentGraph, openGraphStore, type DocumentGraph, type GraphStore } from '../graph/index.js';
import { createIngestPool, INGEST_STAGES, ingestFile, type DocumentRecord, type IngestStage, type PendingIngest } from '../ingest/index.js';
import { defaultSegmenter } from '../lang/index.js';
import { startTestNeo4j, type TestNeo4j } from '../neo4j-launcher/start.js';
import { BENCH_JVM_OPTIONS, emptyNeo4j } from './neo4j-bench.js';
import { ClauseIndex } from '../search/index.js';
import { writeFileAtomicAsync } from '../io/index.js';
import { RECORDS_FILE, recordsFileBytes, recordText } from '../core/records-file.js';
import { loadSeedRecords } from './scale-corpus.js';
import { writeScaledSources, type ScaledSources } from './scale-sources.js';

/** As bench/graph.ts: a server-like JVM rather than the test launcher's small one. */
const GRAPH_BATCH = 500; // articles per writeDocuments call
const STAGES = [...INGEST_STAGES, 'index', 'graph', 'persist', 'wait'] as const;
const READ_AHEAD_FILES = 64; // per worker, as KnowledgeBase reads ahead (core/knowledge-base.ts)
type Stage = (typeof STAGES)[number];

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const scales = option('scales', '1,10,100').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
const stores = option('stores', 'embedded,neo4j').split(',');
const runs = Math.max(1, Number(option('runs', '1')));
const workerCount = Math.max(0, Number(option('workers', '0')));
const productScales = option('product', '').split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);

interface Run {
  files: number;
  articles: number;
  clauses: number;
  bytes: number;
  seconds: number;
  stages: Record<Stage, number>;
}

const segmenter = defaultSegmenter();

const pool = workerCount > 0 ? createIngestPool({ threads: workerCount }) : null;

/** Every file through the pipeline into a fresh index and the given (empty) store, then persisted. */
async function ingestAll(sources: ScaledSources, store: GraphStore): Promise<Run> {
  const stages = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  const onStageTime = (stage: IngestStage, ms: number) => (stages[stage] += ms);
  const readFile = (file: string) => {
    const t = performance.now();
    const bytes = readFileSync(join(sources.dir, file));
    stages.read += performance.now() - t;
    return bytes;
  };
  const articlesOf = pool
    ? async function* () {
        // as KnowledgeBase does: a few files ahead on the workers, results taken in file order
        const ahead: PendingIngest[] = [];
        const send = (i: number) => ahead.push(pool.submit(sources.files[i]!, readFile(sources.files[i]!)));
        const window = READ_AHEAD_FILES * workerCount;
        for (let i = 0; i < Math.min(window, sources.files.length); i++) send(i);
        for (let i = 0; i < sources.files.length; i++) {
          const t = performance.now();
          const ingest = await ahead.shift()!.take();
          stages.wait += performance.now() - t;
          if (i + window < sources.files.length) send(i + window);
          yield ingest;
        }
      }
    : async function* () {
        for (const file of sources.files) yield await ingestFile(file, readFile(file), { segmenter, onStageTime });
      };
  const index = new ClauseIndex(segmenter);
  const records: DocumentRecord[] = [];
  const texts: (Uint8Array | undefined)[] = []; // each record's text in the records file, when a worker sent it
  let graphs: DocumentGraph[] = [];
  const writeGraphs = async () => {
    const t = performance.now();
    await store.writeDocuments(graphs);
    stages.graph += performance.now() - t;
    graphs = [];
  };
  const dataDir = mkdtempSync(join(root, 'data-'));
  const started = performance.now();
  for await (const { records: articles, wordBreaks, recordTexts } of articlesOf()) {
    for (const [i, r] of articles.entries()) {
      let t = performance.now();
      index.add(r, wordBreaks[i]);
      stages.index += performance.now() - t;
      t = performance.now();
      graphs.push(documentGraph(r));
      stages.graph += performance.now() - t;
      records.push(r);
      texts.push(recordTexts?.[i]);
    }
    if (graphs.length >= GRAPH_BATCH) await writeGraphs();
  }
  if (graphs.length) await writeGraphs();
  const t = performance.now();
  // as KnowledgeBase.persist: both files written together, each durable at the end
  const file = recordsFileBytes(records.map((r, i) => texts[i] ?? recordText(r)));
  await Promise.all([writeFileAtomicAsync(join(dataDir, RECORDS_FILE), file), index.save(dataDir)]);
  stages.persist += performance.now() - t;
  const seconds = (performance.now() - started) / 1000;
  rmSync(dataDir, { recursive: true, force: true });
  for (const s of STAGES) stages[s] /= 1000;
  return {
    files: sources.files.length,
    articles: records.length,
    clauses: records.reduce((n, r) => n + r.clauses.length, 0),
    bytes: sources.bytes,
    seconds,
    stages,
  };
}


async function openStore(backend: string, server: TestNeo4j | null): Promise<GraphStore> {
  if (backend === 'embedded') return openGraphStore({ backend: 'embedded' });
  await emptyNeo4j(server!.uri);
  return openGraphStore({ backend: 'neo4j', uri: server!.uri, user: 'neo4j', password: 'unused' });
}

/** Uploads timed one after another into the ingested corpus, as a librarian adds notices. */
const UPLOADS = 5;
const uploadNotice = (n: number) => Buffer.from(`关于推进第${n}批鲁班工坊建设的通知\n各区县：\n到2026年，建设鲁班工坊${n}个左右，服务一带一路建设。\n`);

/**
 * KnowledgeBase.ingestPaths of the folder into empty data and corpus folders; then a start on
 * what it wrote (KnowledgeBase.open: records, index, and the graph refilled where it lacks
 * documents — always for the embedded store, which is rebuilt from the records); then
 * UPLOADS uploads of a three-line notice (KnowledgeBase.addUpload, each durable when it
 * resolves). Wall seconds; the upload figure is the median.
 */
async function ingestWithKnowledgeBase(backend: string, sources: ScaledSources, server: TestNeo4j | null): Promise<{ ingest: number; start: number; upload: number }> {
  if (backend === 'neo4j') await emptyNeo4j(server!.uri);
  const { KnowledgeBase, loadConfig } = (await import(new URL('../dist/core/index.js', import.meta.url).href)) as typeof import('../core/index.js');
  const config = loadConfig(
    {},
    {
      dataDir: mkdtempSync(join(root, 'kb-data-')),
      corpusDir: mkdtempSync(join(root, 'kb-corpus-')),
      neo4j: backend === 'neo4j' ? { uri: server!.uri, user: 'neo4j', password: 'unused' } : null,
    },
  );
  const { kb } = await KnowledgeBase.open(config, { ingestCorpusOnFirstStart: false });
  const t = performance.now();
  const summary = await kb.ingestPaths([sources.dir]);
  const ingest = (performance.now() - t) / 1000;
  await kb.close();
  if (summary.failed || summary.added !== sources.files.length) throw new Error(`KnowledgeBase ingest: ${summary.added} added, ${summary.failed} failed of ${sources.files.length}`);
  const s = performance.now();
  const again = await KnowledgeBase.open(config, { ingestCorpusOnFirstStart: false });
  const start = (performance.now() - s) / 1000;
  const uploads: number[] = [];
  for (let n = 1; n <= UPLOADS; n++) {
    const u = performance.now();
    const report = await again.kb.addUpload(`upload-${n}.txt`, uploadNotice(n));
    uploads.push((performance.now() - u) / 1000);
    if (report.status !== 'added') throw new Error(`upload ${n}: ${report.status} ${report.error?.message ?? ''}`);
  }
  await again.kb.close();
  return { ingest, start, upload: uploads.sort((a, b) => a - b)[Math.floor(UPLOADS / 2)]! };
}

const f2 = (n: number) => n.toFixed(2);
const mb = (bytes: number) => bytes / 1e6;

const seeds = await loadSeedRecords();
const root = mkdtempSync(join(tmpdir(), 'policy-kg-bench-ingest-'));
const sourcesAt = new Map<number, ScaledSources>();
const sources = (scale: number) => {
  let s = sourcesAt.get(scale);
  if (!s) sourcesAt.set(scale, (s = writeScaledSources(join(root, `${scale}x`), seeds, scale)));
  return s;
};

console.log(`# bench/ingest.ts — ${new Date().toISOString()}`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
console.log(`command: npx tsx bench/ingest.ts ${args.join(' ')}`.trim());
if (pool) console.log(`clean → extract in ${workerCount} worker thread(s); read, index, graph and persist on the main thread`);
console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);

const server = stores.includes('neo4j') ? await startTestNeo4j({ jvmOptions: BENCH_JVM_OPTIONS }) : null;
try {
  // warm-up: lexicons, jieba, the JIT (and Neo4j's JIT: the 10× graph written twice)
  {
    const store = await openStore('embedded', null);
    await ingestAll(sources(1), store);
    await store.close();
  }
  if (server) {
    const warm = await openStore('neo4j', server);
    const records: DocumentRecord[] = [];
    for (const file of sources(10).files) records.push(...(await ingestFile(file, readFileSync(join(sources(10).dir, file)), { segmenter })).records);
    const graphs = records.map(documentGraph);
    for (let i = 0; i < 2; i++) await warm.writeDocuments(graphs);
    await warm.close();
  }
  for (const backend of stores) {
    console.log(`## ${backend}\n`);
    console.log(`| scale | files | articles | clauses | MB | seconds | MB/s | articles/s | ${STAGES.join(' s | ')} s | load avg (1 min) |`);
    console.log(`| --- | --- | --- | --- | --- | --- | --- | --- | ${STAGES.map(() => '---').join(' | ')} | --- |`);
    for (const scale of scales) {
      let best: Run | null = null;
      for (let i = 0; i < runs; i++) {
        const store = await openStore(backend, server);
        const run = await ingestAll(sources(scale), store);
        await store.close();
        if (!best || run.seconds < best.seconds) best = run;
      }
      const r = best!;
      const onWorkers = new Set<Stage>(pool ? ['clean', 'split', 'structure', 'segment', 'extract'] : []);
      const cells = STAGES.map((s) => (onWorkers.has(s) ? '–' : f2(r.stages[s])));
      console.log(
        `| ${scale}× | ${r.files} | ${r.articles} | ${r.clauses} | ${f2(mb(r.bytes))} | ${f2(r.seconds)} | **${f2(mb(r.bytes) / r.seconds)}** | ${Math.round(r.articles / r.seconds)} | ${cells.join(' | ')} | ${loadavg()[0]!.toFixed(2)} |`,
      );
    }
    console.log('');
    if (productScales.length) {
      console.log(`KnowledgeBase.ingestPaths (${backend}), the product's path:\n`);
      console.log('| scale | MB | seconds | MB/s | articles/s | start on it, s | upload (median of 5), s | load avg (1 min) |\n| --- | --- | --- | --- | --- | --- | --- | --- |');
      for (const scale of productScales) {
        const best = { ingest: Infinity, start: Infinity, upload: Infinity };
        for (let i = 0; i < runs; i++) {
          const run = await ingestWithKnowledgeBase(backend, sources(scale), server);
          for (const key of ['ingest', 'start', 'upload'] as const) best[key] = Math.min(best[key], run[key]);
        }
        const articles = seeds.length * scale; // every copy holds as many articles as corpus/
        const rate = mb(sources(scale).bytes) / best.ingest;
        console.log(
          `| ${scale}× | ${f2(mb(sources(scale).bytes))} | ${f2(best.ingest)} | **${f2(rate)}** | ${Math.round(articles / best.ingest)} | ${f2(best.start)} | ${f2(best.upload)} | ${loadavg()[0]!.toFixed(2)} |`,
        );
      }
      console.log('');
    }
  }
} finally {
  await server?.stop();
  await pool?.close();
  rmSync(root, { recursive: true, force: true });
}
console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
