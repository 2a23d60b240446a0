/**
 * Crash test (issue 7): kill -9 the server at random moments while uploads run, restart,
 * and check that every acknowledged upload survived in corpus, graph and index, that
 * nothing half-ingested is visible, and that `policy-kg check` passes.
 *
 *   npm run build && npx tsx bench/crash.ts [ROUNDS=30] [UPLOADS_PER_ROUND=8]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const TOKEN = 'crash-test-token';
const rounds = Number(process.argv[2] ?? 30);
const uploadsPerRound = Number(process.argv[3] ?? 8);

const work = mkdtempSync(join(tmpdir(), 'policy-kg-crash-'));
cpSync(join(ROOT, 'corpus'), join(work, 'corpus'), { recursive: true });
const env = {
  ...process.env,
  KG_DATA_DIR: join(work, 'data'),
  KG_CORPUS_DIR: join(work, 'corpus'),
  KG_ADMIN_TOKEN: TOKEN,
  KG_WRITE_LIMIT_PER_MINUTE: '0',
  KG_READ_LIMIT_PER_MINUTE: '0',
  HOST: '127.0.0.1',
};
delete (env as NodeJS.ProcessEnv).NEO4J_URI;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((res) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
  });
}

async function start(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', '--port', String(port)], { env, stdio: 'ignore' });
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {
      // not yet listening
    }
    await sleep(50);
  }
  throw new Error('server did not become healthy');
}

/** A small notice whose marker phrase occurs in no other document. */
function document(marker: string): Blob {
  return new Blob([`关于${marker}的通知\n各区县：\n到2026年，建设${marker}示范点10个左右，推动产教融合。\n`], { type: 'text/plain' });
}

const acknowledged: string[] = [];
let uploadsSent = 0;
let lost = 0;
let checkFailures = 0;
let restartMs = 0;

for (let round = 1; round <= rounds; round++) {
  const port = await freePort();
  const server = await start(port);
  const base = `http://127.0.0.1:${port}`;

  // Everything acknowledged so far must be there after the previous kill.
  for (const marker of acknowledged) {
    const res = await fetch(`${base}/api/search?q=${encodeURIComponent(`"${marker}示范点"`)}&limit=all`);
    const body = (await res.json()) as { total: number };
    if (body.total !== 1) {
      lost++;
      console.error(`round ${round}: acknowledged upload ${marker} found ${body.total} times`);
    }
    if (!existsSync(join(work, 'corpus', `${marker}.txt`))) {
      lost++;
      console.error(`round ${round}: acknowledged upload ${marker} missing from corpus/`);
    }
  }

  // A batch of uploads, killed at a random moment.
  const killAfter = 20 + Math.floor(Math.random() * 400);
  const batch = Array.from({ length: uploadsPerRound }, (_, i) => `崩溃测试${round}批${i}号`);
  const pending = batch.map(async (marker) => {
    const form = new FormData();
    form.append('files', document(marker), `${marker}.txt`);
    uploadsSent++;
    try {
      const res = await fetch(`${base}/api/documents`, { method: 'POST', body: form, headers: { authorization: `Bearer ${TOKEN}` } });
      if (res.status === 201) acknowledged.push(marker);
    } catch {
      // the server died before answering: not acknowledged, may or may not be there
    }
  });
  await sleep(killAfter);
  server.kill('SIGKILL');
  await Promise.all(pending);
  await new Promise((r) => (server.exitCode !== null || server.signalCode !== null ? r(null) : server.once('exit', r)));

  const started = performance.now();
  const check = spawnSync(process.execPath, [CLI, 'check'], { env, encoding: 'utf8' });
  restartMs += performance.now() - started;
  if (check.status !== 0) {
    checkFailures++;
    console.error(`round ${round}: policy-kg check failed:\n${check.stderr}`);
  }
  process.stdout.write(`round ${round}/${rounds}: killed after ${killAfter} ms, ${acknowledged.length} acknowledged so far\n`);
}

rmSync(work, { recursive: true, force: true });
console.log(
  JSON.stringify({ rounds, uploadsSent, acknowledged: acknowledged.length, lost, checkFailures, meanCheckMs: Math.round(restartMs / rounds) }),
);
process.exit(lost || checkFailures ? 1 : 0);
