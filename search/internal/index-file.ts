import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomicAsync } from '../../io/index.js';
import { MATCH_FORM_VERSION, matchFormOf } from '../../lang/index.js';
import { PostingStore } from './postings.js';
import { HEADING, HOT, HOT_BITS, HOT_DOC, HOT_LEN_FLAGS, REMOVED, docEntry, emptyState, facetOfType, issuerOrdinal, pushDoc, setFacets, type DocEntry, type EntityRef, type IndexState } from './state.js';

/** File name of the saved index inside the data folder. */
export const INDEX_FILE = 'search-index.bin';

/** Why a saved index cannot be used. */
export type UnusableCause = 'missing' | 'damaged' | 'other-version';

export class UnusableIndexError extends Error {
  constructor(
    readonly code: UnusableCause,
    message: string,
  ) {
    super(message);
    this.name = 'UnusableIndexError';
  }
}

const MAGIC = 'PKGIDX\r\n';
/**
 * Bumped whenever the layout below or what it holds changes (3: word boundaries from the
 * cut of the clause text, not of its form); another version is rebuilt, not read.
 */
const FORMAT_VERSION = 3;
// Traditional, full-width and spaced text whose matching form pins the normalisation.
const FORM_PROBE = '產教聯合體 ３３６１８ 到 2025 年，ＡＩ  應用 乾隆 裏 綫 著';

type Typed = Uint8Array | Uint16Array | Uint32Array | Int32Array;

interface Header {
  format: number;
  matchForm: number;
  probe: string;
  clauses: number;
  docs: Omit<DocEntry, 'titleForm' | 'issuerIds' | 'alive'>[];
  ents: EntityRef[];
  entAliasForms: string[][];
  customIds: [number, string][];
  sections: { name: string; type: string; offset: number; bytes: number }[];
  sha1: string;
}

/**
 * Layout: MAGIC, u32 header bytes, header JSON, then 8-byte aligned sections (typed
 * arrays, little-endian; texts as UTF-16LE). Removed clauses are left out and ordinals
 * renumbered, so a loaded index is as compact as a fresh build.
 */
export async function writeIndexFile(dir: string, s: IndexState): Promise<void> {
  const live = Int32Array.from({ length: s.clauseCount }, () => -1);
  let n = 0;
  for (let ord = 0; ord < s.clauseCount; ord++) if (!(s.hot[ord * HOT + HOT_LEN_FLAGS] & REMOVED)) live[ord] = n++;
  const entRemap = Int32Array.from({ length: s.ents.length }, () => -1);
  const ents: EntityRef[] = [];
  const entAliasForms: string[][] = [];
  s.ents.forEach((e, i) => {
    if (s.entLive[i] <= 0) return;
    entRemap[i] = ents.length;
    ents.push(e);
    entAliasForms.push(s.entAliasForms[i]);
  });
  const docRemap = new Int32Array(s.docs.length).fill(-1);
  const docs: Header['docs'] = [];
  // Live articles keep their order, so their clauses stay consecutive from `first` on.
  let firstLive = 0;
  s.docs.forEach((d, i) => {
    if (!d.alive) return;
    docRemap[i] = docs.length;
    const { titleForm: _t, issuerIds: _i, alive: _a, ...kept } = d;
    docs.push({ ...kept, first: firstLive });
    firstLive += d.count;
  });

  const clauseDoc = new Uint32Array(n);
  const clauseFlags = new Uint8Array(n);
  const clauseNo = new Int32Array(n);
  const clauseLen = new Uint32Array(n);
  const clauseEntCount = new Uint16Array(n);
  const entVals: number[] = [];
  const customIds: [number, string][] = [];
  const origOrds: number[] = [];
  const origLens: number[] = [];
  let formChars = 0;
  let origChars = 0;
  let bitLength = 0;
  for (let ord = 0; ord < s.clauseCount; ord++) {
    const to = live[ord];
    if (to < 0) continue;
    clauseDoc[to] = docRemap[s.hot[ord * HOT + HOT_DOC]];
    clauseFlags[to] = s.hot[ord * HOT + HOT_LEN_FLAGS] & HEADING ? 1 : 0;
    clauseNo[to] = s.clauseNo[ord];
    if (s.clauseNo[ord] < 0) customIds.push([to, s.customIds.get(ord)!]);
    clauseLen[to] = s.forms[ord].length;
    clauseEntCount[to] = s.clauseEntCount[ord];
    const start = s.clauseEntStart[ord];
    for (let i = start; i < start + s.clauseEntCount[ord]; i++) entVals.push(entRemap[s.entVals[i]]);
    formChars += s.forms[ord].length;
    bitLength += s.forms[ord].length + 1;
    const original = s.originals.get(ord);
    if (original !== undefined) {
      origOrds.push(to);
      origLens.push(original.length);
      origChars += original.length;
    }
  }
  // Without removed clauses ordinals stay as they are and the arrays are written as held.
  const untouched = n === s.clauseCount;
  let bits: Uint8Array;
  if (untouched) {
    bits = s.bits.subarray(0, (bitLength >>> 3) + 1);
  } else {
    bits = new Uint8Array((bitLength >>> 3) + 1);
    let bit = 0;
    for (let ord = 0; ord < s.clauseCount; ord++) {
      if (live[ord] < 0) continue;
      const base = s.hot[ord * HOT + HOT_BITS];
      const len = s.forms[ord].length + 1;
      for (let k = 0; k < len; k++, bit++) {
        const from = base + k;
        if (s.bits[from >>> 3] & (1 << (from & 7))) bits[bit >>> 3] |= 1 << (bit & 7);
      }
    }
  }
  const postings = untouched ? s.postings.compactParts() : s.postings.rewritten(live).compactParts();

  const arrays: [string, Typed][] = [
    ['clauseDoc', clauseDoc],
    ['clauseFlags', clauseFlags],
    ['clauseNo', clauseNo],
    ['clauseLen', clauseLen],
    ['clauseEntCount', clauseEntCount],
    ['entVals', Uint32Array.from(entVals)],
    ['bits', bits],
    ['origOrds', Uint32Array.from(origOrds)],
    ['origLens', Uint32Array.from(origLens)],
    ['keys', postings.keys],
    ['starts', postings.starts],
    ['counts', postings.counts],
    ['lasts', postings.lasts],
    ['data', postings.data],
  ];
  const sections: Header['sections'] = [];
  let offset = 0;
  const place = (name: string, type: string, bytes: number) => {
    sections.push({ name, type, offset, bytes });
    offset += align8(bytes);
  };
  for (const [name, a] of arrays) place(name, a.constructor.name, a.byteLength);
  place('forms', 'utf16le', formChars * 2);
  place('originals', 'utf16le', origChars * 2);

  const body = Buffer.alloc(offset);
  for (const [i, [, a]] of arrays.entries()) body.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), sections[i].offset);
  let at = sections[arrays.length].offset;
  for (let ord = 0; ord < s.clauseCount; ord++) if (live[ord] >= 0) at += body.write(s.forms[ord], at, 'utf16le');
  at = sections[arrays.length + 1].offset;
  for (let ord = 0; ord < s.clauseCount; ord++) {
    const original = live[ord] >= 0 ? s.originals.get(ord) : undefined;
    if (original !== undefined) at += body.write(original, at, 'utf16le');
  }

  const header: Header = {
    format: FORMAT_VERSION,
    matchForm: MATCH_FORM_VERSION,
    probe: matchFormOf(FORM_PROBE),
    clauses: n,
    docs,
    ents,
    entAliasForms,
    customIds,
    sections,
    sha1: createHash('sha1').update(body).digest('hex'),
  };
  const json = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.alloc(align8(MAGIC.length + 4 + json.length));
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(json.length, MAGIC.length);
  json.copy(prefix, MAGIC.length + 4);
  const file = Buffer.alloc(prefix.length + body.length);
  prefix.copy(file, 0);
  body.copy(file, prefix.length);
  // built above from the state as it is now; written on libuv's threads
  await writeFileAtomicAsync(join(dir, INDEX_FILE), file);
}

/**
 * The index saved in `dir`.
 * @throws UnusableIndexError saying why the file cannot be used (missing, damaged, other version)
 */
export function readIndexFile(dir: string): IndexState {
  const path = join(dir, INDEX_FILE);
  if (!existsSync(path)) throw new UnusableIndexError('missing', `no saved search index at ${path}`);
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const head = readAt(fd, 0, Math.min(size, MAGIC.length + 4));
    if (head.length < MAGIC.length + 4 || head.toString('latin1', 0, MAGIC.length) !== MAGIC) throw new UnusableIndexError('damaged', `${path} is not a search index file`);
    const jsonBytes = head.readUInt32LE(MAGIC.length);
    if (MAGIC.length + 4 + jsonBytes > size) throw new UnusableIndexError('damaged', `${path} is truncated`);
    let header: Header;
    try {
      header = JSON.parse(readAt(fd, MAGIC.length + 4, jsonBytes).toString('utf8')) as Header;
    } catch {
      throw new UnusableIndexError('damaged', `${path} has a damaged header`);
    }
    if (header.format !== FORMAT_VERSION) throw new UnusableIndexError('other-version', `${path} has format ${header.format}, this version reads ${FORMAT_VERSION}`);
    if (header.matchForm !== MATCH_FORM_VERSION || header.probe !== matchFormOf(FORM_PROBE)) {
      throw new UnusableIndexError('other-version', `${path} was built with another matching normalisation`);
    }
    const base = align8(MAGIC.length + 4 + jsonBytes);
    const last = header.sections[header.sections.length - 1];
    if (base + last.offset + align8(last.bytes) !== size) throw new UnusableIndexError('damaged', `${path} is truncated or has extra bytes`);
    const hash = createHash('sha1');
    const raw = new Map<string, Buffer>();
    for (const sec of header.sections) {
      const bytes = readAt(fd, base + sec.offset, align8(sec.bytes));
      hash.update(bytes);
      raw.set(sec.name, bytes.subarray(0, sec.bytes));
    }
    if (hash.digest('hex') !== header.sha1) throw new UnusableIndexError('damaged', `${path} is damaged (checksum mismatch)`);
    return stateOf(header, raw);
  } catch (e) {
    if (e instanceof UnusableIndexError) throw e;
    throw new UnusableIndexError('damaged', `${path} cannot be read: ${(e as Error).message}`);
  } finally {
    closeSync(fd);
  }
}

function stateOf(h: Header, raw: Map<string, Buffer>): IndexState {
  const typed = <T extends Typed>(name: string, Type: { new (b: ArrayBuffer, o: number, n: number): T; BYTES_PER_ELEMENT: number }): T => {
    const b = raw.get(name)!;
    return new Type(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength / Type.BYTES_PER_ELEMENT);
  };
  const n = h.clauses;
  const s = emptyState(
    new PostingStore({
      keys: typed('keys', Uint32Array),
      starts: typed('starts', Uint32Array),
      counts: typed('counts', Uint32Array),
      lasts: typed('lasts', Uint32Array),
      data: typed('data', Uint8Array),
    }),
  );
  s.clauseCount = n;
  s.liveClauses = n;
  const clauseDoc = typed('clauseDoc', Uint32Array);
  const clauseFlags = typed('clauseFlags', Uint8Array);
  const clauseLen = typed('clauseLen', Uint32Array);
  s.hot = new Int32Array(n * HOT);
  for (let ord = 0; ord < n; ord++) {
    s.hot[ord * HOT + HOT_DOC] = clauseDoc[ord];
    s.hot[ord * HOT + HOT_LEN_FLAGS] = (clauseFlags[ord] & 1 ? HEADING : 0) | clauseLen[ord];
  }
  s.clauseNo = typed('clauseNo', Int32Array);
  s.clauseEntCount = typed('clauseEntCount', Uint16Array);
  s.entVals = typed('entVals', Uint32Array);
  s.entValsLength = s.entVals.length;
  s.bits = typed('bits', Uint8Array);
  s.clauseEntStart = new Uint32Array(n);
  for (const [ord, id] of h.customIds) s.customIds.set(ord, id);

  // Each form its own flat string (not a slice of one big string): checking a clause's
  // text then misses memory once for the string instead of twice.
  const formBytes = raw.get('forms')!;
  let at = 0;
  let ent = 0;
  let bit = 0;
  for (let ord = 0; ord < n; ord++) {
    const len = clauseLen[ord];
    s.forms.push(formBytes.toString('utf16le', at * 2, (at + len) * 2));
    at += len;
    s.liveLength += len;
    s.clauseEntStart[ord] = ent;
    ent += s.clauseEntCount[ord];
    s.hot[ord * HOT + HOT_BITS] = bit;
    bit += len + 1;
  }
  if (at * 2 !== formBytes.length || ent !== s.entVals.length) throw new UnusableIndexError('damaged', 'saved search index is inconsistent (clause lengths)');
  s.bitLength = bit;
  const originals = raw.get('originals')!.toString('utf16le');
  const origOrds = typed('origOrds', Uint32Array);
  const origLens = typed('origLens', Uint32Array);
  at = 0;
  for (let i = 0; i < origOrds.length; i++) {
    s.originals.set(origOrds[i], originals.slice(at, at + origLens[i]));
    at += origLens[i];
  }

  s.ents = h.ents;
  s.entAliasForms = h.entAliasForms;
  s.entLive = new Int32Array(Math.max(h.ents.length, 1));
  s.entFacet = Uint8Array.from(h.ents, (e) => facetOfType(e.type));
  for (let ord = 0; ord < n; ord++) setFacets(s, ord);
  for (const e of s.entVals) s.entLive[e]++;
  h.ents.forEach((e, i) => {
    s.entById.set(e.id, i);
    push(s.entNames, matchFormOf(e.name), i);
    for (const a of h.entAliasForms[i]) push(s.entAliases, a, i);
  });
  for (const d of h.docs) {
    const issuerIds = [...new Set(d.issuers.map((x) => issuerOrdinal(s, x, matchFormOf(x))))];
    pushDoc(s, docEntry({ ...d, titleForm: d.title ? matchFormOf(d.title) : '', issuerIds }));
  }
  return s;
}

function push(m: Map<string, number[]>, key: string, v: number): void {
  if (!key) return;
  const list = m.get(key);
  if (list) list.push(v);
  else m.set(key, [v]);
}

function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafeSlow(length);
  let done = 0;
  while (done < length) {
    const got = readSync(fd, buf, done, length - done, position + done);
    if (got === 0) throw new UnusableIndexError('damaged', 'saved search index is truncated');
    done += got;
  }
  return buf;
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}
