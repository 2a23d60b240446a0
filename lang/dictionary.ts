/** One word a librarian adds to the segmenter: jieba's user-dictionary line `word freq tag`. */
export interface DictionaryWord {
  word: string;
  /** higher keeps the word whole against competing cuts; jieba's own entries run to ~10^6 */
  frequency: number;
  /** part of speech: nt institution, ns place, nz other proper name, n noun … */
  tag: string;
}

/** Frequency given to an added word when none is said: high enough to stay whole. */
export const DEFAULT_WORD_FREQUENCY = 20_000;

/** Letters, digits and the marks that occur inside names (·, -, +, &, brackets); no spaces or control characters. */
export const DICTIONARY_WORD = /^[\p{L}\p{N}\p{M}\p{Pd}·+&（）()]{1,40}$/u;
const TAG = /^[a-z]{1,4}$/;

/** The dictionary line jieba reads. */
export function dictionaryLine(w: DictionaryWord): string {
  return `${w.word} ${w.frequency} ${w.tag}`;
}

/**
 * Reads user-dictionary text (one `word [freq] [tag]` per line; # comments and blank
 * lines skipped). Lines that do not parse are returned as problems, with their number.
 */
export function parseDictionary(text: string): { words: DictionaryWord[]; problems: string[] } {
  const words: DictionaryWord[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const [word, freq, tag, ...rest] = line.split(/\s+/);
    const frequency = freq === undefined ? DEFAULT_WORD_FREQUENCY : Number(freq);
    if (!DICTIONARY_WORD.test(word) || !Number.isInteger(frequency) || frequency < 1 || (tag !== undefined && !TAG.test(tag)) || rest.length) {
      problems.push(`第 ${i + 1} 行“${line}”格式不对，应为：词语 [词频] [词性]`);
      return;
    }
    words.push({ word, frequency, tag: tag ?? 'n' });
  });
  return { words, problems };
}
