import { beforeAll, describe, expect, it } from 'vitest';
import { loadSeedRecords } from '../../bench/scale-corpus.js';
import type { DocumentRecord } from '../../ingest/index.js';
import { defaultSegmenter, matchFormOf } from '../../lang/index.js';
import { ClauseIndex, QueryError } from '../../search/index.js';

let index: ClauseIndex;
let records: DocumentRecord[];
let clauses: { id: string; form: string }[];

beforeAll(async () => {
  records = await loadSeedRecords();
  index = new ClauseIndex(defaultSegmenter());
  for (const r of records) index.add(r);
  clauses = records.flatMap((r) => r.clauses.map((c) => ({ id: c.id, form: matchFormOf(r.text.slice(c.start, c.end)) })));
});

const ids = (q: string) => index.search(q, { limit: 'all' }).hits.map((h) => h.clauseId).sort();
const scan = (...terms: string[]) => clauses.filter((c) => terms.every((t) => c.form.includes(t))).map((c) => c.id).sort();

/** A record with one article: the given clauses, one per line, the first as title. */
function recordOf(id: string, lines: string[], extra: Partial<DocumentRecord> = {}): DocumentRecord {
  const text = lines.join('\n');
  let at = 0;
  const clauses = lines.map((l, i) => {
    const c = { id: `${id}#${i}`, sectionId: `${id}§0`, start: at, end: at + l.length };
    at += l.length + 1;
    return c;
  });
  return {
    id,
    file: `${id}.txt`,
    contentHash: id,
    articleIndex: 0,
    title: lines[0],
    kind: 'notice',
    issuers: [],
    authors: [],
    docNumber: null,
    docNumberParts: null,
    date: null,
    dates: { written: null, published: null, source: null },
    source: null,
    keywords: [],
    abstract: null,
    text,
    sections: [{ id: `${id}§0`, heading: lines[0], level: 0, parent: null, start: 0, end: text.length }],
    clauses,
    entities: [],
    targets: [],
    relations: [],
    warnings: [],
    ...extra,
  };
}

describe('ClauseIndex.search', () => {
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
    expect(ids('产教 -重庆')).toEqual(scan('产教').filter((id) => !scan('重庆').includes(id)));
  });

  it('matches traditional characters, full-width digits and stray spaces to the text', () => {
    expect(ids('產教聯合體')).toEqual(scan('产教联合体'));
    expect(ids('３３６１８')).toEqual(scan('33618'));
    expect(ids('"2025 年"')).toEqual(scan('2025年'));
  });

  it('finds single characters too, by scanning', () => {
    expect(ids('圈')).toEqual(scan('圈'));
  });

  it('highlights every occurrence at its exact offsets', () => {
    for (const h of index.search('职业教育', { limit: 50 }).hits) {
      expect(h.highlights.length).toBe(h.text.split('职业教育').length - 1);
      for (const [s, e] of h.highlights) expect(h.text.slice(s, e)).toBe('职业教育');
    }
  });

  it('carries hit fields from the record', () => {
    const hit = index.search('渝府发〔2023〕22号', { limit: 1 }).hits[0];
    const record = records.find((r) => r.id === hit.docId)!;
    expect(hit).toMatchObject({ title: record.title, docNumber: record.docNumber, date: record.date, kind: record.kind });
    expect(hit.clauseId.startsWith(`${hit.docId}#`)).toBe(true);
    expect(typeof hit.score).toBe('number');
  });

  it('pages with limit and offset', () => {
    const all = index.search('重庆', { limit: 'all' }).hits.map((h) => h.clauseId);
    const page = index.search('重庆', { limit: 5, offset: 5 }).hits.map((h) => h.clauseId);
    expect(page).toEqual(all.slice(5, 10));
    expect(index.search('重庆', { limit: 5, offset: all.length }).hits).toEqual([]);
  });

  it('refuses malformed queries and paging with a QueryError in Chinese', () => {
    expect(() => index.search('"产教')).toThrow(new QueryError('查询中的引号不成对，请补全引号，或去掉引号。'));
    expect(() => index.search('kind:notice')).toThrow('请在筛选条件之外输入至少一个检索词。');
    expect(() => index.search('产教', { offset: -1 })).toThrow(new QueryError('offset 应为不小于 0 的整数，而不是 -1。'));
    expect(() => index.search('产教', { limit: 1.5 })).toThrow(new QueryError('limit 应为不小于 0 的整数或 all，而不是 1.5。'));
  });
});

describe('ClauseIndex.search facets', () => {
  it('counts matching clauses per kind, year, issuer, region and program', () => {
    const all = index.search('产教', { limit: 'all' });
    const kinds = Object.values(all.facets.kind).reduce((a, b) => a + b, 0);
    expect(kinds).toBe(all.total);
    expect(Object.keys(all.facets.region).length).toBeGreaterThan(0);
    expect(Object.keys(all.facets.program).length).toBeGreaterThan(0);
  });

  it('narrows hits and facets together when filtering on any facet value', () => {
    const all = index.search('产教', { limit: 'all' });
    for (const [field, values] of Object.entries(all.facets)) {
      for (const [value, count] of Object.entries(values)) {
        const narrowed = index.search(`产教 ${field}:"${value}"`, { limit: 'all' });
        expect(narrowed.total, `${field}:${value}`).toBe(count);
        expect(narrowed.facets[field as keyof typeof all.facets][value]).toBe(count);
        for (const [f, vs] of Object.entries(narrowed.facets)) {
          for (const [v, n] of Object.entries(vs)) expect(n).toBeLessThanOrEqual(all.facets[f as keyof typeof all.facets][v]);
        }
      }
    }
  });

  it('filters on region through entity aliases, and by year range', () => {
    const chongqing = index.search('职业教育 region:重庆市', { limit: 'all' });
    expect(chongqing.total).toBe(index.search('职业教育 region:重庆', { limit: 'all' }).total);
    const years = index.search('重庆 year:2023-2024', { limit: 'all' });
    expect(years.total).toBe((years.facets.year['2023'] ?? 0) + (years.facets.year['2024'] ?? 0));
    expect(years.total).toBeGreaterThan(0);
  });
});

describe('ClauseIndex.search ranking', () => {
  const segmenter = defaultSegmenter();

  it('ranks a heading that names the term above a passing mention', () => {
    const top = index.search('产教联合体', { limit: 1 }).hits[0];
    expect(top.text).toContain('产教联合体');
    expect(top.text.length).toBeLessThan(40);
  });

  it('ranks whole-word matches above matches across words (打造|成渝 does not hold the word 造成)', () => {
    const small = new ClauseIndex(segmenter);
    small.add(recordOf('a', ['标题甲', '协同打造成渝地区双城经济圈的产业高地和人才高地']));
    small.add(recordOf('b', ['标题乙', '环境污染造成的损失由责任方承担相应的法律责任']));
    expect(small.search('造成').hits.map((h) => h.docId)).toEqual(['b', 'a']);
  });

  it('boosts clauses whose entities the query names', () => {
    const small = new ClauseIndex(segmenter);
    const mention = { clauseId: 'a#1', start: 4, end: 7 };
    // Same text; the one added later wins only through its entity.
    small.add(recordOf('b', ['标题乙', '支持建设鲁班工坊并开展交流合作项目']));
    small.add(recordOf('a', ['标题甲', '支持建设鲁班工坊并开展交流合作项目'], { entities: [{ id: 'program:鲁班工坊', name: '鲁班工坊', type: 'program', aliases: ['鲁班'], mentions: [mention] }] }));
    expect(small.search('鲁班').hits.map((h) => h.docId)).toEqual(['a', 'b']);
  });

  it('breaks ties by the newer article', () => {
    const small = new ClauseIndex(segmenter);
    small.add(recordOf('old', ['标题甲', '推进产教融合'], { date: '2021-03-01' }));
    small.add(recordOf('new', ['标题乙', '推进产教融合'], { date: '2024-05' }));
    small.add(recordOf('none', ['标题丙', '推进产教融合']));
    const hits = small.search('产教融合').hits;
    expect(hits.map((h) => h.docId)).toEqual(['new', 'old', 'none']);
    expect(new Set(hits.map((h) => h.score)).size).toBe(1);
  });
});

describe('ClauseIndex.add and remove', () => {
  it('forgets a removed document and finds it again when re-added', () => {
    const doc = records[1];
    const phrase = `"${doc.text.slice(doc.clauses[5].start, doc.clauses[5].start + 6)}"`;
    expect(index.search(phrase, { limit: 'all' }).hits.some((h) => h.docId === doc.id)).toBe(true);
    index.remove(doc.id);
    try {
      expect(index.has(doc.id)).toBe(false);
      expect(index.search(phrase, { limit: 'all' }).hits.some((h) => h.docId === doc.id)).toBe(false);
      expect(index.search('重庆', { limit: 'all' }).hits.every((h) => h.docId !== doc.id)).toBe(true);
    } finally {
      index.add(doc);
    }
    expect(index.search(phrase, { limit: 'all' }).hits.some((h) => h.docId === doc.id)).toBe(true);
    expect(ids('重庆')).toEqual(scan('重庆'));
  });

  it('replaces an article added again under the same id', () => {
    const small = new ClauseIndex(defaultSegmenter());
    small.add(recordOf('x', ['标题', '旧的条款内容']));
    small.add(recordOf('x', ['标题', '新的条款内容']));
    expect(small.size).toEqual({ documents: 1, clauses: 2 });
    expect(small.search('旧的').total).toBe(0);
    expect(small.search('新的').total).toBe(1);
  });
});
