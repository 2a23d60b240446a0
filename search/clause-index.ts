import type { DocumentRecord } from '../ingest/index.js';
import { matchFormOf, matchFormWithOrigin, wordBreaks, type Segmenter } from '../lang/index.js';
import { queryError } from './errors.js';
import { Arena } from './internal/arena.js';
import { Derived, evaluate, occurrences } from './internal/evaluate.js';
import { FacetCounter, type Facets } from './internal/facets.js';
import { gather } from './internal/gather.js';
import { GramScratch, clauseBoundaries } from './internal/grams.js';
import { readIndexFile, writeIndexFile, INDEX_FILE, UnusableIndexError } from './internal/index-file.js';
import { rankTop } from './internal/rank.js';
import {
  HEADING,
  HOT,
  HOT_DOC,
  HOT_BITS,
  HOT_LEN_FLAGS,
  LEN_MASK,
  REMOVED,
  dateKeyOf,
  docEntry,
  emptyState,
  facetOfType,
  grown,
  isBoundary,
  isRemoved,
  lengthOf,
  issuerOrdinal,
  pushDoc,
  setFacets,
  trimState,
  type EntityRef,
  type IndexState,
} from './internal/state.js';
import { parseQuery, type ParsedQuery } from './query.js';

export type { EntityRef, Facets };
export { FACET_VALUES_LIMIT } from './internal/facets.js';

export interface SearchHit {
  clauseId: string;
  docId: string;
  title: string | null;
  text: string;
  score: number;
  /** [start, end) offsets into `text`: every occurrence of every query term, merged where they overlap */
  highlights: [number, number][];
  docNumber: string | null;
  date: string | null;
  kind: string;
  issuers: string[];
  entities: EntityRef[];
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  facets: Facets;
  tookMs: number;
}

export interface SearchOptions {
  /** hits per page; `'all'` returns every match */
  limit?: number | 'all';
  offset?: number;
}

/** Hits per page when the caller does not say. */
export const DEFAULT_SEARCH_LIMIT = 20;

/** Postings added since the last merge beyond which a search first merges them (bulk loads end compact). */
const SETTLE_POSTINGS = 65_536;

/** How `ClauseIndex.load` came by its index. */
export interface LoadReport {
  /** `loaded`: the saved index (brought up to date with the records where they differed); `rebuilt`: built from the records */
  status: 'loaded' | 'rebuilt';
  /** why it was rebuilt: no saved index, a damaged one, or one of another format or matching-form version */
  cause: 'missing' | 'damaged' | 'other-version' | null;
  /** the details, for a log line; null when the saved index matched the records */
  message: string | null;
  /** documents added, re-indexed or dropped to match the records (when loaded) */
  changed: number;
}

/**
 * Clause-level full-text index over DocumentRecords.
 *
 * Every pair of adjacent characters of a clause's matching form (lang/matchFormOf: width,
 * traditional → simplified, whitespace) is a key of an inverted index, so a term of two
 * or more characters is only ever looked for in clauses that hold all of its pairs, and
 * each of those is checked against its text: a query returns exactly the clauses that
 * contain it (a two-character term needs no check, its pair is the term). Ranking is
 * BM25 over the query terms, whole-word occurrences (jieba's cut) counting more, boosted
 * for headings, title words and named entities; ties go to the newer article.
 *
 * @example
 * const index = new ClauseIndex(defaultSegmenter());
 * for (const r of records) index.add(r);
 * index.search('产教联合体 kind:notice', { limit: 20 }).hits[0].highlights;
 */
export class ClauseIndex {
  private s: IndexState = emptyState();
  private readonly scratch = new GramScratch();
  private readonly arena = new Arena();
  private readonly derived = new Derived();
  private readonly facets = new FacetCounter();

  constructor(private readonly segmenter: Segmenter) {}

  get size(): { documents: number; clauses: number } {
    return { documents: this.s.docById.size, clauses: this.s.liveClauses };
  }

  has(docId: string): boolean {
    return this.s.docById.has(docId);
  }

  documentIds(): string[] {
    return [...this.s.docById.keys()];
  }

  /**
   * Index an article's clauses (an article already indexed under the same id is replaced).
   * `breaks` are the article's word breaks when the caller has them (FileIngest.wordBreaks,
   * from the cuts extraction made); otherwise the index's segmenter cuts the clauses.
   */
  add(record: DocumentRecord, breaks?: Uint32Array): void {
    breaks ??= wordBreaks(this.segmenter, record.text, record.clauses);
    this.remove(record.id);
    const s = this.s;
    const first = s.clauseCount;
    const n = record.clauses.length;
    ensureClauses(s, first + n);
    const docOrd = s.docs.length;
    const issuers = [...record.issuers];
    const issuerIds = [...new Set(issuers.map((x) => issuerOrdinal(s, x, matchFormOf(x))))];
    const doc = docEntry({
      id: record.id,
      title: record.title,
      titleForm: record.title ? matchFormOf(record.title) : '',
      kind: record.kind,
      date: record.date,
      dateKey: dateKeyOf(record.date),
      year: Math.floor(dateKeyOf(record.date) / 10000),
      docNumber: record.docNumber,
      issuers,
      issuerIds,
      first,
      count: n,
      digest: digestOf(record),
    });
    pushDoc(s, doc);

    const headingStarts = new Set(record.sections.filter((x) => x.heading).map((x) => x.start));
    const entsByClause = new Map<string, Set<number>>();
    for (const e of record.entities) {
      const ent = this.entityOrdinal(e.id, e.name, e.type, e.aliases);
      for (const m of e.mentions) {
        let set = entsByClause.get(m.clauseId);
        if (!set) entsByClause.set(m.clauseId, (set = new Set()));
        set.add(ent);
      }
    }
    const idPrefix = `${record.id}#`;
    for (let i = 0; i < n; i++) {
      const c = record.clauses[i];
      const ord = first + i;
      const text = record.text.slice(c.start, c.end);
      const form = matchFormOf(text);
      s.forms[ord] = form;
      if (form !== text) s.originals.set(ord, text);
      const no = c.id.startsWith(idPrefix) ? c.id.slice(idPrefix.length) : '';
      if (/^(0|[1-9]\d{0,8})$/.test(no)) s.clauseNo[ord] = Number(no);
      else {
        s.clauseNo[ord] = -1;
        s.customIds.set(ord, c.id);
      }
      const at = ord * HOT;
      s.hot[at + HOT_DOC] = docOrd;
      s.hot[at + HOT_LEN_FLAGS] = (headingStarts.has(c.start) ? HEADING : 0) | Math.min(form.length, LEN_MASK);
      const ents = [...(entsByClause.get(c.id) ?? [])];
      s.entVals = grown(s.entVals, s.entValsLength + ents.length);
      s.clauseEntStart[ord] = s.entValsLength;
      s.clauseEntCount[ord] = ents.length;
      for (const e of ents) {
        s.entVals[s.entValsLength++] = e;
        s.entLive[e]++;
      }
      setFacets(s, ord);
      this.setBoundaries(ord, clauseBoundaries(breaks, c.start, c.end, text, form), form.length);
      const keys = this.scratch.collect(form, (at) => isBoundary(s, ord, at));
      s.postings.add(ord, this.scratch.keys, this.scratch.pays, this.scratch.poss, keys);
      s.clauseCount = ord + 1;
      s.liveClauses++;
      s.liveLength += form.length;
    }
    s.generation++;
  }

  /** Forget an article; unknown ids are ignored. */
  remove(docId: string): void {
    const s = this.s;
    const d = s.docById.get(docId);
    if (d === undefined) return;
    const doc = s.docs[d];
    for (let ord = doc.first; ord < doc.first + doc.count; ord++) {
      if (isRemoved(s, ord)) continue;
      s.hot[ord * HOT + HOT_LEN_FLAGS] |= REMOVED;
      s.liveClauses--;
      s.liveLength -= lengthOf(s, ord);
      const keys = this.scratch.collect(s.forms[ord], () => false);
      s.postings.forget(this.scratch.keys, keys);
      const start = s.clauseEntStart[ord];
      for (let i = start; i < start + s.clauseEntCount[ord]; i++) s.entLive[s.entVals[i]]--;
    }
    doc.alive = false;
    s.docById.delete(docId);
    s.generation++;
  }

  /**
   * Clauses matching a query (CONTRACT.md query language), best first, with the total,
   * facets over all matches and exact highlight offsets.
   * @throws QueryError (400) for a malformed query or paging options
   * @example index.search('"双高计划" OR 鲁班工坊 year:2023', { limit: 20, offset: 0 })
   */
  search(query: string, options: SearchOptions = {}): SearchResult {
    const started = performance.now();
    const { offset, limit } = pagingOf(options);
    const parsed = parseQuery(query);
    if (this.s.postings.settle(SETTLE_POSTINGS)) trimState(this.s);
    this.arena.reset();
    const ev = evaluate(this.s, parsed, { arena: this.arena, derived: this.derived });
    const gathered = gather(this.s, ev.ords, this.arena);
    const facets = this.facets.count(this.s, gathered);
    const wanted = limit === 'all' ? ev.ords.length : Math.min(offset + limit, ev.ords.length);
    const ranked = rankTop(this.s, ev, gathered, wanted, this.arena, () => this.derived.titles(this.s));
    const hits: SearchHit[] = [];
    for (let i = offset; i < ranked.ords.length; i++) hits.push(this.hitOf(ranked.ords[i], ranked.scores[i], parsed));
    return { total: ev.ords.length, hits, facets, tookMs: Math.round((performance.now() - started) * 100) / 100 };
  }

  /**
   * Write the index to `dir` (atomically, replacing an older one); `load` reads it back.
   * Removed clauses are left out, so the file is as compact as a fresh build. The file holds
   * the index as it is when `save` is called; it is durable when the promise resolves.
   */
  save(dir: string): Promise<void> {
    return writeIndexFile(dir, this.s);
  }

  /**
   * The index saved in `dir`, checked against the records it must hold: documents missing
   * from the file, changed since, or no longer in the records are indexed or dropped (so
   * records and index agree on every document). A file that is missing, damaged, or from
   * another format or matching-form version is not trusted: the index is built from the
   * records instead, and `cause`/`message` say why. Call `save` afterwards when
   * `changed` > 0 or the status is `rebuilt`.
   * @example const { index, report } = ClauseIndex.load(dataDir, defaultSegmenter(), records)
   */
  static load(dir: string, segmenter: Segmenter, records: Iterable<DocumentRecord>): { index: ClauseIndex; report: LoadReport } {
    const index = new ClauseIndex(segmenter);
    let state: IndexState;
    try {
      state = readIndexFile(dir);
    } catch (e) {
      if (!(e instanceof UnusableIndexError)) throw e;
      for (const r of records) index.add(r);
      return { index, report: { status: 'rebuilt', cause: e.code, message: e.message, changed: 0 } };
    }
    index.s = state;
    let changed = 0;
    const wanted = new Set<string>();
    for (const r of records) {
      wanted.add(r.id);
      const d = state.docById.get(r.id);
      if (d !== undefined && state.docs[d].digest === digestOf(r)) continue;
      index.add(r);
      changed++;
    }
    for (const id of index.documentIds()) {
      if (wanted.has(id)) continue;
      index.remove(id);
      changed++;
    }
    const message = changed ? `${changed} document(s) differed between the saved search index and the records and were re-indexed` : null;
    return { index, report: { status: 'loaded', cause: null, message, changed } };
  }

  private hitOf(ord: number, score: number, q: ParsedQuery): SearchHit {
    const s = this.s;
    const doc = s.docs[s.hot[ord * HOT + HOT_DOC]];
    const form = s.forms[ord];
    const spans: [number, number][] = [];
    for (const g of q.groups) for (const t of g) occurrences(form, t, spans);
    const original = s.originals.get(ord);
    let text = form;
    if (original !== undefined) {
      text = original;
      if (original.length !== form.length) {
        // The form dropped some whitespace: carry each span back to the original offsets.
        const { origin } = matchFormWithOrigin(original);
        for (const sp of spans) {
          sp[1] = origin[sp[1] - 1] + 1;
          sp[0] = origin[sp[0]];
        }
      }
    }
    const entStart = s.clauseEntStart[ord];
    const entities: EntityRef[] = [];
    for (let i = entStart; i < entStart + s.clauseEntCount[ord]; i++) entities.push(s.ents[s.entVals[i]]);
    const no = s.clauseNo[ord];
    return {
      clauseId: no >= 0 ? `${doc.id}#${no}` : s.customIds.get(ord)!,
      docId: doc.id,
      title: doc.title,
      text,
      score,
      highlights: mergeSpans(spans),
      docNumber: doc.docNumber,
      date: doc.date,
      kind: doc.kind,
      issuers: doc.issuers,
      entities,
    };
  }

  private entityOrdinal(id: string, name: string, type: EntityRef['type'], aliases: string[]): number {
    const s = this.s;
    let e = s.entById.get(id);
    if (e === undefined) {
      e = s.ents.length;
      s.ents.push({ id, name, type });
      s.entAliasForms.push([]);
      s.entById.set(id, e);
      s.entLive = grown(s.entLive, e + 1);
      s.entFacet = grown(s.entFacet, e + 1);
      s.entFacet[e] = facetOfType(type);
      addTo(s.entNames, matchFormOf(name), e);
    }
    const known = s.entAliasForms[e];
    for (const a of aliases) {
      const form = matchFormOf(a);
      if (!form || known.includes(form)) continue;
      known.push(form);
      addTo(s.entAliases, form, e);
    }
    return e;
  }

  private setBoundaries(ord: number, boundaries: number[], formLength: number): void {
    const s = this.s;
    const base = s.bitLength;
    s.hot[ord * HOT + HOT_BITS] = base;
    s.bitLength += formLength + 1;
    s.bits = grown(s.bits, (s.bitLength >>> 3) + 1);
    for (const at of boundaries) {
      const bit = base + at;
      s.bits[bit >>> 3] |= 1 << (bit & 7);
    }
  }
}

export { INDEX_FILE };

function ensureClauses(s: IndexState, need: number): void {
  s.hot = grown(s.hot, need * HOT);
  s.clauseNo = grown(s.clauseNo, need);
  s.clauseEntStart = grown(s.clauseEntStart, need);
  s.clauseEntCount = grown(s.clauseEntCount, need);
}

function addTo(m: Map<string, number[]>, key: string, e: number): void {
  if (!key) return;
  const list = m.get(key);
  if (list) list.push(e);
  else m.set(key, [e]);
}

function pagingOf(options: SearchOptions): { offset: number; limit: number | 'all' } {
  const offset = options.offset ?? 0;
  const limit = options.limit ?? DEFAULT_SEARCH_LIMIT;
  if (!Number.isInteger(offset) || offset < 0) throw queryError(`offset 应为不小于 0 的整数，而不是 ${String(offset)}。`);
  if (limit !== 'all' && (!Number.isInteger(limit) || limit < 0)) throw queryError(`limit 应为不小于 0 的整数或 all，而不是 ${String(limit)}。`);
  return { offset, limit };
}

function mergeSpans(spans: [number, number][]): [number, number][] {
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const sp of spans) {
    const last = out[out.length - 1];
    if (last && sp[0] <= last[1]) last[1] = Math.max(last[1], sp[1]);
    else out.push([sp[0], sp[1]]);
  }
  return out;
}

/**
 * Fingerprint of what the index takes from a record (metadata, clause spans, headings,
 * entities and their mentions), so that a saved index can tell a record it was built from
 * from a re-ingested one with the same id.
 */
export function digestOf(r: DocumentRecord): string {
  let h = 0x811c9dc5;
  const mix = (v: string | number | null) => {
    const str = v === null ? '\u0000' : String(v);
    for (let i = 0; i < str.length; i++) h = Math.imul(h ^ str.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0x1f, 0x01000193);
  };
  mix(r.title);
  mix(r.kind);
  mix(r.date);
  mix(r.docNumber);
  for (const x of r.issuers) mix(x);
  mix(r.text.length);
  for (const c of r.clauses) {
    mix(c.id);
    mix(c.start);
    mix(c.end);
  }
  for (const x of r.sections) if (x.heading) mix(x.start);
  for (const e of r.entities) {
    mix(e.id);
    for (const a of e.aliases) mix(a);
    for (const m of e.mentions) mix(m.clauseId);
  }
  return `${(h >>> 0).toString(16)}:${r.text.length}:${r.clauses.length}`;
}
