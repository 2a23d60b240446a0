import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The extraction lexicons in `ingest/lexicon/*.txt`: plain text a librarian can edit.
 * One entry a line, `#` starts a comment; in alias files a line is
 * `canonical|alias|alias…` (the first form is the name used when the text writes none
 * of the longer forms; see `pickCanonical`).
 */

const here = dirname(fileURLToPath(import.meta.url));

// The same module runs from ingest/internal/ (tests, tsx) and from dist/ingest/internal/
// (built): look upward for the folder that holds the lexicon files.
function lexiconDir(): string {
  for (let d = here; ; d = dirname(d)) {
    const candidate = join(d, 'ingest', 'lexicon');
    if (existsSync(join(candidate, 'industries.txt'))) return candidate;
    if (dirname(d) === d) throw new Error(`ingest/lexicon/ not found above ${here}`);
  }
}

let dir: string | null = null;

/** Lines of a lexicon file, comments and blank lines removed, each split on `|`. */
export function readLexicon(name: string): string[][] {
  dir ??= lexiconDir();
  return readFileSync(join(dir, name), 'utf8')
    .split(/\r?\n/)
    .map((line) => line.replace(/#.*/, '').trim())
    .filter(Boolean)
    .map((line) => line.split('|').map((s) => s.trim()).filter(Boolean));
}

/** A lexicon read as a set of single words (every form on every line). */
export function readWordSet(name: string): Set<string> {
  return new Set(readLexicon(name).flatMap((forms) => forms.flatMap((f) => f.split(/\s+/))));
}
