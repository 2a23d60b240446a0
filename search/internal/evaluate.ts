import type { Filter, ParsedQuery } from '../query.js';
import type { Arena } from './arena.js';
import { FIRST_ENDS_WORD, FIRST_STARTS_WORD, TF_MAX, gramKey, payloadOf, termKeys, tfOf } from './grams.js';
import { POSITION_UNKNOWN, type PostingList } from './postings.js';
import { intersect, intersectMatches, seek, subtractVerified, union, type Matches } from './sorted-sets.js';
import { HOT, HOT_DOC, HOT_LEN_FLAGS, REMOVED, isBoundary, type IndexState } from './state.js';

export type { Matches };

/** A positive query term with the clauses holding it (a superset of the final matches). */
export interface TermMatch {
  term: string;
  list: Matches;
  /** clauses holding the term, for idf (the rarest gram's count for longer terms) */
  df: number;
}

export interface Evaluation {
  /** ordinals of the matching clauses, ascending */
  ords: Uint32Array;
  terms: TermMatch[];
}

/**
 * What evaluating a query needs besides the index itself: the scratch arena, and caches
 * derived from the index (entity → clauses), valid while `generation` matches the index's.
 */
export interface Context {
  arena: Arena;
  derived: Derived;
}

/** Titles one after another, each followed by TITLE_SEPARATOR; article d's starts at starts[d]. */
export interface TitleText {
  text: string;
  starts: Uint32Array;
}

const TITLE_SEPARATOR = '\n';

export class Derived {
  private generation = -1;
  private entClauseStart: Uint32Array = new Uint32Array(1);
  private entClauseOrds: Uint32Array = new Uint32Array(0);
  private filterMemo = new Map<string, number[]>();
  private titleText: TitleText | null = null;

  /** Entity ordinals a filter value names (see markDocs for the rule), remembered per index generation. */
  entitiesFor(s: IndexState, type: string, value: string): number[] {
    this.sync(s);
    const key = `${type}\u0000${value}`;
    let found = this.filterMemo.get(key);
    if (!found) {
      found = resolveEntities(s, type, value);
      this.filterMemo.set(key, found);
    }
    return found;
  }

  /** Ascending live clause ordinals mentioning any of `ents`. */
  clausesOf(s: IndexState, ents: number[], arena: Arena): Uint32Array {
    this.sync(s);
    if (this.entClauseStart.length !== s.ents.length + 1) this.buildInverse(s);
    const lists = ents.map((e) => this.entClauseOrds.subarray(this.entClauseStart[e], this.entClauseStart[e + 1]));
    return lists.length === 1 ? lists[0] : union(lists, arena);
  }

  /** Clauses mentioning an entity, upper bound without building anything. */
  mentionCount(s: IndexState, ents: number[]): number {
    this.sync(s);
    if (this.entClauseStart.length !== s.ents.length + 1) this.buildInverse(s);
    let n = 0;
    for (const e of ents) n += this.entClauseStart[e + 1] - this.entClauseStart[e];
    return n;
  }

  /** Every article's title (matching form) in one string, so that a term is looked for in all of them with one scan. */
  titles(s: IndexState): TitleText {
    this.sync(s);
    if (!this.titleText) {
      const starts = new Uint32Array(s.docs.length + 1);
      let at = 0;
      for (let d = 0; d < s.docs.length; d++) {
        starts[d] = at;
        at += s.docs[d].titleForm.length + 1;
      }
      starts[s.docs.length] = at;
      this.titleText = { text: s.docs.map((d) => d.titleForm).join(TITLE_SEPARATOR), starts };
    }
    return this.titleText;
  }

  private sync(s: IndexState): void {
    if (this.generation === s.generation) return;
    this.generation = s.generation;
    this.titleText = null;
    this.entClauseStart = new Uint32Array(1);
    this.entClauseOrds = new Uint32Array(0);
    this.filterMemo = new Map();
  }

  private buildInverse(s: IndexState): void {
    const start = new Uint32Array(s.ents.length + 1);
    const live = (ord: number) => (s.hot[ord * HOT + HOT_LEN_FLAGS] & REMOVED) === 0;
    for (let ord = 0; ord < s.clauseCount; ord++) {
      if (!live(ord)) continue;
      const from = s.clauseEntStart[ord];
      for (let i = from; i < from + s.clauseEntCount[ord]; i++) start[s.entVals[i] + 1]++;
    }
    for (let e = 0; e < s.ents.length; e++) start[e + 1] += start[e];
    const ords = new Uint32Array(start[s.ents.length]);
    const fill = start.slice(0, s.ents.length);
    for (let ord = 0; ord < s.clauseCount; ord++) {
      if (!live(ord)) continue;
      const from = s.clauseEntStart[ord];
      for (let i = from; i < from + s.clauseEntCount[ord]; i++) ords[fill[s.entVals[i]]++] = ord;
    }
    this.entClauseStart = start;
    this.entClauseOrds = ords;
  }
}

const NO_MATCHES: Matches = { ords: new Uint32Array(0), pays: new Uint8Array(0), length: 0 };

// Checking a candidate's text costs about as much as decoding this many postings (measured
// at 100× and 1000× the seed corpus: ~0.3–0.5 µs a check, ~10 ns a decoded posting).
const CHECK_COST = 32; // postings
// A ≥3-unit term's candidates are narrowed with a further gram while that gram's list is
// shorter than the candidates times the check cost over this (decoding it is cheaper than
// the checks it saves, even when it drops only a few candidates).
const NARROW_DIVISOR = 4;
const NARROW_BELOW = 32; // candidates: check the text rather than intersect further

/**
 * A term group or filter group of the query. Searching runs in two passes over the plans,
 * most selective first: `narrow` cuts the candidates with what the index answers cheaply
 * (a term's rarest gram, a filter's clauses), so that the dear steps — reading texts,
 * decoding common grams — only ever look at what every group and filter let through;
 * `settle` then makes the candidates exact for its group.
 */
interface Plan {
  estimate: number;
  /** a superset of the group's clauses among `within` (null: no narrowing possible) */
  narrow(within: Uint32Array | null): Uint32Array | null;
  /** the group's clauses among `within`, exactly; null when `narrow` is exact already */
  settle: ((within: Uint32Array | null) => Uint32Array) | null;
}

/**
 * The clauses matching a parsed query, exactly: every clause whose matching form holds a
 * term of each group and no excluded term, and meets the filters. Every group and filter
 * first narrows the candidates by the index alone, the most selective first; then each
 * term group settles what is left, by index or, when few are left, by checking the text.
 */
export function evaluate(s: IndexState, q: ParsedQuery, ctx: Context): Evaluation {
  const terms = new Map<string, TermMatch>();
  const lists = new DecodedLists(s, ctx.arena);
  const plans: Plan[] = q.groups.map((alternatives) => termPlan(s, alternatives, terms, lists, ctx.arena));
  for (const g of q.filters) plans.push(filterPlan(s, g, ctx));
  plans.sort((a, b) => a.estimate - b.estimate);
  let result: Uint32Array | null = null;
  // A lone term group is settled straight away (narrowing would only repeat its first step).
  if (plans.length > 1 || !plans[0].settle) {
    for (const p of plans) {
      result = p.narrow(result);
      if (result?.length === 0) break;
    }
  }
  if (result?.length !== 0) {
    for (const p of plans) {
      if (!p.settle) continue;
      result = p.settle(result);
      if (result.length === 0) break;
    }
  }
  let ords = result!;
  for (const term of q.exclude) {
    if (ords.length === 0) break;
    ords = excludeTerm(s, ords, term, ctx.arena);
  }
  for (const f of q.excludeFilters) {
    if (ords.length === 0) break;
    if (isDocLevel(f)) {
      const docs = ctx.arena.takeU8(s.docs.length).fill(0);
      markDocs(s, f, docs);
      ords = byArticles(s, ords, docs, false, ctx.arena);
    } else {
      const mentioning = ctx.derived.clausesOf(s, ctx.derived.entitiesFor(s, f.field, f.value), ctx.arena);
      ords = subtractVerified(ords, mentioning, () => true, ctx.arena);
    }
  }
  return { ords, terms: [...terms.values()] };
}

/**
 * A group of alternative terms (an OR). Narrowing takes each term's rarest gram, which
 * for a two-unit term is the term itself (then the group is exact with no text read);
 * where the candidates are so few that checking their texts costs less than decoding that
 * gram, narrowing leaves them to `settle`.
 */
function termPlan(s: IndexState, alternatives: string[], terms: Map<string, TermMatch>, lists: DecodedLists, arena: Arena): Plan {
  const estimate = alternatives.reduce((n, t) => n + estimateOf(s, t), 0);
  const match = (within: Uint32Array | null) => {
    const found: Uint32Array[] = [];
    for (const term of alternatives) {
      const m = matchTerm(s, term, within, lists, arena);
      // The first (least restricted) list of a repeated term is a superset of the later ones.
      if (!terms.has(term)) terms.set(term, m);
      found.push(m.list.ords.subarray(0, m.list.length));
    }
    return found.length === 1 ? found[0] : union(found, arena);
  };
  if (alternatives.every((t) => t.length === 2)) return { estimate, narrow: match, settle: null };
  return {
    estimate,
    narrow: (within) => {
      if (alternatives.some((t) => t.length < 2)) return within;
      if (within && within.length * CHECK_COST < estimate) return within;
      const found: Uint32Array[] = [];
      for (const term of alternatives) {
        const rarest = lists.get(rarestKey(s, term));
        const ords = rarest.ords.subarray(0, rarest.length);
        found.push(within ? intersect(ords, within, arena) : ords);
      }
      return found.length === 1 ? found[0] : union(found, arena);
    },
    settle: match,
  };
}

/**
 * Posting lists decoded during one search, so that a gram several steps need (narrowing,
 * candidates, tiles) is decoded once.
 */
class DecodedLists {
  private readonly lists = new Map<number, PostingList>();

  constructor(
    private readonly s: IndexState,
    private readonly arena: Arena,
  ) {}

  get(key: number): PostingList {
    let list = this.lists.get(key);
    if (!list) this.lists.set(key, (list = this.s.postings.list(key, this.arena)));
    return list;
  }
}

function rarestKey(s: IndexState, term: string): number {
  let rarest = -1;
  let count = Infinity;
  for (const key of termKeys(term)) {
    const c = s.postings.count(key);
    if (c < count || (c === count && key < rarest)) {
      count = c;
      rarest = key;
    }
  }
  return rarest;
}

/** Upper bound of the clauses holding a term: its rarest gram's count, or every clause. */
export function estimateOf(s: IndexState, term: string): number {
  if (term.length < 2) return s.liveClauses;
  let min = Infinity;
  for (const key of termKeys(term)) min = Math.min(min, s.postings.count(key));
  return min;
}

/** Clauses holding `term` (only among `within` when given), with payloads. */
function matchTerm(s: IndexState, term: string, within: Uint32Array | null, lists: DecodedLists, arena: Arena): TermMatch {
  if (term.length < 2) {
    // A single character has no gram; scanning every clause counts it exactly.
    const list = checkText(s, term, within, arena);
    return { term, list, df: within ? s.liveClauses : list.length };
  }
  const keys = termKeys(term)
    .map((key) => ({ key, count: s.postings.count(key) }))
    .sort((a, b) => a.count - b.count || a.key - b.key);
  const df = keys[0].count;
  if (df === 0) return { term, list: NO_MATCHES, df: 0 };
  if (term.length === 2) {
    if (within && within.length * CHECK_COST < df) return { term, list: checkText(s, term, within, arena), df };
    const list = lists.get(gramKey(term, 0));
    return { term, list: dropRemoved(s, within ? intersectMatches(list, within, arena) : list, arena), df };
  }
  const tiles = tilesOf(term);
  let tileCost = 0;
  for (const t of tiles) tileCost += s.postings.count(t.key);
  const cost = CHECK_COST;
  if (within && within.length * cost < Math.min(df, tileCost)) return { term, list: checkText(s, term, within, arena), df };
  // The rarest grams narrow the candidates cheaply; what is left is either checked against
  // the text or, when that would cost more than decoding the tiles, matched by positions.
  const cands = candidatesOf(keys, within, cost, tileCost, lists, arena);
  const list = cands.length * cost > tileCost ? matchByPositions(s, term, tiles, cands, lists, arena) : checkText(s, term, cands, arena);
  return { term, list, df };
}

/** Each clause (of `within`, or all) checked against its text. */
function checkText(s: IndexState, term: string, within: Uint32Array | null, arena: Arena): Matches {
  const total = within ? within.length : s.clauseCount;
  const ords = arena.takeU32(total);
  const pays = arena.takeU8(total);
  let n = 0;
  for (let i = 0; i < total; i++) {
    const ord = within ? within[i] : i;
    if (s.hot[ord * HOT + HOT_LEN_FLAGS] & REMOVED) continue;
    const pay = countIn(s, ord, term);
    if (pay) {
      ords[n] = ord;
      pays[n++] = pay;
    }
  }
  return { ords, pays, length: n };
}

/**
 * Clauses holding the rarest gram, and the next rarest ones while decoding them is cheaper
 * than the text checks they may save (none once so many are left that the tiles' positions
 * will settle them: decoding a gram that is no tile would then save nothing).
 */
function candidatesOf(keys: { key: number; count: number }[], within: Uint32Array | null, cost: number, tileCost: number, lists: DecodedLists, arena: Arena): Uint32Array {
  const first = lists.get(keys[0].key);
  let cands = first.ords.subarray(0, first.length);
  if (within) cands = intersect(cands, within, arena);
  const ratio = cost / NARROW_DIVISOR;
  for (let i = 1; i < keys.length && cands.length > NARROW_BELOW && cands.length * cost <= tileCost && keys[i].count <= cands.length * ratio; i++) {
    const next = lists.get(keys[i].key);
    cands = intersect(cands, next.ords.subarray(0, next.length), arena);
  }
  return cands;
}

/**
 * Grams that tile the term (offsets 0, 2, 4 …, and len − 2): a clause whose first
 * occurrences of them sit at those offsets from one start holds the term there, with no
 * look at its text, and it is a whole word when the first tile starts a word and the last
 * one ends one (flags kept in the postings). Clauses holding every tile elsewhere are
 * checked against their text. Occurrences are estimated as the fewest of any tile.
 */
function matchByPositions(
  s: IndexState,
  term: string,
  tiles: { key: number; offset: number }[],
  within: Uint32Array | null,
  decoded: DecodedLists,
  arena: Arena,
): Matches {
  const last = tiles.length - 1;
  const lists = tiles.map((t, j) => ({ list: decoded.get(t.key), offset: t.offset, first: j === 0, last: j === last }));
  lists.sort((a, b) => a.list.length - b.list.length);
  // Candidates so far: the term start their tiles agree on (-1: they do not), the fewest
  // occurrences, and the whole-word flags of the first and last tile.
  const head = lists[0];
  let n = head.list.length;
  let ords = head.list.ords;
  let starts = arena.takeI32(n);
  let tfs = arena.takeU8(n);
  let words = arena.takeU8(n);
  const wordBits = (pay: number, l: { first: boolean; last: boolean }) =>
    (l.first ? pay & FIRST_STARTS_WORD : 0) | (l.last ? pay & FIRST_ENDS_WORD : 0);
  for (let i = 0; i < n; i++) {
    const pos = head.list.poss[i];
    starts[i] = pos === POSITION_UNKNOWN || pos < head.offset ? -1 : pos - head.offset;
    tfs[i] = tfOf(head.list.pays[i]);
    words[i] = wordBits(head.list.pays[i], head);
  }
  if (within) {
    const keep = arena.takeU32(Math.min(n, within.length));
    const keepStarts = arena.takeI32(keep.length);
    const keepTfs = arena.takeU8(keep.length);
    const keepWords = arena.takeU8(keep.length);
    let m = 0;
    for (let i = 0, w = 0; i < n; i++) {
      w = seek(within, w, within.length, ords[i]);
      if (w >= within.length) break;
      if (within[w] !== ords[i]) continue;
      keep[m] = ords[i];
      keepStarts[m] = starts[i];
      keepTfs[m] = tfs[i];
      keepWords[m++] = words[i];
    }
    [ords, starts, tfs, words, n] = [keep, keepStarts, keepTfs, keepWords, m];
  }
  for (let j = 1; j < lists.length && n > 0; j++) {
    const l = lists[j];
    const { list, offset } = l;
    const lo = list.ords;
    const nextOrds = arena.takeU32(n);
    const nextStarts = arena.takeI32(n);
    const nextTfs = arena.takeU8(n);
    const nextWords = arena.takeU8(n);
    let m = 0;
    let p = 0;
    for (let i = 0; i < n && p < list.length; i++) {
      const ord = ords[i];
      p = seek(lo, p, list.length, ord);
      if (p >= list.length) break;
      if (lo[p] !== ord) continue;
      const pos = list.poss[p];
      const start = starts[i];
      const pay = list.pays[p];
      nextOrds[m] = ord;
      nextStarts[m] = start >= 0 && pos !== POSITION_UNKNOWN && pos - offset === start ? start : -1;
      const tf = tfOf(pay);
      nextTfs[m] = tf < tfs[i] ? tf : tfs[i];
      nextWords[m++] = words[i] | wordBits(pay, l);
    }
    [ords, starts, tfs, words, n] = [nextOrds, nextStarts, nextTfs, nextWords, m];
  }
  const outOrds = arena.takeU32(n);
  const pays = arena.takeU8(n);
  const someRemoved = s.liveClauses !== s.clauseCount;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const ord = ords[i];
    if (someRemoved && s.hot[ord * HOT + HOT_LEN_FLAGS] & REMOVED) continue;
    let whole: boolean;
    if (starts[i] >= 0) {
      whole = words[i] === (FIRST_STARTS_WORD | FIRST_ENDS_WORD);
    } else {
      const start = s.forms[ord].indexOf(term);
      if (start < 0) continue;
      whole = isBoundary(s, ord, start) && isBoundary(s, ord, start + term.length);
    }
    outOrds[k] = ord;
    pays[k++] = payloadOf(tfs[i], whole ? tfs[i] : 0);
  }
  return { ords: outOrds, pays, length: k };
}

function tilesOf(term: string): { key: number; offset: number }[] {
  const tiles: { key: number; offset: number }[] = [];
  for (let i = 0; i + 1 < term.length; i += 2) tiles.push({ key: gramKey(term, i), offset: i });
  if (term.length % 2 === 1) tiles.push({ key: gramKey(term, term.length - 2), offset: term.length - 2 });
  return tiles;
}

/** Payload (occurrences, whole-word occurrences) of `term` in clause `ord`; 0 when absent. */
export function countIn(s: IndexState, ord: number, term: string): number {
  const form = s.forms[ord];
  let tf = 0;
  let aligned = 0;
  for (let i = form.indexOf(term); i >= 0 && (tf < TF_MAX || aligned < TF_MAX); i = form.indexOf(term, i + 1)) {
    tf++;
    if (isBoundary(s, ord, i) && isBoundary(s, ord, i + term.length)) aligned++;
  }
  return tf ? payloadOf(tf, aligned) : 0;
}

function dropRemoved(s: IndexState, list: Matches, arena: Arena): Matches {
  if (s.liveClauses === s.clauseCount) return list;
  const ords = arena.takeU32(list.length);
  const pays = arena.takeU8(list.length);
  let n = 0;
  for (let i = 0; i < list.length; i++) {
    if (s.hot[list.ords[i] * HOT + HOT_LEN_FLAGS] & REMOVED) continue;
    ords[n] = list.ords[i];
    pays[n++] = list.pays[i];
  }
  return { ords, pays, length: n };
}

function excludeTerm(s: IndexState, ords: Uint32Array, term: string, arena: Arena): Uint32Array {
  const holds = (ord: number) => s.forms[ord].includes(term);
  let rarest = -1;
  let count = Infinity;
  if (term.length >= 2) {
    for (const key of termKeys(term)) {
      const c = s.postings.count(key);
      if (c < count) {
        count = c;
        rarest = key;
      }
    }
    if (count === 0) return ords;
  }
  if (ords.length * CHECK_COST < count || term.length < 2) {
    const kept = arena.takeU32(ords.length);
    let n = 0;
    for (let i = 0; i < ords.length; i++) if (!holds(ords[i])) kept[n++] = ords[i];
    return kept.subarray(0, n);
  }
  // Only clauses that hold the rarest gram can hold the term; only those are checked.
  const candidates = s.postings.list(rarest, arena);
  return subtractVerified(ords, candidates.ords.subarray(0, candidates.length), term.length === 2 ? () => true : holds, arena);
}

type Predicate = (ord: number) => boolean;
const isDocLevel = (f: Filter) => f.field === 'kind' || f.field === 'year' || f.field === 'issuer';

/**
 * A filter group (an OR of filters) as a plan: the clauses it selects are known without
 * looking at any text — an article's clauses are consecutive ordinals, an entity's come
 * from the inverse of the clause → entity lists — so a selective filter can run first.
 */
function filterPlan(s: IndexState, group: Filter[], ctx: Context): Plan {
  if (group.every(isDocLevel)) {
    const docs = ctx.arena.takeU8(s.docs.length).fill(0);
    for (const f of group) markDocs(s, f, docs);
    let estimate = 0;
    for (let d = 0; d < s.docs.length; d++) if (docs[d] && s.docs[d].alive) estimate += s.docs[d].count;
    return {
      estimate,
      settle: null,
      narrow: (within) => {
        if (within) return byArticles(s, within, docs, true, ctx.arena);
        const out = ctx.arena.takeU32(estimate);
        let n = 0;
        for (let d = 0; d < s.docs.length; d++) {
          const doc = s.docs[d];
          if (docs[d] && doc.alive) for (let ord = doc.first; ord < doc.first + doc.count; ord++) out[n++] = ord;
        }
        return out.subarray(0, n);
      },
    };
  }
  if (group.every((f) => !isDocLevel(f))) {
    const ents = [...new Set(group.flatMap((f) => ctx.derived.entitiesFor(s, f.field, f.value)))];
    return {
      estimate: ctx.derived.mentionCount(s, ents),
      settle: null,
      narrow: (within) => {
        const mentioning = ctx.derived.clausesOf(s, ents, ctx.arena);
        return within ? intersect(within, mentioning, ctx.arena) : mentioning;
      },
    };
  }
  // Articles OR entities: only ever a check on clauses found otherwise.
  const pass = predicateOf(s, group, ctx);
  return { estimate: Infinity, settle: null, narrow: (within) => filtered(within ?? allLive(s, ctx.arena), pass, ctx.arena) };
}

/**
 * The ordinals whose article is (keep) or is not (!keep) marked in `docs`. An article's
 * clauses are consecutive ordinals and articles follow each other in ordinal order, so
 * this walks the two sorted sequences side by side and reads no clause record.
 */
function byArticles(s: IndexState, ords: Uint32Array, docs: Uint8Array, keep: boolean, arena: Arena): Uint32Array {
  const out = arena.takeU32(ords.length);
  let n = 0;
  let d = 0;
  for (let i = 0; i < ords.length; i++) {
    const ord = ords[i];
    while (d < s.docs.length && s.docs[d].first + s.docs[d].count <= ord) d++;
    if ((docs[d] === 1) === keep) out[n++] = ord;
  }
  return out.subarray(0, n);
}

function filtered(ords: Uint32Array, pass: Predicate, arena: Arena): Uint32Array {
  const out = arena.takeU32(ords.length);
  let n = 0;
  for (let i = 0; i < ords.length; i++) if (pass(ords[i])) out[n++] = ords[i];
  return out.subarray(0, n);
}

function allLive(s: IndexState, arena: Arena): Uint32Array {
  const out = arena.takeU32(s.clauseCount);
  let n = 0;
  for (let ord = 0; ord < s.clauseCount; ord++) if (!(s.hot[ord * HOT + HOT_LEN_FLAGS] & REMOVED)) out[n++] = ord;
  return out.subarray(0, n);
}

/** Whether a clause meets any filter of the group. */
function predicateOf(s: IndexState, group: Filter[], ctx: Context): Predicate {
  const docs = new Uint8Array(s.docs.length);
  const ents = new Set<number>();
  for (const f of group) {
    if (isDocLevel(f)) markDocs(s, f, docs);
    else for (const e of ctx.derived.entitiesFor(s, f.field, f.value)) ents.add(e);
  }
  const { hot, clauseEntStart, clauseEntCount, entVals } = s;
  return (ord) => {
    if (docs[hot[ord * HOT + HOT_DOC]]) return true;
    if (ents.size === 0) return false;
    const start = clauseEntStart[ord];
    const end = start + clauseEntCount[ord];
    for (let i = start; i < end; i++) if (ents.has(entVals[i])) return true;
    return false;
  };
}

/**
 * kind and year compare exactly; issuer and the entity fields (region, institution,
 * program) take the values equal to the filter's, or, when no value anywhere is equal
 * (for entities: no name, then no alias), every value containing it — so a facet value
 * selects exactly the clauses its count promised, and region:四川 still finds 四川省.
 */
function markDocs(s: IndexState, f: Filter, out: Uint8Array): void {
  const n = s.docs.length;
  if (f.field === 'kind') {
    const kind = s.kinds.indexOf(f.value);
    for (let d = 0; d < n; d++) if (s.docKind[d] === kind) out[d] = 1;
  } else if (f.field === 'year') {
    for (let d = 0; d < n; d++) if (s.docYear[d] >= f.from && s.docYear[d] <= f.to) out[d] = 1;
  } else {
    const holds = (d: number, wanted: Uint8Array) => {
      for (let j = s.docIssuerStart[d]; j < s.docIssuerStart[d] + s.docIssuerCount[d]; j++) if (wanted[s.issuerVals[j]]) return true;
      return false;
    };
    const equal = Uint8Array.from(s.issuerForms, (form) => (form === f.value ? 1 : 0));
    let exact = false;
    for (let d = 0; d < n && !exact; d++) exact = s.docs[d].alive && holds(d, equal);
    const wanted = exact ? equal : Uint8Array.from(s.issuerForms, (form) => (form.includes(f.value) ? 1 : 0));
    for (let d = 0; d < n; d++) if (holds(d, wanted)) out[d] = 1;
  }
}

function resolveEntities(s: IndexState, type: string, value: string): number[] {
  const live = (e: number) => s.entLive[e] > 0 && s.ents[e].type === type;
  let found = (s.entNames.get(value) ?? []).filter(live);
  if (found.length === 0) found = (s.entAliases.get(value) ?? []).filter(live);
  if (found.length === 0) {
    for (const [name, ents] of s.entNames) if (name.includes(value)) found.push(...ents.filter(live));
  }
  return [...new Set(found)].sort((a, b) => a - b);
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
