/**
 * A worker thread of an ingest pool (ingest/pool.ts): ingests the files it is sent with its
 * own segmenter (jieba + the policy dictionary + the librarians' words it was started with)
 * and posts back the result, or the IngestError as plain fields.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createSegmenter } from '../../lang/index.js';
import { isIngestError } from '../errors.js';
import { ingestFile } from '../pipeline.js';
import { FREE, WORKER } from '../pool.js';

export interface PoolJob {
  id: number;
  file: string;
  bytes: Uint8Array;
  /** shared with the calling thread: whoever changes it from FREE ingests the file */
  claim: Int32Array;
}

export type PoolReply =
  // The FileIngest as JSON: the records' many small objects cross as strings, which the
  // receiving thread parses in about half the time structured cloning would take; each
  // record's JSON also crosses as UTF-8 (transferred), which the records file stores.
  | { id: number; resultJson: string; recordsJson: string[]; recordTexts: Uint8Array[]; wordBreaks: Uint32Array[] }
  | { id: number; ingestError: { code: string; file: string; message: string } }
  | { id: number; failure: string };

// TextEncoder rather than Buffer.from: each text gets an ArrayBuffer of its own, which can be
// transferred (Buffer.from may hand out a slice of a shared pool).
const utf8 = new TextEncoder();
const segmenter = createSegmenter((workerData as { dictionary: string }).dictionary);

// One file at a time, claimed only when its turn comes: ingestFile awaits inside, and a file
// claimed early would wait here while the calling thread might have been free to take it.
const jobs: PoolJob[] = [];
let running = false;
parentPort!.on('message', (job: PoolJob) => {
  jobs.push(job);
  if (!running) void run();
});

async function run(): Promise<void> {
  running = true;
  for (let job = jobs.shift(); job; job = jobs.shift()) {
    // the calling thread got to it first (it had nothing else to do): no reply is awaited
    if (Atomics.compareExchange(job.claim, 0, FREE, WORKER) === FREE) await ingest(job);
  }
  running = false;
}

async function ingest({ id, file, bytes }: PoolJob): Promise<void> {
  try {
    const { wordBreaks, records, ...result } = await ingestFile(file, bytes, { segmenter });
    const recordsJson = records.map((r) => JSON.stringify(r));
    const recordTexts = recordsJson.map((json) => utf8.encode(json));
    const reply: PoolReply = { id, resultJson: JSON.stringify(result), recordsJson, recordTexts, wordBreaks };
    parentPort!.postMessage(reply, [...wordBreaks, ...recordTexts].map((b) => b.buffer as ArrayBuffer));
  } catch (e) {
    const reply: PoolReply = isIngestError(e) ? { id, ingestError: { code: e.code, file: e.file, message: e.message } } : { id, failure: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    parentPort!.postMessage(reply);
  }
}
