import type { Filter, ParsedQuery } from '../query.js';
import { gramKey, payloadOf, termKeys } from './grams.js';
import { EMPTY_LIST, type PostingList } from './postings.js';
import { intersect, intersectList, subtractVerified, union } from './sorted-sets.js';
import { REMOVED, isBoundary, type IndexState } from './state.js';

/** A positive query term with the clauses holding it (a superset of the final matches, ascending). */
export interface TermMatch {
  term: string;
  list: PostingList;
  /** clauses holding the term, for idf (the rarest gram's count when not counted exactly) */
  df: number;
}

export interface Evaluation {
  /** ordinals of the matching clauses, ascending */
  ords: Uint32Array;
  terms: TermMatch[];
}

// A ≥3-unit term's candidates are narrowed with further grams while they are many and the
// next gram's list is at most this many times longer than the candidates.
const NARROW_RATIO = 16;
const NARROW_BELOW = 32; // candidates: verify rather than intersect further

/**
 * The clauses matching a parsed query, exactly: every clause whose matching form holds a
 * term of each group and no excluded term, and meets the filters.
 */
export function evaluate(s: IndexState, q: ParsedQuery): Evaluation {
  const terms = new Map<string, TermMatch>();
  const groups = q.groups
    .map((alternatives) => ({ alternatives, estimate: alternatives.reduce((n, t) => n + estimateOf(s, t), 0) }))
    .sort((a, b) => a.estimate - b.estimate);
  let result: Uint32Array | null = null;
  for (const g of groups) {
    const lists: Uint32Array[] = [];
    for (const term of g.alternatives) {
      const m = matchTerm(s, term, result);
      const seen = terms.get(term);
      // The first (least restricted) list of a repeated term is a superset of the later ones.
      if (!seen) terms.set(term, m);
      lists.push(m.list.length === m.list.ords.length ? m.list.ords : m.list.ords.subarray(0, m.list.length));
    }
    result = lists.length === 1 ? lists[0] : union(lists);
    if (result.length === 0) break;
  }
  let ords = result ?? new Uint32Array(0);
  for (const term of q.exclude) {
    if (ords.length === 0) break;
    ords = excludeTerm(s, ords, term);
  }
  const pass = compileFilters(s, q.filters, q.excludeFilters);
  if (pass && ords.length) {
    const kept = new Uint32Array(ords.length);
    let n = 0;
    for (let i = 0; i < ords.length; i++) if (pass(ords[i])) kept[n++] = ords[i];
    ords = kept.subarray(0, n);
  }
  return { ords, terms: [...terms.values()] };
}

/** Upper bound of the clauses holding a term: its rarest gram's count, or every clause. */
export function estimateOf(s: IndexState, term: string): number {
  if (term.length < 2) return s.liveClauses;
  let min = Infinity;
  for (const key of termKeys(term)) min = Math.min(min, s.postings.count(key));
  return min;
}

/** Clauses holding `term` (restricted to `within` when given), with tf payloads. */
export function matchTerm(s: IndexState, term: string, within: Uint32Array | null): TermMatch {
  if (term.length < 2) return scanTerm(s, term, within);
  const keys = termKeys(term)
    .map((key) => ({ key, count: s.postings.count(key) }))
    .sort((a, b) => a.count - b.count || a.key - b.key);
  const df = keys[0].count;
  if (df === 0) return { term, list: EMPTY_LIST, df: 0 };
  if (term.length === 2) {
    let list = s.postings.list(gramKey(term, 0));
    if (within) list = intersectList(list, within);
    return { term, list: dropRemoved(s, list), df };
  }
  let cands = s.postings.list(keys[0].key).ords;
  if (within) cands = intersect(cands, within);
  for (let i = 1; i < keys.length && cands.length > NARROW_BELOW && keys[i].count <= cands.length * NARROW_RATIO; i++) {
    cands = intersect(cands, s.postings.list(keys[i].key).ords);
  }
  const ords = new Uint32Array(cands.length);
  const pays = new Uint8Array(cands.length);
  let n = 0;
  for (let i = 0; i < cands.length; i++) {
    const ord = cands[i];
    if (s.clauseFlags[ord] & REMOVED) continue;
    const pay = countIn(s, ord, term);
    if (pay) {
      ords[n] = ord;
      pays[n++] = pay;
    }
  }
  return { term, list: { ords, pays, length: n }, df };
}

function scanTerm(s: IndexState, term: string, within: Uint32Array | null): TermMatch {
  const total = within ? within.length : s.clauseCount;
  const ords = new Uint32Array(total);
  const pays = new Uint8Array(total);
  let n = 0;
  for (let i = 0; i < total; i++) {
    const ord = within ? within[i] : i;
    if (s.clauseFlags[ord] & REMOVED) continue;
    const pay = countIn(s, ord, term);
    if (pay) {
      ords[n] = ord;
      pays[n++] = pay;
    }
  }
  return { term, list: { ords, pays, length: n }, df: within ? s.liveClauses : n };
}

/** Payload (occurrences, whole-word occurrences) of `term` in clause `ord`; 0 when absent. */
export function countIn(s: IndexState, ord: number, term: string): number {
  const form = s.forms[ord];
  let tf = 0;
  let aligned = 0;
  for (let i = form.indexOf(term); i >= 0 && (tf < 15 || aligned < 15); i = form.indexOf(term, i + 1)) {
    tf++;
    if (isBoundary(s, ord, i) && isBoundary(s, ord, i + term.length)) aligned++;
  }
  return tf ? payloadOf(tf, aligned) : 0;
}

function dropRemoved(s: IndexState, list: PostingList): PostingList {
  if (s.liveClauses === s.clauseCount) return list;
  const ords = new Uint32Array(list.length);
  const pays = new Uint8Array(list.length);
  let n = 0;
  for (let i = 0; i < list.length; i++) {
    if (s.clauseFlags[list.ords[i]] & REMOVED) continue;
    ords[n] = list.ords[i];
    pays[n++] = list.pays[i];
  }
  return { ords, pays, length: n };
}

function excludeTerm(s: IndexState, ords: Uint32Array, term: string): Uint32Array {
  const holds = (ord: number) => s.forms[ord].includes(term);
  if (term.length < 2) return ords.filter((ord) => !holds(ord));
  let rarest = -1;
  let count = Infinity;
  for (const key of termKeys(term)) {
    const c = s.postings.count(key);
    if (c < count) {
      count = c;
      rarest = key;
    }
  }
  if (count === 0) return ords;
  // Only clauses that hold the rarest gram can hold the term; only those are checked.
  return subtractVerified(ords, s.postings.list(rarest).ords, holds);
}

type Predicate = (ord: number) => boolean;

function compileFilters(s: IndexState, groups: Filter[][], excluded: Filter[]): Predicate | null {
  const all = groups.map((g) => g.map((f) => compileFilter(s, f)));
  const none = excluded.map((f) => compileFilter(s, f));
  if (all.length === 0 && none.length === 0) return null;
  return (ord) => all.every((g) => g.some((p) => p(ord))) && !none.some((p) => p(ord));
}

/**
 * kind and year compare exactly; issuer and the entity fields (region, institution,
 * program) take the values equal to the filter's, or, when no value anywhere is equal
 * (for entities: no name, then no alias), every value containing it — so a facet value
 * selects exactly the clauses its count promised, and region:四川 still finds 四川省.
 */
function compileFilter(s: IndexState, f: Filter): Predicate {
  const docPass = new Uint8Array(s.docs.length);
  switch (f.field) {
    case 'kind':
      s.docs.forEach((d, i) => (docPass[i] = d.kind === f.value ? 1 : 0));
      return (ord) => docPass[s.clauseDoc[ord]] === 1;
    case 'year':
      s.docs.forEach((d, i) => (docPass[i] = d.year >= f.from && d.year <= f.to ? 1 : 0));
      return (ord) => docPass[s.clauseDoc[ord]] === 1;
    case 'issuer': {
      const exact = s.docs.some((d) => d.alive && d.issuerForms.includes(f.value));
      s.docs.forEach((d, i) => (docPass[i] = d.issuerForms.some((x) => (exact ? x === f.value : x.includes(f.value))) ? 1 : 0));
      return (ord) => docPass[s.clauseDoc[ord]] === 1;
    }
    default: {
      const entPass = entitiesMatching(s, f.field, f.value);
      return (ord) => {
        const start = s.clauseEntStart[ord];
        const end = start + s.clauseEntCount[ord];
        for (let i = start; i < end; i++) if (entPass.has(s.entVals[i])) return true;
        return false;
      };
    }
  }
}

/** Entity ordinals of a type that a filter or a query term names (see compileFilter). */
export function entitiesMatching(s: IndexState, type: string, value: string, allowPartial = true): Set<number> {
  const live = (e: number) => s.entLive[e] > 0 && s.ents[e].type === type;
  let found = (s.entNames.get(value) ?? []).filter(live);
  if (found.length === 0) found = (s.entAliases.get(value) ?? []).filter(live);
  if (found.length === 0 && allowPartial) {
    for (const [name, ents] of s.entNames) if (name.includes(value)) found.push(...ents.filter(live));
  }
  return new Set(found);
}

/** Every entity (any type) whose name or alias is exactly the term. */
export function entitiesNamed(s: IndexState, term: string): Set<number> {
  const out = new Set<number>();
  for (const e of s.entNames.get(term) ?? []) if (s.entLive[e] > 0) out.add(e);
  for (const e of s.entAliases.get(term) ?? []) if (s.entLive[e] > 0) out.add(e);
  return out;
}

/** Offsets of every occurrence of `term` in `form` (overlapping ones included). */
export function occurrences(form: string, term: string, out: [number, number][]): void {
  for (let i = form.indexOf(term); i >= 0; i = form.indexOf(term, i + 1)) out.push([i, i + term.length]);
}
