import { existsSync, readFileSync, renameSync } from 'node:fs';
import type { DocumentRecord } from '../ingest/index.js';

/**
 * records.json, the corpus's article records: the source of truth the graph and the index
 * are derived from. It is one JSON document, `{"version":1,"records":[…]}`, laid out with
 * one record per line, so that each record's text can be kept as read (or as a worker
 * serialised it) and the file rewritten by joining texts rather than serialising every
 * record again (at 100× the seed corpus: 62 MB, ~0.3 s to stringify and ~0.17 s to encode).
 */
export const RECORDS_FILE = 'records.json';

const HEAD = Buffer.from('{"version":1,"records":[\n');
const TAIL = Buffer.from('\n]}\n');
const BETWEEN = Buffer.from(',\n');
const NEWLINE = 0x0a;

/** A record's text in the records file: its JSON, UTF-8. */
export function recordText(record: DocumentRecord): Uint8Array {
  return Buffer.from(JSON.stringify(record));
}

/** The records file holding these record texts, in this order. */
export function recordsFileBytes(texts: readonly Uint8Array[]): Buffer {
  const parts: Uint8Array[] = [HEAD];
  texts.forEach((text, i) => {
    if (i > 0) parts.push(BETWEEN);
    parts.push(text);
  });
  parts.push(TAIL);
  return Buffer.concat(parts);
}

/**
 * The persisted records with their texts, or null on first start (no file). A damaged file is
 * set aside (the corpus folder is re-ingested instead) with a warning. A file written by an
 * earlier version (one line) is read whole; its records get their texts when next written.
 */
export function readRecordsFile(path: string, warnings: string[]): { records: DocumentRecord[]; texts: (Uint8Array | undefined)[] } | null {
  if (!existsSync(path)) return null;
  try {
    const bytes = readFileSync(path);
    return readByLine(bytes) ?? readWhole(bytes);
  } catch (e) {
    const aside = `${path}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    renameSync(path, aside);
    warnings.push(`${path} is damaged (${(e as Error).message}); moved to ${aside}, rebuilding from the corpus folder.`);
    return null;
  }
}

function readWhole(bytes: Buffer): { records: DocumentRecord[]; texts: undefined[] } {
  const state = JSON.parse(bytes.toString('utf8')) as { version?: unknown; records?: unknown };
  if (state?.version !== 1 || !Array.isArray(state.records)) throw new Error(`unknown format version ${String(state?.version)}`);
  return { records: state.records as DocumentRecord[], texts: [] };
}

/** The one-record-per-line layout recordsFileBytes writes; null when the file is laid out otherwise. */
function readByLine(bytes: Buffer): { records: DocumentRecord[]; texts: Uint8Array[] } | null {
  if (!bytes.subarray(0, HEAD.length).equals(HEAD) || !bytes.subarray(bytes.length - TAIL.length).equals(TAIL)) return null;
  const records: DocumentRecord[] = [];
  const texts: Uint8Array[] = [];
  const end = bytes.length - TAIL.length;
  for (let start = HEAD.length; start < end; ) {
    let stop = bytes.indexOf(NEWLINE, start);
    if (stop < 0 || stop > end) stop = end;
    // every line but the last ends with the comma between two records
    const text = bytes.subarray(start, stop < end ? stop - 1 : stop);
    if (stop < end && bytes[stop - 1] !== BETWEEN[0]) return null;
    records.push(JSON.parse(text.toString('utf8')) as DocumentRecord);
    texts.push(text);
    start = stop + 1;
  }
  return { records, texts };
}
