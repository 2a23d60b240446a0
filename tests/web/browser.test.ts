/**
 * The web UI in a real browser against the real server: search → reader → graph, untrusted
 * markup in an uploaded document, a narrow screen. The per-user-group flows are in
 * flows.test.ts; the harness (server, Chromium, screenshots) in harness.ts.
 */

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  hasBrowser,
  launchBrowser,
  openPage as openBrowserPage,
  reportMissingBrowser,
  screenshot,
  screenshotDir,
  SERVER_START_TIMEOUT,
  startServer,
  STEP_TIMEOUT,
  stopServer,
  type RunningServer,
} from './harness.ts';

const QUERY = '产教联合体';
const PREFERRED_ENTITY = 'program:产教联合体';

reportMissingBrowser('web UI in a real browser');

describe.skipIf(!hasBrowser)('web UI in a real browser', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const shots = screenshotDir('basics');

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  }, SERVER_START_TIMEOUT + 30_000);

  afterAll(async () => {
    await browser?.close();
    if (server) await stopServer(server);
    console.info(`policy-kg browser screenshots: ${shots}`);
  }, 30_000);

  const openPage = (width: number, height: number) => openBrowserPage(browser!, width, height);
  const shot = (page: Page, name: string) => screenshot(page, shots, name);

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
