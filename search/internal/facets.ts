import type { IndexState } from './state.js';

export type FacetField = 'kind' | 'year' | 'issuer' | 'region' | 'program';
export type Facets = Record<FacetField, Record<string, number>>;

/** Values returned per facet, most frequent first (ties by value). */
export const FACET_VALUES_LIMIT = 100;

/**
 * Matching clauses per value: the article's kind, year and issuers, and the regions and
 * programs the clause mentions. Counts are clauses, so filtering on a value returns as
 * many hits as its count said.
 */
export function facetsOf(s: IndexState, ords: Uint32Array): Facets {
  const perDoc = new Int32Array(s.docs.length);
  const perEnt = new Int32Array(s.ents.length);
  const docs: number[] = [];
  const ents: number[] = [];
  for (let i = 0; i < ords.length; i++) {
    const ord = ords[i];
    const d = s.clauseDoc[ord];
    if (perDoc[d]++ === 0) docs.push(d);
    const start = s.clauseEntStart[ord];
    const end = start + s.clauseEntCount[ord];
    for (let j = start; j < end; j++) {
      const e = s.entVals[j];
      if (perEnt[e]++ === 0) ents.push(e);
    }
  }
  const kind = new Map<string, number>();
  const year = new Map<string, number>();
  const issuer = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string, n: number) => m.set(k, (m.get(k) ?? 0) + n);
  for (const d of docs) {
    const doc = s.docs[d];
    const n = perDoc[d];
    bump(kind, doc.kind, n);
    if (doc.year) bump(year, String(doc.year), n);
    for (const x of new Set(doc.issuers)) bump(issuer, x, n);
  }
  const region = new Map<string, number>();
  const program = new Map<string, number>();
  for (const e of ents) {
    const ent = s.ents[e];
    if (ent.type === 'region') bump(region, ent.name, perEnt[e]);
    else if (ent.type === 'program') bump(program, ent.name, perEnt[e]);
  }
  return { kind: top(kind), year: top(year), issuer: top(issuer), region: top(region), program: top(program) };
}

function top(m: Map<string, number>): Record<string, number> {
  const entries = [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, FACET_VALUES_LIMIT);
  return Object.fromEntries(entries);
}
