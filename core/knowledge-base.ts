import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { documentGraph, openGraphStore, type GraphStore } from '../graph/index.js';
import { CitationResolver, citableNames, contentHashOf, createIngestPool, ingestFile, isIngestError, type DocumentRecord, type FileIngest, type PendingIngest, type QualityWarning } from '../ingest/index.js';
import { isTempFileOf, replaceFileAsync, syncFolderAsync, writeFileAtomic, writeFileAtomicAsync } from '../io/index.js';
import { defaultSegmenter, dictionaryLine, parseDictionary, type DictionaryWord } from '../lang/index.js';
import { ClauseIndex, type SearchOptions, type SearchResult } from '../search/index.js';
import type { Config } from './config.js';
import { RecordSet } from './record-set.js';
import { RECORDS_FILE, readRecordsFile, recordsFileBytes } from './records-file.js';
import { badRequest, notFound } from './errors.js';

export interface FileReport {
  file: string;
  status: 'added' | 'updated' | 'unchanged' | 'failed';
  articles: number;
  warnings: QualityWarning[];
  error: { code: string; message: string } | null;
}

export interface IngestSummary {
  files: FileReport[];
  added: number;
  unchanged: number;
  failed: number;
  articles: number;
  clauses: number;
  entities: number;
  ms: number;
}

export interface DocumentSummary {
  id: string;
  file: string;
  title: string | null;
  kind: string;
  date: string | null;
  docNumber: string | null;
  issuers: string[];
  clauseCount: number;
  entityCount: number;
}

/** File extensions picked up when a folder is ingested. */
export const INGESTIBLE_EXTENSIONS = /\.(txt|md|markdown|html?|xhtml|text|docx|pdf|doc)$/i;

/**
 * Files (and bytes) read and handed to the pool before their turn: enough that the worker
 * still has files left while this thread ingests some itself (it takes the next one the
 * worker has not started rather than wait), few enough to bound memory.
 */
const READ_AHEAD_FILES = 64;
const READ_AHEAD_BYTES = 32 * 1024 * 1024;
/**
 * The embedded graph's snapshot, which earlier versions kept in the data folder (the graph is
 * now rebuilt from the records at start, which is faster than loading it was). It and its
 * temp and set-aside copies are removed at start: a stale whole-graph copy on disk.
 */
const RETIRED_GRAPH_SNAPSHOT = 'graph.json';

/**
 * Words librarians added to the segmenter, kept with the corpus (it is source, not
 * derived state). Its extension keeps it out of folder ingest.
 */
export const USER_DICTIONARY_FILE = 'user-dictionary.dict';

/**
 * The corpus as the product holds it: article records (persisted under the data
 * folder), the graph (embedded or Neo4j) and the clause index, kept in step. Every
 * change goes records → graph → index; the records file is the source of truth that
 * the other two can be rebuilt from.
 */
export class KnowledgeBase {
  private readonly records = new RecordSet();
  /** built from the records on first use; every change to the records drops it */
  private citationResolver: CitationResolver<DocumentRecord> | null = null;

  private constructor(
    readonly config: Config,
    readonly graph: GraphStore,
    readonly index: ClauseIndex,
  ) {}

  /**
   * Open the data folder; on first start (no records yet) ingest the corpus folder.
   * @throws GraphError when the graph backend cannot be reached
   */
  static async open(
    config: Config,
    options: { ingestCorpusOnFirstStart?: boolean; onProgress?: ProgressListener } = {},
  ): Promise<{ kb: KnowledgeBase; firstStart: IngestSummary | null; warnings: string[] }> {
    const { ingestCorpusOnFirstStart = true, onProgress } = options;
    const warnings: string[] = [];
    const graph = await openGraphStore(config.neo4j ? { backend: 'neo4j', ...config.neo4j } : { backend: 'embedded' });
    removeRetiredGraphSnapshot(config.dataDir);
    const dictionary = join(config.corpusDir, USER_DICTIONARY_FILE);
    if (existsSync(dictionary)) {
      const { words, problems } = parseDictionary(readFileSync(dictionary, 'utf8'));
      defaultSegmenter().addWords(words.map(dictionaryLine).join('\n'));
      for (const p of problems) warnings.push(`${dictionary}: ${p}`);
    }
    const state = readRecordsFile(join(config.dataDir, RECORDS_FILE), warnings);
    if (!state) {
      const kb = new KnowledgeBase(config, graph, new ClauseIndex(defaultSegmenter()));
      if (!ingestCorpusOnFirstStart) return { kb, firstStart: null, warnings };
      const summary = await kb.ingestPathsNow([config.corpusDir], onProgress);
      return { kb, firstStart: summary, warnings };
    }
    // The saved index, brought in line with the records (or rebuilt from them if unusable).
    const { index, report } = ClauseIndex.load(config.dataDir, defaultSegmenter(), state.records);
    if (report.status === 'rebuilt' && report.cause !== 'missing') warnings.push(`search index rebuilt: ${report.message}`);
    if (report.status === 'rebuilt' || report.changed > 0) await index.save(config.dataDir);
    const kb = new KnowledgeBase(config, graph, index);
    state.records.forEach((r, i) => kb.records.set(r, state.texts[i]));
    kb.citationResolver = null;
    await kb.reconcileGraph();
    await kb.ingestUnrecorded(warnings);
    return { kb, firstStart: null, warnings };
  }

  /**
   * Files in corpus/ that no record comes from: an upload stored just before a crash
   * (the file is written before the stores are updated), or a file a librarian copied
   * into the folder. They are ingested now.
   */
  private async ingestUnrecorded(warnings: string[]): Promise<void> {
    const known = new Set(this.records.files());
    const unrecorded = listFiles(this.config.corpusDir).filter((f) => !known.has(f.name));
    if (!unrecorded.length) return;
    const reports: FileReport[] = [];
    for (const f of unrecorded) reports.push(await this.ingestOne(f.name, readFileSync(f.path)));
    await this.persist();
    for (const r of reports) {
      if (r.error) warnings.push(`corpus file ${r.file} cannot be ingested: ${r.error.message}`);
      else if (r.status === 'added') warnings.push(`ingested corpus file ${r.file}, which was not in the records`);
    }
  }

  /**
   * The records are the truth: a graph that lacks documents (the embedded store at every
   * start, a fresh Neo4j) is filled from them, and documents the records do not hold
   * (written to Neo4j just before a crash) are removed.
   */
  private async reconcileGraph(): Promise<void> {
    const inGraph = new Set(await this.graph.documentIds());
    const missing = [...this.records.values()].filter((r) => !inGraph.has(r.id));
    const extra = [...inGraph].filter((id) => !this.records.has(id));
    // Batched: a fresh Neo4j is refilled in transactions of many documents, not one per document.
    if (missing.length) await this.graph.writeDocuments(missing.map((r) => documentGraph(r)));
    for (const id of extra) await this.graph.deleteDocument(id);
  }

  // Changes run one at a time, so that concurrent uploads and deletes cannot interleave
  // their graph, index and records updates.
  private queue: Promise<unknown> = Promise.resolve();

  private exclusive<T>(change: () => Promise<T>): Promise<T> {
    const run = this.queue.then(change, change);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Articles, clauses and distinct entities in the whole corpus. */
  totals(): { articles: number; clauses: number; entities: number } {
    const entities = new Set<string>();
    let clauses = 0;
    for (const r of this.records.values()) {
      clauses += r.clauses.length;
      for (const e of r.entities) entities.add(e.id);
      // the policies an article is the text of are entities of the graph too (PUBLISHES)
      for (const name of citableNames(r)) entities.add(`policy_document:${name}`);
    }
    return { articles: this.records.size, clauses, entities: entities.size };
  }

  /** Ingest files and folders; a file that fails is reported and the rest go on. Totals are the corpus's after the run. */
  ingestPaths(paths: string[], onProgress?: ProgressListener): Promise<IngestSummary> {
    return this.exclusive(() => this.ingestPathsNow(paths, onProgress));
  }

  private async ingestPathsNow(paths: string[], onProgress?: ProgressListener): Promise<IngestSummary> {
    const started = performance.now();
    const files = paths.flatMap((p) => listFiles(resolve(p)));
    const reports: FileReport[] = [];
    // A large batch is also read and extracted on a worker thread, files ahead, while this
    // thread updates the graph, the index and the records with the files before them.
    const bytesInBatch = files.reduce((n, f) => n + statSync(f.path).size, 0);
    const pool =
      bytesInBatch >= this.config.parallelIngestMinBytes && availableParallelism() >= 2
        ? createIngestPool({ dictionary: this.dictionaryWords().map(dictionaryLine).join('\n') })
        : null;
    const ahead: { bytes: Buffer; pending: PendingIngest | undefined }[] = [];
    let next = 0;
    let bytesAhead = 0;
    const readAhead = () => {
      while (next < files.length && ahead.length < READ_AHEAD_FILES && (bytesAhead < READ_AHEAD_BYTES || ahead.length === 0)) {
        const bytes = readFileSync(files[next].path);
        bytesAhead += bytes.length;
        ahead.push({ bytes, pending: pool?.submit(files[next].name, bytes) });
        next++;
      }
    };
    // A file from outside the corpus folder is copied in, so that corpus/ alone can rebuild
    // everything. A file whose copy failed is taken out again and reported before the
    // records are persisted: records never name a file corpus/ lacks.
    const copies = corpusCopies(READ_AHEAD_FILES);
    try {
      for (const [i, f] of files.entries()) {
        onProgress?.({ done: i, total: files.length, file: f.name });
        readAhead();
        const { bytes, pending } = ahead.shift()!;
        bytesAhead -= bytes.length;
        const target = resolve(this.config.corpusDir, f.name);
        reports.push(await this.ingestOne(f.name, bytes, target === f.path ? undefined : copies.start(f.name, target, bytes), pending?.take()));
      }
    } finally {
      await Promise.all([pool?.close(), copies.settled()]);
    }
    for (const [file, error] of await copies.settled()) {
      for (const r of this.records.ofFile(file)) await this.removeRecord(r.id);
      const message = `无法写入语料目录：${error instanceof Error ? error.message : String(error)}`;
      const last = reports.map((r) => r.file).lastIndexOf(file);
      reports[last] = { ...reports[last]!, status: 'failed', articles: 0, error: { code: 'corpus_write_failed', message } };
    }
    onProgress?.({ done: files.length, total: files.length, file: null });
    await this.persist();
    return summarise(reports, performance.now() - started, this.totals());
  }

  /**
   * Add a librarian's upload to the corpus: the file is read first (a bad file changes
   * nothing), then stored durably in the corpus folder, then ingested. Resolves only
   * when all of that is on disk.
   */
  addUpload(file: string, bytes: Uint8Array): Promise<FileReport> {
    return this.exclusive(async () => {
      const target = resolve(this.config.corpusDir, file);
      if (!target.startsWith(this.config.corpusDir + sep)) throw badRequest('bad_file_name', `文件名 ${file} 无效。`);
      const report = await this.ingestOne(file, bytes, () => writeFileAtomic(target, bytes));
      if (report.status === 'added' || report.status === 'updated') await this.persist();
      return report;
    });
  }

  /**
   * `beforeApply` runs once the file is known to be good and new, before any state changes;
   * `ingesting` is the file's ingest when it is already under way (on a pool's worker).
   */
  private async ingestOne(file: string, bytes: Uint8Array, beforeApply?: () => void | Promise<void>, ingesting?: Promise<FileIngest>): Promise<FileReport> {
    let result: FileIngest;
    try {
      result = await (ingesting ?? ingestFile(file, bytes));
    } catch (e) {
      if (!isIngestError(e)) throw e;
      return { file, status: 'failed', articles: 0, warnings: [], error: { code: e.code, message: e.message } };
    }
    const previous = this.records.ofFile(file);
    if (previous.length && previous.every((r) => r.contentHash === result.contentHash)) {
      return { file, status: 'unchanged', articles: previous.length, warnings: result.warnings, error: null };
    }
    // The same bytes under another name are the same documents (ids come from the content):
    // one copy is kept, the other is reported.
    const twin = this.records.withContent(result.contentHash);
    if (twin) {
      const warning = { ruleId: 'duplicate-content', message: `文件 ${file} 与已导入的 ${twin.file} 内容相同，未重复导入。` };
      return { file, status: 'unchanged', articles: 0, warnings: [warning], error: null };
    }
    await beforeApply?.();
    for (const r of previous) await this.removeRecord(r.id);
    await this.graph.writeDocuments(result.records.map((r) => documentGraph(r)));
    for (const [i, r] of result.records.entries()) {
      this.records.set(r, result.recordTexts?.[i]);
      this.index.add(r, result.wordBreaks[i]);
    }
    this.citationResolver = null;
    return {
      file,
      status: previous.length ? 'updated' : 'added',
      articles: result.records.length,
      warnings: result.warnings,
      error: null,
    };
  }

  private async removeRecord(id: string): Promise<void> {
    await this.graph.deleteDocument(id);
    this.index.remove(id);
    this.records.delete(id);
    this.citationResolver = null;
  }

  /**
   * Delete an article. When it was the last article of its source file, the file leaves
   * the corpus folder too (only if it still holds the same bytes), so a rebuild from
   * corpus/ does not bring it back.
   * @throws AppError doc_not_found
   */
  deleteDocument(id: string): Promise<void> {
    return this.exclusive(() => this.deleteNow(id));
  }

  private async deleteNow(id: string): Promise<void> {
    const record = this.records.get(id);
    if (!record) throw notFound('doc_not_found', `未找到文档 ${id}。`);
    await this.removeRecord(id);
    await this.persist();
    if (this.records.ofFile(record.file).length > 0) return;
    const source = resolve(this.config.corpusDir, record.file);
    if (source.startsWith(this.config.corpusDir + sep) && existsSync(source) && contentHashOf(readFileSync(source)) === record.contentHash) {
      rmSync(source);
    }
  }

  /**
   * Records and index written together, each file on libuv's threads while this one
   * serialises the next; both are durable when it resolves. (The graph needs nothing here:
   * Neo4j commits its own writes, the embedded store is rebuilt from the records.) A crash
   * between them leaves files of different moments, which the next start reconciles with
   * the records (open).
   */
  private async persist(): Promise<void> {
    const writes = await Promise.allSettled([
      writeFileAtomicAsync(join(this.config.dataDir, RECORDS_FILE), recordsFileBytes(this.records.texts())),
      this.index.save(this.config.dataDir),
    ]);
    const failed = writes.find((w) => w.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /**
   * Consistency of corpus folder, records, graph and index: every article in all three
   * stores, every source file present in corpus/ with the bytes that were ingested, and
   * every document file in corpus/ ingested.
   */
  async check(): Promise<{ ok: boolean; problems: string[] }> {
    const problems: string[] = [];
    const records = new Set(this.records.keys());
    const graph = new Set(await this.graph.documentIds());
    const index = new Set(this.index.documentIds());
    for (const id of records) {
      if (!graph.has(id)) problems.push(`document ${id} is in the records but not in the graph`);
      if (!index.has(id)) problems.push(`document ${id} is in the records but not in the search index`);
    }
    for (const id of graph) if (!records.has(id)) problems.push(`document ${id} is in the graph but not in the records`);
    for (const id of index) if (!records.has(id)) problems.push(`document ${id} is in the search index but not in the records`);
    const hashes = new Map<string, string>();
    for (const r of this.records.values()) hashes.set(r.file, r.contentHash);
    for (const [file, hash] of hashes) {
      const path = resolve(this.config.corpusDir, file);
      if (!existsSync(path)) problems.push(`source file ${file} is missing from ${this.config.corpusDir}`);
      else if (contentHashOf(readFileSync(path)) !== hash) problems.push(`source file ${file} changed since it was ingested`);
    }
    const ingested = new Set(hashes.values());
    for (const f of listFiles(this.config.corpusDir)) {
      // a copy of an ingested file under another name is a duplicate, not a gap
      if (!hashes.has(f.name) && !ingested.has(contentHashOf(readFileSync(f.path)))) problems.push(`corpus file ${f.name} is not ingested`);
    }
    return { ok: problems.length === 0, problems };
  }

  /** The words librarians added to the segmenter, in the order they were added. */
  dictionaryWords(): DictionaryWord[] {
    const path = join(this.config.corpusDir, USER_DICTIONARY_FILE);
    return existsSync(path) ? parseDictionary(readFileSync(path, 'utf8')).words : [];
  }

  /**
   * Add words to the segmenter for every document ingested from now on (documents already
   * ingested keep their cuts until they are ingested again). Stored with the corpus.
   */
  addDictionaryWords(words: DictionaryWord[]): Promise<{ added: number; total: number }> {
    return this.exclusive(async () => {
      const existing = this.dictionaryWords();
      const known = new Set(existing.map((w) => w.word));
      const fresh = words.filter((w) => !known.has(w.word) && (known.add(w.word), true));
      if (fresh.length) {
        // the segmenter first: words it refuses never reach the stored dictionary
        try {
          defaultSegmenter().addWords(fresh.map(dictionaryLine).join('\n'));
        } catch (e) {
          throw badRequest('bad_dictionary', `分词词典拒绝了这些词语（${(e as Error).message}）。`);
        }
        const all = [...existing, ...fresh];
        writeFileAtomic(join(this.config.corpusDir, USER_DICTIONARY_FILE), `${all.map(dictionaryLine).join('\n')}\n`);
      }
      return { added: fresh.length, total: existing.length + fresh.length };
    });
  }

  /** Articles in corpus order (file, then position in the file). */
  allRecords(): DocumentRecord[] {
    return [...this.records.values()].sort((a, b) => a.file.localeCompare(b.file) || a.articleIndex - b.articleIndex);
  }

  documents(): DocumentSummary[] {
    return this.allRecords().map((r) => ({
      id: r.id,
      file: r.file,
      title: r.title,
      kind: r.kind,
      date: r.date,
      docNumber: r.docNumber,
      issuers: r.issuers,
      clauseCount: r.clauses.length,
      entityCount: r.entities.length,
    }));
  }

  /** @throws AppError doc_not_found */
  document(id: string): DocumentRecord {
    const r = this.records.get(id);
    if (!r) throw notFound('doc_not_found', `未找到文档 ${id}。`);
    return r;
  }

  /**
   * The policies an article cites, each with the articles holding its text (by title or
   * 发文字号), and the articles that cite this one.
   * @throws AppError doc_not_found
   */
  citations(id: string): { cites: { entity: EntityRef; articles: ArticleRef[]; self: boolean }[]; citedBy: { article: ArticleRef; entity: EntityRef }[] } {
    const record = this.document(id);
    const resolver = (this.citationResolver ??= new CitationResolver(this.allRecords()));
    const ref = (r: DocumentRecord): ArticleRef => ({ id: r.id, title: r.title, docNumber: r.docNumber });
    const policies = (r: DocumentRecord) => r.entities.filter((e) => e.type === 'policy_document');
    const cites = policies(record).map((e) => {
      const found = resolver.citedArticles(e);
      // 关于印发《X》的通知 names X in its own text: X is this article, not a citation of another
      return { entity: { id: e.id, name: e.name, type: e.type }, articles: found.filter((a) => a.id !== id).map(ref), self: found.some((a) => a.id === id) };
    });
    const citedBy: { article: ArticleRef; entity: EntityRef }[] = [];
    for (const other of this.allRecords()) {
      if (other.id === id) continue;
      const cited = policies(other).find((e) => resolver.citedArticles(e).some((a) => a.id === id));
      if (cited) citedBy.push({ article: ref(other), entity: { id: cited.id, name: cited.name, type: cited.type } });
    }
    return { cites, citedBy };
  }

  /** @throws QueryError for a malformed query */
  search(query: string, options?: SearchOptions): SearchResult {
    return this.index.search(query, options);
  }

  /** Clause text by clause id (`<docId>#<n>`), or null. */
  clauseText(clauseId: string): { record: DocumentRecord; start: number; end: number; text: string } | null {
    const record = this.records.get(clauseId.slice(0, clauseId.lastIndexOf('#')));
    const clause = record?.clauses.find((c) => c.id === clauseId);
    if (!record || !clause) return null;
    return { record, start: clause.start, end: clause.end, text: record.text.slice(clause.start, clause.end) };
  }

  /** Entities whose name or alias contains `q`, most mentioned first. */
  findEntities(q: string, type: string | null, limit: number): { id: string; name: string; type: string; mentionCount: number }[] {
    const byId = new Map<string, { id: string; name: string; type: string; mentionCount: number }>();
    for (const r of this.records.values()) {
      for (const e of r.entities) {
        if (type && e.type !== type) continue;
        if (q && !e.name.includes(q) && !e.aliases.some((a) => a.includes(q))) continue;
        const seen = byId.get(e.id) ?? { id: e.id, name: e.name, type: e.type, mentionCount: 0 };
        seen.mentionCount += e.mentions.length;
        byId.set(e.id, seen);
      }
    }
    return [...byId.values()].sort((a, b) => b.mentionCount - a.mentionCount || a.id.localeCompare(b.id)).slice(0, limit);
  }

  /** Waits for changes under way, then closes the graph store. */
  async close(): Promise<void> {
    await this.exclusive(() => this.graph.close());
  }
}

export interface ArticleRef {
  id: string;
  title: string | null;
  docNumber: string | null;
}

export interface EntityRef {
  id: string;
  name: string;
  type: string;
}

export type ProgressListener = (p: { done: number; total: number; file: string | null }) => void;

function listFiles(path: string): { path: string; name: string }[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [{ path, name: basename(path) }];
  const out: { path: string; name: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (INGESTIBLE_EXTENSIONS.test(entry.name)) out.push({ path: full, name: relative(path, full) });
    }
  };
  walk(path);
  return out;
}

function summarise(files: FileReport[], ms: number, totals: { clauses: number; entities: number }): IngestSummary {
  return {
    files,
    added: files.filter((f) => f.status === 'added' || f.status === 'updated').length,
    unchanged: files.filter((f) => f.status === 'unchanged').length,
    failed: files.filter((f) => f.status === 'failed').length,
    articles: files.reduce((n, f) => n + f.articles, 0),
    clauses: totals.clauses,
    entities: totals.entities,
    ms: Math.round(ms),
  };
}

/**
 * Copies of files into the corpus folder, written and synced on libuv's threads while the
 * caller goes on with the next files (waiting for each fsync left the main thread idle for a
 * fifth of the 100× ingest): at most `limit` in flight, one after another per target so that
 * the last file of a name wins. Each folder is created once and synced once, when the copies
 * have settled, rather than once per file.
 */
function corpusCopies(limit: number) {
  const lastOf = new Map<string, Promise<void>>(); // target → its last copy
  const inFlight: Promise<void>[] = [];
  const failed = new Map<string, unknown>(); // file name → error of its last copy
  const folders = new Map<string, { created: Promise<unknown>; files: Set<string> }>();
  let settled: Promise<Map<string, unknown>> | undefined;
  const settle = async () => {
    await Promise.all(inFlight);
    for (const [dir, { files }] of folders) {
      // a name not durable in its folder is not in the corpus
      await syncFolderAsync(dir).catch((error: unknown) => {
        for (const file of files) if (!failed.has(file)) failed.set(file, error);
      });
    }
    return failed;
  };
  return {
    /** A file's beforeApply: starts its copy, and waits only while too many are in flight. */
    start: (file: string, target: string, bytes: Buffer) => async () => {
      const dir = dirname(target);
      let folder = folders.get(dir);
      if (!folder) {
        const created = mkdir(dir, { recursive: true });
        created.catch(() => undefined); // its error reaches every copy into the folder
        folders.set(dir, (folder = { created, files: new Set() }));
      }
      folder.files.add(file);
      const { created } = folder;
      const copied = (lastOf.get(target) ?? Promise.resolve())
        .then(() => created)
        .then(() => replaceFileAsync(target, bytes))
        .then(
          () => void failed.delete(file),
          (error: unknown) => void failed.set(file, error),
        );
      lastOf.set(target, copied);
      inFlight.push(copied);
      while (inFlight.length > limit) await inFlight.shift();
    },
    /** Once every copy has settled and its folder is synced: the files whose last copy failed, with the error. */
    settled: (): Promise<Map<string, unknown>> => (settled ??= settle()),
  };
}

function removeRetiredGraphSnapshot(dataDir: string): void {
  let names: string[];
  try {
    names = readdirSync(dataDir);
  } catch {
    return;
  }
  const retired = (name: string) => name === RETIRED_GRAPH_SNAPSHOT || name.startsWith(`${RETIRED_GRAPH_SNAPSHOT}.`) || isTempFileOf(name, RETIRED_GRAPH_SNAPSHOT);
  for (const name of names) if (retired(name)) rmSync(join(dataDir, name), { force: true });
}
