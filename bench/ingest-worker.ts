/**
 * bench/ingest.ts --workers: one worker thread that reads and ingests the files it is sent
 * (read → extract) and posts back the records with its stage times.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { ingestFile, type IngestStage } from '../ingest/index.js';

export interface IngestJob {
  id: number;
  dir: string;
  file: string;
}

export interface IngestJobResult {
  id: number;
  records: Awaited<ReturnType<typeof ingestFile>>['records'];
  stages: Partial<Record<IngestStage, number>>;
}

parentPort!.on('message', async (job: IngestJob) => {
  const stages: Partial<Record<IngestStage, number>> = {};
  const t = performance.now();
  const bytes = readFileSync(join(job.dir, job.file));
  stages.read = performance.now() - t;
  const { records } = await ingestFile(job.file, bytes, { onStageTime: (stage, ms) => (stages[stage] = (stages[stage] ?? 0) + ms) });
  parentPort!.postMessage({ id: job.id, records, stages } satisfies IngestJobResult);
});
