import { matchFormWithOrigin, type Segmenter } from '../../lang/index.js';

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

// Sort keys: gram key, then first position (capped), then the whole-word bit.
const POSITION_SLOTS = 65536;
const KEY_SCALE = POSITION_SLOTS * 2;

export class GramScratch {
  private sortable = new Float64Array(256);
  keys = new Uint32Array(256);
  pays = new Uint8Array(256);
  /** offset of each key's first occurrence */
  poss = new Uint32Array(256);

  /**
   * Distinct keys of `form` with their payloads and first offsets, into `keys`/`pays`/
   * `poss`; returns how many. `isBoundary(i)` says whether a word starts or ends at offset i.
   */
  collect(form: string, isBoundary: (i: number) => boolean): number {
    const pairs = form.length - 1;
    if (pairs <= 0) return 0;
    if (pairs > this.sortable.length) {
      this.sortable = new Float64Array(pairs * 2);
      this.keys = new Uint32Array(pairs * 2);
      this.pays = new Uint8Array(pairs * 2);
      this.poss = new Uint32Array(pairs * 2);
    }
    const s = this.sortable;
    let prevBoundary = isBoundary(0);
    let b1 = isBoundary(1);
    for (let i = 0; i < pairs; i++) {
      const b2 = isBoundary(i + 2);
      s[i] = gramKey(form, i) * KEY_SCALE + Math.min(i, POSITION_SLOTS - 1) * 2 + (prevBoundary && b2 ? 1 : 0);
      prevBoundary = b1;
      b1 = b2;
    }
    const sorted = s.subarray(0, pairs).sort();
    let n = 0;
    let i = 0;
    while (i < pairs) {
      const key = Math.floor(sorted[i] / KEY_SCALE);
      this.poss[n] = Math.floor((sorted[i] % KEY_SCALE) / 2);
      let tf = 0;
      let aligned = 0;
      while (i < pairs && Math.floor(sorted[i] / KEY_SCALE) === key) {
        tf++;
        aligned += sorted[i] % 2;
        i++;
      }
      this.keys[n] = key;
      const first = this.poss[n];
      this.pays[n++] = payloadOf(tf, aligned, isBoundary(first), isBoundary(first + 2));
    }
    return n;
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
