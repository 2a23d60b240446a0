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
  cut(text: string): readonly string[];
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
  // jieba's tag() is its cut() with each word's part of speech looked up (the dictionary's
  // tag, else x / m / eng by the word's characters): a function of the word alone. Building
  // the tag objects across N-API makes tag() 2.5× slower than cut(), so words are cut and
  // their tags remembered from earlier answers. A word not seen yet is tagged on its own
  // when jieba gives it back whole (a new name is most of a corpus's new words); otherwise
  // the clause is tagged by jieba itself. Same answer, fewer crossings.
  const tagOf = new Map<string, string>();
  const remember = (word: string, tag: string) => {
    if (tagOf.size > MAX_REMEMBERED_TAGS) tagOf.clear();
    tagOf.set(word, tag);
  };
  const tagOfWord = (word: string): string | undefined => {
    const tagged = jieba.tag(word, true);
    if (tagged.length !== 1 || tagged[0].word !== word) return undefined;
    remember(word, tagged[0].tag);
    return tagged[0].tag;
  };
  const learnTags = (text: string): TaggedWord[] => {
    const tagged = jieba.tag(text, true);
    for (const w of tagged) remember(w.word, w.tag);
    return tagged;
  };
  return {
    cutForSearch: (text) => jieba.cutForSearch(text, true),
    cut: (text) => jieba.cut(text, true),
    tag: (text) => {
      const words = jieba.cut(text, true);
      const tagged: TaggedWord[] = new Array(words.length);
      for (let i = 0; i < words.length; i++) {
        const tag = tagOf.get(words[i]) ?? tagOfWord(words[i]);
        if (tag === undefined) return learnTags(text);
        tagged[i] = { tag, word: words[i] };
      }
      return tagged;
    },
    addWords: (lines) => {
      jieba.loadDict(Buffer.from(lines));
      // a word that was unknown (x) may be in the dictionary now
      tagOf.clear();
    },
  };
}

/**
 * Offsets in `text` where a word begins or ends, each span (a clause) cut on its own:
 * ascending, every span's start and end included. A span that jieba does not give back
 * character for character contributes just its two ends. The search index ranks whole-word
 * matches with them; ingest computes them from the cuts extraction made (FileIngest), so
 * the thread that indexes need not cut again.
 */
export function wordBreaks(segmenter: Segmenter, text: string, spans: readonly { start: number; end: number }[]): Uint32Array {
  const out: number[] = [];
  const push = (at: number) => {
    if (out.length === 0 || out[out.length - 1] < at) out.push(at);
  };
  for (const { start, end } of spans) {
    const clause = text.slice(start, end);
    const mark = out.length;
    push(start);
    let at = 0;
    for (const word of segmenter.cut(clause)) {
      if (!clause.startsWith(word, at)) break;
      at += word.length;
      push(start + at);
    }
    if (at !== clause.length) {
      out.length = mark;
      push(start);
      push(end);
    }
  }
  return Uint32Array.from(out);
}

/** Words whose tags a segmenter remembers before it starts over (~100 bytes each). */
const MAX_REMEMBERED_TAGS = 500_000;

let shared: Segmenter | null = null;

/** The process-wide segmenter; created on first use (loading jieba's dictionary takes ~0.3 s). */
export function defaultSegmenter(): Segmenter {
  shared ??= createSegmenter();
  return shared;
}
