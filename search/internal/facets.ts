import type { Gathered } from './gather.js';
import { FACET_REGION, SEVERAL_FACETS, type IndexState } from './state.js';

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
  count(s: IndexState, g: Gathered): Facets {
    if (this.perDoc.length < s.docs.length) this.perDoc = new Int32Array(s.docs.length * 2);
    if (this.perEnt.length < s.ents.length) this.perEnt = new Int32Array(s.ents.length * 2);
    if (this.perIssuer.length < s.issuers.length) this.perIssuer = new Int32Array(s.issuers.length * 2);
    const { perDoc, perEnt, perIssuer } = this;
    const { facetVals } = s;
    const docs: number[] = [];
    const ents: number[] = [];
    for (let i = 0; i < g.doc.length; i++) {
      const d = g.doc[i];
      if (perDoc[d]++ === 0) docs.push(d);
      const f = g.facet[i];
      if (f >= 0) {
        if (perEnt[f]++ === 0) ents.push(f);
      } else if (f <= SEVERAL_FACETS) {
        for (let j = SEVERAL_FACETS - f; facetVals[j] >= 0; j++) {
          const e = facetVals[j];
          if (perEnt[e]++ === 0) ents.push(e);
        }
      }
    }
    const { docKind, docYear, docIssuerStart, docIssuerCount, issuerVals } = s;
    const perKind = new Int32Array(s.kinds.length);
    const years = new Map<number, number>();
    const issuers: number[] = [];
    for (const d of docs) {
      const n = perDoc[d];
      perDoc[d] = 0;
      perKind[docKind[d]] += n;
      const y = docYear[d];
      if (y) years.set(y, (years.get(y) ?? 0) + n);
      const start = docIssuerStart[d];
      const end = start + docIssuerCount[d];
      for (let j = start; j < end; j++) {
        const i = issuerVals[j];
        if ((perIssuer[i] += n) === n) issuers.push(i);
      }
    }
    const regions: number[] = [];
    const programs: number[] = [];
    for (const e of ents) (s.entFacet[e] === FACET_REGION ? regions : programs).push(e);
    const yearList = [...years.keys()];
    const out: Facets = {
      kind: top(
        s.kinds.map((_, k) => k).filter((k) => perKind[k] > 0),
        (k) => perKind[k],
        (k) => s.kinds[k],
      ),
      year: top(yearList, (y) => years.get(y)!, String),
      issuer: top(issuers, (i) => perIssuer[i], (i) => s.issuers[i]),
      region: top(regions, (e) => perEnt[e], (e) => s.ents[e].name),
      program: top(programs, (e) => perEnt[e], (e) => s.ents[e].name),
    };
    for (const i of issuers) perIssuer[i] = 0;
    for (const e of ents) perEnt[e] = 0;
    return out;
  }
}

/**
 * The FACET_VALUES_LIMIT most frequent values (ties by value), most frequent first. Only
 * values at least as frequent as the limit-th are named and sorted. Entity names are
 * unique per type (ids are type:name), so each entity is one value.
 */
function top(ids: number[], countOf: (id: number) => number, nameOf: (id: number) => string): Record<string, number> {
  let kept = ids;
  if (ids.length > FACET_VALUES_LIMIT) {
    const counts = Int32Array.from(ids, countOf).sort();
    const cut = counts[counts.length - FACET_VALUES_LIMIT];
    kept = ids.filter((id) => countOf(id) >= cut);
  }
  const rows = kept.map((id) => ({ name: nameOf(id), count: countOf(id) }));
  rows.sort((a, b) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: Record<string, number> = {};
  for (const r of rows.slice(0, FACET_VALUES_LIMIT)) out[r.name] = r.count;
  return out;
}
