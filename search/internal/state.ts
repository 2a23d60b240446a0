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
  issuerForms: string[];
  /** first clause ordinal and number of clauses */
  first: number;
  count: number;
  /** fingerprint of the record the entry was built from (see digestOf) */
  digest: string;
  alive: boolean;
}

export const HEADING = 1;
export const REMOVED = 2;

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
  clauseDoc: Uint32Array;
  clauseFlags: Uint8Array;
  /** n of the clause id `<docId>#<n>`, or -1 when the id has another shape (then in customIds) */
  clauseNo: Int32Array;
  clauseLen: Uint32Array;
  clauseEntStart: Uint32Array;
  clauseEntCount: Uint16Array;
  entVals: Uint32Array;
  entValsLength: number;
  /** word-boundary bits: clause ord's offsets 0..len are bits bitBase[ord] … bitBase[ord] + len */
  bitBase: Uint32Array;
  bits: Uint8Array;
  bitLength: number;
  /** matching form of each clause */
  forms: string[];
  /** the clause text where it differs from its matching form */
  originals: Map<number, string>;
  customIds: Map<number, string>;
  docs: DocEntry[];
  docById: Map<string, number>;
  ents: EntityRef[];
  entAliasForms: string[][];
  entLive: Int32Array;
  entById: Map<string, number>;
  /** matching form of an entity's name → entity ordinals */
  entNames: Map<string, number[]>;
  /** matching form of an alias → entity ordinals */
  entAliases: Map<string, number[]>;
}

export function emptyState(postings = new PostingStore()): IndexState {
  return {
    postings,
    clauseCount: 0,
    liveClauses: 0,
    liveLength: 0,
    clauseDoc: new Uint32Array(1024),
    clauseFlags: new Uint8Array(1024),
    clauseNo: new Int32Array(1024),
    clauseLen: new Uint32Array(1024),
    clauseEntStart: new Uint32Array(1024),
    clauseEntCount: new Uint16Array(1024),
    entVals: new Uint32Array(4096),
    entValsLength: 0,
    bitBase: new Uint32Array(1024),
    bits: new Uint8Array(8192),
    bitLength: 0,
    forms: [],
    originals: new Map(),
    customIds: new Map(),
    docs: [],
    docById: new Map(),
    ents: [],
    entAliasForms: [],
    entLive: new Int32Array(1024),
    entById: new Map(),
    entNames: new Map(),
    entAliases: new Map(),
  };
}

/** A copy of `a` with room for at least `need` elements (or `a` itself when it has room). */
export function grown<T extends Uint8Array | Uint16Array | Uint32Array | Int32Array>(a: T, need: number): T {
  if (need <= a.length) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  next.set(a);
  return next;
}

export function isBoundary(s: IndexState, ord: number, at: number): boolean {
  const bit = s.bitBase[ord] + at;
  return (s.bits[bit >>> 3] & (1 << (bit & 7))) !== 0;
}

export function dateKeyOf(date: string | null): number {
  const m = date ? /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(date) : null;
  return m ? Number(m[1]) * 10000 + Number(m[2] ?? 0) * 100 + Number(m[3] ?? 0) : 0;
}
