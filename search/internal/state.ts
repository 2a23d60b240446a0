import type { EntityType } from '../../ingest/index.js';
import { PostingStore } from './postings.js';

export interface EntityRef {
  id: string;
  name: string;
  type: EntityType;
}

/** One indexed article (by document ordinal). */
export interface DocEntry {
  id: string;
  title: string | null;
  /** matching form of the title, '' without one */
  titleForm: string;
  kind: string;
  date: string | null;
  /** YYYYMMDD with missing parts as 00; 0 without a date (oldest) */
  dateKey: number;
  /** 0 when unknown */
  year: number;
  docNumber: string | null;
  issuers: string[];
  /** ordinals of the distinct issuers in IndexState.issuers */
  issuerIds: number[];
  /** first clause ordinal and number of clauses */
  first: number;
  count: number;
  /** fingerprint of the record the entry was built from (see digestOf) */
  digest: string;
  alive: boolean;
}

/**
 * A DocEntry built with one fixed property order, so that every entry shares one hidden
 * class whether it was added or loaded (entries of mixed shapes made per-article loops
 * in searches many times slower).
 */
export function docEntry(d: Omit<DocEntry, 'alive'>): DocEntry {
  return {
    id: d.id,
    title: d.title,
    titleForm: d.titleForm,
    kind: d.kind,
    date: d.date,
    dateKey: d.dateKey,
    year: d.year,
    docNumber: d.docNumber,
    issuers: d.issuers,
    issuerIds: d.issuerIds,
    first: d.first,
    count: d.count,
    digest: d.digest,
    alive: true,
  };
}

// Per-clause data read by every search, packed so that one clause is one cache line
// visit: hot[ord * HOT + field]. At a million clauses a search's time goes to memory
// misses, so what a matching clause needs sits together.
export const HOT = 4;
export const HOT_DOC = 0;
/** the clause's region and program entities (see setFacets) */
export const HOT_FACET = 1;
/** length of the matching form (low 24 bits) and flags (HEADING, REMOVED) */
export const HOT_LEN_FLAGS = 2;
/** offset of the clause's first word-boundary bit in `bits` */
export const HOT_BITS = 3;

export const LEN_MASK = 0xffffff;
export const HEADING = 1 << 24;
export const REMOVED = 2 << 24;

export const NO_FACET = -1;
export const SEVERAL_FACETS = -2;
export const FACET_REGION = 1;
export const FACET_PROGRAM = 2;

/**
 * Everything the clause index holds, as plain arrays (per clause ordinal, per document
 * ordinal, per entity ordinal), so that the index file can write and read it directly.
 */
export interface IndexState {
  postings: PostingStore;
  /** ordinals handed out so far (removed clauses keep theirs until the index is saved and loaded) */
  clauseCount: number;
  liveClauses: number;
  /** summed matching-form length of live clauses */
  liveLength: number;
  hot: Int32Array;
  /** n of the clause id `<docId>#<n>`, or -1 when the id has another shape (then in customIds) */
  clauseNo: Int32Array;
  clauseEntStart: Uint32Array;
  clauseEntCount: Uint16Array;
  entVals: Uint32Array;
  entValsLength: number;
  /** region and program entities of clauses with more than one, each list ended by −1 */
  facetVals: Int32Array;
  facetValsLength: number;
  /** word-boundary bits: clause ord's offsets 0..len are bits hot[ord * HOT + HOT_BITS] + 0 … + len */
  bits: Uint8Array;
  bitLength: number;
  /** matching form of each clause */
  forms: string[];
  /** the clause text where it differs from its matching form */
  originals: Map<number, string>;
  customIds: Map<number, string>;
  docs: DocEntry[];
  /** per document ordinal, for the loops of a search: date key, year, kind (index in `kinds`), issuers (into issuerVals) */
  docDateKey: Uint32Array;
  docYear: Uint16Array;
  docKind: Uint8Array;
  docIssuerStart: Uint32Array;
  docIssuerCount: Uint16Array;
  issuerVals: Uint32Array;
  issuerValsLength: number;
  kinds: string[];
  docById: Map<string, number>;
  /** distinct issuer names and their matching forms, by issuer ordinal */
  issuers: string[];
  issuerForms: string[];
  issuerIds: Map<string, number>;
  ents: EntityRef[];
  entAliasForms: string[][];
  entLive: Int32Array;
  /** FACET_REGION, FACET_PROGRAM or 0 per entity ordinal */
  entFacet: Uint8Array;
  entById: Map<string, number>;
  /** matching form of an entity's name → entity ordinals */
  entNames: Map<string, number[]>;
  /** matching form of an alias → entity ordinals */
  entAliases: Map<string, number[]>;
  /** bumped by every add and remove; derived caches compare it */
  generation: number;
}

export function emptyState(postings = new PostingStore()): IndexState {
  return {
    postings,
    clauseCount: 0,
    liveClauses: 0,
    liveLength: 0,
    hot: new Int32Array(1024 * HOT),
    clauseNo: new Int32Array(1024),
    clauseEntStart: new Uint32Array(1024),
    clauseEntCount: new Uint16Array(1024),
    entVals: new Uint32Array(4096),
    entValsLength: 0,
    facetVals: new Int32Array(1024),
    facetValsLength: 0,
    bits: new Uint8Array(8192),
    bitLength: 0,
    forms: [],
    originals: new Map(),
    customIds: new Map(),
    docs: [],
    docDateKey: new Uint32Array(64),
    docYear: new Uint16Array(64),
    docKind: new Uint8Array(64),
    docIssuerStart: new Uint32Array(64),
    docIssuerCount: new Uint16Array(64),
    issuerVals: new Uint32Array(64),
    issuerValsLength: 0,
    kinds: [],
    docById: new Map(),
    issuers: [],
    issuerForms: [],
    issuerIds: new Map(),
    ents: [],
    entAliasForms: [],
    entLive: new Int32Array(1024),
    entFacet: new Uint8Array(1024),
    entById: new Map(),
    entNames: new Map(),
    entAliases: new Map(),
    generation: 0,
  };
}

/** A copy of `a` with room for at least `need` elements (or `a` itself when it has room). */
export function grown<T extends Uint8Array | Uint16Array | Uint32Array | Int32Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  next.set(a);
  return next;
}

/** A copy of `a` cut to `n` elements (or `a` itself when it is no longer). */
function trimmed<T extends Uint8Array | Uint16Array | Uint32Array | Int32Array>(a: T, n: number): T {
  return a.length > n ? (a.slice(0, n) as T) : a;
}

/** Give back the room growing arrays keep for more entries (after a bulk load). */
export function trimState(s: IndexState): void {
  const n = s.clauseCount;
  s.hot = trimmed(s.hot, n * HOT);
  s.clauseNo = trimmed(s.clauseNo, n);
  s.clauseEntStart = trimmed(s.clauseEntStart, n);
  s.clauseEntCount = trimmed(s.clauseEntCount, n);
  s.bits = trimmed(s.bits, (s.bitLength >>> 3) + 1);
  s.entVals = trimmed(s.entVals, s.entValsLength);
  s.facetVals = trimmed(s.facetVals, s.facetValsLength);
  s.entLive = trimmed(s.entLive, s.ents.length);
  s.entFacet = trimmed(s.entFacet, s.ents.length);
  const d = s.docs.length;
  s.docDateKey = trimmed(s.docDateKey, d);
  s.docYear = trimmed(s.docYear, d);
  s.docKind = trimmed(s.docKind, d);
  s.docIssuerStart = trimmed(s.docIssuerStart, d);
  s.docIssuerCount = trimmed(s.docIssuerCount, d);
  s.issuerVals = trimmed(s.issuerVals, s.issuerValsLength);
}

export function isBoundary(s: IndexState, ord: number, at: number): boolean {
  const bit = s.hot[ord * HOT + HOT_BITS] + at;
  return (s.bits[bit >>> 3] & (1 << (bit & 7))) !== 0;
}

export function isRemoved(s: IndexState, ord: number): boolean {
  return (s.hot[ord * HOT + HOT_LEN_FLAGS] & REMOVED) !== 0;
}

/** Length of a clause's matching form. */
export function lengthOf(s: IndexState, ord: number): number {
  return s.hot[ord * HOT + HOT_LEN_FLAGS] & LEN_MASK;
}

export function dateKeyOf(date: string | null): number {
  const m = date ? /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(date) : null;
  return m ? Number(m[1]) * 10000 + Number(m[2] ?? 0) * 100 + Number(m[3] ?? 0) : 0;
}

/** Which entity facet an entity type counts in, if any. */
export function facetOfType(type: string): number {
  return type === 'region' ? FACET_REGION : type === 'program' ? FACET_PROGRAM : 0;
}

/**
 * HOT_FACET of a clause from its entity list: its one region or program entity, NO_FACET,
 * or, with several, SEVERAL_FACETS − offset of the list in facetVals (ended by −1).
 */
export function setFacets(s: IndexState, ord: number): void {
  const start = s.clauseEntStart[ord];
  const end = start + s.clauseEntCount[ord];
  let found = NO_FACET;
  let several = false;
  for (let i = start; i < end; i++) {
    if (s.entFacet[s.entVals[i]] === 0) continue;
    if (found !== NO_FACET) several = true;
    found = s.entVals[i];
  }
  if (!several) {
    s.hot[ord * HOT + HOT_FACET] = found;
    return;
  }
  s.facetVals = grown(s.facetVals, s.facetValsLength + (end - start) + 1);
  s.hot[ord * HOT + HOT_FACET] = SEVERAL_FACETS - s.facetValsLength;
  for (let i = start; i < end; i++) if (s.entFacet[s.entVals[i]] !== 0) s.facetVals[s.facetValsLength++] = s.entVals[i];
  s.facetVals[s.facetValsLength++] = -1;
}

/** Append a document entry (its ordinal is the next one) with its typed per-document data. */
export function pushDoc(s: IndexState, doc: DocEntry): number {
  const d = s.docs.length;
  s.docs.push(doc);
  s.docById.set(doc.id, d);
  s.docDateKey = grown(s.docDateKey, d + 1);
  s.docYear = grown(s.docYear, d + 1);
  s.docKind = grown(s.docKind, d + 1);
  s.docIssuerStart = grown(s.docIssuerStart, d + 1);
  s.docIssuerCount = grown(s.docIssuerCount, d + 1);
  s.docDateKey[d] = doc.dateKey;
  s.docYear[d] = doc.year;
  let kind = s.kinds.indexOf(doc.kind);
  if (kind < 0) kind = s.kinds.push(doc.kind) - 1;
  s.docKind[d] = kind;
  s.issuerVals = grown(s.issuerVals, s.issuerValsLength + doc.issuerIds.length);
  s.docIssuerStart[d] = s.issuerValsLength;
  s.docIssuerCount[d] = doc.issuerIds.length;
  for (const i of doc.issuerIds) s.issuerVals[s.issuerValsLength++] = i;
  return d;
}

/** The issuer ordinal of a name, added when new. */
export function issuerOrdinal(s: IndexState, name: string, form: string): number {
  let id = s.issuerIds.get(name);
  if (id === undefined) {
    id = s.issuers.length;
    s.issuers.push(name);
    s.issuerForms.push(form);
    s.issuerIds.set(name, id);
  }
  return id;
}
