import * as OpenCC from 'opencc-js';

/**
 * Bumped whenever the matching form changes, so that a saved search index built with
 * another matching form is rebuilt instead of trusted.
 */
export const MATCH_FORM_VERSION = 2;

/**
 * Matching form of a text, character by character (no context, so that the form of a
 * substring is a substring of the form of the whole): full-width letters and digits to
 * ASCII, ASCII punctuation to its full-width form (the form Chinese text already uses, so
 * that most clauses keep their own text as matching form), Latin lower-cased, traditional
 * characters to simplified, CJK compatibility ideographs to their unified form, every
 * kind of space to U+0020. Length-preserving: offset i of the result is offset i of the
 * input.
 * @example normalizeForMatch('產教聯合體３３６１８') // '产教联合体33618'
 */
export function normalizeForMatch(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const f = foldCode(c);
    if (f !== c) {
      out += text.slice(from, i) + String.fromCharCode(f);
      from = i + 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}

/**
 * What the search index and queries compare: {@link normalizeForMatch}, then whitespace
 * dropped where it separates nothing (next to a Chinese character or punctuation, at
 * either end, zero-width characters) and runs between Latin words or digits collapsed to
 * one space. So "2025 年" and "2025年" match, and "big  data" matches "big data".
 * Context-free in the sense that matters for search: the matching form of any substring
 * of a text is a substring of the matching form of the text.
 * @example matchFormOf('到 2025 年，ＡＩ  应用') // '到2025年，ai应用'
 */
export function matchFormOf(text: string): string {
  return fold(text, null);
}

/**
 * {@link matchFormOf} with the way back: `origin[i]` is the offset in `text` of the
 * character that became `form[i]`, and `origin[form.length] === text.length`. A match
 * [s, e) in the form is [origin[s], origin[e - 1] + 1) in the text.
 */
export function matchFormWithOrigin(text: string): { form: string; origin: Uint32Array } {
  const origin = new Uint32Array(text.length + 1);
  const form = fold(text, origin);
  origin[form.length] = text.length;
  return { form, origin: origin.subarray(0, form.length + 1) };
}

/** Full-width ASCII (U+FF01–FF5E) → ASCII, U+3000 → space; same length. */
export function foldWidth(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000) out += ' ';
    else out += text[i];
  }
  return out;
}

/** CJK unified ideographs (BMP), the characters that bigram indexing covers. */
export const CJK_CHAR = /[\u3400-\u9fff\uf900-\ufaff]/;

const SPACE = 0x20;

function fold(text: string, origin: Uint32Array | null): string {
  // Fast path: nothing to fold and no whitespace at all, the common case for Chinese text.
  let i = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const f = foldCode(c);
    if (f !== c || f === SPACE || isZeroWidth(c)) break;
  }
  if (i === text.length) {
    if (origin) for (let k = 0; k <= text.length; k++) origin[k] = k;
    return text;
  }
  const codes: number[] = [];
  let pendingSpace = -1; // offset of the first character of a whitespace run not yet written
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (isZeroWidth(c)) continue;
    const f = foldCode(c);
    if (f === SPACE) {
      if (pendingSpace < 0) pendingSpace = k;
      continue;
    }
    if (pendingSpace >= 0) {
      // A run between two narrow characters (Latin words, digits) stays as one space.
      if (codes.length > 0 && isNarrow(codes[codes.length - 1]) && isNarrow(f)) {
        if (origin) origin[codes.length] = pendingSpace;
        codes.push(SPACE);
      }
      pendingSpace = -1;
    }
    if (origin) origin[codes.length] = k;
    codes.push(f);
  }
  let out = '';
  const CHUNK = 8192; // characters per String.fromCharCode call (argument-count limit)
  for (let k = 0; k < codes.length; k += CHUNK) out += String.fromCharCode(...codes.slice(k, k + CHUNK));
  return out;
}

// Scripts written with spaces between words; a space between two of these separates words.
function isNarrow(c: number): boolean {
  return c < 0x2e80 && c !== SPACE;
}

function isZeroWidth(c: number): boolean {
  return (c >= 0x200b && c <= 0x200d) || c === 0x2060 || c === 0xfeff;
}

function isSpace(c: number): boolean {
  return (
    c === 0x20 ||
    (c >= 0x09 && c <= 0x0d) ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

// One UTF-16 unit in, one out; 0 in the table means "not computed yet".
const folded = new Uint16Array(0x10000);

function foldCode(c: number): number {
  if (c < 0x80) {
    if (c >= 0x41 && c <= 0x5a) return c + 0x20; // A–Z
    if (c >= 0x61 && c <= 0x7a) return c; // a–z
    if (c >= 0x30 && c <= 0x39) return c; // 0–9
    if (c > 0x20 && c < 0x7f) return c + 0xfee0; // punctuation → full-width
    return isSpace(c) ? SPACE : c;
  }
  const cached = folded[c];
  if (cached !== 0) return cached;
  const f = computeFold(c);
  folded[c] = f;
  return f;
}

function computeFold(c: number): number {
  if (c >= 0xff01 && c <= 0xff5e) {
    const ascii = c - 0xfee0;
    if (ascii >= 0x41 && ascii <= 0x5a) return ascii + 0x20;
    if ((ascii >= 0x61 && ascii <= 0x7a) || (ascii >= 0x30 && ascii <= 0x39)) return ascii;
    return c; // full-width punctuation is the matching form already
  }
  if (isSpace(c)) return SPACE;
  if (c >= 0xd800 && c <= 0xdfff) return c; // halves of astral characters stay as they are
  const ch = String.fromCharCode(c);
  if (c >= 0xf900 && c <= 0xfaff) {
    const unified = ch.normalize('NFKC');
    return unified.length === 1 ? foldCode(unified.charCodeAt(0)) : c;
  }
  if (c >= 0x3400 && c <= 0x9fff) return simplifiedCode(c);
  const lower = ch.toLowerCase();
  return lower.length === 1 ? lower.charCodeAt(0) : c;
}

/**
 * Traditional characters to simplified, everything else as written; length-preserving.
 * Extraction reads this form, so that a traditional-character document yields the same
 * entities (by their simplified names) at the same offsets.
 * @example simplifiedForm('重慶市教育委員會') // '重庆市教育委员会'
 */
export function simplifiedForm(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x3400 || c > 0x9fff) continue;
    const f = simplifiedCode(c);
    if (f !== c) {
      out += text.slice(from, i) + String.fromCharCode(f);
      from = i + 1;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}

let t2s: ((s: string) => string) | null = null;

// One entry per CJK code point (U+3400–9FFF); 0 means "not computed yet". opencc's
// converter costs microseconds a call, and extraction asks for every character of every article.
const simplified = new Uint16Array(0xa000 - 0x3400);

// Character by character (opencc's phrase tables would make the form depend on context);
// followed to a fixed point so that folding twice changes nothing.
function simplifiedCode(c: number): number {
  if (c < 0x3400 || c > 0x9fff) return convertedCode(c);
  const cached = simplified[c - 0x3400];
  if (cached !== 0) return cached;
  const f = convertedCode(c);
  simplified[c - 0x3400] = f;
  return f;
}

function convertedCode(c: number): number {
  const convert = (t2s ??= OpenCC.Converter({ from: 'hk', to: 'cn' }));
  let code = c;
  for (let step = 0; step < 3; step++) {
    const next = convert(String.fromCharCode(code));
    if (next.length !== 1 || next.charCodeAt(0) === code) return code;
    code = next.charCodeAt(0);
  }
  return c;
}
