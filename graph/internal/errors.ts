import { GraphError, UnsupportedQueryError } from '../graph-store.js';

/** Input that cannot become a graph (a dangling edge, a node without docId …): the caller's bug. */
export function badGraphInput(message: string): GraphError {
  return new GraphError('bad_graph_input', message, 400);
}

/** The store cannot be reached or read; `cause` keeps the driver's / file system's error. */
export function graphUnavailable(message: string, cause?: unknown): GraphError {
  return new GraphError('graph_unavailable', message, 503, { cause });
}

export function unsupportedQuery(message: string): UnsupportedQueryError {
  return new UnsupportedQueryError(message);
}

/** Lists at most a few values in a message, so an error about 10 000 rows stays readable. */
export function listSome(values: readonly string[], max = 5): string {
  const shown = values.slice(0, max).map((v) => JSON.stringify(v));
  return values.length > max ? `${shown.join(', ')} and ${values.length - max} more` : shown.join(', ');
}
