export { KnowledgeBase, INGESTIBLE_EXTENSIONS, USER_DICTIONARY_FILE, type FileReport, type IngestSummary, type DocumentSummary, type ProgressListener } from './knowledge-base.js';
export { loadConfig, DEFAULT_PORT, type Config } from './config.js';
export { AppError, notFound, badRequest, unauthorized } from './errors.js';
