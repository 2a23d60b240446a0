import * as OpenCC from 'opencc-js';

/**
 * Matching form of a text: full-width ASCII folded to half-width, ideographic space to
 * space, Latin lower-cased, traditional characters to simplified. Length-preserving
 * (one UTF-16 unit in, one out), so an offset found in the matching form is the same
 * offset in the original — highlights never drift.
 */
export function normalizeForMatch(text: string): string {
  const folded = foldWidth(text).toLowerCase();
  return toSimplified(folded);
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

let t2s: ((s: string) => string) | null = null;

// opencc's phrase tables can change a string's length (rarely); fall back to
// character-by-character conversion so that offsets stay aligned.
function toSimplified(text: string): string {
  if (!/[\u3400-\u9fff]/.test(text)) return text;
  const convert = (t2s ??= OpenCC.Converter({ from: 'hk', to: 'cn' }));
  const whole = convert(text);
  if (whole.length === text.length) return whole;
  let out = '';
  for (const ch of text) {
    const s = convert(ch);
    out += s.length === ch.length ? s : ch;
  }
  return out;
}

/** CJK unified ideographs (BMP), the characters that bigram indexing covers. */
export const CJK_CHAR = /[\u3400-\u9fff\uf900-\ufaff]/;
