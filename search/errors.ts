/** A query the user must fix; the message says how, in Chinese. */
export class QueryError extends Error {
  readonly code = 'bad_query';
  readonly status = 400;
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}
