import { createHash } from 'node:crypto';
import { defaultSegmenter, simplifiedForm, type Segmenter } from '../lang/index.js';
import { cleanText } from './internal/clean.js';
import { extractKnowledge } from './internal/extract.js';
import { readSource } from './internal/read.js';
import { splitArticles, structureArticle } from './internal/structure.js';
import type { DocumentRecord, QualityWarning } from './record.js';

export interface IngestOptions {
  segmenter?: Segmenter;
}

export interface FileIngest {
  file: string;
  contentHash: string;
  records: DocumentRecord[];
  /** the file's quality report */
  warnings: QualityWarning[];
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
  const segmenter = options.segmenter ?? defaultSegmenter();
  const contentHash = contentHashOf(bytes);
  const source = await readSource(file, bytes);
  const clean = cleanText(source.text);
  const articles = splitArticles(clean.paragraphs);
  // What holds for the whole file (its encoding, removed running heads) holds for each article too.
  const fileWarnings = [...source.warnings, ...clean.warnings];
  const records = articles.map((paragraphs, articleIndex): DocumentRecord => {
    const id = `${contentHash.slice(0, ID_HASH_CHARS)}-${articleIndex}`;
    const article = structureArticle(paragraphs, id);
    // Entities are read off the simplified form (same offsets), so 重慶 is 重庆.
    const extraction = extractKnowledge(simplifiedForm(article.text), article.clauses, { segmenter, docId: id, issuers: article.issuers, authors: article.authors });
    return { id, file, contentHash, articleIndex, ...article, ...extraction, warnings: [...fileWarnings, ...article.warnings] };
  });
  const warnings = [...fileWarnings];
  if (records.length > 1) warnings.push({ ruleId: 'articles-found', message: `文件中识别出 ${records.length} 篇文章。` });
  for (const r of records) warnings.push(...r.warnings.slice(fileWarnings.length));
  return { file, contentHash, records, warnings };
}
