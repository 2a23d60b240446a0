import * as OpenCC from 'opencc-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSeedRecords, randomOf, scaledRecords } from '../../bench/scale-corpus.js';
import { BruteForce, drawQueries } from '../../bench/search-reference.js';
import type { DocumentRecord } from '../../ingest/index.js';
import { defaultSegmenter, matchFormOf } from '../../lang/index.js';
import { ClauseIndex, parseQuery } from '../../search/index.js';

const QUERIES = 600; // per scale; the bar is 500
const toTraditional = OpenCC.Converter({ from: 'cn', to: 'hk' });

let seeds: DocumentRecord[];
beforeAll(async () => {
  seeds = await loadSeedRecords();
});

/** [start, end) of every occurrence of each term in `text`, found through an independent offset map, merged. */
function expectedHighlights(text: string, terms: string[]): [number, number][] {
  const form = matchFormOf(text);
  // origin[p]: the first original offset whose prefix's matching form is longer than p.
  const origin: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const len = matchFormOf(text.slice(0, i + 1)).length;
    while (origin.length < len) origin.push(i);
  }
  const spans: [number, number][] = [];
  for (const t of terms) {
    for (let at = form.indexOf(t); at >= 0; at = form.indexOf(t, at + 1)) spans.push([origin[at], origin[at + t.length - 1] + 1]);
  }
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([...s]);
  }
  return out;
}

function checkScale(factor: number, seed: number) {
  let records: DocumentRecord[];
  let index: ClauseIndex;
  let ref: BruteForce;
  beforeAll(() => {
    records = [...scaledRecords(seeds, factor)];
    index = new ClauseIndex(defaultSegmenter());
    for (const r of records) index.add(r);
    ref = new BruteForce(records);
  });

  it(`returns exactly the brute-force matches, totals and facets for ${QUERIES} random queries`, () => {
    const queries = drawQueries(records, QUERIES, randomOf(seed), toTraditional);
    const shapes = new Set<string>();
    let nonEmpty = 0;
    for (const { shape, query } of queries) {
      const parsed = parseQuery(query);
      const expected = ref.ids(parsed).sort();
      const result = index.search(query, { limit: 'all' });
      expect(result.hits.map((h) => h.clauseId).sort(), `${shape} ${query}`).toEqual(expected);
      expect(result.total).toBe(expected.length);
      const facets = ref.facets(parsed);
      for (const [field, counts] of Object.entries(result.facets)) {
        const all = facets[field];
        expect(Object.keys(counts).length, `${query} ${field}`).toBe(Math.min(Object.keys(all).length, 100));
        for (const [value, n] of Object.entries(counts)) expect(n, `${query} ${field}:${value}`).toBe(all[value]);
      }
      shapes.add(shape);
      if (expected.length) nonEmpty++;
    }
    expect([...shapes].sort()).toEqual(['and', 'char', 'exclude', 'filter', 'filters', 'or', 'phrase', 'variant']);
    expect(nonEmpty).toBeGreaterThan(QUERIES * 0.8);
  });

  it('orders every hit of limit=all as pages of the ranked results do', () => {
    for (const query of ['的', '发展', '职业教育', '重庆 产业']) {
      const result = index.search(query, { limit: 'all' });
      const all = result.hits.map((h) => `${h.clauseId}:${h.score}`);
      if (query === '的') expect(new Set(result.hits.map((h) => h.score)).size, 'a large set with many scores').toBeGreaterThan(50);
      const paged: string[] = [];
      for (let offset = 0; offset < all.length; offset += 700) {
        paged.push(...index.search(query, { limit: 700, offset }).hits.map((h) => `${h.clauseId}:${h.score}`));
      }
      expect(paged, query).toEqual(all);
    }
  });

  it('highlights every occurrence of every term at its exact offsets in the clause text', () => {
    const queries = drawQueries(records, 200, randomOf(seed + 1), toTraditional);
    let spans = 0;
    for (const { query } of queries) {
      const terms = parseQuery(query).groups.flat();
      for (const hit of index.search(query, { limit: 20 }).hits) {
        expect(hit.highlights, `${query} in ${hit.clauseId}`).toEqual(expectedHighlights(hit.text, terms));
        spans += hit.highlights.length;
      }
    }
    expect(spans).toBeGreaterThan(200);
  });
}

describe('ClauseIndex.search after removals and re-adds (10×)', () => {
  it('returns exactly the brute-force matches of the articles still indexed', () => {
    const records = [...scaledRecords(seeds, 10)];
    const index = new ClauseIndex(defaultSegmenter());
    for (const r of records) index.add(r);
    const random = randomOf(99);
    const removed = new Set(records.filter(() => random() < 0.3).map((r) => r.id));
    for (const id of removed) index.remove(id);
    const readded = records.filter((r) => removed.has(r.id) && random() < 0.3);
    for (const r of readded) index.add(r);
    const kept = records.filter((r) => !removed.has(r.id) || readded.includes(r));
    const ref = new BruteForce(kept);
    for (const { shape, query } of drawQueries(kept, 300, randomOf(7), toTraditional)) {
      const parsed = parseQuery(query);
      const result = index.search(query, { limit: 'all' });
      expect(result.hits.map((h) => h.clauseId).sort(), `${shape} ${query}`).toEqual(ref.ids(parsed).sort());
      const facets = ref.facets(parsed);
      for (const [field, counts] of Object.entries(result.facets)) {
        for (const [value, n] of Object.entries(counts)) expect(n, `${query} ${field}:${value}`).toBe(facets[field][value]);
      }
    }
  });
});

describe('ClauseIndex.search on the seed corpus (1×)', () => {
  checkScale(1, 42);
});

describe('ClauseIndex.search on a scaled corpus (10×)', () => {
  checkScale(10, 4242);
});
