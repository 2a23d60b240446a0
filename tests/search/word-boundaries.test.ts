import { describe, expect, it } from 'vitest';
import { defaultSegmenter, matchFormOf } from '../../lang/index.js';
import { wordBoundaries } from '../../search/internal/grams.js';

const segmenter = defaultSegmenter();

describe('wordBoundaries', () => {
  it('are the offsets between the words jieba cuts the clause into', () => {
    const text = '深化产教融合，推进职业教育改革。';
    const words = segmenter.cut(text);
    const expected = [0];
    for (const w of words) expected.push(expected[expected.length - 1] + w.length);
    expect(wordBoundaries(text, matchFormOf(text), segmenter)).toEqual(expected);
  });

  it('carry each boundary past whitespace the matching form dropped', () => {
    const text = '深化  产教融合，\u3000推进职业教育';
    const form = matchFormOf(text);
    expect(form).toBe('深化产教融合，推进职业教育');
    const at = wordBoundaries(text, form, segmenter);
    expect(at[0]).toBe(0);
    expect(at[at.length - 1]).toBe(form.length);
    // 深化 | 产教融合 | , | 推进 | 职业教育 as cut in the text, at their offsets in the form
    for (const word of ['产教融合', '推进', '职业教育']) {
      const start = form.indexOf(word);
      expect(at).toContain(start);
      expect(at).toContain(start + word.length);
    }
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(new Set(at).size).toBe(at.length);
  });
});
