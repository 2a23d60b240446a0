/**
 * Errors the API maps to HTTP: a stable `code` to branch on, a status, and a message
 * for the user (Chinese, naming the value and the fix).
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    options?: { cause?: unknown; retriable?: boolean },
  ) {
    super(message, options);
    this.name = 'AppError';
    this.retriable = options?.retriable ?? false;
  }
  readonly retriable: boolean;
}

export function notFound(code: string, message: string): AppError {
  return new AppError(code, 404, message);
}

export function badRequest(code: string, message: string): AppError {
  return new AppError(code, 400, message);
}

export function unauthorized(message: string): AppError {
  return new AppError('unauthorized', 401, message);
}
