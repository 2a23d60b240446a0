import { matchFormWithOrigin } from '../../lang/index.js';

/**
 * Gram keys: two adjacent UTF-16 units of a matching form, `first << 16 | second`. Every
 * pair is indexed (Chinese, Latin, digits, punctuation), so every term of two or more
 * units has at least one key, and a clause holds a two-unit term exactly when it holds
 * its key.
 */
export function gramKey(text: string, at: number): number {
  return ((text.charCodeAt(at) << 16) | text.charCodeAt(at + 1)) >>> 0;
}

/** The distinct gram keys of a term (empty for a single unit). */
export function termKeys(term: string): number[] {
  const keys = new Set<number>();
  for (let i = 0; i + 1 < term.length; i++) keys.add(gramKey(term, i));
  return [...keys];
}

/**
 * Payload of a (clause, key) posting or a (clause, term) match, one byte: occurrences
 * (bits 0–2) and occurrences that start and end on word boundaries (bits 3–5), each capped
 * at 7; for a key, whether its first occurrence starts (FIRST_STARTS_WORD) and ends
 * (FIRST_ENDS_WORD) on a word boundary, so that a term matched by the first positions of
 * its tiles knows whether it is a whole word without reading the clause.
 */
export function payloadOf(tf: number, alignedTf: number, firstStarts = false, firstEnds = false): number {
  return Math.min(tf, TF_MAX) | (Math.min(alignedTf, TF_MAX) << 3) | (firstStarts ? FIRST_STARTS_WORD : 0) | (firstEnds ? FIRST_ENDS_WORD : 0);
}

export const TF_MAX = 7;
export const FIRST_STARTS_WORD = 0x40;
export const FIRST_ENDS_WORD = 0x80;

/** Occurrences in a payload. */
export function tfOf(pay: number): number {
  return pay & 7;
}

/** Whole-word occurrences in a payload. */
export function alignedTfOf(pay: number): number {
  return (pay >> 3) & 7;
}

export class GramScratch {
  keys = new Uint32Array(256);
  pays = new Uint8Array(256);
  /** offset of each key's first occurrence */
  poss = new Uint32Array(256);
  private tf = new Uint32Array(256);
  private aligned = new Uint32Array(256);
  // Open-addressing table from key to its output slot; a slot belongs to this call when its
  // stamp is the call's generation, so the table is never cleared.
  private slotKey = new Uint32Array(1024);
  private slotOut = new Uint32Array(1024);
  private slotStamp = new Uint32Array(1024);
  private slotShift = 32 - 10; // 32 − log2(table size)
  private generation = 0;

  /**
   * Distinct keys of `form` with their payloads and first offsets, into `keys`/`pays`/
   * `poss` in order of first occurrence; returns how many. `isBoundary(i)` says whether a
   * word starts or ends at offset i.
   */
  collect(form: string, isBoundary: (i: number) => boolean): number {
    const pairs = form.length - 1;
    if (pairs <= 0) return 0;
    this.reserve(pairs);
    const { keys, poss, tf, aligned, slotKey, slotOut, slotStamp } = this;
    const mask = slotKey.length - 1;
    const shift = this.slotShift;
    const generation = ++this.generation;
    let n = 0;
    let prevBoundary = isBoundary(0);
    let b1 = isBoundary(1);
    for (let i = 0; i < pairs; i++) {
      const b2 = isBoundary(i + 2);
      const key = gramKey(form, i);
      const word = prevBoundary && b2 ? 1 : 0;
      prevBoundary = b1;
      b1 = b2;
      // the product's high bits depend on both characters of the gram
      let slot = Math.imul(key, 0x9e3779b1) >>> shift;
      while (slotStamp[slot] === generation && slotKey[slot] !== key) slot = (slot + 1) & mask;
      if (slotStamp[slot] === generation) {
        const j = slotOut[slot];
        tf[j]++;
        aligned[j] += word;
      } else {
        slotStamp[slot] = generation;
        slotKey[slot] = key;
        slotOut[slot] = n;
        keys[n] = key;
        poss[n] = i;
        tf[n] = 1;
        aligned[n] = word;
        n++;
      }
    }
    for (let j = 0; j < n; j++) this.pays[j] = payloadOf(tf[j], aligned[j], isBoundary(poss[j]), isBoundary(poss[j] + 2));
    return n;
  }

  private reserve(pairs: number): void {
    if (pairs > this.keys.length) {
      const size = pairs * 2;
      this.keys = new Uint32Array(size);
      this.pays = new Uint8Array(size);
      this.poss = new Uint32Array(size);
      this.tf = new Uint32Array(size);
      this.aligned = new Uint32Array(size);
    }
    // at most half full, so that probes stay short
    if (pairs * 2 > this.slotKey.length) {
      let size = this.slotKey.length;
      while (size < pairs * 2) size *= 2;
      this.slotKey = new Uint32Array(size);
      this.slotOut = new Uint32Array(size);
      this.slotStamp = new Uint32Array(size);
      this.slotShift = 32 - Math.log2(size);
      this.generation = 0;
    }
  }
}

/**
 * Word boundaries of a clause's matching form: offsets 0 and `form.length`, and every offset
 * between two words. Only ranking uses them (a match that starts and ends on boundaries is a
 * whole-word match, unlike 造成 inside 打造|成渝). They come from the article's word breaks
 * (lang/wordBreaks: the clause text as jieba cuts it) between the clause's `start` and `end`;
 * where the form dropped whitespace, a break is carried to the form character after it.
 */
export function clauseBoundaries(breaks: Uint32Array, start: number, end: number, text: string, form: string): number[] {
  let lo = 0;
  let hi = breaks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (breaks[mid] < start) lo = mid + 1;
    else hi = mid;
  }
  const out = [0];
  const origin = form.length === text.length ? null : matchFormWithOrigin(text).origin;
  let f = 0;
  for (let k = lo; k < breaks.length && breaks[k] < end; k++) {
    const at = breaks[k] - start;
    if (origin) while (f < form.length && origin[f] < at) f++;
    const b = origin ? f : at;
    if (b > out[out.length - 1] && b < form.length) out.push(b);
  }
  if (form.length > 0) out.push(form.length);
  return out;
}
