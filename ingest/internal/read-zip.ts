import { crc32, inflateRawSync } from 'node:zlib';

/**
 * Just enough of a zip reader to judge an archive before a library inflates it: the
 * central directory (with ZIP64 sizes) and a bounded inflate of one entry. The sizes in
 * a zip's headers are whatever its writer claimed, so `inflateZipEntry` never produces
 * more than the declared size: a header that lies about it fails instead of filling memory.
 */

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated */
  method: number;
  encrypted: boolean;
  crc: number;
  compressedSize: number;
  /** as declared by the central directory */
  size: number;
  localHeaderOffset: number;
}

/** The archive is not a readable zip; `reason` is a short Chinese description. */
export class ZipFormatError extends Error {
  constructor(
    readonly reason: string,
    /** `oversize`: an entry inflates to more than its header declares (a bomb, or damage) */
    readonly kind: 'damaged' | 'oversize' = 'damaged',
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = 'ZipFormatError';
  }
}

const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END_OF_DIRECTORY = 0x06064b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const MAX_COMMENT_BYTES = 0xffff;

/**
 * The entries listed in the central directory.
 * @throws ZipFormatError when the directory is missing (a truncated download) or inconsistent
 */
export function readZipDirectory(bytes: Uint8Array): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfDirectory(view);
  if (eocd < 0) throw new ZipFormatError('ZIP 目录缺失，文件可能不完整');
  let count = view.getUint16(eocd + 10, true);
  let directorySize = view.getUint32(eocd + 12, true);
  let directoryOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const locator = eocd - 20;
    if (locator < 0 || view.getUint32(locator, true) !== ZIP64_LOCATOR) throw new ZipFormatError('ZIP64 目录缺失');
    const record = Number(view.getBigUint64(locator + 8, true));
    if (record + 56 > bytes.length || view.getUint32(record, true) !== ZIP64_END_OF_DIRECTORY) throw new ZipFormatError('ZIP64 目录损坏');
    count = Number(view.getBigUint64(record + 32, true));
    directorySize = Number(view.getBigUint64(record + 40, true));
    directoryOffset = Number(view.getBigUint64(record + 48, true));
  }
  if (directoryOffset + directorySize > bytes.length) throw new ZipFormatError('ZIP 目录超出文件末尾，文件可能不完整');

  const decoder = new TextDecoder('utf-8');
  const entries: ZipEntry[] = [];
  let p = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== DIRECTORY_ENTRY) throw new ZipFormatError('ZIP 目录项损坏');
    const flags = view.getUint16(p + 8, true);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    const entry: ZipEntry = {
      name: decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength)),
      method: view.getUint16(p + 10, true),
      encrypted: (flags & 1) !== 0,
      crc: view.getUint32(p + 16, true),
      compressedSize: view.getUint32(p + 20, true),
      size: view.getUint32(p + 24, true),
      localHeaderOffset: view.getUint32(p + 42, true),
    };
    readZip64Extra(view, p + 46 + nameLength, extraLength, entry);
    entries.push(entry);
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * One entry's bytes, never more than its declared size.
 * @throws ZipFormatError when the data is truncated or corrupt, or inflates to a size other
 * than the declared one (a zip bomb's lying header)
 */
export function inflateZipEntry(bytes: Uint8Array, entry: ZipEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeaderOffset;
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_HEADER) throw new ZipFormatError(`${entry.name} 的数据缺失，文件可能不完整`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new ZipFormatError(`${entry.name} 的数据被截断，文件可能不完整`);
  const data = bytes.subarray(start, end);
  let out: Uint8Array;
  if (entry.method === 0) out = data;
  else if (entry.method === 8) {
    try {
      // One byte more than declared, so that a longer stream shows up as a size mismatch.
      out = inflateRawSync(data, { maxOutputLength: entry.size + 1 });
    } catch (cause) {
      const tooLarge = (cause as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
      if (tooLarge) throw new ZipFormatError(`${entry.name} 解压后大于声明的大小`, 'oversize', { cause });
      throw new ZipFormatError(`${entry.name} 的压缩数据损坏`, 'damaged', { cause });
    }
  } else throw new ZipFormatError(`${entry.name} 使用了不支持的压缩方式 ${entry.method}`);
  if (out.length > entry.size) throw new ZipFormatError(`${entry.name} 解压后大于声明的大小`, 'oversize');
  if (out.length !== entry.size) throw new ZipFormatError(`${entry.name} 解压后大小与声明不符`);
  if (crc32(out) !== entry.crc) throw new ZipFormatError(`${entry.name} 校验失败，数据已损坏`);
  return out;
}

function findEndOfDirectory(view: DataView): number {
  const last = view.byteLength - 22;
  const first = Math.max(0, last - MAX_COMMENT_BYTES);
  for (let i = last; i >= first; i--) if (view.getUint32(i, true) === END_OF_DIRECTORY) return i;
  return -1;
}

/** ZIP64 extended information (header 0x0001): the 64-bit values of the fields that hold 0xffffffff. */
function readZip64Extra(view: DataView, start: number, length: number, entry: ZipEntry): void {
  let p = start;
  while (p + 4 <= start + length && p + 4 <= view.byteLength) {
    const id = view.getUint16(p, true);
    const size = view.getUint16(p + 2, true);
    if (id === 0x0001) {
      let q = p + 4;
      const next = () => {
        if (q + 8 > p + 4 + size) throw new ZipFormatError('ZIP64 扩展字段损坏');
        const v = Number(view.getBigUint64(q, true));
        q += 8;
        return v;
      };
      if (entry.size === 0xffffffff) entry.size = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
      return;
    }
    p += 4 + size;
  }
}
