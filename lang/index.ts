export { normalizeForMatch, simplifiedForm, matchFormOf, matchFormWithOrigin, MATCH_FORM_VERSION, foldWidth, CJK_CHAR } from './normalize.js';
export { createSegmenter, defaultSegmenter, wordBreaks, POLICY_DICTIONARY_PATH, type Segmenter } from './segmenter.js';
export { parseDictionary, dictionaryLine, DEFAULT_WORD_FREQUENCY, DICTIONARY_WORD, type DictionaryWord } from './dictionary.js';
