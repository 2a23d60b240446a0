/**
 * Hash routes, so the address bar always reflects what is on screen:
 *   #/search?q=…&page=2                      search (home)
 *   #/doc/<id>?clause=<clauseId>&q=…          reader, scrolled to a clause, query marked
 *   #/graph?entity=<id>&depth=1&types=…&relations=…&color=community&to=<id>
 *   #/graph?q=…                               graph seeded from the entities of a search
 *   #/cooperation?a=<region>&b=<region>       region-pair cooperation view
 *   #/library?q=…                             librarians: sign in, upload, list, delete
 */

export type SearchRoute = { name: 'search'; q: string; page: number };
export type DocRoute = { name: 'doc'; id: string; clause: string | null; q: string };
export type GraphColouring = 'type' | 'community';
export type GraphRoute = {
  name: 'graph';
  entity: string | null;
  /** a search whose entities seed the graph (when no entity is given) */
  q: string;
  depth: number;
  /** entity types shown; empty = all */
  types: string[];
  /** relation types shown; empty = all */
  relations: string[];
  color: GraphColouring;
  /** a shortest path is shown from `from` (default: `entity`) to `to` */
  from: string | null;
  to: string | null;
};
export type CooperationRoute = { name: 'cooperation'; a: string | null; b: string | null };
export type LibraryRoute = { name: 'library'; q: string };
export type Route = SearchRoute | DocRoute | GraphRoute | CooperationRoute | LibraryRoute;

export const DEFAULT_GRAPH_DEPTH = 1; // hops
export const MAX_GRAPH_DEPTH = 3; // hops, the API's limit

/** A mounted view. `update` gets every later route of the same name. */
export interface View<R extends Route = Route> {
  update(route: R): void;
  destroy(): void;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const list = (value: string | null): string[] => (value ?? '').split(',').filter(Boolean);

/**
 * Parses `location.hash`. Returns null for a hash that is not a route (a plain
 * `#anchor`); an empty hash is the search home.
 */
export function parseRoute(hash: string): Route | null {
  const raw = hash.replace(/^#/, '');
  if (raw === '' || raw === '/') return { name: 'search', q: '', page: 1 };
  if (!raw.startsWith('/')) return null;
  const queryAt = raw.indexOf('?');
  const path = queryAt === -1 ? raw : raw.slice(0, queryAt);
  const params = new URLSearchParams(queryAt === -1 ? '' : raw.slice(queryAt + 1));
  const segments = path.split('/').filter(Boolean);
  switch (segments[0]) {
    case 'doc':
      if (segments[1]) {
        return { name: 'doc', id: safeDecode(segments.slice(1).join('/')), clause: params.get('clause'), q: params.get('q') ?? '' };
      }
      break;
    case 'graph': {
      const depth = Number(params.get('depth') ?? DEFAULT_GRAPH_DEPTH);
      return {
        name: 'graph',
        entity: params.get('entity') || null,
        q: params.get('q') ?? '',
        depth: Number.isInteger(depth) && depth >= 1 && depth <= MAX_GRAPH_DEPTH ? depth : DEFAULT_GRAPH_DEPTH,
        types: list(params.get('types')),
        relations: list(params.get('relations')),
        color: params.get('color') === 'community' ? 'community' : 'type',
        from: params.get('from') || null,
        to: params.get('to') || null,
      };
    }
    case 'cooperation':
      return { name: 'cooperation', a: params.get('a') || null, b: params.get('b') || null };
    case 'library':
      return { name: 'library', q: params.get('q') ?? '' };
    case 'search': {
      const page = Number(params.get('page') ?? 1);
      return { name: 'search', q: params.get('q') ?? '', page: Number.isInteger(page) && page >= 1 ? page : 1 };
    }
  }
  return { name: 'search', q: '', page: 1 };
}

function withParams(path: string, params: Record<string, string | number | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') query.set(key, String(value));
  }
  const encoded = query.toString();
  return `#${path}${encoded ? `?${encoded}` : ''}`;
}

export function searchHref(q: string, page = 1): string {
  return withParams('/search', { q: q.trim(), page: page > 1 ? page : null });
}

export function docHref(id: string, options: { clause?: string | null; q?: string } = {}): string {
  return withParams(`/doc/${encodeURIComponent(id)}`, { clause: options.clause, q: options.q?.trim() });
}

export interface GraphHrefOptions {
  q?: string;
  depth?: number;
  types?: readonly string[];
  relations?: readonly string[];
  color?: GraphColouring;
  from?: string | null;
  to?: string | null;
}

export function graphHref(entity: string | null, options: GraphHrefOptions = {}): string {
  return withParams('/graph', {
    entity,
    q: entity ? null : options.q?.trim(),
    depth: options.depth && options.depth !== DEFAULT_GRAPH_DEPTH ? options.depth : null,
    types: options.types?.length ? options.types.join(',') : null,
    relations: options.relations?.length ? options.relations.join(',') : null,
    color: options.color === 'community' ? 'community' : null,
    from: entity && options.to && options.from !== entity ? options.from : null,
    to: entity ? options.to : null,
  });
}

export function cooperationHref(a: string | null = null, b: string | null = null): string {
  return withParams('/cooperation', { a, b });
}

export function libraryHref(q = ''): string {
  return withParams('/library', { q: q.trim() });
}

/** Rewrites the address bar without a `hashchange` (state the view already shows). */
export function replaceHash(href: string): void {
  if (location.hash !== href) history.replaceState(history.state, '', href);
}
