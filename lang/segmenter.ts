import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Jieba, type TaggedWord } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

/** The policy-domain user dictionary shipped with the project (jieba's format: word freq tag). */
export const POLICY_DICTIONARY_PATH = findDictionary(dirname(fileURLToPath(import.meta.url)));

// The same module runs from lang/ (tests, tsx) and from dist/lang/ (built): look upward.
function findDictionary(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    const candidate = join(d, 'lang', 'policy-dict.txt');
    if (existsSync(candidate)) return candidate;
    if (dirname(d) === d) throw new Error(`policy-dict.txt not found above ${dir}`);
  }
}

export interface Segmenter {
  /** jieba search mode: words plus their dictionary sub-words */
  cutForSearch(text: string): string[];
  cut(text: string): string[];
  tag(text: string): TaggedWord[];
  /** Add user-dictionary lines (jieba format) for everything segmented afterwards. */
  addWords(lines: string): void;
}

/**
 * A jieba segmenter with the default dictionary plus the policy-domain user dictionary
 * (and any extra dictionary text a librarian added).
 */
export function createSegmenter(extraDictionary = ''): Segmenter {
  const jieba = Jieba.withDict(dict);
  jieba.loadDict(readFileSync(POLICY_DICTIONARY_PATH));
  if (extraDictionary.trim()) jieba.loadDict(Buffer.from(extraDictionary));
  return {
    cutForSearch: (text) => jieba.cutForSearch(text, true),
    cut: (text) => jieba.cut(text, true),
    tag: (text) => jieba.tag(text, true),
    addWords: (lines) => jieba.loadDict(Buffer.from(lines)),
  };
}

let shared: Segmenter | null = null;

/** The process-wide segmenter; created on first use (loading jieba's dictionary takes ~0.3 s). */
export function defaultSegmenter(): Segmenter {
  shared ??= createSegmenter();
  return shared;
}
