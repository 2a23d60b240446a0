import { extname } from 'node:path';
import * as cheerio from 'cheerio';
import { IngestError } from '../errors.js';
import type { QualityWarning } from '../record.js';

/** Largest source file accepted (bytes). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface SourceText {
  text: string;
  format: 'text' | 'html';
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';
  warnings: QualityWarning[];
}

const TEXT_EXTENSIONS = new Set(['', '.txt', '.md', '.markdown', '.text', '.html', '.htm']);

/**
 * Bytes → text. Detects UTF-8 (with or without BOM), UTF-16 with BOM and GB18030;
 * sniffs HTML from the content as well as the extension.
 * @throws IngestError for empty, binary, undecodable or unsupported input
 */
export function readSource(file: string, bytes: Uint8Array): SourceText {
  const ext = extname(file).toLowerCase();
  if (bytes.length === 0) throw new IngestError('empty_file', file, `文件 ${file} 是空文件，没有可导入的内容。`);
  if (bytes.length > MAX_FILE_BYTES) {
    throw new IngestError('file_too_large', file, `文件 ${file} 超过 ${MAX_FILE_BYTES / 1024 / 1024} MB 上限。`);
  }
  if (!TEXT_EXTENSIONS.has(ext)) {
    throw new IngestError('unsupported_format', file, `文件 ${file} 的格式（${ext}）暂不支持；支持 txt、md、html。`);
  }
  const { text, encoding, warnings } = decode(file, bytes);
  const isHtml = ext === '.html' || ext === '.htm' || looksLikeHtml(text);
  const body = isHtml ? htmlToText(text) : text;
  if (!body.trim()) throw new IngestError('no_text', file, `文件 ${file} 中没有找到正文文本。`);
  return { text: body, format: isHtml ? 'html' : 'text', encoding, warnings };
}

function decode(file: string, bytes: Uint8Array): Omit<SourceText, 'format'> {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', warnings: [] };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be', warnings: [] };
  if (hasNulBytes(bytes)) throw new IngestError('binary_file', file, `文件 ${file} 是二进制文件，不是文本文档。`);
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), encoding: 'utf-8', warnings: [] };
  } catch {
    // Not UTF-8: Chinese government sites still serve GB2312/GBK, which GB18030 covers.
  }
  try {
    const text = new TextDecoder('gb18030', { fatal: true }).decode(bytes);
    return { text, encoding: 'gb18030', warnings: [{ ruleId: 'encoding-gb18030', message: '文件不是 UTF-8，已按 GB18030 解码。' }] };
  } catch (cause) {
    throw new IngestError('invalid_encoding', file, `文件 ${file} 的编码无法识别（既不是 UTF-8，也不是 GB18030）。`, { cause });
  }
}

function hasNulBytes(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}

function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 4096);
  return /<(html|body|div|p|br|table|span)[\s>/]/i.test(head) || /&(nbsp|lt|gt|amp|quot);/.test(head);
}

const BLOCK_TAGS = 'p,div,br,li,tr,h1,h2,h3,h4,h5,h6,section,article,table,blockquote,pre,td';

/** Keeps the article body: scripts, styles, navigation and footers go. */
function htmlToText(html: string): string {
  const $ = cheerio.load(html);
  $('script,style,noscript,nav,header,footer,iframe,form,button,select').remove();
  $(BLOCK_TAGS).each((_, el) => {
    $(el).prepend('\n').append('\n');
  });
  const article = $('article').first();
  const text = article.length ? article.text() : $('body').length ? $('body').text() : $.root().text();
  return text.replace(/\u00a0/g, ' ').replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n');
}
