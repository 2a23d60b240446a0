import { describe, expect, it } from 'vitest';
import { filterToken, filterTokens, hasFilter, pageWindow, queryTokens, toggleFilter, withoutFilters } from '../../web/src/query-edit.ts';

describe('queryTokens', () => {
  it('keeps phrases and quoted filter values whole', () => {
    expect(queryTokens('"双城 经济圈" issuer:"教育部 办公厅" -重庆')).toEqual(['"双城 经济圈"', 'issuer:"教育部 办公厅"', '-重庆']);
  });
});

describe('filterTokens', () => {
  it('returns the known field filters with their values, negated ones marked', () => {
    expect(filterTokens('产教 year:2023 -region:重庆 foo:bar')).toEqual([
      { field: 'year', value: '2023', token: 'year:2023', negated: false },
      { field: 'region', value: '重庆', token: '-region:重庆', negated: true },
    ]);
  });
});

describe('toggleFilter', () => {
  it('adds a filter at the end and removes it again', () => {
    expect(toggleFilter('产教联合体', 'year', '2023')).toBe('产教联合体 year:2023');
    expect(toggleFilter('产教联合体 year:2023 kind:notice', 'year', '2023')).toBe('产教联合体 kind:notice');
  });

  it('quotes a value with a space and recognises it when removing', () => {
    expect(filterToken('issuer', '教育部 办公厅')).toBe('issuer:"教育部 办公厅"');
    const q = toggleFilter('职业教育', 'issuer', '教育部 办公厅');
    expect(q).toBe('职业教育 issuer:"教育部 办公厅"');
    expect(hasFilter(q, 'issuer', '教育部 办公厅')).toBe(true);
    expect(toggleFilter(q, 'issuer', '教育部 办公厅')).toBe('职业教育');
  });

  it('leaves an excluded filter alone', () => {
    expect(toggleFilter('产教 -year:2023', 'year', '2023')).toBe('产教 -year:2023 year:2023');
  });
});

describe('withoutFilters', () => {
  it('keeps what the user searches for', () => {
    expect(withoutFilters('"产教 联合体" year:2023 OR 双高 region:重庆')).toBe('"产教 联合体" OR 双高');
  });
});

describe('pageWindow', () => {
  it('shows the ends and the pages around the current one, with gaps', () => {
    expect(pageWindow(6, 20)).toEqual([1, 'gap', 4, 5, 6, 7, 8, 'gap', 20]);
    expect(pageWindow(1, 3)).toEqual([1, 2, 3]);
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(1, 0)).toEqual([]);
  });

  it('fills a gap of one page with the page itself', () => {
    expect(pageWindow(4, 10)).toEqual([1, 2, 3, 4, 5, 6, 'gap', 10]);
  });
});
