/**
 * Load (issue 7): autocannon against /api/search with a mixed query set, on the embedded
 * store. Reports errors, latency p50/p99, requests per second, and the server's RSS after
 * warm-up and at the end.
 *
 *   npm run build && npx tsx bench/load.ts [SECONDS=60] [CONNECTIONS=100]
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';

const ROOT = resolve(import.meta.dirname, '..');
const seconds = Number(process.argv[2] ?? 60);
const connections = Number(process.argv[3] ?? 100);
const WARM_UP_SECONDS = 10;

/** Two-character words, long phrases, multi-term, OR, exclusion and filtered queries. */
const QUERIES = [
  '产教',
  '重庆',
  '职业教育',
  '产教联合体',
  '"成渝地区双城经济圈"',
  '"深化现代职业教育体系改革"',
  '重庆 职业教育 改革',
  '双高计划 OR 鲁班工坊',
  '产业 -重庆',
  '产教融合 kind:notice',
  '合作 year:2024',
  '33618',
  '数字贸易',
  '人才 培养 体系',
];

const work = mkdtempSync(join(tmpdir(), 'policy-kg-load-'));
cpSync(join(ROOT, 'corpus'), join(work, 'corpus'), { recursive: true });
const port = await new Promise<number>((res) => {
  const s = createServer().listen(0, '127.0.0.1', () => {
    const { port: p } = s.address() as { port: number };
    s.close(() => res(p));
  });
});
const env = { ...process.env, KG_DATA_DIR: join(work, 'data'), KG_CORPUS_DIR: join(work, 'corpus'), KG_READ_LIMIT_PER_MINUTE: '0', HOST: '127.0.0.1' };
delete (env as NodeJS.ProcessEnv).NEO4J_URI;
const server = spawn(process.execPath, [join(ROOT, 'dist', 'cli', 'main.js'), 'serve', '--port', String(port)], { env, stdio: 'ignore' });
const base = `http://127.0.0.1:${port}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${base}/api/health`)).ok) break;
  } catch {
    if (i > 600) throw new Error('server did not start');
  }
  await new Promise((r) => setTimeout(r, 100));
}

const rssMiB = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))![1]) / 1024;

function run(duration: number): Promise<autocannon.Result> {
  let next = 0;
  return autocannon({
    url: base,
    connections,
    duration,
    requests: [
      {
        setupRequest: (req) => ({ ...req, method: 'GET', path: `/api/search?q=${encodeURIComponent(QUERIES[next++ % QUERIES.length])}&limit=20` }),
      },
    ],
  });
}

await run(WARM_UP_SECONDS);
const rssAfterWarmUp = rssMiB();
const result = await run(seconds);
const rssAtEnd = rssMiB();
server.kill('SIGTERM');
rmSync(work, { recursive: true, force: true });

const report = {
  machine: `${cpus().length} × ${cpus()[0].model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  seconds,
  connections,
  requests: result.requests.total,
  requestsPerSecond: Math.round(result.requests.average),
  errors: result.errors,
  timeouts: result.timeouts,
  non2xx: result.non2xx,
  latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
  rssMiB: { afterWarmUp: Math.round(rssAfterWarmUp), atEnd: Math.round(rssAtEnd), growthPercent: Math.round(((rssAtEnd - rssAfterWarmUp) / rssAfterWarmUp) * 100) },
};
console.log(JSON.stringify(report, null, 2));
process.exit(result.errors || result.non2xx || rssAtEnd > rssAfterWarmUp * 1.2 ? 1 : 0);
