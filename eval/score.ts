import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/**
 * Extraction scores of exported records against hand annotations (tests/gold), the same
 * measures as ../shared/tools/score.py: per entity type P/R/F1 over (type, canonical
 * name) sets per file, targets and cooperations matched one-to-one, article segmentation
 * by title similarity.
 */

export interface ExportedRecord {
  file: string;
  title: string | null;
  docNumber?: string | null;
  date?: string | null;
  entities: { name: string; type: string }[];
  targets: { text: string; year: number | null; quantity: string | null }[];
  relations: { type: string; from: string; to: string }[];
}

interface GoldFile {
  file: string;
  articles: { title: string | null; doc_number?: string | null; date?: string | null }[];
  entities: Record<string, string[]>;
  aliases?: Record<string, string | string[]>;
  targets?: { text: string; year: number | null; quantity: string | null }[];
  cooperations?: { a: string; b: string }[];
}

export interface ScoreRow {
  measure: string;
  p: number;
  r: number;
  f1: number;
  gold: number;
}

/** An entity the extraction missed or invented, for reading where the rules go wrong. */
export interface EntityError {
  file: string;
  type: string;
  name: string;
  kind: 'missed' | 'spurious';
}

export interface Scores {
  rows: ScoreRow[];
  entityErrors: EntityError[];
  articleFields: { titleExact: number; docNumber: number | null; date: number | null };
}

const PUNCT = /[\s“”"'‘’《》〈〉「」『』()（）【】[\]·•、，,。:：;；]/gu;

function norm(s: unknown): string {
  return s == null ? '' : String(s).normalize('NFKC').replace(PUNCT, '');
}

function bigrams(s: string): Set<string> {
  const n = norm(s);
  const out = new Set<string>();
  for (let i = 0; i + 1 < n.length; i++) out.add(n.slice(i, i + 2));
  if (!out.size) out.add(n);
  return out;
}

function dice(a: string | null, b: string | null): number {
  const x = bigrams(a ?? '');
  const y = bigrams(b ?? '');
  let both = 0;
  for (const g of x) if (y.has(g)) both++;
  return x.size && y.size ? (2 * both) / (x.size + y.size) : 0;
}

function prf(tp: number, npred: number, ngold: number): [number, number, number] {
  const p = npred ? tp / npred : ngold ? 0 : 1;
  const r = ngold ? tp / ngold : npred ? 0 : 1;
  return [p, r, p + r ? (2 * p * r) / (p + r) : 0];
}

/** One-to-one matching, best pairs first. */
function greedy(pairs: [number, number, number][]): number {
  const usedI = new Set<number>();
  const usedJ = new Set<number>();
  let n = 0;
  for (const [, i, j] of [...pairs].sort((a, b) => b[0] - a[0] || b[1] - a[1] || b[2] - a[2])) {
    if (usedI.has(i) || usedJ.has(j)) continue;
    usedI.add(i);
    usedJ.add(j);
    n++;
  }
  return n;
}

export function loadGold(dir: string): GoldFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')))
    .filter((g): g is GoldFile => typeof g === 'object' && g !== null && typeof g.file === 'string');
}

export function scoreExport(records: ExportedRecord[], gold: GoldFile[]): Scores {
  const byFile = new Map<string, ExportedRecord[]>();
  for (const r of records) {
    const k = basename(r.file ?? '');
    byFile.set(k, [...(byFile.get(k) ?? []), r]);
  }
  const ent = new Map<string, [number, number, number]>();
  const tgt: [number, number, number] = [0, 0, 0];
  const coop: [number, number, number] = [0, 0, 0];
  const entityErrors: EntityError[] = [];
  const art = { gold: 0, pred: 0, matched: 0, titled: 0, title: 0, docNumber: [0, 0], date: [0, 0] };

  for (const g of gold) {
    const recs = byFile.get(basename(g.file)) ?? [];
    const aliases = new Map<string, string[]>();
    for (const [k, v] of Object.entries(g.aliases ?? {})) aliases.set(norm(k), (Array.isArray(v) ? v : [v]).map(norm));
    const canon = (name: string, kind?: string) => {
      const n = norm(name);
      const out = aliases.get(n) ?? [n];
      return kind === 'region' ? out.map((x) => x.replace(/(?<=..)[省市]$/u, '')) : out;
    };

    art.gold += g.articles.length;
    art.pred += recs.length;
    const pairs: [number, number, number][] = [];
    g.articles.forEach((a, i) =>
      recs.forEach((r, j) => {
        if (!a.title) pairs.push([0.01, i, j]);
        else {
          const d = dice(a.title, r.title);
          if (d >= 0.5) pairs.push([d, i, j]);
        }
      }),
    );
    const usedI = new Set<number>();
    const usedJ = new Set<number>();
    for (const [, i, j] of [...pairs].sort((a, b) => b[0] - a[0] || b[1] - a[1] || b[2] - a[2])) {
      if (usedI.has(i) || usedJ.has(j)) continue;
      usedI.add(i);
      usedJ.add(j);
      art.matched++;
      const a = g.articles[i];
      const r = recs[j];
      if (a.title) {
        art.titled++;
        if (norm(a.title) === norm(r.title)) art.title++;
      }
      if (a.doc_number) {
        art.docNumber[1]++;
        if (norm(a.doc_number) === norm(r.docNumber)) art.docNumber[0]++;
      }
      if (a.date) {
        art.date[1]++;
        if (norm(a.date) === norm(r.date)) art.date[0]++;
      }
    }

    const gset = new Set<string>();
    for (const [t, names] of Object.entries(g.entities ?? {})) for (const n of names) for (const c of canon(n, t)) gset.add(`${t}\u0000${c}`);
    const pset = new Set<string>();
    for (const r of recs) for (const e of r.entities ?? []) for (const c of canon(e.name, e.type)) pset.add(`${e.type}\u0000${c}`);
    const types = new Set([...gset, ...pset].map((k) => k.split('\u0000')[0]));
    for (const t of types) {
      const gs = [...gset].filter((k) => k.startsWith(`${t}\u0000`));
      const ps = new Set([...pset].filter((k) => k.startsWith(`${t}\u0000`)));
      const tp = gs.filter((k) => ps.has(k)).length;
      const name = (k: string) => k.slice(t.length + 1);
      for (const k of gs) if (!ps.has(k)) entityErrors.push({ file: g.file, type: t, name: name(k), kind: 'missed' });
      const golden = new Set(gs);
      for (const k of ps) if (!golden.has(k)) entityErrors.push({ file: g.file, type: t, name: name(k), kind: 'spurious' });
      const row = ent.get(t) ?? [0, 0, 0];
      ent.set(t, [row[0] + tp, row[1] + ps.size, row[2] + gs.length]);
    }

    const gt = g.targets ?? [];
    const pt = recs.flatMap((r) => r.targets ?? []);
    const tpairs: [number, number, number][] = [];
    gt.forEach((a, i) =>
      pt.forEach((b, j) => {
        if ((a.year || null) !== (b.year || null)) return;
        const q = norm(a.quantity);
        if (q && !(q === norm(b.quantity) || norm(b.text).includes(q))) return;
        const s = dice(a.text, b.text);
        if (s >= 0.4) tpairs.push([s, i, j]);
      }),
    );
    tgt[0] += greedy(tpairs);
    tgt[1] += pt.length;
    tgt[2] += gt.length;

    const pairKey = (x: string, y: string) => [x, y].sort().join('\u0000');
    const gc = new Set<string>();
    for (const c of g.cooperations ?? []) for (const x of canon(c.a, 'region')) for (const y of canon(c.b, 'region')) gc.add(pairKey(x, y));
    const pc = new Set<string>();
    for (const r of recs) {
      for (const rel of r.relations ?? []) {
        if (rel.type !== 'COOPERATES_WITH') continue;
        const fx = String(rel.from).split(':').slice(1).join(':') || String(rel.from);
        const fy = String(rel.to).split(':').slice(1).join(':') || String(rel.to);
        for (const x of canon(fx, 'region')) for (const y of canon(fy, 'region')) pc.add(pairKey(x, y));
      }
    }
    coop[0] += [...gc].filter((k) => pc.has(k)).length;
    coop[1] += pc.size;
    coop[2] += gc.size;
  }

  const rows: ScoreRow[] = [];
  const row = (measure: string, tp: number, np: number, ng: number) => {
    const [p, r, f1] = prf(tp, np, ng);
    rows.push({ measure, p, r, f1, gold: ng });
  };
  let all: [number, number, number] = [0, 0, 0];
  for (const t of [...ent.keys()].sort()) {
    const [tp, np, ng] = ent.get(t)!;
    row(`entity:${t}`, tp, np, ng);
    all = [all[0] + tp, all[1] + np, all[2] + ng];
  }
  row('entity:ALL', ...all);
  row('targets', ...tgt);
  row('cooperations', ...coop);
  row('articles', art.matched, art.pred, art.gold);
  return {
    rows,
    entityErrors,
    articleFields: {
      titleExact: art.titled ? art.title / art.titled : 0,
      docNumber: art.docNumber[1] ? art.docNumber[0] / art.docNumber[1] : null,
      date: art.date[1] ? art.date[0] / art.date[1] : null,
    },
  };
}

/** Missed and spurious entities per type, names compared as the scores compare them. */
export function formatEntityErrors(errors: readonly EntityError[]): string {
  const lines: string[] = [];
  for (const type of [...new Set(errors.map((e) => e.type))].sort()) {
    for (const kind of ['missed', 'spurious'] as const) {
      const of = errors.filter((e) => e.type === type && e.kind === kind);
      if (of.length) lines.push(`${type} ${kind} (${of.length}): ${of.map((e) => e.name).join('、')}`);
    }
  }
  return lines.join('\n');
}

export function formatScores(s: Scores): string {
  const f = (x: number) => x.toFixed(3).padStart(6);
  const lines = [`${'measure'.padEnd(24)} ${'P'.padStart(6)} ${'R'.padStart(6)} ${'F1'.padStart(6)} ${'gold'.padStart(5)}`];
  for (const r of s.rows) lines.push(`${r.measure.padEnd(24)} ${f(r.p)} ${f(r.r)} ${f(r.f1)} ${String(r.gold).padStart(5)}`);
  const round = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);
  lines.push(`article fields: ${JSON.stringify({ title_exact: round(s.articleFields.titleExact), docNumber: round(s.articleFields.docNumber), date: round(s.articleFields.date) })}`);
  return lines.join('\n');
}
