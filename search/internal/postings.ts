import type { Arena } from './arena.js';

/**
 * Postings of the clause index: for every gram key, the ordinals of the clauses holding
 * it, ascending, each with a payload byte (occurrences) and the offset of the key's first
 * occurrence in the clause (capped at POSITION_UNKNOWN). Two parts:
 *
 * - a compact part: keys sorted in a Uint32Array, each key's list delta- and
 *   varint-encoded in one Uint8Array (about 1.5 bytes a posting instead of 5);
 * - a tail for clauses added since the last compaction: a log of (key, posting) in typed
 *   arrays, cheap to append to, grouped by key only when a search reads it and merged into
 *   the compact part once it holds a quarter as many postings (at least TAIL_POSTINGS_MIN).
 *
 * Ordinals only grow, so a key's tail entries always follow its compact entries.
 */

/** Largest clause ordinal + 1 (a gap times 4 plus a code must fit in 31 bits). */
export const MAX_ORDINALS = 2 ** 28;

/**
 * `add` merges the tail into the compact part once it holds TAIL_SHARE of the compact
 * postings, and at least TAIL_POSTINGS_MIN: a merge costs about a copy of the compact part,
 * so merges stay few as the index grows, while the tail a save has to merge stays small
 * (saving the 100× index: ~0.5 s with a fixed limit of 4M postings, ~0.3 s with this).
 */
const TAIL_POSTINGS_MIN = 1_000_000; // postings
const TAIL_SHARE = 0.25;

/** Position byte of a first occurrence at offset 255 or later. */
export const POSITION_UNKNOWN = 255;

// Low two bits of an encoded gap: the payload, when it is one of the two common ones.
const CODE_TF1_WORD = 0; // payload 0xc9: once, a whole word (see grams.ts payloadOf)
const CODE_TF1 = 1; // payload 0x01: once, inside or across words
const CODE_TF1_STARTS = 2; // payload 0x41: once, starting a word
const CODE_EXPLICIT = 3; // payload byte follows
const PAY_TF1_WORD = 0xc9;
const PAY_TF1 = 0x01;
const PAY_TF1_STARTS = 0x41;

export interface PostingParts {
  keys: Uint32Array;
  /** byte offset of each key's list in `data`, plus the end */
  starts: Uint32Array;
  /** postings per key */
  counts: Uint32Array;
  /** last ordinal per key (appending continues the delta chain from it) */
  lasts: Uint32Array;
  data: Uint8Array;
}

/** A decoded posting list: `ords[i]` with payload `pays[i]` and first position `poss[i]`, for i < length. */
export interface PostingList {
  ords: Uint32Array;
  pays: Uint8Array;
  poss: Uint8Array;
  length: number;
}

export const EMPTY_LIST: PostingList = { ords: new Uint32Array(0), pays: new Uint8Array(0), poss: new Uint8Array(0), length: 0 };

export class PostingStore {
  private parts: PostingParts;
  private tail = new TailLog();
  /** postings per key of clauses removed since the store was built (their entries stay until rewritten) */
  private removed = new Map<number, number>();
  private compactPostings = 0;

  constructor(parts?: PostingParts) {
    this.parts = parts ?? emptyParts();
    for (const c of this.parts.counts) this.compactPostings += c;
  }

  /** Postings held, compact and tail. */
  get size(): number {
    return this.compactPostings + this.tail.length;
  }

  /** Distinct keys in the compact part (the tail may add a few). */
  get keyCount(): number {
    return this.parts.keys.length;
  }

  /** Append one clause's keys; `ord` must exceed every ordinal added before. */
  add(ord: number, keys: ArrayLike<number>, pays: ArrayLike<number>, poss: ArrayLike<number>, n: number): void {
    if (ord >= MAX_ORDINALS) throw new RangeError(`clause ordinal ${ord} exceeds the index limit of ${MAX_ORDINALS}`);
    for (let i = 0; i < n; i++) this.tail.append(keys[i], ord * 65536 + pays[i] * 256 + Math.min(poss[i], POSITION_UNKNOWN));
    if (this.tail.length >= Math.max(TAIL_POSTINGS_MIN, this.compactPostings * TAIL_SHARE)) this.compact();
  }

  /**
   * Merge the tail once it holds more than `limit` postings (searches call this, so an
   * index that was just filled in bulk answers from the compact part).
   */
  settle(limit: number): boolean {
    if (this.tail.length <= limit) return false;
    this.compact();
    return true;
  }

  /** Number of live clauses holding `key`. */
  count(key: number): number {
    const i = this.find(key);
    return (i >= 0 ? this.parts.counts[i] : 0) + (this.tail.entriesOf(key)?.length ?? 0) - (this.removed.get(key) ?? 0);
  }

  /** Note that a clause holding these keys was removed (its postings are skipped by the caller). */
  forget(keys: ArrayLike<number>, n: number): void {
    for (let i = 0; i < n; i++) this.removed.set(keys[i], (this.removed.get(keys[i]) ?? 0) + 1);
  }

  /** The key's postings in ordinal order (removed clauses included), in arrays from `arena`. */
  list(key: number, arena: Arena): PostingList {
    const i = this.find(key);
    const tail = this.tail.entriesOf(key);
    const n = (i >= 0 ? this.parts.counts[i] : 0) + (tail?.length ?? 0);
    if (n === 0) return EMPTY_LIST;
    const ords = arena.takeU32(n);
    const pays = arena.takeU8(n);
    const poss = arena.takeU8(n);
    let k = i >= 0 ? decodeInto(this.parts.data, this.parts.starts[i], this.parts.starts[i + 1], ords, pays, poss) : 0;
    if (tail) {
      for (const e of tail) {
        const packed = this.tail.packed[e];
        ords[k] = Math.floor(packed / 65536);
        pays[k] = Math.floor(packed / 256) % 256;
        poss[k++] = packed % 256;
      }
    }
    return { ords, pays, poss, length: n };
  }

  /** Merge the tail into the compact part. */
  compact(): void {
    if (this.tail.length === 0) return;
    const { keys: tailKeys, starts: tailStarts, order } = this.tail.grouped();
    const old = this.parts;
    const keyCount = countUnion(old.keys, tailKeys);
    const keys = new Uint32Array(keyCount);
    const starts = new Uint32Array(keyCount + 1);
    const counts = new Uint32Array(keyCount);
    const lasts = new Uint32Array(keyCount);
    const out = new ByteWriter(old.data.length + this.tail.length * 3);
    let a = 0;
    let b = 0;
    let k = 0;
    while (k < keyCount) {
      // Old keys up to the next tail key are copied as one piece: merging a small tail into a
      // large compact part costs about a copy of its bytes, not a step per key.
      const run = b < tailKeys.length ? lowerBound(old.keys, tailKeys[b], a) : old.keys.length;
      if (run > a) {
        const shift = out.length - old.starts[a];
        out.append(old.data.subarray(old.starts[a], old.starts[run]));
        keys.set(old.keys.subarray(a, run), k);
        counts.set(old.counts.subarray(a, run), k);
        lasts.set(old.lasts.subarray(a, run), k);
        for (let i = a; i < run; i++) starts[k++] = old.starts[i] + shift;
        a = run;
        continue;
      }
      const key = tailKeys[b];
      keys[k] = key;
      starts[k] = out.length;
      let prev = 0;
      let count = 0;
      let first = true;
      if (a < old.keys.length && old.keys[a] === key) {
        out.append(old.data.subarray(old.starts[a], old.starts[a + 1]));
        prev = old.lasts[a];
        count = old.counts[a];
        first = false;
        a++;
      }
      for (let e = tailStarts[b]; e < tailStarts[b + 1]; e++) {
        const packed = this.tail.packed[order[e]];
        const ord = Math.floor(packed / 65536);
        out.posting(first ? ord : ord - prev, Math.floor(packed / 256) % 256, packed % 256);
        prev = ord;
        first = false;
        count++;
      }
      b++;
      counts[k] = count;
      lasts[k] = prev;
      k++;
    }
    starts[keyCount] = out.length;
    this.parts = { keys, starts, counts, lasts, data: out.bytes() };
    this.compactPostings += this.tail.length;
    this.tail = new TailLog();
  }

  /**
   * A compact copy without removed clauses and with new ordinals: `remap[ord]` is the
   * new ordinal (ascending with `ord`), or -1 for a clause to drop.
   */
  rewritten(remap: Int32Array): PostingStore {
    this.compact();
    const old = this.parts;
    const out = new ByteWriter(old.data.length);
    const keys: number[] = [];
    const starts: number[] = [];
    const counts: number[] = [];
    const lasts: number[] = [];
    let ords = new Uint32Array(1024);
    let pays = new Uint8Array(1024);
    let poss = new Uint8Array(1024);
    for (let i = 0; i < old.keys.length; i++) {
      if (old.counts[i] > ords.length) {
        ords = new Uint32Array(old.counts[i] * 2);
        pays = new Uint8Array(old.counts[i] * 2);
        poss = new Uint8Array(old.counts[i] * 2);
      }
      const n = decodeInto(old.data, old.starts[i], old.starts[i + 1], ords, pays, poss);
      const start = out.length;
      let prev = 0;
      let count = 0;
      for (let j = 0; j < n; j++) {
        const ord = remap[ords[j]];
        if (ord < 0) continue;
        out.posting(count === 0 ? ord : ord - prev, pays[j], poss[j]);
        prev = ord;
        count++;
      }
      if (count === 0) continue;
      keys.push(old.keys[i]);
      starts.push(start);
      counts.push(count);
      lasts.push(prev);
    }
    starts.push(out.length);
    return new PostingStore({
      keys: Uint32Array.from(keys),
      starts: Uint32Array.from(starts),
      counts: Uint32Array.from(counts),
      lasts: Uint32Array.from(lasts),
      data: out.bytes(),
    });
  }

  /** The compact arrays (after merging the tail), for saving. */
  compactParts(): PostingParts {
    this.compact();
    return this.parts;
  }

  private find(key: number): number {
    const keys = this.parts.keys;
    const i = lowerBound(keys, key, 0);
    return i < keys.length && keys[i] === key ? i : -1;
  }
}

/** Postings appended since the last compaction, in the order they came. */
class TailLog {
  keys = new Uint32Array(1024);
  /** ord * 65536 + payload * 256 + position */
  packed = new Float64Array(1024);
  length = 0;
  private byKey: Map<number, number[]> | null = null;

  append(key: number, packed: number): void {
    if (this.length === this.keys.length) {
      const keys = new Uint32Array(this.length * 2);
      keys.set(this.keys);
      this.keys = keys;
      const next = new Float64Array(this.length * 2);
      next.set(this.packed);
      this.packed = next;
    }
    this.keys[this.length] = key;
    this.packed[this.length++] = packed;
    this.byKey = null;
  }

  /** Entries (log positions) of a key in the order they came; grouped on the first read after an append. */
  entriesOf(key: number): number[] | undefined {
    if (!this.byKey) {
      this.byKey = new Map();
      for (let e = 0; e < this.length; e++) {
        const list = this.byKey.get(this.keys[e]);
        if (list) list.push(e);
        else this.byKey.set(this.keys[e], [e]);
      }
    }
    return this.byKey.get(key);
  }

  /**
   * The distinct keys ascending, and the log positions grouped by key (each group in the
   * order it came): key i's positions are order[starts[i], starts[i + 1]). Two stable
   * counting passes over the key's halves, so that a bulk load does not pay a hash lookup
   * per posting.
   */
  grouped(): { keys: Uint32Array; starts: Uint32Array; order: Uint32Array } {
    const n = this.length;
    const byLow = new Uint32Array(n);
    const order = new Uint32Array(n);
    const counts = new Uint32Array(65537);
    for (let e = 0; e < n; e++) counts[(this.keys[e] & 0xffff) + 1]++;
    for (let d = 1; d <= 65536; d++) counts[d] += counts[d - 1];
    for (let e = 0; e < n; e++) byLow[counts[this.keys[e] & 0xffff]++] = e;
    counts.fill(0);
    for (let e = 0; e < n; e++) counts[(this.keys[e] >>> 16) + 1]++;
    for (let d = 1; d <= 65536; d++) counts[d] += counts[d - 1];
    for (let j = 0; j < n; j++) {
      const e = byLow[j];
      order[counts[this.keys[e] >>> 16]++] = e;
    }
    const keys: number[] = [];
    const starts: number[] = [];
    for (let j = 0; j < n; j++) {
      const key = this.keys[order[j]];
      if (j === 0 || key !== keys[keys.length - 1]) {
        keys.push(key);
        starts.push(j);
      }
    }
    starts.push(n);
    return { keys: Uint32Array.from(keys), starts: Uint32Array.from(starts), order };
  }
}

function emptyParts(): PostingParts {
  return { keys: new Uint32Array(0), starts: new Uint32Array(1), counts: new Uint32Array(0), lasts: new Uint32Array(0), data: new Uint8Array(0) };
}

/** The first index from `from` on whose key is not below `key`. */
function lowerBound(keys: Uint32Array, key: number, from: number): number {
  let lo = from;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function countUnion(a: Uint32Array, b: Uint32Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length && j < b.length) {
    if (a[i] < b[j]) i++;
    else if (a[i] > b[j]) j++;
    else {
      i++;
      j++;
    }
    n++;
  }
  return n + (a.length - i) + (b.length - j);
}

/** Decode `data[from, to)` into `ords`/`pays`/`poss`; returns the number of postings. */
function decodeInto(data: Uint8Array, from: number, to: number, ords: Uint32Array, pays: Uint8Array, poss: Uint8Array): number {
  let p = from;
  let n = 0;
  let prev = 0;
  while (p < to) {
    let b = data[p++];
    let v = b & 0x7f;
    if (b & 0x80) {
      b = data[p++];
      v |= (b & 0x7f) << 7;
      if (b & 0x80) {
        b = data[p++];
        v |= (b & 0x7f) << 14;
        if (b & 0x80) {
          b = data[p++];
          v |= (b & 0x7f) << 21;
          if (b & 0x80) {
            b = data[p++];
            v |= (b & 0x07) << 28;
          }
        }
      }
    }
    const code = v & 3;
    prev = n === 0 ? v >>> 2 : prev + (v >>> 2);
    ords[n] = prev;
    pays[n] = code === CODE_TF1_WORD ? PAY_TF1_WORD : code === CODE_TF1 ? PAY_TF1 : code === CODE_TF1_STARTS ? PAY_TF1_STARTS : data[p++];
    poss[n++] = data[p++];
  }
  return n;
}

class ByteWriter {
  private buf: Uint8Array;
  length = 0;

  constructor(capacity: number) {
    this.buf = new Uint8Array(Math.max(capacity, 64));
  }

  posting(gap: number, pay: number, pos: number): void {
    const code = pay === PAY_TF1_WORD ? CODE_TF1_WORD : pay === PAY_TF1 ? CODE_TF1 : pay === PAY_TF1_STARTS ? CODE_TF1_STARTS : CODE_EXPLICIT;
    this.ensure(7);
    let v = gap * 4 + code;
    while (v >= 0x80) {
      this.buf[this.length++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.length++] = v;
    if (code === CODE_EXPLICIT) this.buf[this.length++] = pay;
    this.buf[this.length++] = pos;
  }

  append(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  bytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + extra));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
}
