import type { Arena } from './arena.js';

/** Clauses with a payload each (occurrences, whole-word occurrences; see payloadOf), ascending. */
export interface Matches {
  ords: Uint32Array;
  pays: Uint8Array;
  length: number;
}

// Beyond this length ratio, intersecting gallops through the longer list instead of walking it.
const GALLOP_RATIO = 32;
// Up to this many lists (a query's few alternatives) a union merges them pairwise, in linear
// time; more (an entity filter naming many entities) are sorted together.
const MERGE_UP_TO = 4;

/** Ordinals in both ascending arrays. */
export function intersect(a: Uint32Array, b: Uint32Array, arena: Arena): Uint32Array {
  if (a.length > b.length) [a, b] = [b, a];
  const out = arena.takeU32(a.length);
  let n = 0;
  if (a.length * GALLOP_RATIO < b.length) {
    let lo = 0;
    for (let i = 0; i < a.length && lo < b.length; i++) {
      const x = a[i];
      lo = seek(b, lo, b.length, x);
      if (lo < b.length && b[lo] === x) out[n++] = x;
    }
  } else {
    let j = 0;
    for (let i = 0; i < a.length && j < b.length; i++) {
      const x = a[i];
      while (j < b.length && b[j] < x) j++;
      if (j < b.length && b[j] === x) out[n++] = x;
    }
  }
  return out.subarray(0, n);
}

/** The entries of `list` whose ordinals are in `within` (ascending), payloads kept. */
export function intersectMatches(list: Matches, within: Uint32Array, arena: Arena): Matches {
  const cap = Math.min(list.length, within.length);
  const ords = arena.takeU32(cap);
  const pays = arena.takeU8(cap);
  let n = 0;
  if (within.length * GALLOP_RATIO < list.length) {
    let lo = 0;
    for (let i = 0; i < within.length && lo < list.length; i++) {
      lo = seek(list.ords, lo, list.length, within[i]);
      if (lo < list.length && list.ords[lo] === within[i]) {
        ords[n] = within[i];
        pays[n++] = list.pays[lo];
      }
    }
  } else {
    let j = 0;
    for (let i = 0; i < list.length && j < within.length; i++) {
      const x = list.ords[i];
      while (j < within.length && within[j] < x) j++;
      if (j < within.length && within[j] === x) {
        ords[n] = x;
        pays[n++] = list.pays[i];
      }
    }
  }
  return { ords, pays, length: n };
}

/** Ascending union of ascending arrays, without duplicates. */
export function union(lists: Uint32Array[], arena: Arena): Uint32Array {
  if (lists.length <= MERGE_UP_TO) {
    let out = lists[0] ?? new Uint32Array(0);
    for (let i = 1; i < lists.length; i++) out = merge(out, lists[i], arena);
    return out;
  }
  let total = 0;
  for (const l of lists) total += l.length;
  const all = arena.takeU32(total);
  let at = 0;
  for (const l of lists) {
    all.set(l, at);
    at += l.length;
  }
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) all[n++] = all[i];
  return all.subarray(0, n);
}

function merge(a: Uint32Array, b: Uint32Array, arena: Arena): Uint32Array {
  const out = arena.takeU32(a.length + b.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x < y) {
      out[n++] = x;
      i++;
    } else if (y < x) {
      out[n++] = y;
      j++;
    } else {
      out[n++] = x;
      i++;
      j++;
    }
  }
  while (i < a.length) out[n++] = a[i++];
  while (j < b.length) out[n++] = b[j++];
  return out.subarray(0, n);
}

/**
 * `ords` without the ordinals that are in `candidates` and pass `holds` (candidates are
 * a superset of the clauses to drop, so only they are checked).
 */
export function subtractVerified(ords: Uint32Array, candidates: Uint32Array, holds: (ord: number) => boolean, arena: Arena): Uint32Array {
  const out = arena.takeU32(ords.length);
  let n = 0;
  let j = 0;
  for (let i = 0; i < ords.length; i++) {
    const x = ords[i];
    j = seek(candidates, j, candidates.length, x);
    if (j < candidates.length && candidates[j] === x && holds(x)) continue;
    out[n++] = x;
  }
  return out.subarray(0, n);
}

/** First index in [from, end) whose value is ≥ x (or `end`), by galloping then binary search. */
export function seek(a: Uint32Array, from: number, end: number, x: number): number {
  if (from >= end || a[from] >= x) return from;
  let step = 1;
  let hi = from;
  while (hi < end && a[hi] < x) {
    from = hi + 1;
    hi += step;
    step *= 2;
  }
  hi = Math.min(hi, end);
  while (from < hi) {
    const mid = (from + hi) >>> 1;
    if (a[mid] < x) from = mid + 1;
    else hi = mid;
  }
  return from;
}
