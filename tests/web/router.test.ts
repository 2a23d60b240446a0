import { describe, expect, it } from 'vitest';
import { cooperationHref, docHref, graphHref, libraryHref, parseRoute, searchHref } from '../../web/src/router.ts';

describe('parseRoute', () => {
  it('treats an empty hash as the search home', () => {
    expect(parseRoute('')).toEqual({ name: 'search', q: '', page: 1 });
  });

  it('reads the reader route with a clause id holding # and §', () => {
    const id = 'edb539c76c71a7f2-0';
    const clause = 'edb539c76c71a7f2-0#38';
    expect(parseRoute(docHref(id, { clause, q: '产教联合体' }))).toEqual({ name: 'doc', id, clause, q: '产教联合体' });
  });

  it('reads the whole graph state and falls back to depth 1 when the depth is out of range', () => {
    const href = graphHref('program:产教联合体', {
      depth: 2,
      types: ['region', 'institution'],
      relations: ['COOPERATES_WITH'],
      color: 'community',
      to: 'region:福建',
    });
    expect(parseRoute(href)).toEqual({
      name: 'graph',
      entity: 'program:产教联合体',
      q: '',
      depth: 2,
      types: ['region', 'institution'],
      relations: ['COOPERATES_WITH'],
      color: 'community',
      from: null,
      to: 'region:福建',
    });
    expect(parseRoute('#/graph?entity=x&depth=9')).toMatchObject({ depth: 1, color: 'type' });
  });

  it('keeps a path origin only when it differs from the centre', () => {
    expect(parseRoute(graphHref('a', { from: 'a', to: 'b' }))).toMatchObject({ from: null, to: 'b' });
    expect(parseRoute(graphHref('a', { from: 'c', to: 'b' }))).toMatchObject({ from: 'c', to: 'b' });
  });

  it('reads a graph seeded by a search', () => {
    expect(parseRoute(graphHref(null, { q: '产教融合' }))).toMatchObject({ name: 'graph', entity: null, q: '产教融合' });
  });

  it('reads the cooperation and library routes', () => {
    expect(parseRoute(cooperationHref('region:四川', 'region:重庆'))).toEqual({ name: 'cooperation', a: 'region:四川', b: 'region:重庆' });
    expect(parseRoute(libraryHref('通知'))).toEqual({ name: 'library', q: '通知' });
  });

  it('returns null for a plain anchor', () => {
    expect(parseRoute('#clause-12')).toBeNull();
  });
});

describe('searchHref', () => {
  it('encodes the trimmed query and the page', () => {
    expect(searchHref(' 产教 联合体 ')).toBe(`#/search?q=${new URLSearchParams({ q: '产教 联合体' }).toString().slice(2)}`);
    expect(parseRoute(searchHref(' 产教 联合体 '))).toEqual({ name: 'search', q: '产教 联合体', page: 1 });
    expect(parseRoute(searchHref('产教 year:2023', 3))).toEqual({ name: 'search', q: '产教 year:2023', page: 3 });
  });

  it('leaves page 1 out of the address and ignores a bad page', () => {
    expect(searchHref('x', 1)).not.toContain('page');
    expect(parseRoute('#/search?q=x&page=-2')).toEqual({ name: 'search', q: 'x', page: 1 });
  });
});
