import { readFileSync } from 'node:fs';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { describe, expect, it } from 'vitest';
import { createSegmenter, POLICY_DICTIONARY_PATH } from '../../lang/index.js';

const corpus = (name: string) => readFileSync(new URL(`../../corpus/${name}`, import.meta.url), 'utf8');

function referenceJieba(): Jieba {
  const jieba = Jieba.withDict(dict);
  jieba.loadDict(readFileSync(POLICY_DICTIONARY_PATH));
  return jieba;
}

describe('createSegmenter', () => {
  it('tags as jieba does, clause by clause, whether the words were seen before or not', () => {
    const reference = referenceJieba();
    const segmenter = createSegmenter();
    const lines = corpus('001_8cde61b29fa3398a.txt').split('\n').filter((l) => l.trim());
    for (const line of [...lines, ...lines]) expect(segmenter.tag(line)).toEqual(reference.tag(line, true));
  });

  it('tags added words with their new tag once they are added', () => {
    const reference = referenceJieba();
    const segmenter = createSegmenter();
    const text = '支持渝新职教联盟发展';
    expect(segmenter.tag(text)).toEqual(reference.tag(text, true));
    const words = '渝新职教联盟 30000 nt';
    segmenter.addWords(words);
    reference.loadDict(Buffer.from(words));
    expect(segmenter.tag(text)).toEqual(reference.tag(text, true));
    expect(segmenter.tag(text).map((w) => w.tag)).toContain('nt');
  });
});
