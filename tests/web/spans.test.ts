import { describe, expect, it } from 'vitest';
import { layerRuns, normalizeRanges, pickNonOverlapping, splitByRanges } from '../../web/src/spans.ts';

describe('normalizeRanges', () => {
  it('sorts, clamps to the text and merges overlapping or touching ranges', () => {
    expect(normalizeRanges([[4, 9], [0, 2], [1, 3]], 6)).toEqual([[0, 3], [4, 6]]);
    expect(normalizeRanges([[0, 2], [2, 5]], 10)).toEqual([[0, 5]]);
  });

  it('drops empty, inverted and malformed ranges', () => {
    expect(normalizeRanges([[3, 3], [5, 2], [Number.NaN, 4], [1]], 10)).toEqual([]);
  });
});

describe('splitByRanges', () => {
  it('returns alternating runs that rejoin to the text', () => {
    const runs = splitByRanges('组建市域产教联合体，赋能产业', [[4, 9]]);
    expect(runs).toEqual([
      { text: '组建市域', marked: false },
      { text: '产教联合体', marked: true },
      { text: '，赋能产业', marked: false },
    ]);
    expect(runs.map((r) => r.text).join('')).toBe('组建市域产教联合体，赋能产业');
  });

  it('shows a query split into tokens as one highlight', () => {
    expect(splitByRanges('产教联合体', [[0, 2], [2, 5]])).toEqual([{ text: '产教联合体', marked: true }]);
  });

  it('returns the whole text unmarked when there are no ranges', () => {
    expect(splitByRanges('全文', [])).toEqual([{ text: '全文', marked: false }]);
  });
});

describe('pickNonOverlapping', () => {
  it('keeps the longer range at the same start and drops ranges inside it', () => {
    const kept = pickNonOverlapping([
      { start: 0, end: 2, tag: '重庆' },
      { start: 0, end: 5, tag: '重庆市教委' },
      { start: 3, end: 5, tag: '教委' },
      { start: 6, end: 8, tag: '福建' },
    ]);
    expect(kept.map((r) => r.tag)).toEqual(['重庆市教委', '福建']);
  });
});

describe('layerRuns', () => {
  it('cuts at every outer and inner boundary and reports what covers each run', () => {
    const outer = [{ start: 2, end: 7, tag: 'program' }];
    const runs = layerRuns(0, 9, outer, [[4, 9]]);
    expect(runs).toEqual([
      { start: 0, end: 2, tag: null, marked: false },
      { start: 2, end: 4, tag: 'program', marked: false },
      { start: 4, end: 7, tag: 'program', marked: true },
      { start: 7, end: 9, tag: null, marked: true },
    ]);
  });

  it('clips ranges that cross the window', () => {
    expect(layerRuns(5, 8, [{ start: 0, end: 6, tag: 'x' }], [])).toEqual([
      { start: 5, end: 6, tag: 'x', marked: false },
      { start: 6, end: 8, tag: null, marked: false },
    ]);
  });
});
