/**
 * A query the user must fix (HTTP 400); the message says what is wrong and how to fix
 * it, in Chinese. Every problem with a query is this one error with code `bad_query`,
 * so callers branch on the class or the code, never on the text.
 */
export class QueryError extends Error {
  readonly code = 'bad_query';
  readonly status = 400;
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}

/** @example throw queryError('请输入检索词。') */
export function queryError(message: string): QueryError {
  return new QueryError(message);
}
