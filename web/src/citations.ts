/**
 * Matching a cited policy (a `policy_document` entity, named as in 《…》) to an article of
 * the corpus by title. A citation matches an article whose title is the cited name, or
 * whose title publishes it (关于印发《X》的通知 is where the text of X lives). Titles are
 * compared without spaces, book-title marks, quotes and brackets, so 〈〉 inside a name
 * and a space in a title do not get in the way.
 */

export interface TitledDocument {
  id: string;
  title: string | null;
}

/** The comparable form of a title. */
export function normalizeTitle(title: string): string {
  return title
    .normalize('NFKC')
    .replace(/[\s《》〈〉<>“”"'‘’「」『』()（）［］\[\]【】·•、，,：:；;。.！!？?]/g, '')
    .toLowerCase();
}

/** The names inside 《…》 in a title. */
function publishedNames(title: string): string[] {
  return [...title.matchAll(/《([^《》]+)》/g)].map((m) => normalizeTitle(m[1]!));
}

/** Shortest cited name compared at all: two-character names (《通知》) match too much. */
export const MIN_CITATION_CHARS = 4;

/**
 * The corpus articles a cited policy refers to, best first: exact titles, then articles
 * that publish it. Empty when nothing matches.
 *
 * @example findCitedDocuments(['深化…实施方案'], docs) // [{ id: 'edb5…-0', title: '…关于印发《深化…实施方案》的通知' }]
 */
export function findCitedDocuments<D extends TitledDocument>(names: readonly string[], documents: Iterable<D>): D[] {
  const wanted = new Set(names.map(normalizeTitle).filter((name) => name.length >= MIN_CITATION_CHARS));
  if (wanted.size === 0) return [];
  const exact: D[] = [];
  const publishing: D[] = [];
  for (const doc of documents) {
    if (!doc.title) continue;
    if (wanted.has(normalizeTitle(doc.title))) exact.push(doc);
    else if (publishedNames(doc.title).some((name) => wanted.has(name))) publishing.push(doc);
  }
  return [...exact, ...publishing];
}
