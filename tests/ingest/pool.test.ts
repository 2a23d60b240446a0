import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createIngestPool, IngestError, ingestFile, type FileIngest } from '../../ingest/index.js';
import { defaultSegmenter, wordBreaks } from '../../lang/index.js';
import { buildDocx, buildPdf, linesPage } from '../fixtures/documents.js';

const corpusDir = new URL('../../corpus/', import.meta.url);
const corpus = readdirSync(corpusDir)
  .sort()
  .map((name) => ({ name, bytes: readFileSync(new URL(name, corpusDir)) }));

/** The pool's answer is ingestFile's on this thread, word breaks included, which are the clauses as this thread's segmenter cuts them. */
async function expectAsOnThisThread(pooled: FileIngest, file: { name: string; bytes: Uint8Array }) {
  const here = await ingestFile(file.name, file.bytes);
  const { recordTexts, ...result } = pooled;
  expect(result).toEqual(here);
  // from a worker, each record's JSON comes along, for the records file
  if (recordTexts) expect(recordTexts.map((t) => new TextDecoder().decode(t))).toEqual(here.records.map((r) => JSON.stringify(r)));
  expect(pooled.wordBreaks).toEqual(here.records.map((r) => wordBreaks(defaultSegmenter(), r.text, r.clauses)));
  expect(pooled.wordBreaks.length).toBeGreaterThan(0);
}

describe('createIngestPool', () => {
  const pool = createIngestPool();
  afterAll(() => pool.close());

  it('gives the records ingestFile gives, for files in flight together', async () => {
    const pending = corpus.map((f) => pool.submit(f.name, f.bytes));
    let fromWorker = 0;
    for (const [i, f] of corpus.entries()) {
      const pooled = await pending[i].take();
      if (pooled.recordTexts) fromWorker++;
      await expectAsOnThisThread(pooled, f);
    }
    expect(fromWorker).toBeGreaterThan(0);
    expect(pool.threads).toBe(1);
  }, 60_000);

  it('gives a file taken before any worker started on it, ingested on this thread, and the others as well', async () => {
    const pending = corpus.map((f) => pool.submit(f.name, f.bytes));
    const last = corpus.length - 1;
    await expectAsOnThisThread(await pending[last].take(), corpus[last]);
    for (const [i, f] of corpus.entries()) await expectAsOnThisThread(await pending[i].take(), f);
    expect(pool.threads).toBe(1);
  }, 60_000);

  it('reads docx and pdf on the worker as on this thread', async () => {
    const files = [
      { name: 'n.docx', bytes: buildDocx('<w:p><w:r><w:t>重庆市教育委员会印发职业教育实施方案。</w:t></w:r></w:p>') },
      { name: 'n.pdf', bytes: buildPdf([linesPage(['重庆市人民政府关于推进成渝地区双城经济圈建设的通知'])]) },
    ];
    for (const f of files) await expectAsOnThisThread(await pool.submit(f.name, f.bytes).take(), f);
    expect(pool.threads).toBe(1);
  }, 60_000);

  it('rejects a file that cannot be ingested with the IngestError ingestFile throws', async () => {
    const error = await pool.submit('empty.txt', new Uint8Array()).take().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IngestError);
    expect(error).toMatchObject({ code: 'empty_file', file: 'empty.txt', message: '文件 empty.txt 是空文件，没有可导入的内容。' });
  });

  it('ingests on the calling thread once closed', async () => {
    const closed = createIngestPool();
    await closed.close();
    expect(closed.threads).toBe(0);
    const f = corpus[0]!;
    await expectAsOnThisThread(await closed.submit(f.name, f.bytes).take(), f);
  });
});
