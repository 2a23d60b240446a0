import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { IngestError, type IngestErrorCode } from './errors.js';
import type { PoolJob, PoolReply } from './internal/ingest-worker.js';
import { defaultSegmenter, wordBreaks } from '../lang/index.js';
import { ingestFile, type FileIngest } from './pipeline.js';

export interface IngestPoolOptions {
  /** worker threads (default 1: on two cores the other one updates the stores) */
  threads?: number;
  /** user-dictionary lines (jieba format) the workers' segmenters load, as the default segmenter has them */
  dictionary?: string;
}

/** A FileIngest with what the search index would otherwise cut again. */
export interface PooledIngest extends FileIngest {
  /** per record, `wordBreaks` of its clauses (ClauseIndex.add takes them) */
  wordBreaks: Uint32Array[];
}

/** ingestFile on worker threads, so that reading and extraction run beside whatever the caller does with the results. */
export interface IngestPool {
  /**
   * The same FileIngest as `ingestFile(file, bytes)` with the default segmenter and the pool's
   * dictionary, computed on a worker.
   * @throws IngestError as ingestFile does
   */
  ingest(file: string, bytes: Uint8Array): Promise<PooledIngest>;
  /** workers still running (fewer than asked for when one failed; 0 once closed) */
  readonly threads: number;
  /** Stops the workers (an open pool keeps the process alive); files still queued are ingested on the calling thread. */
  close(): Promise<void>;
}

interface Waiting {
  job: PoolJob;
  resolve: (r: PooledIngest) => void;
  reject: (e: unknown) => void;
}

/**
 * Starts the workers (each loads jieba and the lexicons, ~0.5 s, so a pool pays for a batch
 * of megabytes, not for one small file). A worker that fails or exits hands its files back
 * to the calling thread: the answers do not depend on where a file was ingested.
 * @example
 *   const pool = createIngestPool();
 *   const results = files.map((f) => pool.ingest(f.name, f.bytes)); // in flight together
 *   for (const r of results) apply(await r);
 *   await pool.close();
 */
export function createIngestPool(options: IngestPoolOptions = {}): IngestPool {
  const dictionary = options.dictionary ?? '';
  const waiting = new Map<number, Waiting>();
  const load = new Map<Worker, Set<number>>();
  let nextId = 0;
  let closed = false;

  const inThisThread = (w: Waiting) =>
    ingestFile(w.job.file, w.job.bytes).then((result) => {
      const segmenter = defaultSegmenter();
      w.resolve({ ...result, wordBreaks: result.records.map((r) => wordBreaks(segmenter, r.text, r.clauses)) });
    }, w.reject);
  const retire = (worker: Worker) => {
    const ids = load.get(worker);
    if (!ids) return;
    load.delete(worker);
    for (const id of ids) {
      const w = waiting.get(id)!;
      waiting.delete(id);
      void inThisThread(w);
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
    load.set(worker, new Set());
    worker.on('message', (reply: PoolReply) => {
      const w = waiting.get(reply.id);
      if (!w) return;
      waiting.delete(reply.id);
      load.get(worker)?.delete(reply.id);
      if ('resultJson' in reply) w.resolve({ ...(JSON.parse(reply.resultJson) as FileIngest), wordBreaks: reply.wordBreaks });
      else if ('ingestError' in reply) w.reject(new IngestError(reply.ingestError.code as IngestErrorCode, reply.ingestError.file, reply.ingestError.message));
      else w.reject(new Error(`ingest worker failed on ${w.job.file}: ${reply.failure}`));
    });
    worker.on('error', () => retire(worker));
    worker.on('exit', () => retire(worker));
  }

  return {
    get threads() {
      return load.size;
    },
    ingest(file, bytes) {
      return new Promise<PooledIngest>((resolve, reject) => {
        const w: Waiting = { job: { id: nextId++, file, bytes }, resolve, reject };
        // the least busy worker; none left (closed, or all failed): this thread
        let best: Worker | null = null;
        for (const [worker, ids] of load) if (!best || ids.size < load.get(best)!.size) best = worker;
        if (closed || !best) {
          void inThisThread(w);
          return;
        }
        waiting.set(w.job.id, w);
        load.get(best)!.add(w.job.id);
        best.postMessage(w.job);
      });
    },
    async close() {
      closed = true;
      await Promise.all([...load.keys()].map(async (worker) => retire(worker)));
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
