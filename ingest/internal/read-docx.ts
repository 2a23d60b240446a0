import mammoth from 'mammoth';
import { archiveBomb, corruptFile, docxPartTooLarge, encryptedFile, isIngestError, notADocument } from '../errors.js';
import type { QualityWarning } from '../record.js';
import { htmlToText } from './read-html.js';
import { inflateZipEntry, readZipDirectory, ZipFormatError, type ZipEntry } from './read-zip.js';

/** Largest total a docx may unpack to (bytes): text is a tiny part of any real one. */
export const MAX_DOCX_UNPACKED_BYTES = 200 * 1024 * 1024;
/** Highest compression ratio accepted for a large entry: XML packs ~10:1, a bomb ~1000:1. */
export const MAX_ZIP_RATIO = 100;
/** Entries below this size (bytes) may have any ratio: small runs of zeros pack very well. */
const RATIO_MIN_BYTES = 1024 * 1024;
/**
 * Largest XML part mammoth may parse (bytes). Its cost is about 0.6 s per MB; a part this
 * size holds some six million characters of plain paragraphs, more than the text limit.
 */
export const MAX_DOCX_PART_BYTES = 32 * 1024 * 1024;
/** Entries in a docx: a real one has a few dozen. */
const MAX_ZIP_ENTRIES = 10_000;

const MB = 1024 * 1024;

/**
 * A Word document → text with one line per paragraph or heading and one per table row
 * (cells tab-separated). The zip is judged from its directory before anything is
 * inflated (total size, ratio, entry count), and every part that mammoth will parse is
 * inflated once with its declared size as a hard cap, so that a lying header cannot
 * blow up memory. Images are never unpacked.
 * @throws IngestError archive_bomb, corrupt_file (truncated or damaged), encrypted_file,
 * unsupported_format (a zip that is a spreadsheet, a presentation or no Office file)
 */
export async function readDocx(file: string, bytes: Uint8Array): Promise<{ text: string; warnings: QualityWarning[] }> {
  const entries = openArchive(file, bytes);
  const contentTypes = entries.find((e) => e.name === '[Content_Types].xml');
  if (!contentTypes) {
    if (entries.some((e) => e.name === 'mimetype')) throw notADocument(file, 'OpenDocument 文件（odt/ods）', '请在 Office 或 WPS 中另存为 docx 后再导入');
    throw notADocument(file, 'ZIP 压缩包', '请解压后逐个导入其中的文档');
  }
  const types = new TextDecoder().decode(inflate(file, bytes, contentTypes));
  if (!/wordprocessingml\.(?:document|template)\.main|ms-word\.(?:document|template)\.macroEnabled/.test(types)) {
    if (/spreadsheetml|ms-excel/.test(types)) throw notADocument(file, 'Excel 表格', '表格暂不支持；请把正文另存为 docx 或 pdf');
    if (/presentationml|ms-powerpoint/.test(types)) throw notADocument(file, 'PowerPoint 演示文稿', '演示文稿暂不支持；请另存为 pdf');
    throw notADocument(file, 'ZIP 压缩包', '请解压后逐个导入其中的文档');
  }
  if (entries.some((e) => e.encrypted)) throw encryptedFile(file, 'docx');
  // Only the XML parts are ever inflated by mammoth; checking them here bounds its work.
  for (const e of entries) {
    if (!/\.(?:xml|rels)$/i.test(e.name)) continue;
    if (e.size > MAX_DOCX_PART_BYTES) throw docxPartTooLarge(file, e.name, e.size, MAX_DOCX_PART_BYTES);
    inflate(file, bytes, e);
  }

  let result;
  try {
    result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        // The image is never read, so it is never inflated.
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
        externalFileAccess: false,
      },
    );
  } catch (cause) {
    if (isIngestError(cause)) throw cause;
    throw corruptFile(file, 'docx', '文档内容无法解析', cause);
  }
  return { text: htmlToText(result.value), warnings: [] };
}

function openArchive(file: string, bytes: Uint8Array): ZipEntry[] {
  let entries: ZipEntry[];
  try {
    entries = readZipDirectory(bytes);
  } catch (cause) {
    if (cause instanceof ZipFormatError) throw corruptFile(file, 'docx', cause.reason, cause);
    throw cause;
  }
  if (entries.length > MAX_ZIP_ENTRIES) throw archiveBomb(file, `含 ${entries.length} 个压缩项，上限 ${MAX_ZIP_ENTRIES}`);
  const total = entries.reduce((n, e) => n + e.size, 0);
  if (total > MAX_DOCX_UNPACKED_BYTES) {
    throw archiveBomb(file, `解压后共 ${Math.round(total / MB)} MB，超过 ${MAX_DOCX_UNPACKED_BYTES / MB} MB 上限`);
  }
  for (const e of entries) {
    if (e.size >= RATIO_MIN_BYTES && e.size > e.compressedSize * MAX_ZIP_RATIO) {
      throw archiveBomb(file, `${e.name} 的压缩比为 ${Math.round(e.size / Math.max(1, e.compressedSize))}:1，超过 ${MAX_ZIP_RATIO}:1 上限`);
    }
  }
  return entries;
}

function inflate(file: string, bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  try {
    return inflateZipEntry(bytes, entry);
  } catch (cause) {
    if (!(cause instanceof ZipFormatError)) throw cause;
    if (cause.kind === 'oversize') throw archiveBomb(file, `${entry.name} 解压后比声明的 ${entry.size} 字节大`);
    throw corruptFile(file, 'docx', cause.reason, cause);
  }
}
