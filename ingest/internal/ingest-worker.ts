/**
 * A worker thread of an ingest pool (ingest/pool.ts): ingests the files it is sent with its
 * own segmenter (jieba + the policy dictionary + the librarians' words it was started with)
 * and posts back the result, or the IngestError as plain fields.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createSegmenter, wordBreaks } from '../../lang/index.js';
import { isIngestError } from '../errors.js';
import { ingestFile } from '../pipeline.js';

export interface PoolJob {
  id: number;
  file: string;
  bytes: Uint8Array;
}

export type PoolReply =
  // The FileIngest as JSON: the records' many small objects cross as one string, which the
  // receiving thread parses in about half the time structured cloning would take.
  | { id: number; resultJson: string; wordBreaks: Uint32Array[] }
  | { id: number; ingestError: { code: string; file: string; message: string } }
  | { id: number; failure: string };

const segmenter = createSegmenter((workerData as { dictionary: string }).dictionary);

parentPort!.on('message', async ({ id, file, bytes }: PoolJob) => {
  let reply: PoolReply;
  try {
    const result = await ingestFile(file, bytes, { segmenter });
    // extraction has just cut these clauses: the segmenter remembers them
    const breaks = result.records.map((r) => wordBreaks(segmenter, r.text, r.clauses));
    reply = { id, resultJson: JSON.stringify(result), wordBreaks: breaks };
    parentPort!.postMessage(reply, breaks.map((b) => b.buffer as ArrayBuffer));
    return;
  } catch (e) {
    reply = isIngestError(e) ? { id, ingestError: { code: e.code, file: e.file, message: e.message } } : { id, failure: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  parentPort!.postMessage(reply);
});
