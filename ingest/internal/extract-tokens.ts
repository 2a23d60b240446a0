import type { Segmenter } from '../../lang/index.js';
import type { EntityType } from '../record.js';

/** A jieba word with its part-of-speech tag and its offsets inside the clause. */
export interface Token {
  word: string;
  tag: string;
  start: number;
  end: number;
}

/**
 * One recognised entity mention inside a clause, before overlaps are resolved.
 * `canonical` may hold several names (川渝 → 四川 + 重庆); `rank` breaks ties between
 * candidates of the same span length (higher wins).
 */
export interface Candidate {
  type: EntityType;
  start: number;
  end: number;
  canonical: string[];
  rank: number;
  /** alias group: the article names all its members by the group's fullest written form */
  group?: string;
  /** wins over longer overlapping candidates (the parts of a split compound: 四川省委 + 四川省政府) */
  forced?: boolean;
  /** places a joint name joins (川西、渝西教育共同体), as region gazetteer matches */
  partners?: { start: number; end: number; canonical: string[]; group?: string }[];
  /** set on the places of a joint name: the key of that name */
  jointWith?: string;
  /** optional role the text gives a person (主任, 总书记) */
  role?: string;
}

/** A clause as the recognisers see it: its text, its jieba tags (computed once) and where it sits. */
export interface ClauseView {
  id: string;
  /** offset of the clause inside the article text */
  offset: number;
  text: string;
  tokens: Token[];
  /** whitespace between this clause and the next one, when only whitespace separates them */
  followingGap?: number;
}

/** Tags a clause once and places every word at its offsets (jieba drops nothing, but be safe). */
export function tagClause(segmenter: Segmenter, text: string): Token[] {
  const out: Token[] = [];
  let pos = 0;
  for (const w of segmenter.tag(text)) {
    const start = text.indexOf(w.word, pos);
    if (start < 0) continue;
    pos = start + w.word.length;
    out.push({ word: w.word, tag: w.tag, start, end: pos });
  }
  return out;
}

/** Index of the token that starts at `offset`, or -1. */
export function tokenStartingAt(tokens: Token[], offset: number): number {
  let lo = 0;
  let hi = tokens.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid].start === offset) return mid;
    if (tokens[mid].start < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** True when a token boundary falls at `offset` (clause edges count). */
export function isBoundary(tokens: Token[], offset: number, length: number): boolean {
  if (offset === 0 || offset === length) return true;
  return tokenStartingAt(tokens, offset) >= 0;
}

/** The code units `\s` matches (the engine's own list, read once at load: some 25 of 65536). */
export const WHITESPACE_CHARS: readonly string[] = (() => {
  const out: string[] = [];
  for (let c = 0; c <= 0xffff; c++) if (/\s/.test(String.fromCharCode(c))) out.push(String.fromCharCode(c));
  return out;
})();

/**
 * Punctuation and spaces: a word made only of them (the class of
 * /^[\s，。、；：:,.;！？!?“”"‘’'（）()《》〈〉【】[\]—\-–·•…/|]+$/). Every walk over words asks
 * this of each word it passes: a table lookup per character, not a pattern per word.
 */
const PUNCT_CHARS = codeUnitTable([...'，。、；：:,.;！？!?“”"‘’\'（）()《》〈〉【】[]—-–·•…/|', ...WHITESPACE_CHARS]);

export function isPunct(word: string): boolean {
  if (word.length === 0) return false;
  for (let i = 0; i < word.length; i++) if (PUNCT_CHARS[word.charCodeAt(i)] !== 1) return false;
  return true;
}

/**
 * A table over UTF-16 code units: `table[s.charCodeAt(i)] === 1` tests one character of a
 * text without making a string of it (a CJK character read as `s[i]` is a new string each time).
 */
export function codeUnitTable(chars: Iterable<string>): Uint8Array {
  const table = new Uint8Array(0x10000);
  for (const c of chars) table[c.charCodeAt(0)] = 1;
  return table;
}

/**
 * What `text.matchAll(global)` gives, for a pattern whose matches start with a character
 * of `first`: `sticky` (the same pattern, flag y) is tried only at those characters.
 * irregexp tries an alternation of CJK words at every position of the text; most
 * characters of a clause start none, and a table lookup passes them over.
 */
export function matchesStartingAt(text: string, first: Uint8Array, sticky: RegExp): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  for (let i = 0; i < text.length; i++) {
    if (first[text.charCodeAt(i)] !== 1) continue;
    sticky.lastIndex = i;
    const m = sticky.exec(text);
    if (!m) continue;
    out.push(m);
    // as a global pattern does, go on after the match
    if (m[0].length > 0) i += m[0].length - 1;
  }
  return out;
}

/** The first characters of the alternatives of a `(?:a|b|c)` pattern source. */
export function firstCharsOf(alternation: string): string[] {
  const alternatives = /^\(\?:(.*)\)$/.exec(alternation);
  if (!alternatives || /[()[\]\\?*+]/.test(alternatives[1])) throw new Error(`not a (?:…|…) of words: ${alternation}`);
  return alternatives[1].split('|').map((alt) => alt[0]);
}

/** The last characters of the alternatives of a `/(?:a|b|c)$/` pattern. */
export function lastCharsOf(suffixes: RegExp): string[] {
  const alternatives = /^\(\?:(.*)\)\$$/.exec(suffixes.source);
  if (!alternatives) throw new Error(`not a (?:…|…)$ pattern: ${suffixes.source}`);
  return alternatives[1].split('|').map((alt) => alt.slice(-1));
}

/** CJK unified ideographs only. */
export const HAN = /^[\u4e00-\u9fff]+$/;

/**
 * Walking left over a name: when the token before `first` closes a short quote or
 * parenthesis (“一带一路”, （重庆）) on one line, the index of the token that opens it and
 * the opening's offset; null otherwise.
 */
export function enclosedBefore(clause: ClauseView, first: number): { index: number; open: number } | null {
  const { tokens, text } = clause;
  const prev = tokens[first - 1];
  if (!prev || (prev.word !== '”' && prev.word !== '）' && prev.word !== ')')) return null;
  const mark = prev.word === '”' ? '“' : prev.word === '）' ? '（' : '(';
  const at = text.lastIndexOf(mark, prev.start);
  if (at < 0 || prev.start - at > 14 || /[，。；、：\s]/.test(text.slice(at + 1, prev.start))) return null;
  let j = first - 1;
  while (j > 0 && tokens[j].start > at) j--;
  return tokens[j].start === at ? { index: j, open: at } : null;
}
