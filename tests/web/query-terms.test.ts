import { describe, expect, it } from 'vitest';
import { extractQueryTerms, findTermRanges } from '../../web/src/query-terms.ts';

describe('extractQueryTerms', () => {
  it('keeps terms and phrases, drops OR, exclusions and field filters', () => {
    expect(extractQueryTerms('"产教联合体" 重庆 OR 四川 -福建 kind:notice year:2023')).toEqual(['产教联合体', '重庆', '四川']);
  });

  it('returns no terms for an empty query', () => {
    expect(extractQueryTerms('   ')).toEqual([]);
  });
});

describe('findTermRanges', () => {
  it('finds every occurrence, ignoring case', () => {
    expect(findTermRanges('AI赋能，ai应用', ['ai'])).toEqual([[0, 2], [5, 7]]);
  });
});
