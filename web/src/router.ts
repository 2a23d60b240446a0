/**
 * Hash routes, so the address bar always reflects what is on screen:
 *   #/search?q=…                       search (home)
 *   #/doc/<id>?clause=<clauseId>&q=…    reader, scrolled to a clause, query marked
 *   #/graph?entity=<id>&depth=1&types=… graph explorer
 */

export type SearchRoute = { name: 'search'; q: string };
export type DocRoute = { name: 'doc'; id: string; clause: string | null; q: string };
export type GraphRoute = { name: 'graph'; entity: string | null; depth: number; types: string[] };
export type Route = SearchRoute | DocRoute | GraphRoute;

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

/**
 * Parses `location.hash`. Returns null for a hash that is not a route (a plain
 * `#anchor`); an empty hash is the search home.
 */
export function parseRoute(hash: string): Route | null {
  const raw = hash.replace(/^#/, '');
  if (raw === '' || raw === '/') return { name: 'search', q: '' };
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
        depth: Number.isInteger(depth) && depth >= 1 && depth <= MAX_GRAPH_DEPTH ? depth : DEFAULT_GRAPH_DEPTH,
        types: (params.get('types') ?? '').split(',').filter(Boolean),
      };
    }
    case 'search':
      return { name: 'search', q: params.get('q') ?? '' };
  }
  return { name: 'search', q: '' };
}

function withParams(path: string, params: Record<string, string | number | null | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') query.set(key, String(value));
  }
  const encoded = query.toString();
  return `#${path}${encoded ? `?${encoded}` : ''}`;
}

export function searchHref(q: string): string {
  return withParams('/search', { q: q.trim() });
}

export function docHref(id: string, options: { clause?: string | null; q?: string } = {}): string {
  return withParams(`/doc/${encodeURIComponent(id)}`, { clause: options.clause, q: options.q?.trim() });
}

export function graphHref(entity: string | null, options: { depth?: number; types?: readonly string[] } = {}): string {
  return withParams('/graph', {
    entity,
    depth: options.depth && options.depth !== DEFAULT_GRAPH_DEPTH ? options.depth : null,
    types: options.types?.length ? options.types.join(',') : null,
  });
}

/** Rewrites the address bar without a `hashchange` (state the view already shows). */
export function replaceHash(href: string): void {
  if (location.hash !== href) history.replaceState(history.state, '', href);
}
