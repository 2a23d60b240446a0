/**
 * Editing a query string the way the facet buttons do: `field:value` filters are added
 * and removed as whole tokens, the rest of what the user typed is left as it was.
 */

export const FILTER_FIELDS = ['kind', 'year', 'issuer', 'region', 'institution', 'program'] as const;

export interface FilterToken {
  field: string;
  value: string;
  /** the token as written in the query, e.g. `issuer:"教育部 办公厅"` */
  token: string;
  negated: boolean;
}

/** Splits a query on spaces, keeping `"…"` (and `field:"…"`) together. */
export function queryTokens(query: string): string[] {
  return query.match(/-?(?:[A-Za-z]+[:：])?["“][^"”]*["”]?|\S+/g) ?? [];
}

const FILTER = /^(-?)([A-Za-z]+)[:：](.+)$/;

/** The `field:value` filters of a query, in order. */
export function filterTokens(query: string): FilterToken[] {
  const filters: FilterToken[] = [];
  for (const token of queryTokens(query)) {
    const match = FILTER.exec(token);
    if (!match || !(FILTER_FIELDS as readonly string[]).includes(match[2]!.toLowerCase())) continue;
    filters.push({
      field: match[2]!.toLowerCase(),
      value: match[3]!.replace(/^["“]|["”]$/g, ''),
      token,
      negated: match[1] === '-',
    });
  }
  return filters;
}

/** The token for a filter, quoted when the value holds a space or a quote. */
export function filterToken(field: string, value: string): string {
  return /[\s"“”]/.test(value) ? `${field}:"${value.replace(/["“”]/g, '')}"` : `${field}:${value}`;
}

/** Whether the query holds the (positive) filter `field:value`. */
export function hasFilter(query: string, field: string, value: string): boolean {
  return filterTokens(query).some((f) => !f.negated && f.field === field && f.value === value);
}

/**
 * Adds `field:value` to the query, or removes it when it is there.
 *
 * @example toggleFilter('产教联合体', 'year', '2023') // '产教联合体 year:2023'
 * @example toggleFilter('产教联合体 year:2023', 'year', '2023') // '产教联合体'
 */
export function toggleFilter(query: string, field: string, value: string): string {
  const tokens = queryTokens(query);
  const kept = tokens.filter((token) => {
    const match = FILTER.exec(token);
    return !(match && match[1] === '' && match[2]!.toLowerCase() === field && match[3]!.replace(/^["“]|["”]$/g, '') === value);
  });
  if (kept.length < tokens.length) return kept.join(' ');
  return [...tokens, filterToken(field, value)].join(' ');
}

/** The query without its filters (what the user searches for). */
export function withoutFilters(query: string): string {
  const filters = new Set(filterTokens(query).map((f) => f.token));
  return queryTokens(query)
    .filter((token) => !filters.has(token))
    .join(' ');
}

export type PageItem = number | 'gap';

/**
 * The page links to show: the first, the last, and `around` pages either side of the
 * current one, with gaps between.
 *
 * @example pageWindow(6, 20) // [1, 'gap', 4, 5, 6, 7, 8, 'gap', 20]
 */
export function pageWindow(current: number, pages: number, around = 2): PageItem[] {
  if (pages <= 1) return pages === 1 ? [1] : [];
  const shown = new Set<number>([1, pages]);
  for (let p = current - around; p <= current + around; p++) if (p >= 1 && p <= pages) shown.add(p);
  const sorted = [...shown].sort((a, b) => a - b);
  const items: PageItem[] = [];
  sorted.forEach((page, i) => {
    const previous = sorted[i - 1];
    if (previous !== undefined && page - previous === 2) items.push(previous + 1);
    else if (previous !== undefined && page - previous > 2) items.push('gap');
    items.push(page);
  });
  return items;
}
