import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadSeedRecords, scaledRecords } from '../../bench/scale-corpus.js';
import type { DocumentRecord } from '../../ingest/index.js';
import { defaultSegmenter } from '../../lang/index.js';
import { ClauseIndex, INDEX_FILE } from '../../search/index.js';

const QUERIES = ['产教联合体', '重庆 产教', '双高计划 OR 鲁班工坊', '产教 -重庆', '"2025 年"', '职业教育 kind:notice', '发展 region:重庆', '圈', '產教融合'];

let records: DocumentRecord[];
let dirs: string[] = [];

beforeAll(async () => {
  records = [...scaledRecords(await loadSeedRecords(), 2)];
});

afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'search-index-'));
  dirs.push(d);
  return d;
}

function build(rs: DocumentRecord[]): ClauseIndex {
  const index = new ClauseIndex(defaultSegmenter());
  for (const r of rs) index.add(r);
  return index;
}

/** Everything a caller sees, for every query (tookMs aside). */
function answers(index: ClauseIndex) {
  return QUERIES.map((q) => {
    const { total, hits, facets } = index.search(q, { limit: 'all' });
    return { q, total, hits, facets };
  });
}

/** Totals, facets and the set of hits (with scores and highlights) per query. */
function matches(index: ClauseIndex) {
  return answers(index).map((a) => ({ ...a, hits: [...a.hits].sort((p, q) => p.clauseId.localeCompare(q.clauseId)) }));
}

describe('ClauseIndex.save and ClauseIndex.load', () => {
  it('loads an index that answers exactly as the one saved', async () => {
    const dir = tempDir();
    const index = build(records);
    await index.save(dir);
    expect(readdirSync(dir)).toEqual([INDEX_FILE]);
    const { index: loaded, report } = ClauseIndex.load(dir, defaultSegmenter(), records);
    expect(report).toEqual({ status: 'loaded', cause: null, message: null, changed: 0 });
    expect(loaded.size).toEqual(index.size);
    expect(answers(loaded)).toEqual(answers(index));
  });

  it('answers after removals, re-adds, save and load exactly as a fresh build of the same records', async () => {
    const dir = tempDir();
    const index = build(records);
    const [gone, again, ...rest] = records;
    index.remove(gone.id);
    index.remove(again.id);
    index.add(again);
    const kept = [again, ...rest];
    const fresh = build(kept);
    // Ordinals differ (ties fall in index order), so the sets are compared, not the order.
    expect(matches(index)).toEqual(matches(fresh));
    await index.save(dir);
    const { index: loaded, report } = ClauseIndex.load(dir, defaultSegmenter(), kept);
    expect(report.changed).toBe(0);
    expect(matches(loaded)).toEqual(matches(fresh));
    expect(loaded.documentIds().sort()).toEqual(kept.map((r) => r.id).sort());
  });

  it('brings a saved index up to date with the records: adds, drops and re-indexes changed ones', async () => {
    const dir = tempDir();
    const [dropped, changed, ...rest] = records;
    const added = records[records.length - 1];
    await build([dropped, changed, ...rest.slice(0, -1)]).save(dir);
    const edited: DocumentRecord = { ...changed, title: `${changed.title ?? ''}（修订）` };
    const now = [edited, ...rest];
    const { index, report } = ClauseIndex.load(dir, defaultSegmenter(), now);
    expect(report.status).toBe('loaded');
    expect(report.changed).toBe(3);
    expect(index.documentIds().sort()).toEqual(now.map((r) => r.id).sort());
    expect(index.has(added.id)).toBe(true);
    expect(index.has(dropped.id)).toBe(false);
    expect(matches(index)).toEqual(matches(build(now)));
    const hit = index.search('职业教育', { limit: 'all' }).hits.find((h) => h.docId === edited.id);
    expect(hit?.title).toBe(edited.title);
  });

  it.each([
    ['missing', (_file: string) => undefined, 'missing', /no saved search index/],
    ['damaged in the middle', (file: string) => flipByte(file, 0.6), 'damaged', /damaged \(checksum mismatch\)/],
    ['truncated', (file: string) => writeFileSync(file, readFileSync(file).subarray(0, 5000)), 'damaged', /truncated/],
    ['not an index', (file: string) => writeFileSync(file, 'hello'), 'damaged', /not a search index file/],
    ['from another format version', (file: string) => replaceInHeader(file, '"format":3', '"format":9'), 'other-version', /has format 9/],
    ['built with another matching form', (file: string) => replaceInHeader(file, '"matchForm":', '"matchForx":'), 'other-version', /another matching normalisation/],
  ])('rebuilds from the records when the saved index is %s', async (_what, spoil, cause, message) => {
    const dir = tempDir();
    const small = records.slice(0, 5);
    const index = build(small);
    if (_what !== 'missing') {
      await index.save(dir);
      spoil(join(dir, INDEX_FILE));
    }
    const { index: rebuilt, report } = ClauseIndex.load(dir, defaultSegmenter(), small);
    expect(report.status).toBe('rebuilt');
    expect(report.cause).toBe(cause);
    expect(report.message).toMatch(message);
    expect(answers(rebuilt)).toEqual(answers(index));
  });

  it('keeps working incrementally after a load', async () => {
    const dir = tempDir();
    await build(records.slice(0, 3)).save(dir);
    const { index } = ClauseIndex.load(dir, defaultSegmenter(), records.slice(0, 3));
    for (const r of records.slice(3)) index.add(r);
    index.remove(records[0].id);
    const fresh = build(records.slice(1));
    expect(index.size).toEqual(fresh.size);
    for (const q of QUERIES) expect(index.search(q, { limit: 'all' }).total).toBe(fresh.search(q, { limit: 'all' }).total);
  });
});

function flipByte(file: string, at: number): void {
  const bytes = readFileSync(file);
  const i = Math.floor(bytes.length * at);
  bytes[i] ^= 0xff;
  writeFileSync(file, bytes);
}

function replaceInHeader(file: string, from: string, to: string): void {
  const bytes = readFileSync(file);
  const text = bytes.toString('latin1');
  const at = text.indexOf(from);
  expect(at).toBeGreaterThan(0);
  expect(to).toHaveLength(from.length);
  bytes.write(to, at, 'latin1');
  writeFileSync(file, bytes);
}
