import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { documentGraph, openGraphStore, type GraphStore } from '../graph/index.js';
import { contentHashOf, ingestFile, isIngestError, type DocumentRecord, type QualityWarning } from '../ingest/index.js';
import { writeFileAtomic } from '../io/index.js';
import { defaultSegmenter } from '../lang/index.js';
import { ClauseIndex, type SearchOptions, type SearchResult } from '../search/index.js';
import type { Config } from './config.js';
import { notFound } from './errors.js';

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
export const INGESTIBLE_EXTENSIONS = /\.(txt|md|markdown|html?|text)$/i;

const RECORDS_FILE = 'records.json';

interface PersistedState {
  version: 1;
  records: DocumentRecord[];
}

/**
 * The corpus as the product holds it: article records (persisted under the data
 * folder), the graph (embedded or Neo4j) and the clause index, kept in step. Every
 * change goes records → graph → index; the records file is the source of truth that
 * the other two can be rebuilt from.
 */
export class KnowledgeBase {
  private readonly records = new Map<string, DocumentRecord>();

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
  ): Promise<{ kb: KnowledgeBase; firstStart: IngestSummary | null }> {
    const { ingestCorpusOnFirstStart = true, onProgress } = options;
    const graph = await openGraphStore(
      config.neo4j ? { backend: 'neo4j', ...config.neo4j } : { backend: 'embedded', dataDir: config.dataDir },
    );
    const kb = new KnowledgeBase(config, graph, new ClauseIndex(defaultSegmenter()));
    const path = join(config.dataDir, RECORDS_FILE);
    if (!existsSync(path)) {
      if (!ingestCorpusOnFirstStart) return { kb, firstStart: null };
      const summary = await kb.ingestPaths([config.corpusDir], onProgress);
      return { kb, firstStart: summary };
    }
    const state = JSON.parse(readFileSync(path, 'utf8')) as PersistedState;
    for (const r of state.records) {
      kb.records.set(r.id, r);
      kb.index.add(r);
    }
    // A graph that lost documents (a fresh Neo4j, a deleted snapshot) is refilled from the records.
    const inGraph = new Set(await graph.documentIds());
    const missing = state.records.filter((r) => !inGraph.has(r.id));
    for (const r of missing) await graph.writeDocument(documentGraph(r));
    if (missing.length) await graph.flush();
    return { kb, firstStart: null };
  }

  /** Articles, clauses and distinct entities in the whole corpus. */
  totals(): { articles: number; clauses: number; entities: number } {
    const entities = new Set<string>();
    let clauses = 0;
    for (const r of this.records.values()) {
      clauses += r.clauses.length;
      for (const e of r.entities) entities.add(e.id);
    }
    return { articles: this.records.size, clauses, entities: entities.size };
  }

  /** Ingest files and folders; a file that fails is reported and the rest go on. Totals are the corpus's after the run. */
  async ingestPaths(paths: string[], onProgress?: ProgressListener): Promise<IngestSummary> {
    const started = performance.now();
    const files = paths.flatMap((p) => listFiles(resolve(p)));
    const reports: FileReport[] = [];
    for (const [i, f] of files.entries()) {
      onProgress?.({ done: i, total: files.length, file: f.name });
      reports.push(await this.ingestOne(f.name, readFileSync(f.path)));
    }
    onProgress?.({ done: files.length, total: files.length, file: null });
    await this.persist();
    return summarise(reports, performance.now() - started, this.totals());
  }

  /** Ingest one file's bytes under `file` (its name relative to the corpus). */
  async ingestBytes(file: string, bytes: Uint8Array): Promise<FileReport> {
    const report = await this.ingestOne(file, bytes);
    if (report.status !== 'unchanged' && report.status !== 'failed') await this.persist();
    return report;
  }

  private async ingestOne(file: string, bytes: Uint8Array): Promise<FileReport> {
    let result;
    try {
      result = ingestFile(file, bytes);
    } catch (e) {
      if (!isIngestError(e)) throw e;
      return { file, status: 'failed', articles: 0, warnings: [], error: { code: e.code, message: e.message } };
    }
    const previous = [...this.records.values()].filter((r) => r.file === file);
    if (previous.length && previous.every((r) => r.contentHash === result.contentHash)) {
      return { file, status: 'unchanged', articles: previous.length, warnings: result.warnings, error: null };
    }
    for (const r of previous) await this.removeRecord(r.id);
    for (const r of result.records) {
      await this.graph.writeDocument(documentGraph(r));
      this.records.set(r.id, r);
      this.index.add(r);
    }
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
  }

  /**
   * Delete an article. When it was the last article of its source file, the file leaves
   * the corpus folder too (only if it still holds the same bytes), so a rebuild from
   * corpus/ does not bring it back.
   * @throws AppError doc_not_found
   */
  async deleteDocument(id: string): Promise<void> {
    const record = this.records.get(id);
    if (!record) throw notFound('doc_not_found', `未找到文档 ${id}。`);
    await this.removeRecord(id);
    await this.persist();
    if ([...this.records.values()].some((r) => r.file === record.file)) return;
    const source = resolve(this.config.corpusDir, record.file);
    if (source.startsWith(this.config.corpusDir + sep) && existsSync(source) && contentHashOf(readFileSync(source)) === record.contentHash) {
      rmSync(source);
    }
  }

  private async persist(): Promise<void> {
    const state: PersistedState = { version: 1, records: [...this.records.values()] };
    writeFileAtomic(join(this.config.dataDir, RECORDS_FILE), JSON.stringify(state));
    await this.graph.flush();
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

  async close(): Promise<void> {
    await this.graph.close();
  }
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
