import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { IngestError, type IngestErrorCode } from './errors.js';
import type { PoolJob, PoolReply } from './internal/ingest-worker.js';
import { ingestFile, type FileIngest } from './pipeline.js';

export interface IngestPoolOptions {
  /** worker threads (default 1: on two cores the other one updates the stores) */
  threads?: number;
  /** user-dictionary lines (jieba format) the workers' segmenters load, as the default segmenter has them */
  dictionary?: string;
}

/** A file handed to a pool. */
export interface PendingIngest {
  /**
   * The file's result. A file no worker has started on yet is ingested on the calling
   * thread now, rather than waited for: a caller that would sit idle does the work itself,
   * and the worker skips it.
   * @throws IngestError as ingestFile does
   */
  take(): Promise<FileIngest>;
}

/** ingestFile on worker threads, so that reading and extraction run beside whatever the caller does with the results. */
export interface IngestPool {
  /**
   * Queues a file for the workers: the same FileIngest as `ingestFile(file, bytes)` with the
   * default segmenter and the pool's dictionary.
   */
  submit(file: string, bytes: Uint8Array): PendingIngest;
  /** workers still running (fewer than asked for when one failed; 0 once closed) */
  readonly threads: number;
  /** Stops the workers (an open pool keeps the process alive); a file not finished is ingested on the calling thread when taken. */
  close(): Promise<void>;
}

interface Job {
  id: number;
  file: string;
  bytes: Uint8Array;
  /** who ingests the file, decided once: FREE until a worker or the calling thread takes it */
  claim: Int32Array;
  /** settled by a worker's reply or by the calling thread */
  result: Promise<FileIngest>;
  resolve: (r: FileIngest) => void;
  reject: (e: unknown) => void;
  settled: boolean;
  /** the caller has asked for the result */
  taken: boolean;
}

/**
 * The caller also applies every file's result, which costs about a quarter of ingesting the
 * file (docs/BENCHMARKS.md, third pass). So it ingests a file itself only while the workers
 * have more files not yet started than one plus a quarter of those it has yet to take: with
 * fewer, the workers finish their files before the caller finishes applying, and a file it
 * ingested as well would only make it finish later.
 */
const APPLY_SHARE = 0.25;

/** Values of a job's claim word (shared memory, so a busy calling thread need not answer the worker). */
export const FREE = 0;
export const WORKER = 1;
const CALLER = 2;

/**
 * Starts the workers (each loads jieba and the lexicons, ~0.5 s, so a pool pays for a batch
 * of megabytes, not for one small file). A worker that fails or exits hands its files back
 * to the calling thread: the answers do not depend on where a file was ingested.
 * @example
 *   const pool = createIngestPool();
 *   const pending = files.map((f) => pool.submit(f.name, f.bytes)); // in flight together
 *   for (const p of pending) apply(await p.take());
 *   await pool.close();
 */
export function createIngestPool(options: IngestPoolOptions = {}): IngestPool {
  const dictionary = options.dictionary ?? '';
  const inFlight = new Map<Worker, Map<number, Job>>();
  let nextId = 0;
  let closed = false;
  /** files submitted whose result the caller has not asked for yet: it still has to apply them */
  let untaken = 0;

  const inThisThread = (job: Job) => {
    Atomics.store(job.claim, 0, CALLER); // a worker that gets to it later skips it
    ingestFile(job.file, job.bytes).then(job.resolve, job.reject);
  };
  const claimForCaller = (job: Job) => {
    if (Atomics.compareExchange(job.claim, 0, FREE, CALLER) !== FREE) return false;
    for (const jobs of inFlight.values()) jobs.delete(job.id);
    return true;
  };
  // Files a retired worker held: ingested here when taken (at once if already awaited), so a
  // pool closed after its caller gave up does not ingest the files read ahead for nothing.
  const orphans = new Set<Job>();
  const retire = (worker: Worker) => {
    const jobs = inFlight.get(worker);
    if (!jobs) return;
    inFlight.delete(worker);
    for (const job of jobs.values()) {
      if (job.taken) inThisThread(job);
      else orphans.add(job);
    }
    void worker.terminate();
  };
  for (let i = 0; i < Math.max(1, options.threads ?? 1); i++) {
    let worker: Worker;
    try {
      worker = startWorker(dictionary);
    } catch {
      continue; // no thread to be had (resource limits): this thread does the work
    }
    inFlight.set(worker, new Map());
    worker.on('message', (reply: PoolReply) => {
      const job = inFlight.get(worker)?.get(reply.id);
      if (!job) return;
      inFlight.get(worker)!.delete(reply.id);
      if ('resultJson' in reply) {
        const rest = JSON.parse(reply.resultJson) as Omit<FileIngest, 'records' | 'wordBreaks' | 'recordTexts'>;
        const records = reply.recordsJson.map((json) => JSON.parse(json) as FileIngest['records'][number]);
        job.resolve({ ...rest, records, wordBreaks: reply.wordBreaks, recordTexts: reply.recordTexts });
      }
      else if ('ingestError' in reply) job.reject(new IngestError(reply.ingestError.code as IngestErrorCode, reply.ingestError.file, reply.ingestError.message));
      else job.reject(new Error(`ingest worker failed on ${job.file}: ${reply.failure}`));
    });
    worker.on('error', () => retire(worker));
    worker.on('exit', () => retire(worker));
  }

  return {
    get threads() {
      return inFlight.size;
    },
    submit(file, bytes) {
      let resolve!: (r: FileIngest) => void;
      let reject!: (e: unknown) => void;
      const result = new Promise<FileIngest>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      result.catch(() => undefined); // a rejection is met when the caller takes the result
      const job: Job = {
        id: nextId++,
        file,
        bytes,
        claim: new Int32Array(new SharedArrayBuffer(4)),
        result,
        resolve: (r) => ((job.settled = true), resolve(r)),
        reject: (e) => ((job.settled = true), reject(e)),
        settled: false,
        taken: false,
      };
      untaken++;
      // the least busy worker; none left (closed, or all failed): this thread
      let best: Worker | null = null;
      for (const [worker, jobs] of inFlight) if (!best || jobs.size < inFlight.get(best)!.size) best = worker;
      if (closed || !best) inThisThread(job);
      else {
        inFlight.get(best)!.set(job.id, job);
        best.postMessage({ id: job.id, file, bytes, claim: job.claim } satisfies PoolJob);
      }
      return {
        take() {
          if (!job.taken) untaken--;
          job.taken = true;
          if (orphans.delete(job)) inThisThread(job);
          else if (claimForCaller(job)) inThisThread(job);
          else if (!job.settled) {
            // A worker has it: rather than wait idle, this thread ingests the next file no one has
            // started. The next rather than the last: its result is applied right after this one's,
            // whereas results taken from the back of the queue wait for their turn and pile up into
            // a run of applying at the end, with the worker idle.
            const unstarted = [...inFlight.values()]
              .flatMap((jobs) => [...jobs.values()])
              .filter((j) => j.id > job.id && Atomics.load(j.claim, 0) === FREE)
              .sort((a, b) => a.id - b.id);
            if (unstarted.length > 1 + untaken * APPLY_SHARE) {
              const free = unstarted.find(claimForCaller);
              if (free) inThisThread(free);
            }
          }
          return job.result;
        },
      };
    },
    async close() {
      closed = true;
      await Promise.all([...inFlight.keys()].map(async (worker) => retire(worker)));
    },
  };
}

// From the built JavaScript the worker is a module file next to this one; from the
// TypeScript sources (tests, tsx), it is loaded through tsx's loader, registered in the worker.
function startWorker(dictionary: string): Worker {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return new Worker(new URL('./internal/ingest-worker.js', here), { workerData: { dictionary } });
  const worker = new URL('./internal/ingest-worker.ts', here).href;
  // require.resolve finds the CommonJS build of tsx's API, which cannot register the ESM hooks: take its ESM twin
  const tsx = pathToFileURL(createRequire(here).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href;
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(worker)}); })`;
  return new Worker(boot, { eval: true, workerData: { dictionary } });
}
