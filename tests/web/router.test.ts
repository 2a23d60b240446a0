import { describe, expect, it } from 'vitest';
import { docHref, graphHref, parseRoute, searchHref } from '../../web/src/router.ts';

describe('parseRoute', () => {
  it('treats an empty hash as the search home', () => {
    expect(parseRoute('')).toEqual({ name: 'search', q: '' });
  });

  it('reads the reader route with a clause id holding # and §', () => {
    const id = 'edb539c76c71a7f2-0';
    const clause = 'edb539c76c71a7f2-0#38';
    expect(parseRoute(docHref(id, { clause, q: '产教联合体' }))).toEqual({ name: 'doc', id, clause, q: '产教联合体' });
  });

  it('reads the graph route and falls back to depth 1 when the depth is out of range', () => {
    expect(parseRoute(graphHref('program:产教联合体', { depth: 2, types: ['region', 'institution'] }))).toEqual({
      name: 'graph',
      entity: 'program:产教联合体',
      depth: 2,
      types: ['region', 'institution'],
    });
    expect(parseRoute('#/graph?entity=x&depth=9')).toMatchObject({ depth: 1 });
  });

  it('returns null for a plain anchor', () => {
    expect(parseRoute('#clause-12')).toBeNull();
  });
});

describe('searchHref', () => {
  it('encodes the trimmed query', () => {
    expect(searchHref(' 产教 联合体 ')).toBe(`#/search?q=${new URLSearchParams({ q: '产教 联合体' }).toString().slice(2)}`);
    expect(parseRoute(searchHref(' 产教 联合体 '))).toEqual({ name: 'search', q: '产教 联合体' });
  });
});
