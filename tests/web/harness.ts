/**
 * Shared harness of the browser tests: the real server on a temp copy of the corpus (with
 * an admin token), headless Chromium through playwright-core, pages that record uncaught
 * errors, and screenshots under <os.tmpdir()>/policy-kg-screenshots/<run>/ (outside the
 * repository). Not a test file itself (no .test.ts).
 *
 * Needs the build (`npm test` runs `npm run build` first) and Chromium at /usr/bin/chromium
 * (override with CHROMIUM_PATH). Without Chromium the suites are skipped with a warning,
 * unless REQUIRE_BROWSER=1, when they fail.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { describe, it } from 'vitest';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const WEB_INDEX = join(ROOT, 'dist', 'web', 'index.html');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
export const SERVER_START_TIMEOUT = 120_000; // ms: the first start ingests corpus/
const HEALTH_POLL_INTERVAL = 250; // ms
export const STEP_TIMEOUT = 30_000; // ms for one UI step (a search, a page, a layout)
const SERVER_STOP_GRACE = 5_000; // ms between SIGTERM and SIGKILL
export const ADMIN_TOKEN = 'browser-test-token';
const SCREENSHOT_ROOT = join(tmpdir(), 'policy-kg-screenshots');
const RUN_ID = new Date().toISOString().replace(/[:.]/g, '-');

export const hasBrowser = existsSync(CHROMIUM);
const browserRequired = process.env.REQUIRE_BROWSER === '1';

/** Warns (or, with REQUIRE_BROWSER=1, registers a failing test) when Chromium is missing. */
export function reportMissingBrowser(suite: string): void {
  if (hasBrowser) return;
  const message =
    `Chromium not found at ${CHROMIUM}: the browser tests (${suite}) are ${browserRequired ? 'FAILING (REQUIRE_BROWSER=1)' : 'SKIPPED'}. ` +
    'Install it with `apt-get install -y --no-install-recommends chromium`, or set CHROMIUM_PATH.';
  console.warn(`\n${'!'.repeat(100)}\n!! ${message}\n${'!'.repeat(100)}\n`);
  if (browserRequired) {
    describe(suite, () => {
      it('needs Chromium', () => {
        throw new Error(message);
      });
    });
  }
}

export interface RunningServer {
  child: ChildProcess;
  baseUrl: string;
  dataDir: string;
  /** the server's recent output, for failure messages */
  log: () => string;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolvePort(port));
    });
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startServer(): Promise<RunningServer> {
  for (const built of [CLI, WEB_INDEX]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first (\`npm test\` does).`);
  }
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'policy-kg-browser-data-'));
  // a copy of the corpus, so that uploads in these tests never touch the repository
  cpSync(join(ROOT, 'corpus'), join(dataDir, 'corpus'), { recursive: true });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    KG_DATA_DIR: join(dataDir, 'data'),
    KG_CORPUS_DIR: join(dataDir, 'corpus'),
    KG_ADMIN_TOKEN: ADMIN_TOKEN,
    HOST: '127.0.0.1',
    PORT: String(port),
  };
  delete env.NEO4J_URI; // the embedded store: these suites check the UI, not the backend
  const child = spawn(process.execPath, [CLI, 'serve', '--port', String(port)], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 60));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  // Never leave the server behind, even when the test process dies early.
  process.once('exit', () => child.kill('SIGKILL'));
  const server: RunningServer = { child, baseUrl: `http://127.0.0.1:${port}`, dataDir, log: () => lines.join('\n') };

  const deadline = Date.now() + SERVER_START_TIMEOUT - 5_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the server exited (${child.exitCode ?? child.signalCode}) before it was healthy:\n${server.log()}`);
    }
    try {
      const response = await fetch(`${server.baseUrl}/api/health`);
      if (response.ok && (await response.json()).status === 'ok') return server;
    } catch {
      // not listening yet
    }
    await sleep(HEALTH_POLL_INTERVAL);
  }
  await stopServer(server);
  throw new Error(`the server was not healthy after ${SERVER_START_TIMEOUT / 1000} s:\n${server.log()}`);
}

export async function stopServer(server: RunningServer): Promise<void> {
  const { child } = server;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const force = setTimeout(() => child.kill('SIGKILL'), SERVER_STOP_GRACE);
    await exited;
    clearTimeout(force);
  }
  rmSync(server.dataDir, { recursive: true, force: true });
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A fresh page that records uncaught errors (console warnings are fine). */
export async function openPage(browser: Browser, width: number, height: number): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width, height }, locale: 'zh-CN', acceptDownloads: true });
  page.setDefaultTimeout(STEP_TIMEOUT);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
}

/** The screenshot folder of one suite in this run (created on first use). */
export function screenshotDir(suite: string): string {
  const dir = join(SCREENSHOT_ROOT, RUN_ID, suite);
  mkdirSync(dir, { recursive: true });
  return dir;
}

export function screenshot(page: Page, dir: string, name: string, fullPage = false): Promise<Buffer> {
  return page.screenshot({ path: join(dir, `${name}.png`), fullPage });
}

/** Uploads a text file through the API (the librarian flow uploads through the UI). */
export async function uploadText(server: RunningServer, name: string, text: string): Promise<void> {
  const form = new FormData();
  form.append('files', new Blob([text], { type: 'text/plain' }), name);
  const response = await fetch(`${server.baseUrl}/api/documents`, { method: 'POST', body: form, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  if (response.status !== 201) throw new Error(`upload of ${name} answered ${response.status}: ${await response.text()}`);
}

/** Horizontal overflow of the page in px (0 when nothing sticks out). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}
