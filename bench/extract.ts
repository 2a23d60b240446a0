/**
 * Extraction throughput: entities, targets and relations (`extractKnowledge`) over the
 * articles of corpus/, repeated N times, in MB/s of article text (UTF-8). jieba's tag()
 * over the same clauses is timed too, as the floor that extraction cannot beat (it tags
 * every clause once).
 *
 *   npx tsx bench/extract.ts [N=20]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ingestFile } from '../ingest/index.js';
import { extractKnowledge } from '../ingest/internal/extract.js';
import type { DocumentRecord } from '../ingest/record.js';
import { defaultSegmenter } from '../lang/index.js';

const DEFAULT_REPEATS = 20;
const repeats = Number(process.argv[2] ?? DEFAULT_REPEATS);
const corpusDir = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..', 'corpus');

const segmenter = defaultSegmenter();
const records: DocumentRecord[] = [];
for (const file of readdirSync(corpusDir).sort()) {
  // ingestFile returns a promise where decoding is asynchronous; await covers both
  const ingest = await ingestFile(file, readFileSync(join(corpusDir, file)), { segmenter });
  records.push(...ingest.records);
}
const bytes = records.reduce((n, r) => n + Buffer.byteLength(r.text), 0) * repeats;
const mb = bytes / 1e6;

// warm-up: lexicons load on first use
for (const r of records) extractKnowledge(r.text, r.clauses, { segmenter, docId: r.id, issuers: r.issuers, authors: r.authors });

let t = performance.now();
for (let i = 0; i < repeats; i++) {
  for (const r of records) for (const c of r.clauses) segmenter.tag(r.text.slice(c.start, c.end));
}
const tagSeconds = (performance.now() - t) / 1000;

t = performance.now();
let entities = 0;
for (let i = 0; i < repeats; i++) {
  for (const r of records) entities += extractKnowledge(r.text, r.clauses, { segmenter, docId: r.id, issuers: r.issuers, authors: r.authors }).entities.length;
}
const seconds = (performance.now() - t) / 1000;

console.log(`corpus/ × ${repeats}: ${records.length * repeats} articles, ${mb.toFixed(2)} MB of article text, ${entities} article-level entities`);
console.log(`jieba tag() alone:   ${(mb / tagSeconds).toFixed(2)} MB/s (${tagSeconds.toFixed(2)} s)`);
console.log(`extractKnowledge:    ${(mb / seconds).toFixed(2)} MB/s (${seconds.toFixed(2)} s)`);
console.log(`command: npx tsx bench/extract.ts ${repeats}`);
