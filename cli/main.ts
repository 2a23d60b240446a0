import { createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import { KnowledgeBase, loadConfig, type Config, type IngestSummary, type ProgressListener } from '../core/index.js';
import { formatScores, formatEntityErrors, loadGold, scoreExport } from '../eval/index.js';
import { graphToGraphML, graphToNeo4jCsv, graphToNeo4jCsvZip } from '../graph/index.js';
import { QueryError } from '../search/index.js';
import { startServer } from '../server/index.js';

/** The project folder (holds corpus/, tests/gold, dist/web), whether run from source or dist/. */
const PROJECT_ROOT = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

function findProjectRoot(dir: string): string {
  for (let d = dir; dirname(d) !== d; d = dirname(d)) if (existsSync(join(d, 'package.json'))) return d;
  return process.cwd();
}

function config(): Config {
  return loadConfig();
}

function progressBar(): { listener: ProgressListener; stop: () => void } {
  if (!process.stderr.isTTY) return { listener: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: '导入 [{bar}] {value}/{total} {file}', stream: process.stderr, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    listener: ({ done, total, file }) => {
      if (!started) {
        bar.start(total, 0, { file: '' });
        started = true;
      }
      bar.update(done, { file: file ?? '' });
    },
    stop: () => started && bar.stop(),
  };
}

function printSummary(s: IngestSummary): void {
  for (const f of s.files) {
    if (f.error) console.error(`✗ ${f.file}: ${f.error.message}`);
    for (const w of f.warnings) console.error(`  ${f.file}: [${w.ruleId}] ${w.message}`);
  }
  console.error(
    `ingested ${s.files.length} files (${s.articles} articles) in ${(s.ms / 1000).toFixed(1)} s: ` +
      `${s.added} added, ${s.unchanged} unchanged, ${s.failed} failed; corpus now ${s.clauses} clauses, ${s.entities} entities`,
  );
}

async function withKnowledgeBase<T>(fn: (kb: KnowledgeBase) => Promise<T>, ingestCorpusOnFirstStart = true): Promise<T> {
  const progress = progressBar();
  const { kb, firstStart, warnings } = await KnowledgeBase.open(config(), { ingestCorpusOnFirstStart, onProgress: progress.listener });
  progress.stop();
  for (const w of warnings) console.error(`policy-kg: warning: ${w}`);
  if (firstStart) printSummary(firstStart);
  try {
    return await fn(kb);
  } finally {
    await kb.close();
  }
}

function positiveInt(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('需要正整数。');
  return n;
}

const program = new Command()
  .name('policy-kg')
  .description('Knowledge graph and clause-level full-text search over Chinese policy documents')
  .showHelpAfterError();

program
  .command('ingest')
  .description('ingest files or folders (default: corpus/)')
  .argument('[paths...]', 'files or folders')
  .action(async (paths: string[]) => {
    const targets = paths.length ? paths.map((p) => resolve(p)) : [config().corpusDir];
    await withKnowledgeBase(async (kb) => {
      const progress = progressBar();
      const summary = await kb.ingestPaths(targets, progress.listener);
      progress.stop();
      printSummary(summary);
      if (summary.failed) process.exitCode = 1;
    }, false);
  });

program
  .command('export')
  .description('every article as one JSON line')
  .option('--out <file>', 'write to a file instead of stdout')
  .action(async (opts: { out?: string }) => {
    await withKnowledgeBase(async (kb) => {
      const out = opts.out ? createWriteStream(opts.out) : process.stdout;
      for (const r of kb.allRecords()) out.write(`${JSON.stringify(r)}\n`);
      if (opts.out) await new Promise<void>((res, rej) => out.end(() => res()).on('error', rej));
    });
  });

program
  .command('export-graph')
  .description('the entity graph, or a neighbourhood, as GraphML (Gephi) or neo4j-admin import CSV')
  .requiredOption('--format <format>', 'graphml or csv', (v) => {
    if (v !== 'graphml' && v !== 'csv') throw new InvalidArgumentError('须为 graphml 或 csv。');
    return v;
  })
  .requiredOption('--out <path>', 'graphml: the file; csv: a folder for nodes.csv and edges.csv, or a .zip file')
  .option('--entity <id>', 'start entity of a neighbourhood (default: the whole entity graph)')
  .option('--depth <n>', 'hops of the neighbourhood, 1 to 3', positiveInt, 1)
  .option('--limit <n>', 'most nodes of the neighbourhood', positiveInt, 200)
  .action(async (opts: { format: 'graphml' | 'csv'; out: string; entity?: string; depth: number; limit: number }) => {
    await withKnowledgeBase(async (kb) => {
      if (opts.entity !== undefined && !(await kb.graph.node(opts.entity))) {
        console.error(`未找到实体 ${opts.entity}。`);
        process.exitCode = 1;
        return;
      }
      const graph =
        opts.entity === undefined
          ? await kb.graph.entityGraph({ maxNodes: Number.MAX_SAFE_INTEGER })
          : await kb.graph.neighbours({ id: opts.entity, depth: opts.depth, limit: opts.limit });
      const out = resolve(opts.out);
      if (opts.format === 'graphml') writeFileSync(out, graphToGraphML(graph));
      else if (out.toLowerCase().endsWith('.zip')) writeFileSync(out, graphToNeo4jCsvZip(graph));
      else {
        mkdirSync(out, { recursive: true });
        const { nodes, edges } = graphToNeo4jCsv(graph);
        writeFileSync(join(out, 'nodes.csv'), nodes);
        writeFileSync(join(out, 'edges.csv'), edges);
      }
      console.error(`exported ${graph.nodes.length} nodes and ${graph.edges.length} edges to ${out}`);
    });
  });

program
  .command('search')
  .description('search clauses; hits best first')
  .argument('<query>', 'query (space = AND, "phrase", A OR B, -term, field:value)')
  .option('--limit <n>', 'hits to return', positiveInt, 20)
  .option('--all', 'return every matching clause')
  .option('--json', 'hits as a JSON array')
  .action(async (query: string, opts: { limit: number; all?: boolean; json?: boolean }) => {
    await withKnowledgeBase(async (kb) => {
      let result;
      try {
        result = kb.search(query, { limit: opts.all ? 'all' : opts.limit });
      } catch (e) {
        if (e instanceof QueryError) {
          console.error(e.message);
          process.exitCode = 2;
          return;
        }
        throw e;
      }
      if (opts.json) {
        const hits = result.hits.map(({ clauseId, docId, title, text, score, highlights }) => ({ clauseId, docId, title, text, score, highlights }));
        process.stdout.write(`${JSON.stringify(hits)}\n`);
        return;
      }
      console.log(`共 ${result.total} 条（${result.tookMs} ms）`);
      for (const h of result.hits) {
        let marked = '';
        let at = 0;
        for (const [s, e] of h.highlights) {
          marked += `${h.text.slice(at, s)}【${h.text.slice(s, e)}】`;
          at = e;
        }
        console.log(`\n${h.title ?? '（无标题）'}  ${h.clauseId}  ${h.score}\n  ${marked + h.text.slice(at)}`);
      }
    });
  });

program
  .command('serve')
  .description('serve the API and the web UI')
  .option('--port <n>', 'port (default PORT or 3000)', (v) => Number(v))
  .action(async (opts: { port?: number }) => {
    const cfg = config();
    const port = opts.port ?? cfg.port;
    const started = performance.now();
    const progress = progressBar();
    const { kb, firstStart, warnings } = await KnowledgeBase.open(cfg, { onProgress: progress.listener });
    progress.stop();
    for (const w of warnings) console.error(`policy-kg: warning: ${w}`);
    if (firstStart) printSummary(firstStart);
    const server = await startServer(kb, {
      port,
      host: cfg.host,
      adminToken: cfg.adminToken,
      rateLimits: cfg.rateLimits,
      webDir: join(PROJECT_ROOT, 'dist', 'web'),
    });
    const address = server.address();
    const bound = typeof address === 'object' && address ? address.port : port;
    const totals = kb.totals();
    console.error(
      `policy-kg: ${kb.graph.backend} store, ${totals.articles} articles, ${totals.clauses} clauses, ${totals.entities} entities ` +
        `(${firstStart ? 'ingested corpus' : 'loaded'} in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
    if (!cfg.adminToken) console.error('policy-kg: KG_ADMIN_TOKEN is not set: uploads and deletes are disabled.');
    console.error(`policy-kg: listening on http://${cfg.host}:${bound}/`);
    const shutdown = () => {
      server.close();
      server.closeAllConnections();
      void kb.close().finally(() => process.exit(0));
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  });

program
  .command('check')
  .description('consistency of corpus/, records, graph and search index; exit code 1 on a problem')
  .action(async () => {
    await withKnowledgeBase(async (kb) => {
      const { ok, problems } = await kb.check();
      for (const p of problems) console.error(`✗ ${p}`);
      const t = kb.totals();
      console.error(ok ? `check passed: ${t.articles} articles consistent in corpus, records, graph and index` : `check failed: ${problems.length} problems`);
      if (!ok) process.exitCode = 1;
    }, false);
  });

program
  .command('eval')
  .description('extraction scores (P/R/F1 per type) on tests/gold, of a fresh ingest of the corpus folder')
  .option('--gold <dir>', 'folder of gold annotations', join(PROJECT_ROOT, 'tests', 'gold'))
  .option('--json', 'scores as JSON')
  .option('--errors', 'also list the missed and spurious entities per type')
  .action(async (opts: { gold: string; json?: boolean; errors?: boolean }) => {
    // The current rules on the corpus, not the records a data folder kept from older rules;
    // always embedded, so that scoring never writes into a configured Neo4j.
    const scratch = mkdtempSync(join(tmpdir(), 'policy-kg-eval-'));
    try {
      const { kb } = await KnowledgeBase.open({ ...config(), dataDir: scratch, neo4j: null });
      let scores;
      try {
        scores = scoreExport(kb.allRecords(), loadGold(opts.gold));
      } finally {
        await kb.close();
      }
      if (opts.json) console.log(JSON.stringify(opts.errors ? scores : { ...scores, entityErrors: undefined }));
      else console.log(opts.errors ? `${formatScores(scores)}\n\n${formatEntityErrors(scores.entityErrors)}` : formatScores(scores));
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exit(1);
});
