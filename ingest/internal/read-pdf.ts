import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { corruptFile, encryptedFile, noTextLayer, textTooLong } from '../errors.js';
import type { QualityWarning } from '../record.js';
import { plausibleShare } from './read-text.js';

/** A page with fewer non-blank characters than this has no text layer worth the name. */
export const MIN_PAGE_CHARS = 10;
/** Below this many characters per page on average, the PDF is a scan (or a stamp on one). */
export const MIN_CHARS_PER_PAGE = 20;
/** Below this share of plausible characters the text layer is glyph codes, not text. */
const MIN_TEXT_LAYER_PLAUSIBLE = 0.5;
/** Below this share a warning says part of the text layer is garbled. */
const WARN_TEXT_LAYER_PLAUSIBLE = 0.9;
/** Where `%%EOF` must appear, counted from the end (bytes): Acrobat's own tolerance. */
const EOF_MARKER_WINDOW = 1024;

/** Separates the pages of a PDF in the text: a form feed on a line of its own. */
export const PAGE_BREAK = '\n\f\n';

// Baseline and spacing rules, in units of the font size (em).
/** Two items are on one line when their baselines differ by less than this. */
const SAME_LINE_EM = 0.5;
/** A gap at least this wide between items on one line separates table cells or columns. */
const CELL_GAP_EM = 2;
/** A gap at least this wide is a space, as pdf.js itself judges gaps inside an item. */
const WORD_GAP_EM = 0.1;

const PDFJS_ROOT = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

export interface PdfText {
  text: string;
  pages: number;
  warnings: QualityWarning[];
}

/**
 * A PDF's text layer → text: items on one baseline joined into a line (in the order the
 * page draws them, so that columns stay apart), a tab for a gap as wide as a table cell's,
 * pages separated by `PAGE_BREAK` so that the clean step can re-flow across them. Pages
 * without text are reported; a PDF that is mostly without text is refused as a scan.
 * @throws IngestError corrupt_file (truncated or damaged), encrypted_file (needs a password),
 * no_text_layer (scanned or glyph codes only), text_too_long
 */
export async function readPdf(file: string, bytes: Uint8Array, maxChars: number): Promise<PdfText> {
  if (!hasEofMarker(bytes)) throw corruptFile(file, 'pdf', '文件末尾缺少 %%EOF 标记，可能下载不完整');
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes), // pdf.js takes the buffer over; the caller keeps its own
    cMapUrl: join(PDFJS_ROOT, 'cmaps') + '/',
    cMapPacked: true,
    standardFontDataUrl: join(PDFJS_ROOT, 'standard_fonts') + '/',
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  try {
    let doc;
    try {
      doc = await task.promise;
    } catch (cause) {
      if ((cause as { name?: string }).name === 'PasswordException') throw encryptedFile(file, 'pdf', cause);
      throw corruptFile(file, 'pdf', 'PDF 结构已损坏，无法打开', cause);
    }
    const pages: string[] = [];
    const unreadable: number[] = [];
    let length = 0;
    for (let n = 1; n <= doc.numPages; n++) {
      try {
        const page = await doc.getPage(n);
        const content = await page.getTextContent();
        pages.push(pageText(content.items.filter((i): i is TextItem => 'str' in i)));
        page.cleanup();
      } catch {
        unreadable.push(n);
        pages.push('');
      }
      length += pages[pages.length - 1].length;
      if (length > maxChars) throw textTooLong(file, maxChars);
    }
    return { text: pages.join(PAGE_BREAK), pages: pages.length, warnings: judgeTextLayer(file, pages, unreadable) };
  } finally {
    await task.destroy();
  }
}

function hasEofMarker(bytes: Uint8Array): boolean {
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).subarray(-EOF_MARKER_WINDOW);
  return tail.includes('%%EOF');
}

/**
 * Refuses a scan; warns about pages without text and about a partly garbled text layer.
 * @throws IngestError no_text_layer
 */
function judgeTextLayer(file: string, pages: string[], unreadable: number[]): QualityWarning[] {
  const counts = pages.map((p) => p.replace(/\s+/g, '').length);
  const total = counts.reduce((a, b) => a + b, 0);
  const withText = counts.filter((c) => c >= MIN_PAGE_CHARS).length;
  if (total < pages.length * MIN_CHARS_PER_PAGE) {
    throw noTextLayer(file, `${pages.length} 页中有文字的只有 ${withText} 页，平均每页 ${Math.round(total / Math.max(1, pages.length))} 字`);
  }
  const sample = pages.join('').replace(/\s+/g, '').slice(0, 20_000);
  const plausible = plausibleShare(sample);
  if (plausible < MIN_TEXT_LAYER_PLAUSIBLE) {
    throw noTextLayer(file, `文字层是无法识别的字形编码，${Math.round((1 - plausible) * 100)}% 的字符是乱码`);
  }
  const warnings: QualityWarning[] = [];
  const empty = counts.flatMap((c, i) => (c < MIN_PAGE_CHARS && !unreadable.includes(i + 1) ? [i + 1] : []));
  if (empty.length) {
    warnings.push({
      ruleId: 'pdf-low-text-coverage',
      message: `PDF 共 ${pages.length} 页，第 ${pageList(empty)} 页没有文字层（扫描页、图片或空白页），这些页的内容未导入。`,
    });
  }
  if (unreadable.length) {
    warnings.push({ ruleId: 'pdf-page-unreadable', message: `PDF 第 ${pageList(unreadable)} 页已损坏，无法读取，已跳过。` });
  }
  if (plausible < WARN_TEXT_LAYER_PLAUSIBLE) {
    warnings.push({
      ruleId: 'pdf-garbled-text',
      message: `PDF 文字层有约 ${Math.round((1 - plausible) * 100)}% 的字符无法识别（字体缺少 Unicode 映射），导入的文字可能有乱码。`,
    });
  }
  return warnings;
}

/** [1, 2, 3, 7] → "1–3、7" */
function pageList(pages: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < pages.length; i++) {
    let j = i;
    while (j + 1 < pages.length && pages[j + 1] === pages[j] + 1) j++;
    parts.push(j > i ? `${pages[i]}–${pages[j]}` : `${pages[i]}`);
    i = j;
  }
  return parts.join('、');
}

interface Placed {
  /** position across the text direction (the baseline) and along it */
  across: number;
  along: number;
  end: number;
  size: number;
  str: string;
}

/**
 * One page's text items → lines. A new line starts when the baseline moves; on one line,
 * items are joined directly, with a space across a visible gap, or with a tab across a
 * gap as wide as a table cell's. Text drawn twice for a fake-bold effect is kept once.
 */
export function pageText(items: TextItem[]): string {
  const lines: string[] = [];
  let line = '';
  let prev: Placed | null = null;
  for (const item of items) {
    // Whitespace items only mark a gap, which the positions show anyway.
    if (!item.str.trim()) continue;
    const placed = place(item);
    if (prev && prev.str === placed.str && Math.abs(prev.along - placed.along) < 0.2 * placed.size && Math.abs(prev.across - placed.across) < 0.2 * placed.size) {
      continue; // overprinted
    }
    if (prev && Math.abs(placed.across - prev.across) < SAME_LINE_EM * Math.max(placed.size, prev.size)) {
      const sep = separator(prev, placed);
      line = (sep === '\t' ? line.replace(/ +$/, '') : line) + sep + placed.str;
    } else {
      if (prev) lines.push(line);
      line = placed.str;
    }
    prev = placed;
  }
  if (prev) lines.push(line);
  return lines.map((l) => l.replace(/[ \t]+$/, '')).join('\n');
}

/** Coordinates along the text's own direction, so that rotated pages read like upright ones. */
function place(item: TextItem): Placed {
  const [a, b, c, d, x, y] = item.transform as number[];
  const scale = Math.hypot(a, b) || 1;
  const size = Math.hypot(c, d) || item.height || 1;
  const ux = a / scale;
  const uy = b / scale;
  const along = x * ux + y * uy;
  return { across: y * ux - x * uy, along, end: along + item.width, size, str: item.str };
}

function separator(prev: Placed, next: Placed): string {
  const gap = next.along - prev.end;
  const size = Math.max(prev.size, next.size);
  if (gap >= CELL_GAP_EM * size) return '\t';
  if (/\s$/.test(prev.str) || /^\s/.test(next.str)) return '';
  return gap >= WORD_GAP_EM * size ? ' ' : '';
}
