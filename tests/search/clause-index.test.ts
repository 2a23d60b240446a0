import { readFileSync, readdirSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestFile, type DocumentRecord } from '../../ingest/index.js';
import { defaultSegmenter, normalizeForMatch } from '../../lang/index.js';
import { ClauseIndex, QueryError } from '../../search/index.js';

const CORPUS = new URL('../../corpus/', import.meta.url);
let index: ClauseIndex;
let records: DocumentRecord[];
let clauses: { id: string; norm: string }[];

beforeAll(async () => {
  index = new ClauseIndex(defaultSegmenter());
  const files = await Promise.all(readdirSync(CORPUS).map((f) => ingestFile(f, readFileSync(new URL(f, CORPUS)))));
  records = files.flatMap((f) => f.records);
  for (const r of records) index.add(r);
  clauses = records.flatMap((r) => r.clauses.map((c) => ({ id: c.id, norm: normalizeForMatch(r.text.slice(c.start, c.end)) })));
});

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function rng(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

const ids = (q: string) => index.search(q, { limit: 'all' }).hits.map((h) => h.clauseId).sort();
const scan = (...terms: string[]) => clauses.filter((c) => terms.every((t) => c.norm.includes(t))).map((c) => c.id).sort();

describe('ClauseIndex.search', () => {
  it('finds exactly the clauses containing random 2–8 character substrings of the corpus', () => {
    const random = rng(42);
    let checked = 0;
    while (checked < 300) {
      const c = clauses[Math.floor(random() * clauses.length)];
      const len = 2 + Math.floor(random() * 7);
      if (c.norm.length < len) continue;
      const at = Math.floor(random() * (c.norm.length - len + 1));
      const term = c.norm.slice(at, at + len);
      if (/[\s"“”]/.test(term) || term.startsWith('-') || term === 'OR' || /^[a-z]+:/.test(term)) continue;
      expect(ids(`"${term}"`), term).toEqual(scan(term));
      checked++;
    }
  });

  it('treats spaces as AND', () => {
    expect(ids('重庆 产教')).toEqual(scan('重庆', '产教'));
    expect(ids('重庆 产教').length).toBeGreaterThan(0);
  });

  it('finds 农业 inside 中国农业发展银行-style compounds (no word-boundary misses)', () => {
    expect(ids('农业')).toEqual(scan('农业'));
  });

  it('unites OR alternatives and drops -excluded terms', () => {
    const either = new Set([...scan('双高计划'), ...scan('鲁班工坊')]);
    expect(ids('双高计划 OR 鲁班工坊')).toEqual([...either].sort());
    const excluded = ids('产教 -重庆');
    expect(excluded).toEqual(scan('产教').filter((id) => !scan('重庆').includes(id)));
  });

  it('matches traditional characters and full-width digits to the simplified text', () => {
    expect(ids('產教聯合體')).toEqual(scan('产教联合体'));
    expect(ids('３３６１８')).toEqual(scan('33618'));
  });

  it('highlights every occurrence at its exact offsets', () => {
    for (const h of index.search('职业教育', { limit: 50 }).hits) {
      expect(h.highlights.length).toBe(h.text.split('职业教育').length - 1);
      for (const [s, e] of h.highlights) expect(h.text.slice(s, e)).toBe('职业教育');
    }
  });

  it('ranks a heading that names the term above a passing mention', () => {
    const top = index.search('产教联合体', { limit: 1 }).hits[0];
    expect(top.text).toContain('产教联合体');
    expect(top.text.length).toBeLessThan(40);
  });

  it('filters by kind and counts facets over all matches', () => {
    const all = index.search('产教联合体', { limit: 'all' });
    const notices = index.search('产教联合体 kind:notice', { limit: 'all' });
    expect(notices.total).toBe(all.facets.kind.notice);
    expect(Object.keys(notices.facets.kind)).toEqual(['notice']);
  });

  it('pages with limit and offset', () => {
    const all = index.search('重庆', { limit: 'all' }).hits.map((h) => h.clauseId);
    const page = index.search('重庆', { limit: 5, offset: 5 }).hits.map((h) => h.clauseId);
    expect(page).toEqual(all.slice(5, 10));
  });

  it('refuses an unbalanced quote and a query of filters only, in Chinese', () => {
    expect(() => index.search('"产教')).toThrow(new QueryError('查询中的引号不成对，请补全引号，或去掉引号。'));
    expect(() => index.search('kind:notice')).toThrow('请在筛选条件之外输入至少一个检索词。');
  });

  it('forgets a removed document', () => {
    const doc = records[0];
    const before = index.search('"' + normalizeForMatch(doc.text.slice(doc.clauses[5].start, doc.clauses[5].start + 6)) + '"', { limit: 'all' });
    index.remove(doc.id);
    try {
      expect(index.search('重庆', { limit: 'all' }).hits.every((h) => h.docId !== doc.id)).toBe(true);
      expect(before.hits.some((h) => h.docId === doc.id)).toBe(true);
    } finally {
      index.add(doc);
    }
  });
});
