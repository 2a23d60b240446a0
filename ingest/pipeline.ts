import { createHash } from 'node:crypto';
import { defaultSegmenter, simplifiedForm, wordBreaks, type Segmenter } from '../lang/index.js';
import { cleanText, type CleanText } from './internal/clean.js';
import { extractKnowledge } from './internal/extract.js';
import { readSource } from './internal/read.js';
import { dateFromNeighbours, splitArticles, structureArticle } from './internal/structure.js';
import type { DocumentRecord, QualityWarning } from './record.js';

/** The steps of {@link ingestFile}, in order; `segment` is jieba's tagging inside extraction. */
export const INGEST_STAGES = ['read', 'clean', 'split', 'structure', 'segment', 'extract'] as const;
export type IngestStage = (typeof INGEST_STAGES)[number];

export interface IngestOptions {
  segmenter?: Segmenter;
  /**
   * Told the wall time of each stage for this file (ms; structure, segment and extract once
   * per article), for benchmarks. Unset: nothing is timed.
   */
  onStageTime?: (stage: IngestStage, ms: number) => void;
}

export interface FileIngest {
  file: string;
  contentHash: string;
  records: DocumentRecord[];
  /** the file's quality report */
  warnings: QualityWarning[];
  /**
   * Per record, lang/wordBreaks of its clauses, from the cuts extraction made anyway: the
   * search index takes them (ClauseIndex.add) instead of cutting every clause again.
   */
  wordBreaks: Uint32Array[];
  /**
   * Per record, its JSON as UTF-8, when a pool's worker ingested the file: the records
   * crossed to the calling thread as JSON anyway, and the records file stores this text
   * (core/records-file.ts), so it is not serialised again there.
   */
  recordTexts?: Uint8Array[];
}

/** sha256 of a source file's bytes, hex: the identity of its content. */
export function contentHashOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Length of the content-hash prefix in document ids. */
const ID_HASH_CHARS = 16;

/**
 * One source file → its articles as DocumentRecords. Pure apart from decoding, which is
 * asynchronous for docx and pdf: the same bytes always give the same records (ids come
 * from the content hash and the article's position).
 *
 * read → clean → split → structure → extract
 * @throws IngestError when the file cannot be read as a document (the message names the
 * file and the problem; `code` says which)
 * @example (await ingestFile('notice.pdf', readFileSync('corpus/notice.pdf'))).records[0].title
 */
export async function ingestFile(file: string, bytes: Uint8Array, options: IngestOptions = {}): Promise<FileIngest> {
  const { onStageTime } = options;
  if (onStageTime) return ingestFileTimed(file, bytes, options.segmenter ?? defaultSegmenter(), onStageTime);
  const segmenter = options.segmenter ?? defaultSegmenter();
  const contentHash = contentHashOf(bytes);
  const source = await readSource(file, bytes);
  return articlesOf(file, contentHash, source.warnings, cleanText(source.text), segmenter, UNTIMED);
}

type Step = <T>(stage: IngestStage, run: () => T) => T;
const UNTIMED: Step = (_stage, run) => run();

// The same steps with a clock around each; jieba's share of extraction is timed by a
// segmenter that adds up its own calls, and reported as `segment`.
async function ingestFileTimed(file: string, bytes: Uint8Array, segmenter: Segmenter, onStageTime: (stage: IngestStage, ms: number) => void): Promise<FileIngest> {
  let started = performance.now();
  const contentHash = contentHashOf(bytes);
  const source = await readSource(file, bytes);
  onStageTime('read', performance.now() - started);
  let segmentMs = 0;
  const tag: Segmenter['tag'] = (text) => {
    const t = performance.now();
    const tags = segmenter.tag(text);
    segmentMs += performance.now() - t;
    return tags;
  };
  const step: Step = (stage, run) => {
    const before = segmentMs;
    const t = performance.now();
    const value = run();
    const segment = segmentMs - before;
    if (segment > 0) onStageTime('segment', segment);
    onStageTime(stage, performance.now() - t - segment);
    return value;
  };
  started = performance.now();
  const clean = cleanText(source.text);
  onStageTime('clean', performance.now() - started);
  return articlesOf(file, contentHash, source.warnings, clean, { ...segmenter, tag }, step);
}

function articlesOf(file: string, contentHash: string, readWarnings: QualityWarning[], clean: CleanText, jieba: Segmenter, step: Step): FileIngest {
  // extraction tags each clause; the words are kept for the file's word breaks
  const cuts = new Map<string, readonly string[]>();
  const segmenter: Segmenter = {
    ...jieba,
    tag: (text) => {
      const tagged = jieba.tag(text);
      cuts.set(text, tagged.map((w) => w.word));
      return tagged;
    },
    cut: (text) => cuts.get(text) ?? jieba.cut(text),
  };
  const articles = step('split', () => splitArticles(clean.paragraphs));
  // What holds for the whole file (its encoding, removed running heads) holds for each article too.
  const fileWarnings = [...readWarnings, ...clean.warnings];
  const idOf = (articleIndex: number) => `${contentHash.slice(0, ID_HASH_CHARS)}-${articleIndex}`;
  const structured = step('structure', () => dateFromNeighbours(articles.map((paragraphs, i) => structureArticle(paragraphs, idOf(i)))));
  const records = structured.map((article, articleIndex): DocumentRecord => {
    const id = idOf(articleIndex);
    // Entities are read off the simplified form (same offsets), so 重慶 is 重庆.
    const extraction = step('extract', () =>
      extractKnowledge(simplifiedForm(article.text), article.clauses, { segmenter, docId: id, issuers: article.issuers, authors: article.authors }),
    );
    return { id, file, contentHash, articleIndex, ...article, ...extraction, warnings: [...fileWarnings, ...article.warnings] };
  });
  const warnings = [...fileWarnings];
  if (records.length > 1) warnings.push({ ruleId: 'articles-found', message: `文件中识别出 ${records.length} 篇文章。` });
  for (const r of records) warnings.push(...r.warnings.slice(fileWarnings.length));
  const breaks = step('segment', () => records.map((r) => wordBreaks(segmenter, r.text, r.clauses)));
  return { file, contentHash, records, warnings, wordBreaks: breaks };
}
