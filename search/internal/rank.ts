import { entitiesNamed, type Evaluation } from './evaluate.js';
import { HEADING, type IndexState } from './state.js';

// BM25 (Robertson's defaults) over the query terms, where an occurrence that does not
// start and end on jieba word boundaries (造成 inside 打造|成渝) counts for less.
const K1 = 1.2;
const B = 0.75;
const PARTIAL_WORD_WEIGHT = 0.5; // an occurrence inside or across words
/** A clause that is a title or heading. */
const HEADING_BOOST = 1.5;
/** Per query term named in the article's title (fraction of the terms). */
const TITLE_BOOST = 0.25;
/** A term that is the name or alias of an entity the clause mentions. */
const ENTITY_BOOST = 1.3;

export interface Ranked {
  ords: Uint32Array;
  scores: Float64Array;
}

/**
 * The best `k` matches (all of them when k ≥ their number), best first: score (rounded
 * to 1/1000, as shown), then the newer article, then index order.
 */
export function rankTop(s: IndexState, ev: Evaluation, k: number): Ranked {
  const n = ev.ords.length;
  const scores = scoreAll(s, ev);
  const dateOf = (i: number) => s.docs[s.clauseDoc[ev.ords[i]]].dateKey;
  const better = (i: number, j: number) =>
    scores[i] > scores[j] || (scores[i] === scores[j] && (dateOf(i) > dateOf(j) || (dateOf(i) === dateOf(j) && i < j)));
  let order: number[];
  if (k >= n) {
    order = Array.from({ length: n }, (_, i) => i).sort((i, j) => (better(i, j) ? -1 : better(j, i) ? 1 : 0));
  } else {
    order = topK(n, k, better);
  }
  const ords = new Uint32Array(order.length);
  const out = new Float64Array(order.length);
  order.forEach((i, at) => {
    ords[at] = ev.ords[i];
    out[at] = scores[i];
  });
  return { ords, scores: out };
}

function scoreAll(s: IndexState, ev: Evaluation): Float64Array {
  const n = ev.ords.length;
  const scores = new Float64Array(n);
  if (n === 0) return scores;
  const live = Math.max(s.liveClauses, 1);
  const avgLength = s.liveLength / live || 1;
  const titleHits = new Int8Array(s.docs.length).fill(-1);
  const terms = ev.terms.map((t) => ({
    ...t,
    idf: Math.log(1 + (live - Math.min(t.df, live) + 0.5) / (Math.min(t.df, live) + 0.5)),
    named: entitiesNamed(s, t.term),
    at: 0,
  }));
  for (let r = 0; r < n; r++) {
    const ord = ev.ords[r];
    const lengthNorm = K1 * (1 - B + (B * s.clauseLen[ord]) / avgLength);
    let score = 0;
    for (const t of terms) {
      const list = t.list;
      let at = t.at;
      while (at < list.length && list.ords[at] < ord) at++;
      t.at = at;
      if (at >= list.length || list.ords[at] !== ord) continue;
      const pay = list.pays[at];
      const tf = pay & 15;
      const aligned = pay >> 4;
      const weighted = aligned + PARTIAL_WORD_WEIGHT * (tf - aligned);
      let part = (t.idf * weighted * (K1 + 1)) / (weighted + lengthNorm);
      if (t.named.size && mentionsAny(s, ord, t.named)) part *= ENTITY_BOOST;
      score += part;
    }
    if (s.clauseFlags[ord] & HEADING) score *= HEADING_BOOST;
    const doc = s.clauseDoc[ord];
    let inTitle = titleHits[doc];
    if (inTitle < 0) {
      const title = s.docs[doc].titleForm;
      inTitle = 0;
      for (const t of terms) if (title.includes(t.term)) inTitle++;
      titleHits[doc] = inTitle;
    }
    if (inTitle) score *= 1 + (TITLE_BOOST * inTitle) / terms.length;
    scores[r] = Math.round(score * 1000) / 1000;
  }
  return scores;
}

function mentionsAny(s: IndexState, ord: number, ents: Set<number>): boolean {
  const start = s.clauseEntStart[ord];
  const end = start + s.clauseEntCount[ord];
  for (let i = start; i < end; i++) if (ents.has(s.entVals[i])) return true;
  return false;
}

/** Indices of the k best of 0…n-1 under `better`, best first (a bounded heap, worst on top). */
function topK(n: number, k: number, better: (i: number, j: number) => boolean): number[] {
  const heap: number[] = [];
  const up = (at: number) => {
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!better(heap[parent], heap[at])) break;
      [heap[parent], heap[at]] = [heap[at], heap[parent]];
      at = parent;
    }
  };
  const down = (at: number) => {
    for (;;) {
      const l = at * 2 + 1;
      const r = l + 1;
      let worst = at;
      if (l < heap.length && better(heap[worst], heap[l])) worst = l;
      if (r < heap.length && better(heap[worst], heap[r])) worst = r;
      if (worst === at) return;
      [heap[worst], heap[at]] = [heap[at], heap[worst]];
      at = worst;
    }
  };
  for (let i = 0; i < n; i++) {
    if (heap.length < k) {
      heap.push(i);
      up(heap.length - 1);
    } else if (k > 0 && better(i, heap[0])) {
      heap[0] = i;
      down(0);
    }
  }
  return heap.sort((i, j) => (better(i, j) ? -1 : better(j, i) ? 1 : 0));
}
