import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readRecordsFile, recordsFileBytes, recordText } from '../../core/records-file.js';
import type { DocumentRecord } from '../../ingest/index.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'policy-kg-records-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// Only the fields that matter here: the file stores whatever a record holds.
const record = (id: string, text: string) => ({ id, file: `${id}.txt`, text, clauses: [{ id: `${id}#0`, start: 0, end: text.length }] }) as unknown as DocumentRecord;

describe('records file', () => {
  it('reads back the records it wrote, each with its own text, whatever line breaks they hold', () => {
    const records = [record('a', '第一条\n第二条'), record('b', '引号"与\\反斜杠'), record('c', '')];
    const path = join(dir, 'records.json');
    writeFileSync(path, recordsFileBytes(records.map(recordText)));
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ version: 1, records });
    const read = readRecordsFile(path, []);
    expect(read!.records).toEqual(records);
    expect(read!.texts.map((t) => Buffer.from(t!).toString('utf8'))).toEqual(records.map((r) => JSON.stringify(r)));
  });

  it('reads an empty corpus, and none at all on first start', () => {
    const path = join(dir, 'records.json');
    expect(readRecordsFile(path, [])).toBeNull();
    writeFileSync(path, recordsFileBytes([]));
    expect(readRecordsFile(path, [])).toEqual({ records: [], texts: [] });
  });

  it('reads the one-line file earlier versions wrote', () => {
    const records = [record('a', '第一条'), record('b', '第二条')];
    const path = join(dir, 'records.json');
    writeFileSync(path, JSON.stringify({ version: 1, records }));
    expect(readRecordsFile(path, [])!.records).toEqual(records);
  });

  it('sets a damaged file aside with a warning naming it', () => {
    const path = join(dir, 'records.json');
    const bytes = recordsFileBytes([recordText(record('a', '第一条')), recordText(record('b', '第二条'))]);
    writeFileSync(path, bytes.subarray(0, bytes.length - 20));
    const warnings: string[] = [];
    expect(readRecordsFile(path, warnings)).toBeNull();
    expect(warnings).toEqual([expect.stringContaining(`${path} is damaged`)]);
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^records\.json\.damaged-/)]);
  });
});
