import { FACET_PROGRAM, FACET_REGION, HOT, HOT_DOC, HOT_FACET, SEVERAL_FACETS, type IndexState } from './state.js';

export type FacetField = 'kind' | 'year' | 'issuer' | 'region' | 'program';
export type Facets = Record<FacetField, Record<string, number>>;

/** Values returned per facet, most frequent first (ties by value). */
export const FACET_VALUES_LIMIT = 100;

/**
 * Counting scratch kept between searches: counters indexed by document, entity and issuer
 * ordinal, zeroed again after each use by walking only the entries that were touched.
 */
export class FacetCounter {
  private perDoc = new Int32Array(0);
  private perEnt = new Int32Array(0);
  private perIssuer = new Int32Array(0);

  /**
   * Matching clauses per value: the article's kind, year and issuers, and the regions and
   * programs the clause mentions. Counts are clauses, so filtering on a value returns as
   * many hits as its count said.
   */
  count(s: IndexState, ords: Uint32Array): Facets {
    if (this.perDoc.length < s.docs.length) this.perDoc = new Int32Array(s.docs.length * 2);
    if (this.perEnt.length < s.ents.length) this.perEnt = new Int32Array(s.ents.length * 2);
    if (this.perIssuer.length < s.issuers.length) this.perIssuer = new Int32Array(s.issuers.length * 2);
    const { perDoc, perEnt, perIssuer } = this;
    const { hot, clauseEntStart, clauseEntCount, entVals, entFacet } = s;
    const docs: number[] = [];
    const ents: number[] = [];
    for (let i = 0; i < ords.length; i++) {
      const at = ords[i] * HOT;
      const d = hot[at + HOT_DOC];
      if (perDoc[d]++ === 0) docs.push(d);
      const f = hot[at + HOT_FACET];
      if (f >= 0) {
        if (perEnt[f]++ === 0) ents.push(f);
      } else if (f === SEVERAL_FACETS) {
        const start = clauseEntStart[ords[i]];
        const end = start + clauseEntCount[ords[i]];
        for (let j = start; j < end; j++) {
          const e = entVals[j];
          if (entFacet[e] !== 0 && perEnt[e]++ === 0) ents.push(e);
        }
      }
    }
    const kinds = new Map<string, number>();
    const years = new Map<number, number>();
    const issuers: number[] = [];
    for (const d of docs) {
      const doc = s.docs[d];
      const n = perDoc[d];
      perDoc[d] = 0;
      kinds.set(doc.kind, (kinds.get(doc.kind) ?? 0) + n);
      if (doc.year) years.set(doc.year, (years.get(doc.year) ?? 0) + n);
      for (const i of doc.issuerIds) if ((perIssuer[i] += n) === n) issuers.push(i);
    }
    const out: Facets = {
      kind: top([...kinds.keys()], [...kinds.values()]),
      year: top([...years.keys()].map(String), [...years.values()]),
      issuer: top(
        issuers.map((i) => s.issuers[i]),
        issuers.map((i) => perIssuer[i]),
      ),
      region: entityFacet(s, ents, perEnt, FACET_REGION),
      program: entityFacet(s, ents, perEnt, FACET_PROGRAM),
    };
    for (const i of issuers) perIssuer[i] = 0;
    for (const e of ents) perEnt[e] = 0;
    return out;
  }
}

// Entity names are unique per type (ids are type:name), so each entity is one value.
function entityFacet(s: IndexState, ents: number[], perEnt: Int32Array, facet: number): Record<string, number> {
  const chosen = ents.filter((e) => s.entFacet[e] === facet);
  return top(
    chosen.map((e) => s.ents[e].name),
    chosen.map((e) => perEnt[e]),
  );
}

/** The FACET_VALUES_LIMIT most frequent values (ties by value), most frequent first. */
function top(values: string[], counts: number[]): Record<string, number> {
  let order = values.map((_, i) => i);
  if (order.length > FACET_VALUES_LIMIT) {
    // Only values at least as frequent as the limit-th can be kept; sort just those.
    const cut = Int32Array.from(counts).sort()[counts.length - FACET_VALUES_LIMIT];
    order = order.filter((i) => counts[i] >= cut);
  }
  order.sort((i, j) => counts[j] - counts[i] || (values[i] < values[j] ? -1 : values[i] > values[j] ? 1 : 0));
  const out: Record<string, number> = {};
  for (const i of order.slice(0, FACET_VALUES_LIMIT)) out[values[i]] = counts[i];
  return out;
}
