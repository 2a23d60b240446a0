/**
 * Scaled source files for the ingest benchmark: N× corpus/ written as real files, so that
 * the whole pipeline (reader included) runs on them. bench/scale-corpus.ts scales records,
 * which skips reading, cleaning and extraction; this scales the bytes.
 *
 * Copy 0 is corpus/ as it is. Copy k ≥ 1 holds every seed file with every place name the
 * seed records mention (regions, their aliases) replaced by a place of the GB/T 2260
 * gazetteer, chosen per copy and name as scale-corpus.ts does — so the vocabulary grows
 * with N (places, and the bodies named after them: 重庆市教育委员会 → 绵阳市教育委员会),
 * and every copy has its own content hash, hence its own document ids.
 * Deterministic for a given seed corpus, factor and seed.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentRecord } from '../ingest/index.js';
import { gazetteerNames, placeRenamer, seedPlacePattern } from './scale-corpus.js';

const SEED_CORPUS = new URL('../corpus/', import.meta.url);

export interface ScaledSources {
  dir: string;
  files: string[];
  /** total size of the files */
  bytes: number;
}

/**
 * Writes the N× corpus into `dir` (emptied first): `<copy>-<seed file name>` per file.
 * `seeds` are the records of corpus/ (their region entities give the names to replace).
 * @throws Error when two copies come out identical (they would share document ids)
 */
export function writeScaledSources(dir: string, seeds: readonly DocumentRecord[], factor: number, seed = 1): ScaledSources {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const sources = readdirSync(SEED_CORPUS)
    .sort()
    .map((name) => ({ name, text: readFileSync(new URL(name, SEED_CORPUS), 'utf8') }));
  const pattern = seedPlacePattern(seeds);
  const places = gazetteerNames();
  const files: string[] = [];
  const seen = new Set<string>();
  let bytes = 0;
  for (let k = 0; k < factor; k++) {
    const { rename } = placeRenamer(places, seed, k);
    for (const { name, text } of sources) {
      const out = k === 0 || !pattern ? text : text.replace(pattern, rename);
      if (seen.has(out)) throw new Error(`scaled copy ${k} of ${name} repeats another file; its articles would share ids`);
      seen.add(out);
      const file = `${String(k).padStart(3, '0')}-${name}`;
      const data = Buffer.from(out, 'utf8');
      writeFileSync(join(dir, file), data);
      files.push(file);
      bytes += data.length;
    }
  }
  return { dir, files, bytes };
}
