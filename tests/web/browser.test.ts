/**
 * The web UI in a real browser against the real server: search → reader → graph.
 *
 * Needs the build (`npm test` runs `npm run build` first) and Chromium at /usr/bin/chromium
 * (override with CHROMIUM_PATH). Without Chromium the suite is skipped with a warning,
 * unless REQUIRE_BROWSER=1, when it fails. Screenshots go to
 * <os.tmpdir()>/policy-kg-screenshots/<run>/, outside the repository.
 */

import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const WEB_INDEX = join(ROOT, 'dist', 'web', 'index.html');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
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
const SERVER_START_TIMEOUT = 120_000; // ms: the first start ingests corpus/
const HEALTH_POLL_INTERVAL = 250; // ms
const STEP_TIMEOUT = 30_000; // ms for one UI step (a search, a page, a layout)
const SERVER_STOP_GRACE = 5_000; // ms between SIGTERM and SIGKILL
const QUERY = '产教联合体';
const ADMIN_TOKEN = 'browser-test-token';
const PREFERRED_ENTITY = 'program:产教联合体';

const hasBrowser = existsSync(CHROMIUM);
const browserRequired = process.env.REQUIRE_BROWSER === '1';

if (!hasBrowser) {
  const message =
    `Chromium not found at ${CHROMIUM}: the browser tests of the web UI are ${browserRequired ? 'FAILING (REQUIRE_BROWSER=1)' : 'SKIPPED'}. ` +
    'Install it with `apt-get install -y --no-install-recommends chromium`, or set CHROMIUM_PATH.';
  console.warn(`\n${'!'.repeat(100)}\n!! ${message}\n${'!'.repeat(100)}\n`);
  if (browserRequired) {
    describe('web UI in a real browser', () => {
      it('needs Chromium', () => {
        throw new Error(message);
      });
    });
  }
}

interface RunningServer {
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

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function startServer(): Promise<RunningServer> {
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
  delete env.NEO4J_URI; // the embedded store: this suite checks the UI, not the backend
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

async function stopServer(server: RunningServer): Promise<void> {
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

describe.skipIf(!hasBrowser)('web UI in a real browser', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const screenshotDir = join(tmpdir(), 'policy-kg-screenshots', new Date().toISOString().replace(/[:.]/g, '-'));

  beforeAll(async () => {
    server = await startServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    mkdirSync(screenshotDir, { recursive: true });
  }, SERVER_START_TIMEOUT + 30_000);

  afterAll(async () => {
    await browser?.close();
    if (server) await stopServer(server);
    console.info(`policy-kg browser screenshots: ${screenshotDir}`);
  }, 30_000);

  /** A fresh page that records uncaught errors (console warnings are fine). */
  async function openPage(width: number, height: number): Promise<{ page: Page; errors: string[] }> {
    const page = await browser!.newPage({ viewport: { width, height }, locale: 'zh-CN' });
    page.setDefaultTimeout(STEP_TIMEOUT);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    return { page, errors };
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: false });

  it('finds clauses, opens one in the reader, and opens an entity in the graph', async () => {
    const { page, errors } = await openPage(1280, 800);

    // 1. Search as you type: hits with the query marked.
    await page.goto(`${server!.baseUrl}/`);
    const box = page.locator('input[type=search]');
    await box.waitFor();
    await box.fill(QUERY);
    await page.locator('.hit mark').first().waitFor();
    const marked = await page.locator('.hit mark').allTextContents();
    expect(marked.some((text) => text.includes(QUERY)), `marks in the hits: ${marked.join(' | ')}`).toBe(true);
    await expect.poll(() => page.locator('.search-summary').textContent()).toMatch(/^共 \d+ 条结果（[\d.]+ 毫秒）$/);
    expect(decodeURIComponent(page.url())).toContain(`#/search?q=${QUERY}`);
    await shot(page, '1-search');

    // 2. The first hit opens the reader at its clause, with the query marked there too.
    const firstHit = page.locator('.hit').first();
    const clauseId = (await firstHit.getAttribute('data-clause-id'))!;
    const hitText = (await firstHit.locator('.hit-text').textContent())!.replace(/\s/g, '');
    expect(clauseId).toBeTruthy();
    await firstHit.locator('.hit-title').click();
    await page.waitForURL(/#\/doc\//);
    await page.waitForFunction((id) => document.getElementById(id)?.classList.contains('current'), clauseId);
    const clause = await page.evaluate((id) => {
      const element = document.getElementById(id)!;
      const box = element.getBoundingClientRect();
      return {
        text: element.textContent ?? '',
        marks: [...element.querySelectorAll('mark')].map((m) => m.textContent ?? ''),
        inView: box.bottom > 0 && box.top < window.innerHeight,
      };
    }, clauseId);
    expect(clause.text.replace(/\s/g, '')).toContain(hitText.slice(0, 12));
    expect(clause.marks.some((text) => text.includes(QUERY)), `marks in the clause: ${clause.marks.join(' | ')}`).toBe(true);
    expect(clause.inView, 'the clause is scrolled into view').toBe(true);
    await expect.poll(() => page.locator('.doc-title').textContent()).toBeTruthy();
    await shot(page, '2-reader');

    // 3. An entity's 图谱 link opens the graph, drawn on a canvas with its neighbours.
    const entities = page.locator('.entities-panel');
    const preferred = entities.locator(`.entity-item[data-entity-id="${PREFERRED_ENTITY}"]`);
    if ((await preferred.count()) > 0) await entities.locator('.entity-filter').fill(QUERY);
    const link = (await preferred.count()) > 0
      ? preferred.getByRole('link', { name: '图谱', exact: true })
      : entities.getByRole('link', { name: '图谱', exact: true }).first();
    const entityId = await link.getAttribute('data-entity-id');
    await link.click();
    await page.waitForURL(/#\/graph\?entity=/);
    expect(new URL(page.url()).hash).toContain(encodeURIComponent(entityId!));
    const graph = page.locator('#graph-canvas');
    await page.locator('#graph-canvas[data-status="ready"]').waitFor();
    expect(await graph.locator('canvas').count()).toBeGreaterThan(0);
    expect(Number(await graph.getAttribute('data-node-count')), `neighbourhood of ${entityId}`).toBeGreaterThanOrEqual(2);
    await expect.poll(() => page.locator('.graph-panel .panel-title').textContent()).toBeTruthy();
    await shot(page, '3-graph');

    expect(errors, 'uncaught errors in the page').toEqual([]);
    await page.close();
  }, 3 * STEP_TIMEOUT + 30_000);

  it('shows markup from an uploaded document as text and runs none of it', async () => {
    const payload = [
      '<img src=x onerror="window.__xss=1">关于跨站脚本测试的通知',
      '各区县：',
      '跨站脚本测试条款<script>window.__xss=2</script>，见《<svg onload="window.__xss=3">管理办法》。',
    ].join('\n');
    const form = new FormData();
    form.append('files', new Blob([payload], { type: 'text/plain' }), 'xss.txt');
    const upload = await fetch(`${server!.baseUrl}/api/documents`, { method: 'POST', body: form, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect(upload.status, await upload.clone().text()).toBe(201);

    const { page, errors } = await openPage(1280, 800);
    let dialogs = 0;
    page.on('dialog', async (d) => {
      dialogs++;
      await d.dismiss();
    });
    await page.goto(`${server!.baseUrl}/#/search?q=${encodeURIComponent('跨站脚本测试')}`);
    await page.locator('.hit mark').first().waitFor();
    await page.locator('.hit a').first().click();
    await page.getByText('<script>window.__xss=2</script>', { exact: false }).first().waitFor();
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator('script:not([src]), img[src=x], svg[onload]').count()).toBe(0);
    expect(dialogs).toBe(0);
    expect(errors).toEqual([]);
    await shot(page, '5-xss-reader');
    await page.close();
  });

  it('fits a narrow screen and says so when nothing matches', async () => {
    const { page, errors } = await openPage(390, 844);
    await page.goto(`${server!.baseUrl}/#/search?q=${encodeURIComponent(QUERY)}`);
    await page.locator('.hit mark').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, 'horizontal overflow in px').toBeLessThanOrEqual(1);
    await shot(page, '4-search-narrow');

    await page.locator('input[type=search]').fill('毫无匹配的检索词zzzqqq');
    await page.getByText('未找到匹配的条款').waitFor();
    expect(errors, 'uncaught errors in the page').toEqual([]);
    await page.close();
  }, 2 * STEP_TIMEOUT);
});
