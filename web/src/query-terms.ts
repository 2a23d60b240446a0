/**
 * Client-side approximation of the search query syntax (CONTRACT.md: space = AND,
 * "…" = phrase, A OR B, -term excludes, field:value filters), used only to mark the
 * query in the reader, where the server sends no highlight offsets.
 */

const FIELD_FILTER = /^[a-z_]+:/i;

/**
 * The positive terms of a query: phrases kept whole, OR / excluded terms / field
 * filters dropped.
 *
 * @example extractQueryTerms('"产教联合体" 重庆 -福建 kind:notice') // ['产教联合体', '重庆']
 */
export function extractQueryTerms(query: string): string[] {
  const terms: string[] = [];
  const tokens = query.match(/-?"[^"]*"?|\S+/g) ?? [];
  for (const token of tokens) {
    if (token.startsWith('-') || token === 'OR' || FIELD_FILTER.test(token)) continue;
    const term = token.replace(/^"|"$/g, '').trim();
    if (term) terms.push(term);
  }
  return [...new Set(terms)];
}

/** Every occurrence of each term in `text`, case-insensitive, as `[start, end)` ranges. */
export function findTermRanges(text: string, terms: readonly string[]): [number, number][] {
  const haystack = text.toLowerCase();
  const ranges: [number, number][] = [];
  for (const term of terms) {
    const needle = term.toLowerCase();
    if (!needle) continue;
    for (let at = haystack.indexOf(needle); at !== -1; at = haystack.indexOf(needle, at + needle.length)) {
      ranges.push([at, at + needle.length]);
    }
  }
  return ranges;
}
