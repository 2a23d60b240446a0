/**
 * Brute-force reference for the clause index: the query language evaluated by scanning
 * every clause's matching form with String.includes. Slow on purpose and written
 * without the index's data structures, so that tests and benchmarks can compare the
 * index against it (recall, precision, facets) and time it as the baseline.
 */
import type { DocumentRecord } from '../ingest/index.js';
import { matchFormOf } from '../lang/index.js';
import type { Filter, ParsedQuery } from '../search/index.js';

interface RefEntity {
  type: string;
  name: string;
  nameForm: string;
  aliasForms: string[];
}

interface RefClause {
  id: string;
  form: string;
  doc: RefDoc;
  entities: RefEntity[];
}

interface RefDoc {
  kind: string;
  year: number;
  issuers: string[];
  issuerForms: string[];
}

export class BruteForce {
  readonly clauses: RefClause[] = [];

  constructor(records: Iterable<DocumentRecord>) {
    for (const r of records) this.add(r);
  }

  add(r: DocumentRecord): void {
    const m = r.date ? /^(\d{4})/.exec(r.date) : null;
    const doc: RefDoc = { kind: r.kind, year: m ? Number(m[1]) : 0, issuers: r.issuers, issuerForms: r.issuers.map(matchFormOf) };
    const byClause = new Map<string, Map<string, RefEntity>>();
    for (const e of r.entities) {
      const ent: RefEntity = { type: e.type, name: e.name, nameForm: matchFormOf(e.name), aliasForms: e.aliases.map(matchFormOf) };
      for (const mention of e.mentions) {
        const set = byClause.get(mention.clauseId) ?? new Map<string, RefEntity>();
        set.set(e.id, ent);
        byClause.set(mention.clauseId, set);
      }
    }
    for (const c of r.clauses) {
      this.clauses.push({ id: c.id, form: matchFormOf(r.text.slice(c.start, c.end)), doc, entities: [...(byClause.get(c.id)?.values() ?? [])] });
    }
  }

  /** Every matching clause, in corpus order: a plain loop of String.includes over all clauses. */
  match(q: ParsedQuery): RefClause[] {
    const pass = q.filters.length || q.excludeFilters.length ? this.filterOf(q) : null;
    const { groups, exclude } = q;
    const only = groups.length === 1 && groups[0].length === 1 ? groups[0][0] : null;
    const out: RefClause[] = [];
    const clauses = this.clauses;
    next: for (let i = 0; i < clauses.length; i++) {
      const c = clauses[i];
      const form = c.form;
      if (only !== null) {
        if (!form.includes(only)) continue;
      } else {
        for (const g of groups) {
          let any = false;
          for (const t of g) if (form.includes(t)) any = true;
          if (!any) continue next;
        }
      }
      for (const t of exclude) if (form.includes(t)) continue next;
      if (pass && !pass(c)) continue;
      out.push(c);
    }
    return out;
  }

  ids(q: ParsedQuery): string[] {
    return this.match(q).map((c) => c.id);
  }

  /** Facet counts over all matches, unlimited. */
  facets(q: ParsedQuery): Record<string, Record<string, number>> {
    const f: Record<string, Record<string, number>> = { kind: {}, year: {}, issuer: {}, region: {}, program: {} };
    const bump = (field: string, k: string) => (f[field][k] = (f[field][k] ?? 0) + 1);
    for (const c of this.match(q)) {
      bump('kind', c.doc.kind);
      if (c.doc.year) bump('year', String(c.doc.year));
      for (const i of new Set(c.doc.issuers)) bump('issuer', i);
      for (const e of c.entities) if (e.type === 'region' || e.type === 'program') bump(e.type, e.name);
    }
    return f;
  }

  private filterOf(q: ParsedQuery): (c: RefClause) => boolean {
    const compiled = q.filters.map((g) => g.map((x) => this.predicate(x)));
    const excluded = q.excludeFilters.map((x) => this.predicate(x));
    return (c) => compiled.every((g) => g.some((p) => p(c))) && !excluded.some((p) => p(c));
  }

  // Same rules as the index: exact value, else (no value anywhere is exact) any value containing it.
  private predicate(f: Filter): (c: RefClause) => boolean {
    switch (f.field) {
      case 'kind':
        return (c) => c.doc.kind === f.value;
      case 'year':
        return (c) => c.doc.year >= f.from && c.doc.year <= f.to;
      case 'issuer': {
        const exact = this.clauses.some((c) => c.doc.issuerForms.includes(f.value));
        return (c) => c.doc.issuerForms.some((x) => (exact ? x === f.value : x.includes(f.value)));
      }
      default: {
        const all = this.clauses.flatMap((c) => c.entities.filter((e) => e.type === f.field));
        const byName = all.some((e) => e.nameForm === f.value);
        const byAlias = !byName && all.some((e) => e.aliasForms.includes(f.value));
        const ok = (e: RefEntity) =>
          e.type === f.field && (byName ? e.nameForm === f.value : byAlias ? e.aliasForms.includes(f.value) : e.nameForm.includes(f.value));
        return (c) => c.entities.some(ok);
      }
    }
  }
}

export interface DrawnQuery {
  /** what it tests: phrase, variant, and, or, exclude, filter, char */
  shape: string;
  query: string;
}

const QUOTES = /["“”＂]/;

/**
 * Random queries drawn from the clauses' own text (so most have matches): phrases of 2–12
 * characters (the original text, also rewritten as traditional characters, full-width or
 * with spaces), AND, OR and exclusion of two phrases, a phrase with a filter taken from
 * the clause's article or entities, and single characters. Every term is quoted, so any
 * text can be a term. Deterministic for a given `random`.
 */
export function drawQueries(records: DocumentRecord[], count: number, random: () => number, toTraditional: (s: string) => string): DrawnQuery[] {
  const clauses = records.flatMap((r) => r.clauses.map((c) => ({ r, c, text: r.text.slice(c.start, c.end) }))).filter((x) => x.text.length >= 2);
  const pick = <T>(a: T[]) => a[Math.floor(random() * a.length)];
  const phrase = (text: string, min = 2, max = 12): string | null => {
    const len = Math.min(text.length, min + Math.floor(random() * (max - min + 1)));
    const at = Math.floor(random() * (text.length - len + 1));
    const p = text.slice(at, at + len);
    return QUOTES.test(p) || !matchFormOf(p) ? null : p;
  };
  const shapes = ['phrase', 'phrase', 'variant', 'and', 'or', 'exclude', 'filter', 'char', 'filters'];
  const out: DrawnQuery[] = [];
  while (out.length < count) {
    const shape = shapes[out.length % shapes.length];
    const x = pick(clauses);
    const p = phrase(x.text);
    if (!p) continue;
    let query: string | null = null;
    switch (shape) {
      case 'phrase':
        query = `"${p}"`;
        break;
      case 'variant': {
        const how = Math.floor(random() * 3);
        const v = how === 0 ? toTraditional(p) : how === 1 ? toFullWidth(p) : [...p].join(random() < 0.5 ? ' ' : '　');
        query = QUOTES.test(v) ? null : `"${v}"`;
        break;
      }
      case 'and':
      case 'or':
      case 'exclude': {
        const y = random() < 0.6 ? x : pick(clauses);
        const q = phrase(y.text, 2, 4);
        if (!q) break;
        query = shape === 'and' ? `"${p}" "${q}"` : shape === 'or' ? `"${p}" OR "${q}"` : `"${phrase(x.text, 2, 3) ?? p}" -"${q}"`;
        break;
      }
      case 'filter': {
        const short = phrase(x.text, 2, 3);
        if (!short) break;
        const ents = x.r.entities.filter((e) => (e.type === 'region' || e.type === 'program') && e.mentions.some((m) => m.clauseId === x.c.id));
        const year = x.r.date?.slice(0, 4);
        const options = [`kind:${x.r.kind}`, ...(year ? [`year:${year}`] : []), ...ents.map((e) => `${e.type}:"${e.name}"`)];
        query = `"${short}" ${pick(options)}`;
        break;
      }
      case 'filters': {
        // Several filters: excluded, ORed (same or mixed fields), next to a short phrase.
        const short = phrase(x.text, 2, 2);
        const y = pick(clauses);
        if (!short) break;
        const optionsOf = (c: typeof x) => [
          `kind:${c.r.kind}`,
          ...(c.r.date ? [`year:${c.r.date.slice(0, 4)}`] : []),
          ...c.r.entities.filter((e) => (e.type === 'region' || e.type === 'program') && e.mentions.some((m) => m.clauseId === c.c.id)).map((e) => `${e.type}:"${e.name}"`),
          ...c.r.issuers.map((i) => `issuer:"${i}"`),
        ];
        const a = pick(optionsOf(x));
        const b = pick(optionsOf(y));
        const how = Math.floor(random() * 3);
        query = how === 0 ? `"${short}" -${b}` : how === 1 ? `"${short}" ${a} OR ${b}` : `"${short}" ${a} -${b}`;
        break;
      }
      case 'char': {
        const ch = [...p][0];
        query = QUOTES.test(ch) || !matchFormOf(ch) ? null : `"${ch}"`;
        break;
      }
    }
    if (query) out.push({ shape, query });
  }
  return out;
}

function toFullWidth(s: string): string {
  return s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/ /g, '　');
}
