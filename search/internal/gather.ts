import type { Arena } from './arena.js';
import { HOT, HOT_DOC, HOT_FACET, HOT_LEN_FLAGS, type IndexState } from './state.js';

/** The per-clause fields facets and ranking read, copied out for the matches in order. */
export interface Gathered {
  doc: Int32Array;
  facet: Int32Array;
  lenFlags: Int32Array;
}

/**
 * One tight pass over the matches' packed records: their cache misses overlap (the loads
 * do not depend on each other), and facets and ranking then read sequential arrays
 * instead of missing the same records again.
 */
export function gather(s: IndexState, ords: Uint32Array, arena: Arena): Gathered {
  const n = ords.length;
  const doc = arena.takeI32(n);
  const facet = arena.takeI32(n);
  const lenFlags = arena.takeI32(n);
  const hot = s.hot;
  for (let i = 0; i < n; i++) {
    const at = ords[i] * HOT;
    doc[i] = hot[at + HOT_DOC];
    facet[i] = hot[at + HOT_FACET];
    lenFlags[i] = hot[at + HOT_LEN_FLAGS];
  }
  return { doc, facet, lenFlags };
}
