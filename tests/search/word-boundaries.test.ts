import { describe, expect, it } from 'vitest';
import { defaultSegmenter, matchFormOf, wordBreaks } from '../../lang/index.js';
import { clauseBoundaries } from '../../search/internal/grams.js';

const segmenter = defaultSegmenter();

function boundariesOf(text: string, start: number, end: number): number[] {
  const clause = text.slice(start, end);
  return clauseBoundaries(wordBreaks(segmenter, text, [{ start, end }]), start, end, clause, matchFormOf(clause));
}

describe('word boundaries of a clause', () => {
  it('are the offsets between the words jieba cuts the clause into', () => {
    const text = '一、总体要求\n深化产教融合，推进职业教育改革。';
    const start = text.indexOf('深');
    const clause = text.slice(start);
    const expected = [0];
    for (const w of segmenter.cut(clause)) expected.push(expected[expected.length - 1] + w.length);
    expect(boundariesOf(text, start, text.length)).toEqual(expected);
  });

  it('carry each boundary past whitespace the matching form dropped', () => {
    const text = '深化  产教融合，\u3000推进职业教育';
    const form = matchFormOf(text);
    expect(form).toBe('深化产教融合，推进职业教育');
    const at = boundariesOf(text, 0, text.length);
    expect(at[0]).toBe(0);
    expect(at[at.length - 1]).toBe(form.length);
    for (const word of ['产教融合', '推进', '职业教育']) {
      const start = form.indexOf(word);
      expect(at).toContain(start);
      expect(at).toContain(start + word.length);
    }
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(new Set(at).size).toBe(at.length);
  });

  it('of an article are its clauses cut one by one', () => {
    const text = '深化产教融合。推进职业教育改革。';
    const spans = [{ start: 0, end: 7 }, { start: 7, end: text.length }];
    const breaks = [...wordBreaks(segmenter, text, spans)];
    const one = (s: { start: number; end: number }) => [...wordBreaks(segmenter, text, [s])];
    expect(breaks).toEqual([...new Set([...one(spans[0]), ...one(spans[1])])]);
    expect(breaks).toContain(7);
  });
});
