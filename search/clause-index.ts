import { Index } from 'flexsearch';
import { normalizeForMatch, type Segmenter } from '../lang/index.js';
import type { DocumentRecord, EntityType } from '../ingest/index.js';
import { parseQuery, type ParsedQuery } from './query.js';

export interface EntityRef {
  id: string;
  name: string;
  type: EntityType;
}

export interface SearchHit {
  clauseId: string;
  docId: string;
  title: string | null;
  text: string;
  score: number;
  /** [start, end) offsets into `text`, every occurrence of every query term */
  highlights: [number, number][];
  docNumber: string | null;
  date: string | null;
  kind: string;
  entities: EntityRef[];
}

export type Facets = Record<'kind' | 'year' | 'issuer' | 'region' | 'program', Record<string, number>>;

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

interface IndexedClause {
  key: number;
  clauseId: string;
  doc: IndexedDoc;
  text: string;
  /** matching form of `text`, same length */
  norm: string;
  heading: boolean;
  entities: EntityRef[];
  /** canonical names and aliases of the clause's entities, matching form */
  entityNames: Set<string>;
}

interface IndexedDoc {
  docId: string;
  title: string | null;
  kind: string;
  date: string | null;
  year: string | null;
  docNumber: string | null;
  issuers: string[];
  keys: number[];
}

// BM25 parameters (Robertson's defaults).
const K1 = 1.2;
const B = 0.75;
const HEADING_BOOST = 1.5;
const ENTITY_BOOST = 1.3;
const WORD_BOOST = 1.2;
const WORD_PREFIX = '_';

/**
 * Clause-level full-text index. FlexSearch holds, per clause, the CJK character bigrams
 * of its matching form (every substring of two or more characters is reachable through
 * them) and jieba's search-mode words (prefixed, used to rank whole-word matches first).
 * Bigram candidates are verified against the clause text, so a query returns exactly the
 * clauses that contain it — never fewer, never more.
 */
export class ClauseIndex {
  private readonly flex = new Index({ tokenize: 'strict', encode: splitTokens, resolution: 1, fastupdate: true });
  private readonly clauses = new Map<number, IndexedClause>();
  private readonly docs = new Map<string, IndexedDoc>();
  private nextKey = 1;
  private totalLength = 0;

  constructor(private readonly segmenter: Segmenter) {}

  get size(): { documents: number; clauses: number } {
    return { documents: this.docs.size, clauses: this.clauses.size };
  }

  has(docId: string): boolean {
    return this.docs.has(docId);
  }

  documentIds(): string[] {
    return [...this.docs.keys()];
  }

  /** Index (or re-index) an article's clauses. */
  add(record: DocumentRecord): void {
    this.remove(record.id);
    const doc: IndexedDoc = {
      docId: record.id,
      title: record.title,
      kind: record.kind,
      date: record.date,
      year: record.date?.slice(0, 4) ?? null,
      docNumber: record.docNumber,
      issuers: record.issuers,
      keys: [],
    };
    const headingStarts = new Set(record.sections.filter((s) => s.heading).map((s) => s.start));
    const entitiesByClause = new Map<string, Map<string, { ref: EntityRef; names: string[] }>>();
    for (const e of record.entities) {
      for (const m of e.mentions) {
        const perClause = entitiesByClause.get(m.clauseId) ?? new Map();
        perClause.set(e.id, { ref: { id: e.id, name: e.name, type: e.type }, names: [e.name, ...e.aliases] });
        entitiesByClause.set(m.clauseId, perClause);
      }
    }
    for (const c of record.clauses) {
      const text = record.text.slice(c.start, c.end);
      const norm = normalizeForMatch(text);
      const key = this.nextKey++;
      const ents = [...(entitiesByClause.get(c.id)?.values() ?? [])];
      const clause: IndexedClause = {
        key,
        clauseId: c.id,
        doc,
        text,
        norm,
        heading: headingStarts.has(c.start),
        entities: ents.map((x) => x.ref),
        entityNames: new Set(ents.flatMap((x) => x.names.map(normalizeForMatch))),
      };
      this.clauses.set(key, clause);
      doc.keys.push(key);
      this.totalLength += norm.length;
      this.flex.add(key, this.tokensOf(norm));
    }
    this.docs.set(doc.docId, doc);
  }

  remove(docId: string): void {
    const doc = this.docs.get(docId);
    if (!doc) return;
    for (const key of doc.keys) {
      this.totalLength -= this.clauses.get(key)!.norm.length;
      this.clauses.delete(key);
      this.flex.remove(key);
    }
    this.docs.delete(docId);
  }

  /**
   * @throws QueryError for a malformed query
   * @example index.search('产教联合体 kind:notice', { limit: 20 })
   */
  search(query: string, options: SearchOptions = {}): SearchResult {
    const started = performance.now();
    const parsed = parseQuery(query);
    const matched = this.match(parsed);
    const scored = this.rank(matched, parsed);
    const facets = facetsOf(matched);
    const offset = options.offset ?? 0;
    const limit = options.limit === 'all' ? scored.length : (options.limit ?? DEFAULT_SEARCH_LIMIT);
    const hits = scored.slice(offset, offset + limit).map(({ clause, score }) => toHit(clause, score, parsed));
    return { total: scored.length, hits, facets, tookMs: Math.round((performance.now() - started) * 100) / 100 };
  }

  private tokensOf(norm: string): string {
    const tokens = new Set<string>();
    for (const w of this.segmenter.cutForSearch(norm)) {
      if (w.trim().length >= 2) tokens.add(WORD_PREFIX + w.trim());
    }
    for (const b of bigramsOf(norm)) tokens.add(b);
    return [...tokens].join(' ');
  }

  /** Clauses containing the term, verified against the text. */
  private clausesWith(term: string): IndexedClause[] {
    const grams = bigramsOf(term);
    const candidates: Iterable<IndexedClause> =
      grams.length === 0
        ? this.clauses.values()
        : (this.flex.search(grams.join(' '), { limit: this.clauses.size || 1 }) as number[]).map((k) => this.clauses.get(k)!);
    const out: IndexedClause[] = [];
    for (const c of candidates) if (c.norm.includes(term)) out.push(c);
    return out;
  }

  private match(q: ParsedQuery): IndexedClause[] {
    let result: Set<IndexedClause> | null = null;
    // Rarest group first keeps the intersections small.
    const groups = q.groups.map((alternatives) => {
      const set = new Set<IndexedClause>();
      for (const term of alternatives) for (const c of this.clausesWith(term)) set.add(c);
      return set;
    });
    groups.sort((a, b) => a.size - b.size);
    for (const g of groups) {
      if (result === null) result = g;
      else {
        const next = new Set<IndexedClause>();
        for (const c of result) if (g.has(c)) next.add(c);
        result = next;
      }
    }
    const filters = q.filters.map(({ field, value }) => filterOf(field, normalizeForMatch(value)));
    return [...(result ?? [])].filter((c) => !q.exclude.some((t) => c.norm.includes(t)) && filters.every((f) => f(c)));
  }

  private rank(matched: IndexedClause[], q: ParsedQuery): { clause: IndexedClause; score: number }[] {
    const n = this.clauses.size;
    const avgLength = n ? this.totalLength / n : 1;
    const terms = q.groups.flat();
    const df = new Map(terms.map((t) => [t, this.clausesWith(t).length]));
    const wordKeys = new Map(terms.map((t) => [t, new Set(this.flex.search(WORD_PREFIX + t, { limit: n || 1 }) as number[])]));
    const scored = matched.map((clause) => {
      let score = 0;
      for (const t of terms) {
        const tf = occurrences(clause.norm, t).length;
        if (!tf) continue;
        const d = df.get(t)!;
        const idf = Math.log(1 + (n - d + 0.5) / (d + 0.5));
        let s = (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * clause.norm.length) / avgLength));
        if (wordKeys.get(t)!.has(clause.key)) s *= WORD_BOOST;
        if (clause.entityNames.has(t)) s *= ENTITY_BOOST;
        score += s;
      }
      if (clause.heading) score *= HEADING_BOOST;
      return { clause, score: Math.round(score * 1000) / 1000 };
    });
    return scored.sort(
      (a, b) =>
        b.score - a.score ||
        (b.clause.doc.date ?? '').localeCompare(a.clause.doc.date ?? '') ||
        a.clause.key - b.clause.key,
    );
  }
}

function splitTokens(s: string): string[] {
  return s.split(' ').filter(Boolean);
}

/** Overlapping character bigrams of the non-space runs of a string. */
function bigramsOf(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < s.length; i++) {
    if (s[i] !== ' ' && s[i + 1] !== ' ') out.push(s[i] + s[i + 1]);
  }
  return out;
}

function occurrences(norm: string, term: string): [number, number][] {
  const out: [number, number][] = [];
  for (let i = norm.indexOf(term); i >= 0; i = norm.indexOf(term, i + 1)) out.push([i, i + term.length]);
  return out;
}

function filterOf(field: string, value: string): (c: IndexedClause) => boolean {
  switch (field) {
    case 'kind':
      return (c) => c.doc.kind === value;
    case 'year':
      return (c) => c.doc.year === value;
    case 'issuer':
      return (c) => c.doc.issuers.some((i) => normalizeForMatch(i).includes(value));
    default:
      return (c) => c.entities.some((e) => e.type === field && c.entityNames.has(value));
  }
}

function facetsOf(matched: IndexedClause[]): Facets {
  const facets: Facets = { kind: {}, year: {}, issuer: {}, region: {}, program: {} };
  const bump = (f: Record<string, number>, k: string) => (f[k] = (f[k] ?? 0) + 1);
  for (const c of matched) {
    bump(facets.kind, c.doc.kind);
    if (c.doc.year) bump(facets.year, c.doc.year);
    for (const i of c.doc.issuers) bump(facets.issuer, i);
    for (const e of c.entities) if (e.type === 'region' || e.type === 'program') bump(facets[e.type], e.name);
  }
  return facets;
}

function toHit(c: IndexedClause, score: number, q: ParsedQuery): SearchHit {
  const spans = q.groups.flat().flatMap((t) => occurrences(c.norm, t));
  return {
    clauseId: c.clauseId,
    docId: c.doc.docId,
    title: c.doc.title,
    text: c.text,
    score,
    highlights: mergeSpans(spans),
    docNumber: c.doc.docNumber,
    date: c.doc.date,
    kind: c.doc.kind,
    entities: c.entities,
  };
}

function mergeSpans(spans: [number, number][]): [number, number][] {
  const sorted = [...spans].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
    else out.push([s[0], s[1]]);
  }
  return out;
}
