import { normalizeForMatch } from '../lang/index.js';
import { QueryError } from './errors.js';

export const FILTER_FIELDS = ['region', 'institution', 'program', 'kind', 'year', 'issuer'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

export interface ParsedQuery {
  /** AND of groups; each group is an OR of terms; every term in matching form */
  groups: string[][];
  exclude: string[];
  filters: { field: FilterField; value: string }[];
}

// A term, a "phrase" (ASCII or Chinese quotes), with an optional - and field: prefix.
const TOKEN = /(-?)(?:([a-z]+):)?(?:"([^"]*)"|“([^”]*)”|(\S+))/gi;

/**
 * Query language (CONTRACT.md): space = AND, "…" = exact phrase, A OR B, -term
 * excludes, field:value filters (region, institution, program, kind, year, issuer).
 * @throws QueryError for an unbalanced quote or a query with nothing to search for
 * @example parseQuery('产教联合体 -重庆 kind:notice')
 */
export function parseQuery(input: string): ParsedQuery {
  const q = input.trim();
  if (countOf(q, '"') % 2 === 1 || countOf(q, '“') !== countOf(q, '”')) {
    throw new QueryError('查询中的引号不成对，请补全引号，或去掉引号。');
  }
  const groups: string[][] = [];
  const exclude: string[] = [];
  const filters: ParsedQuery['filters'] = [];
  let pendingOr = false;
  for (const m of q.matchAll(TOKEN)) {
    const [, neg, rawField, quotedA, quotedB, bare] = m;
    const quoted = quotedA ?? quotedB;
    const field = rawField?.toLowerCase();
    if (field && (FILTER_FIELDS as readonly string[]).includes(field)) {
      const value = (quoted ?? bare ?? '').trim();
      if (!value) throw new QueryError(`筛选条件 ${field}: 后面缺少取值，例如 ${field}:重庆。`);
      filters.push({ field: field as FilterField, value });
      continue;
    }
    const text = (rawField ? `${rawField}:` : '') + (quoted ?? bare ?? '');
    if (quoted === undefined && !neg && text === 'OR') {
      pendingOr = groups.length > 0;
      continue;
    }
    const term = normalizeForMatch(text).replace(/\s+/g, ' ').trim();
    if (!term) continue;
    if (neg) exclude.push(term);
    else if (pendingOr) groups[groups.length - 1].push(term);
    else groups.push([term]);
    pendingOr = false;
  }
  if (groups.length === 0) {
    throw new QueryError(filters.length ? '请在筛选条件之外输入至少一个检索词。' : '请输入检索词。');
  }
  return { groups, exclude, filters };
}

function countOf(s: string, ch: string): number {
  let n = 0;
  for (const c of s) if (c === ch) n++;
  return n;
}
