export { ingestFile, contentHashOf, INGEST_STAGES, type FileIngest, type IngestOptions, type IngestStage } from './pipeline.js';
export { IngestError, isIngestError, type IngestErrorCode } from './errors.js';
export { MAX_FILE_BYTES, MAX_TEXT_CHARS } from './internal/read.js';
export * from './record.js';
export { createIngestPool, type IngestPool, type IngestPoolOptions, type PendingIngest } from './pool.js';
export { policyName, isPolicyName, citableNames, docNumberKey, CitationResolver, type CitableArticle } from './citations.js';
