import { binaryFile, invalidEncoding } from '../errors.js';
import type { QualityWarning } from '../record.js';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030' | 'big5';

export interface DecodedText {
  text: string;
  encoding: TextEncoding;
  warnings: QualityWarning[];
}

/** Bytes looked at to tell encodings apart: enough for a verdict, cheap on a large file. */
const SAMPLE_BYTES = 64 * 1024;
/** Share of plausible characters (Chinese, ASCII, punctuation) a decoding needs to be believed. */
const MIN_PLAUSIBLE_SHARE = 0.95;
/** Share of a GB18030 file's double-byte pairs that fall in GB2312's hanzi and symbol rows. */
const MIN_GB2312_SHARE = 0.8;
/** Share of double-byte pairs with a trail byte 0x40–0x7e: common in Big5, absent from GB2312. */
const MIN_BIG5_LOW_TRAIL_SHARE = 0.15;
/** A mostly-UTF-8 file keeps UTF-8 when it has at least this many valid non-ASCII characters per bad byte. */
const MIN_VALID_PER_INVALID = 20;
/** Share of control characters above which decoded "text" is binary data. */
const MAX_CONTROL_SHARE = 0.005;

/**
 * Bytes of a text file → text. UTF-8 (BOM or not) and UTF-16 with a BOM are read as
 * declared; without a BOM, UTF-16 is recognised by its NUL pattern or by its code units
 * being Chinese, and GB18030 (GBK, GB2312) or Big5 by their byte statistics. A guess is
 * always reported as a warning, never made silently; a UTF-8 file with a few bad bytes or
 * mis-converted text ("å¹´", "锟斤拷") is kept with a "mixed-encoding" warning.
 * @throws IngestError binary_file for data that is no text, invalid_encoding when no encoding fits
 */
export function decodeText(file: string, bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const body = bytes.subarray(3);
    return checked(file, fromUtf8(body) ?? mostlyUtf8(body) ?? fail(invalidEncoding(file)));
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return checked(file, utf16(file, bytes.subarray(2), 'utf-16le', []));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return checked(file, utf16(file, bytes.subarray(2), 'utf-16be', []));

  const sample = bytes.subarray(0, SAMPLE_BYTES);
  const nulOrder = utf16ByNuls(sample);
  if (nulOrder) return checked(file, utf16(file, bytes, nulOrder, [noBomWarning(nulOrder)]));
  if (sample.includes(0)) throw binaryFile(file);

  const utf8 = fromUtf8(bytes) ?? mostlyUtf8(bytes);
  if (utf8) return checked(file, utf8);

  // Chinese in UTF-16 without a BOM and without ASCII has no NULs at all.
  for (const encoding of ['utf-16le', 'utf-16be'] as const) {
    if (bytes.length % 2 === 0 && plausibleShare(decodeLoose(encoding, evenPrefix(sample))) >= MIN_PLAUSIBLE_SHARE) {
      return checked(file, utf16(file, bytes, encoding, [noBomWarning(encoding)]));
    }
  }
  const stats = doubleByteStats(sample);
  if (stats.pairs > 0 && stats.gb2312 / stats.pairs >= MIN_GB2312_SHARE) {
    const text = decodeStrict('gb18030', bytes);
    if (text !== null) {
      return checked(file, {
        text,
        encoding: 'gb18030',
        warnings: [{ ruleId: 'encoding-gb18030', message: '文件不是 UTF-8，按内容判断为 GB18030（GBK/GB2312）编码并已转换；如有乱码，请另存为 UTF-8 后重新导入。' }],
      });
    }
  }
  if (stats.pairs > 0 && stats.lowTrail / stats.pairs >= MIN_BIG5_LOW_TRAIL_SHARE) {
    const text = decodeStrict('big5', bytes);
    if (text !== null && plausibleShare(text.slice(0, SAMPLE_BYTES)) >= MIN_PLAUSIBLE_SHARE) {
      return checked(file, {
        text,
        encoding: 'big5',
        warnings: [{ ruleId: 'encoding-big5', message: '文件不是 UTF-8，按内容判断为 Big5（繁体中文）编码并已转换；如有乱码，请另存为 UTF-8 后重新导入。' }],
      });
    }
  }
  throw invalidEncoding(file);
}

const noBomWarning = (encoding: 'utf-16le' | 'utf-16be'): QualityWarning => ({
  ruleId: 'encoding-utf16-no-bom',
  message: `文件没有字节顺序标记（BOM），按内容判断为 ${encoding.toUpperCase()} 编码并已解码。`,
});

/**
 * A UTF-8 file with a few bad bytes (a fragment pasted from a GBK page, a damaged byte):
 * the rest is worth keeping, with the damage reported. Null when the bad bytes are too many
 * for the file to be UTF-8.
 */
function mostlyUtf8(bytes: Uint8Array): DecodedText | null {
  const text = decodeLoose('utf-8', bytes);
  const bad = countMatches(text, /\ufffd/g);
  const valid = countMatches(text, /[^\x00-\x7f\ufffd]/g);
  if (valid < bad * MIN_VALID_PER_INVALID) return null;
  return {
    text,
    encoding: 'utf-8',
    warnings: [{ ruleId: 'mixed-encoding', message: `文件是 UTF-8，但有 ${bad} 处字节不是 UTF-8（可能混用了其他编码），已替换为 �；这些地方的文字需核对原文。` }],
  };
}

function fail(error: Error): never {
  throw error;
}

/**
 * Share of the characters that belong in a Chinese document: CJK ideographs and
 * punctuation, ASCII, full-width forms, common symbols. Mojibake, private-use glyphs and
 * control characters lower it.
 */
export function plausibleShare(text: string): number {
  if (!text) return 1;
  let good = 0;
  let total = 0;
  for (const ch of text) {
    total++;
    const c = ch.codePointAt(0)!;
    if (
      (c >= 0x20 && c < 0x7f) ||
      c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c ||
      (c >= 0x4e00 && c <= 0x9fff) || // CJK unified ideographs
      (c >= 0x3400 && c <= 0x4dbf) || // extension A
      (c >= 0x3000 && c <= 0x303f) || // CJK punctuation
      (c >= 0xff00 && c <= 0xffef) || // full-width forms
      (c >= 0x2000 && c <= 0x206f) || // general punctuation “”—…
      (c >= 0x2100 && c <= 0x21ff) || // letterlike, number forms, arrows: ℃ Ⅰ →
      (c >= 0x2460 && c <= 0x24ff) || // ① ⑴
      (c >= 0x25a0 && c <= 0x25ff) || // ■ ● ◆
      (c >= 0x3200 && c <= 0x33ff) || // ㈠ ㎡
      (c >= 0xfe30 && c <= 0xfe4f) || // CJK compatibility forms ︰
      c === 0xa0 || c === 0xb0 || c === 0xb1 || c === 0xb7 || c === 0xd7 || c === 0xf7 || c === 0xa7 ||
      (c >= 0x391 && c <= 0x3c9) // Greek, in formulas
    ) {
      good++;
    }
  }
  return good / total;
}

/** Mis-converted text that a UTF-8 file can carry: UTF-8 read as Windows-1252 ("å¹´"), and "锟斤拷". */
const MOJIBAKE = /[\u00e2-\u00e9][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{2}|锟斤拷|烫烫烫|屯屯屯/g;

function fromUtf8(bytes: Uint8Array): DecodedText | null {
  const text = decodeStrict('utf-8', bytes);
  return text === null ? null : { text, encoding: 'utf-8', warnings: [] };
}

/** Adds the warnings about the decoded text and refuses control-character soup. */
function checked(file: string, decoded: DecodedText): DecodedText {
  const sample = decoded.text.slice(0, SAMPLE_BYTES);
  if (countMatches(sample, /[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]/g) > sample.length * MAX_CONTROL_SHARE) throw binaryFile(file);
  const warnings = [...decoded.warnings];
  if (!warnings.some((w) => w.ruleId === 'mixed-encoding')) {
    const replacement = countMatches(decoded.text, /\ufffd+/g);
    const mojibake = countMatches(decoded.text, MOJIBAKE);
    if (replacement + mojibake > 0) {
      const found = [replacement ? `${replacement} 处替换字符 �` : '', mojibake ? `${mojibake} 处错误转码的文字（如“å¹´”“锟斤拷”）` : ''].filter(Boolean).join('、');
      warnings.push({ ruleId: 'mixed-encoding', message: `文件中有${found}，可能混用了多种编码；这些地方的文字已无法还原，需核对原文。` });
    }
  }
  return { ...decoded, warnings };
}

function utf16(file: string, bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be', warnings: QualityWarning[]): DecodedText {
  const text = decodeStrict(encoding, bytes);
  if (text === null) throw invalidEncoding(file);
  return { text, encoding, warnings };
}

/**
 * UTF-16 text with ASCII in it has a NUL in every other byte (odd offsets for LE,
 * even ones for BE) and almost none in the other half; binary data has NULs anywhere.
 */
function utf16ByNuls(sample: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  let even = 0;
  let odd = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] === 0) i % 2 ? odd++ : even++;
  const pairs = sample.length / 2;
  if (pairs < 2) return null;
  if (odd / pairs >= 0.2 && even / pairs <= 0.01 && plausibleShare(decodeLoose('utf-16le', evenPrefix(sample))) >= MIN_PLAUSIBLE_SHARE) return 'utf-16le';
  if (even / pairs >= 0.2 && odd / pairs <= 0.01 && plausibleShare(decodeLoose('utf-16be', evenPrefix(sample))) >= MIN_PLAUSIBLE_SHARE) return 'utf-16be';
  return null;
}

/** Double-byte pairs in a legacy-encoded sample, and how many look like GB2312 or Big5. */
function doubleByteStats(sample: Uint8Array): { pairs: number; gb2312: number; lowTrail: number } {
  let pairs = 0;
  let gb2312 = 0;
  let lowTrail = 0;
  for (let i = 0; i < sample.length - 1; i++) {
    const lead = sample[i];
    if (lead < 0x81 || lead === 0xff) continue;
    const trail = sample[i + 1];
    pairs++;
    if (lead >= 0xa1 && lead <= 0xf7 && trail >= 0xa1 && trail <= 0xfe) gb2312++;
    if (trail >= 0x40 && trail <= 0x7e) lowTrail++;
    // GB18030's four-byte sequences have a digit as second byte
    i += trail >= 0x30 && trail <= 0x39 ? 3 : 1;
  }
  return { pairs, gb2312, lowTrail };
}

function decodeStrict(encoding: string, bytes: Uint8Array): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

function decodeLoose(encoding: string, bytes: Uint8Array): string {
  return new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
}

const evenPrefix = (b: Uint8Array) => b.subarray(0, b.length - (b.length % 2));

function countMatches(text: string, re: RegExp): number {
  let n = 0;
  for (const _ of text.matchAll(re)) n++;
  return n;
}
