import { extname } from 'node:path';
import {
  corruptFile,
  emptyFile,
  encryptedFile,
  fileTooLarge,
  noText,
  notADocument,
  textTooLong,
  unsupportedExtension,
} from '../errors.js';
import type { QualityWarning } from '../record.js';
import { cleanMarkdown } from './read-markdown.js';
import { readPdf } from './read-pdf.js';
import { decodeText, type TextEncoding } from './read-text.js';

/** Largest source file accepted (bytes); the upload limit too. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;
/**
 * Longest text accepted (characters) after decoding or extraction: about 2 500 pages,
 * which the later steps ingest in some ten seconds.
 */
export const MAX_TEXT_CHARS = 5_000_000;

export type SourceFormat = 'text' | 'markdown' | 'html' | 'docx' | 'pdf';

export interface SourceText {
  /** the document's text, one line per paragraph, heading or table row; PDF pages separated by a form-feed line */
  text: string;
  format: SourceFormat;
  /** how a text file was decoded; null for docx and pdf */
  encoding: TextEncoding | null;
  warnings: QualityWarning[];
}

const TEXT_EXTENSIONS = new Set(['', '.txt', '.text', '.md', '.markdown', '.html', '.htm', '.xhtml', '.shtml']);
const HTML_EXTENSIONS = new Set(['.html', '.htm', '.xhtml', '.shtml']);
const MARKDOWN_EXTENSIONS = new Set(['.md', '.markdown']);

/** What the first bytes say a file is. */
type Sniffed =
  | { kind: 'pdf' }
  | { kind: 'zip' }
  | { kind: 'ole' }
  | { kind: 'other'; what: string; fix?: string }
  | { kind: 'text' };

/**
 * Bytes → text, whatever the format: txt and md (Markdown from PDF converters cleaned),
 * HTML (the article body), docx (paragraphs, headings, tables as tab-separated rows) and
 * PDF (the text layer, page by page). The format comes from the content first and the
 * extension second: a PDF named .txt is read as a PDF (with a warning), a .txt full of
 * markup as HTML, an .exe is refused.
 * @throws IngestError naming the file and the problem: empty, too large, binary, unsupported,
 * undecodable, corrupt or truncated, encrypted, a zip bomb, a scan without text layer, no text
 * @example (await readSource('notice.docx', bytes)).text
 */
export async function readSource(file: string, bytes: Uint8Array): Promise<SourceText> {
  const ext = extname(file).toLowerCase();
  if (bytes.length === 0) throw emptyFile(file);
  if (bytes.length > MAX_FILE_BYTES) throw fileTooLarge(file, bytes.length, MAX_FILE_BYTES);
  const sniffed = sniff(bytes, ext);
  let source: SourceText;
  switch (sniffed.kind) {
    case 'pdf': {
      const pdf = await readPdf(file, bytes, MAX_TEXT_CHARS);
      source = { text: pdf.text, format: 'pdf', encoding: null, warnings: [...mismatch(ext, '.pdf', 'PDF'), ...pdf.warnings] };
      break;
    }
    case 'zip': {
      const { readDocx } = await import('./read-docx.js');
      const docx = await readDocx(file, bytes);
      source = { text: docx.text, format: 'docx', encoding: null, warnings: [...mismatch(ext, '.docx', 'Word（docx）'), ...docx.warnings] };
      break;
    }
    case 'ole':
      // An encrypted docx is an OLE container too; a .doc, .xls or .ppt is the old binary format.
      if (ext === '.docx') throw encryptedFile(file, 'docx');
      throw notADocument(file, '旧版 Office 文件（doc/xls/ppt）', '请在 Office 或 WPS 中另存为 docx 或 pdf 后再导入');
    case 'other':
      throw notADocument(file, sniffed.what, sniffed.fix);
    case 'text':
      source = await readText(file, ext, bytes);
      break;
  }
  if (source.text.length > MAX_TEXT_CHARS) throw textTooLong(file, MAX_TEXT_CHARS);
  if (!source.text.trim()) throw noText(file);
  return source;
}

// The HTML and docx readers load cheerio and mammoth (~0.25 s), which a corpus of text files
// never needs: every ingest worker and every command would pay for them at start.
async function readText(file: string, ext: string, bytes: Uint8Array): Promise<SourceText> {
  if (ext === '.pdf' || ext === '.docx') {
    // What a failed download leaves behind: an error page saved under the document's name.
    throw corruptFile(file, ext === '.pdf' ? 'pdf' : 'docx', '内容是文本而不是该格式，可能是下载出错时保存的网页');
  }
  // Word's "save as web page" gives .doc files that are HTML; they read like any page.
  if (!TEXT_EXTENSIONS.has(ext) && ext !== '.doc') throw unsupportedExtension(file, ext);
  const decoded = decodeText(file, bytes);
  // Word's and browsers' "single file web page": MIME parts, quoted-printable HTML.
  if (/^\s*MIME-Version:/i.test(decoded.text.slice(0, 1024))) {
    throw notADocument(file, 'MHT 网页存档', '请在 Word 或浏览器中另存为 docx、html 或 pdf 后再导入');
  }
  const warnings = [...decoded.warnings];
  if (ext === '.doc') warnings.push({ ruleId: 'extension-mismatch', message: '文件扩展名是 .doc，但内容是文本或网页，已按网页读取。' });
  const markdown = MARKDOWN_EXTENSIONS.has(ext);
  const text = cleanMarkdown(decoded.text, { markup: markdown });
  if (HTML_EXTENSIONS.has(ext) || ext === '.doc' || looksLikeHtml(text)) {
    // A whole page's source line breaks are formatting; a text file with some markup keeps its lines.
    const page = HTML_EXTENSIONS.has(ext) || /^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html)[\s>]/i.test(text);
    const { htmlToText } = await import('./read-html.js');
    return { text: htmlToText(text, { keepNewlines: !page }), format: 'html', encoding: decoded.encoding, warnings };
  }
  return { text, format: markdown ? 'markdown' : 'text', encoding: decoded.encoding, warnings };
}

function mismatch(ext: string, expected: string, label: string): QualityWarning[] {
  if (ext === expected) return [];
  return [{ ruleId: 'extension-mismatch', message: `文件扩展名是 ${ext || '（无）'}，但内容是 ${label}，已按 ${label} 读取。` }];
}

function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 4096);
  return /<(html|body|div|p|br|table|span)[\s>/]/i.test(head) || /&(nbsp|lt|gt|amp|quot);/.test(head);
}

const startsWith = (bytes: Uint8Array, magic: number[], at = 0) => magic.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/** Magic numbers of the files people upload by mistake, with what to call them. */
const OTHER_FORMATS: { magic: number[]; at?: number; what: string; fix?: string }[] = [
  { magic: [0x89, 0x50, 0x4e, 0x47], what: '图片（PNG）', fix: '请先做文字识别（OCR）再导入' },
  { magic: [0xff, 0xd8, 0xff], what: '图片（JPEG）', fix: '请先做文字识别（OCR）再导入' },
  { magic: ascii('GIF8'), what: '图片（GIF）' },
  { magic: ascii('II*\0'), what: '图片（TIFF）', fix: '请先做文字识别（OCR）再导入' },
  { magic: ascii('MM\0*'), what: '图片（TIFF）', fix: '请先做文字识别（OCR）再导入' },
  { magic: ascii('WEBP'), at: 8, what: '图片（WebP）' },
  { magic: [0x7f, 0x45, 0x4c, 0x46], what: '可执行程序（ELF）' },
  { magic: [0x1f, 0x8b], what: '压缩包（gzip）', fix: '请解压后逐个导入其中的文档' },
  { magic: ascii('Rar!'), what: '压缩包（RAR）', fix: '请解压后逐个导入其中的文档' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: '压缩包（7z）', fix: '请解压后逐个导入其中的文档' },
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: '压缩包（xz）', fix: '请解压后逐个导入其中的文档' },
  { magic: ascii('{\\rtf'), what: 'RTF 文档', fix: '请在 Word 或 WPS 中另存为 docx 后再导入' },
  { magic: ascii('ftyp'), at: 4, what: '音视频文件' },
  { magic: ascii('ID3'), what: '音频文件（MP3）' },
];

function sniff(bytes: Uint8Array, ext: string): Sniffed {
  if (startsWith(bytes, ascii('%PDF-'))) return { kind: 'pdf' };
  // Readers accept some junk before the header, within the first kilobyte; a text that
  // merely mentions "%PDF-" must not count, so this needs the extension too.
  if (ext === '.pdf' && Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).includes('%PDF-')) return { kind: 'pdf' };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return { kind: 'zip' };
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { kind: 'ole' };
  // "MZ" can start a text; a program also has NULs in its header.
  if (startsWith(bytes, ascii('MZ')) && bytes.subarray(0, 64).includes(0)) return { kind: 'other', what: '可执行程序（.exe/.dll）' };
  for (const f of OTHER_FORMATS) if (startsWith(bytes, f.magic, f.at)) return { kind: 'other', what: f.what, fix: f.fix };
  return { kind: 'text' };
}
