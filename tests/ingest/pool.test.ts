import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createIngestPool, IngestError, ingestFile } from '../../ingest/index.js';
import { buildDocx, buildPdf, linesPage } from '../fixtures/documents.js';

const corpusDir = new URL('../../corpus/', import.meta.url);
const corpus = readdirSync(corpusDir)
  .sort()
  .map((name) => ({ name, bytes: readFileSync(new URL(name, corpusDir)) }));

describe('createIngestPool', () => {
  const pool = createIngestPool();
  afterAll(() => pool.close());

  it('gives the records ingestFile gives, for files in flight together', async () => {
    const results = corpus.map((f) => pool.ingest(f.name, f.bytes));
    for (const [i, f] of corpus.entries()) expect(await results[i]).toEqual(await ingestFile(f.name, f.bytes));
    expect(pool.threads).toBe(1);
  }, 60_000);

  it('reads docx and pdf on the worker as on this thread', async () => {
    const files = [
      { name: 'n.docx', bytes: buildDocx('<w:p><w:r><w:t>重庆市教育委员会印发职业教育实施方案。</w:t></w:r></w:p>') },
      { name: 'n.pdf', bytes: buildPdf([linesPage(['重庆市人民政府关于推进成渝地区双城经济圈建设的通知'])]) },
    ];
    for (const f of files) expect(await pool.ingest(f.name, f.bytes)).toEqual(await ingestFile(f.name, f.bytes));
    expect(pool.threads).toBe(1);
  }, 60_000);

  it('rejects a file that cannot be ingested with the IngestError ingestFile throws', async () => {
    const error = await pool.ingest('empty.txt', new Uint8Array()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestError);
    expect(error).toMatchObject({ code: 'empty_file', file: 'empty.txt', message: '文件 empty.txt 是空文件，没有可导入的内容。' });
  });

  it('ingests on the calling thread once closed', async () => {
    const closed = createIngestPool();
    await closed.close();
    expect(closed.threads).toBe(0);
    const f = corpus[0]!;
    expect(await closed.ingest(f.name, f.bytes)).toEqual(await ingestFile(f.name, f.bytes));
  });
});
