import { describe, expect, it } from 'vitest';
import * as search from '../../search/index.js';

describe('search/index.ts', () => {
  it('exports only the index, the query parser and their constants and error', () => {
    expect(Object.keys(search).sort()).toEqual([
      'ClauseIndex',
      'DEFAULT_SEARCH_LIMIT',
      'FACET_VALUES_LIMIT',
      'FILTER_FIELDS',
      'INDEX_FILE',
      'MAX_QUERY_CHARS',
      'QueryError',
      'parseQuery',
    ]);
  });
});
