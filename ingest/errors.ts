export type IngestErrorCode =
  | 'empty_file'
  | 'binary_file'
  | 'invalid_encoding'
  | 'unsupported_format'
  | 'file_too_large'
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
