export type IngestErrorCode =
  | 'empty_file'
  | 'binary_file'
  | 'invalid_encoding'
  | 'unsupported_format'
  | 'file_too_large'
  | 'text_too_long'
  | 'corrupt_file'
  | 'encrypted_file'
  | 'archive_bomb'
  | 'no_text_layer'
  | 'no_text';

/** A file that cannot be ingested; the message names the file and the problem, in Chinese. */
export class IngestError extends Error {
  readonly status = 422;
  constructor(
    readonly code: IngestErrorCode,
    readonly file: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'IngestError';
  }
}

export function isIngestError(e: unknown): e is IngestError {
  return e instanceof IngestError;
}

/** The formats the read step accepts, as the messages name them. */
export const SUPPORTED_FORMATS_TEXT = 'txt、md、html、docx、pdf';

const MB = 1024 * 1024;
const mb = (bytes: number) => (bytes / MB).toFixed(bytes < 10 * MB ? 1 : 0);

// Factories: each error's wording lives here, once, so that callers and tests share it.

export const emptyFile = (file: string) => new IngestError('empty_file', file, `文件 ${file} 是空文件，没有可导入的内容。`);

export const fileTooLarge = (file: string, bytes: number, limit: number) =>
  new IngestError('file_too_large', file, `文件 ${file} 有 ${mb(bytes)} MB，超过 ${limit / MB} MB 上限；请拆分后再导入。`);

export const textTooLong = (file: string, limit: number) =>
  new IngestError('text_too_long', file, `文件 ${file} 的正文超过 ${limit / 10_000} 万字上限；请拆分后再导入。`);

export const docxPartTooLarge = (file: string, part: string, bytes: number, limit: number) =>
  new IngestError('text_too_long', file, `文件 ${file} 的 ${part} 解压后有 ${mb(bytes)} MB，超过 ${limit / MB} MB 上限，正文过长；请拆分后再导入。`);

export const binaryFile = (file: string) =>
  new IngestError('binary_file', file, `文件 ${file} 是二进制文件，不是文本文档；支持 ${SUPPORTED_FORMATS_TEXT}。`);

/** `what` names the content that was found, e.g. "图片（PNG）". */
export const notADocument = (file: string, what: string, fix = `支持 ${SUPPORTED_FORMATS_TEXT}`) =>
  new IngestError('unsupported_format', file, `文件 ${file} 是${what}，不是可导入的文档；${fix}。`);

export const unsupportedExtension = (file: string, ext: string) =>
  new IngestError('unsupported_format', file, `文件 ${file} 的格式（${ext}）不支持；支持 ${SUPPORTED_FORMATS_TEXT}。`);

export const invalidEncoding = (file: string, cause?: unknown) =>
  new IngestError(
    'invalid_encoding',
    file,
    `文件 ${file} 的编码无法识别（不是 UTF-8、UTF-16，也不是 GB18030/GBK）；请用文本编辑器另存为 UTF-8 后再导入。`,
    { cause },
  );

/** `problem` says what is broken, e.g. "ZIP 目录缺失". */
export const corruptFile = (file: string, format: 'docx' | 'pdf', problem: string, cause?: unknown) =>
  new IngestError('corrupt_file', file, `文件 ${file} 不是完整有效的 ${format} 文件（${problem}）；请重新获取原文件。`, { cause });

export const encryptedFile = (file: string, format: 'docx' | 'pdf', cause?: unknown) =>
  new IngestError(
    'encrypted_file',
    file,
    format === 'pdf'
      ? `文件 ${file} 是加密的 PDF，需要密码才能打开；请解除密码保护后再导入。`
      : `文件 ${file} 是加密的 Word 文档，需要密码才能打开；请取消密码保护、另存为 docx 后再导入。`,
    { cause },
  );

export const archiveBomb = (file: string, reason: string) =>
  new IngestError('archive_bomb', file, `文件 ${file} 疑似压缩炸弹（${reason}），已拒绝导入。`);

export const noTextLayer = (file: string, detail: string) =>
  new IngestError('no_text_layer', file, `文件 ${file} 是扫描件/没有文字层（${detail}）；请先做文字识别（OCR）再导入。`);

export const noText = (file: string) => new IngestError('no_text', file, `文件 ${file} 中没有找到正文文本。`);
