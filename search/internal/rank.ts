import { entitiesNamed, type Evaluation, type TitleText } from './evaluate.js';
import type { Arena } from './arena.js';
import type { Gathered } from './gather.js';
import { alignedTfOf, tfOf } from './grams.js';
import { HEADING, LEN_MASK, type IndexState } from './state.js';

// BM25 (Robertson's defaults) over the query terms, where an occurrence that does not
// start and end on jieba word boundaries (造成 inside 打造|成渝) counts for less.
const K1 = 1.2;
const B = 0.75;
const PARTIAL_WORD_WEIGHT = 0.5; // an occurrence inside or across words
/** A clause that is a title or heading. */
const HEADING_BOOST = 1.5;
/** Per query term named in the article's title (times the share of terms named there). */
const TITLE_BOOST = 0.25;
/** A term that is the name or alias of an entity the clause mentions. */
const ENTITY_BOOST = 1.3;
/** Scores are rounded to this (and shown so); equal rounded scores fall to the newer article. */
const SCORE_STEP = 1000; // per unit
/** Composite sort key: rounded score × DATE_SLOTS + YYYYMMDD. */
const DATE_SLOTS = 1e8;

export interface Ranked {
  ords: Uint32Array;
  scores: Float64Array;
}

/**
 * The best `k` matches (all of them when k ≥ their number), best first: score (rounded
 * to 1/1000, as shown), then the newer article, then index order.
 */
export function rankTop(s: IndexState, ev: Evaluation, g: Gathered, k: number, arena: Arena, titles: () => TitleText): Ranked {
  const n = ev.ords.length;
  const keys = sortKeys(s, ev, g, arena, titles);
  let order: Int32Array;
  if (k >= n) {
    order = sortAll(keys);
  } else {
    order = topK(keys, k);
  }
  const ords = new Uint32Array(order.length);
  const scores = new Float64Array(order.length);
  for (let at = 0; at < order.length; at++) {
    const i = order[at];
    ords[at] = ev.ords[i];
    scores[at] = Math.floor(keys[i] / DATE_SLOTS) / SCORE_STEP;
  }
  return { ords, scores };
}

/** Per match: rounded score × DATE_SLOTS + the article's date key. */
function sortKeys(s: IndexState, ev: Evaluation, g: Gathered, arena: Arena, titles: () => TitleText): Float64Array {
  const n = ev.ords.length;
  const keys = arena.takeF64(n);
  if (n === 0) return keys;
  const live = Math.max(s.liveClauses, 1);
  const avgLength = s.liveLength / live || 1;
  const terms = ev.terms.map((t) => {
    const df = Math.min(t.df, live);
    return { term: t.term, ords: t.list.ords, pays: t.list.pays, length: t.list.length, idf: Math.log(1 + (live - df + 0.5) / (df + 0.5)), named: entitiesNamed(s, t.term), at: 0 };
  });
  const titleHits = titleHitsOf(s, terms, n, titles);
  const { docDateKey } = s;
  // The common case, one term whose list is the matches themselves, skips the list walk.
  const only = terms.length === 1 && terms[0].length === n ? terms[0] : null;
  const lengthScale = (K1 * B) / avgLength;
  const lengthBase = K1 * (1 - B);
  for (let r = 0; r < n; r++) {
    const ord = ev.ords[r];
    const lenFlags = g.lenFlags[r];
    const lengthNorm = lengthBase + lengthScale * (lenFlags & LEN_MASK);
    let score = 0;
    if (only) {
      const pay = only.pays[r];
      const aligned = alignedTfOf(pay);
      const weighted = aligned + PARTIAL_WORD_WEIGHT * (tfOf(pay) - aligned);
      score = (only.idf * weighted * (K1 + 1)) / (weighted + lengthNorm);
      if (only.named.size && mentionsAny(s, ord, only.named)) score *= ENTITY_BOOST;
    } else {
      for (const t of terms) {
        let p = t.at;
        const ords = t.ords;
        if (t.length === n && ords[r] === ord) p = r;
        else while (p < t.length && ords[p] < ord) p++;
        t.at = p;
        if (p >= t.length || ords[p] !== ord) continue;
        const pay = t.pays[p];
        const aligned = alignedTfOf(pay);
        const weighted = aligned + PARTIAL_WORD_WEIGHT * (tfOf(pay) - aligned);
        let part = (t.idf * weighted * (K1 + 1)) / (weighted + lengthNorm);
        if (t.named.size && mentionsAny(s, ord, t.named)) part *= ENTITY_BOOST;
        score += part;
      }
    }
    if (lenFlags & HEADING) score *= HEADING_BOOST;
    const doc = g.doc[r];
    let inTitle = titleHits[doc];
    if (inTitle < 0) {
      const title = s.docs[doc].titleForm;
      inTitle = 0;
      if (title) for (const t of terms) if (title.includes(t.term)) inTitle++;
      titleHits[doc] = inTitle;
    }
    if (inTitle) score *= 1 + (TITLE_BOOST * inTitle) / terms.length;
    keys[r] = Math.round(score * SCORE_STEP) * DATE_SLOTS + docDateKey[doc];
  }
  return keys;
}

/**
 * Per article, how many query terms its title holds, or -1 where not known yet (then looked
 * up when a match of the article is scored). With at least as many matches as articles,
 * most articles will be asked about, and one scan over all titles per term costs a
 * fraction of looking into each title.
 */
function titleHitsOf(s: IndexState, terms: { term: string }[], matches: number, titles: () => TitleText): Int8Array {
  const hits = new Int8Array(s.docs.length);
  if (matches < s.docs.length) return hits.fill(-1);
  const { text, starts } = titles();
  for (const { term } of terms) {
    for (let i = text.indexOf(term); i >= 0; ) {
      const d = articleAt(starts, i);
      if (i + term.length < starts[d + 1]) {
        hits[d]++;
        i = text.indexOf(term, starts[d + 1]);
      } else {
        i = text.indexOf(term, i + 1);
      }
    }
  }
  return hits;
}

/** The article whose title holds offset `at` of the joined titles (the last start ≤ at). */
function articleAt(starts: Uint32Array, at: number): number {
  let lo = 0;
  let hi = starts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid] <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function mentionsAny(s: IndexState, ord: number, ents: Set<number>): boolean {
  const start = s.clauseEntStart[ord];
  const end = start + s.clauseEntCount[ord];
  for (let i = start; i < end; i++) if (ents.has(s.entVals[i])) return true;
  return false;
}

/**
 * Indices of the k largest keys, largest first, ties by smaller index: a min-heap of k
 * (the worst on top). Scanning indices upwards, a key equal to the worst never enters.
 */
function topK(keys: Float64Array, k: number): Int32Array {
  const heap = new Int32Array(k);
  let size = 0;
  // i is worse than j: smaller key, or equal key and later index.
  const worse = (i: number, j: number) => keys[i] < keys[j] || (keys[i] === keys[j] && i > j);
  const down = (at: number) => {
    for (;;) {
      const l = at * 2 + 1;
      const r = l + 1;
      let w = at;
      if (l < size && worse(heap[l], heap[w])) w = l;
      if (r < size && worse(heap[r], heap[w])) w = r;
      if (w === at) return;
      const tmp = heap[w];
      heap[w] = heap[at];
      heap[at] = tmp;
      at = w;
    }
  };
  for (let i = 0; i < keys.length && k > 0; i++) {
    if (size < k) {
      let at = size++;
      heap[at] = i;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!worse(heap[at], heap[parent])) break;
        const tmp = heap[parent];
        heap[parent] = heap[at];
        heap[at] = tmp;
        at = parent;
      }
    } else if (keys[i] > keys[heap[0]]) {
      heap[0] = i;
      down(0);
    }
  }
  return heap.subarray(0, size).sort((i, j) => keys[j] - keys[i] || i - j);
}

// Below this many matches a comparison sort is as quick as counting.
const RADIX_FROM = 4096;
const DIGIT = 65536;
const RADIX_LIMIT = DIGIT ** 3; // keys below 2^48 sort in three passes

/** Indices of all keys, largest first, ties by smaller index (a stable LSD radix sort on 16-bit digits). */
function sortAll(keys: Float64Array): Int32Array {
  const n = keys.length;
  let idx = Int32Array.from({ length: n }, (_, i) => i);
  let max = 0;
  for (let i = 0; i < n; i++) if (keys[i] > max) max = keys[i];
  if (n < RADIX_FROM || max >= RADIX_LIMIT) return idx.sort((i, j) => keys[j] - keys[i] || i - j);
  let tmp = new Int32Array(n);
  const counts = new Int32Array(DIGIT + 1);
  for (let pass = 0, scale = 1; pass < 3; pass++, scale *= DIGIT) {
    counts.fill(0);
    // Digits are reversed (DIGIT − 1 − d) so that larger keys come first.
    for (let i = 0; i < n; i++) counts[DIGIT - (Math.floor(keys[idx[i]] / scale) % DIGIT)]++;
    for (let d = 1; d <= DIGIT; d++) counts[d] += counts[d - 1];
    for (let i = 0; i < n; i++) tmp[counts[DIGIT - 1 - (Math.floor(keys[idx[i]] / scale) % DIGIT)]++] = idx[i];
    [idx, tmp] = [tmp, idx];
  }
  return idx;
}
