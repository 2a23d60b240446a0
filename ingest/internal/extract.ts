import type { Segmenter } from '../../lang/index.js';
import { isPolicyName, policyName } from '../citations.js';
import { DOC_NUMBER } from './structure.js';
import type { Clause, Entity, EntityType, Relation, Target } from '../record.js';
import { brandOf, institutionsIn, type InstitutionRules } from './extract-institution.js';
import { industriesIn, type IndustryRules } from './extract-industry.js';
import { readLexicon, readWordSet } from './extract-lexicon.js';
import { personsIn, type PersonRules } from './extract-person.js';
import { programsIn, type ProgramRules } from './extract-program.js';
import { relationsOf, type Found } from './extract-relation.js';
import { extractTargets } from './extract-target.js';
import { tagClause, type Candidate, type ClauseView } from './extract-tokens.js';
import { Gazetteer, lexiconGazetteer, provinceRuns, regionGazetteer, type GazetteerMatch, type RegionLevel } from './gazetteer.js';

export interface Extraction {
  entities: Entity[];
  targets: Target[];
  relations: Relation[];
}

export interface ExtractContext {
  segmenter: Segmenter;
  /** article id, for ISSUED_BY and CITES edges */
  docId: string;
  issuers: string[];
  /** bylines: always persons */
  authors: string[];
}

interface Lexicons {
  regions: Gazetteer;
  parentOf: Map<string, string>;
  levelOf: Map<string, RegionLevel>;
  terms: Gazetteer;
  abbreviations: Map<string, string>;
  abbreviationGazetteer: Gazetteer;
  genericInstitutions: Set<string>;
  industryStop: Set<string>;
  surnames: Set<string>;
}

let lexicons: Lexicons | null = null;

function loadLexicons(segmenter: Segmenter): Lexicons {
  if (!lexicons) {
    const isPlaceWord = (w: string) => {
      const tags = segmenter.tag(w);
      return tags.length === 1 && tags[0].tag === 'ns';
    };
    const { gazetteer, parentOf, levelOf } = regionGazetteer(isPlaceWord);
    const abbreviations = new Map(readLexicon('abbreviations.txt').map(([short, full]) => [short, full]));
    const abbreviationGazetteer = new Gazetteer();
    for (const short of abbreviations.keys()) abbreviationGazetteer.add({ surface: short, type: 'institution', canonical: [short] });
    lexicons = {
      regions: gazetteer,
      parentOf,
      levelOf,
      terms: lexiconGazetteer(),
      abbreviations,
      abbreviationGazetteer,
      genericInstitutions: readWordSet('generic-institutions.txt'),
      industryStop: readWordSet('industry-stop.txt'),
      surnames: readWordSet('surnames.txt'),
    };
  }
  return lexicons;
}

/** Type ranks for candidates of equal length: the more specific recogniser wins. */
const RANK: Record<EntityType, number> = { policy_document: 6, person: 5, institution: 4, program: 3, region: 2, industry: 1 };

/** （国发〔2019〕4号） right after a cited title: the number it was issued under */
const CITED_DOC_NUMBER = new RegExp(`^》\\s*[（(]\\s*(${DOC_NUMBER.source})`);
const INSTITUTION_LIKE = /(?:学院|大学|中心|研究院|实验室)$/;
const REFERENCES_HEADING = /^(?:参考文献|参考资料|引用文献|References|REFERENCES)\s*[:：]?$/;
/** One entry of a reference list: "[3] 徐林. 经济集聚…[D]." */
const REFERENCE_ENTRY = /^[-\s]*[[［]\d{1,3}[\]］]\s*[^。]{0,120}?\[(?:J|D|M|N|C|R|Z|EB\/OL|S|P)\]/;
/** A parenthetical citation: （潘文卿,2012）, （中共中央…编译局，2009,p.875.） */
const CITATION = /[（(][^（）()]{1,60}?[,，]\s*(?:19|20)\d{2}[^（）()]{0,20}[）)]/g;
/** Written short forms of a body's full name: the group key that joins them (重庆市教委 ~ 重庆市教育委员会). */
const ABBREVIATED_FULL_FORMS: [RegExp, string][] = [
  [/^(.+[市省])教委$/, '$1教育委员会'],
  [/^(.+[省市县区])政府$/, '$1人民政府'],
];

/**
 * Entities, targets and relations of one article, every fact with its clause and span.
 * Each clause is tagged by jieba once; the recognisers (lexicons, region gazetteer,
 * institution suffix grammar, program patterns, industry patterns, person contexts)
 * propose candidates and the longest non-overlapping ones are kept.
 * @example extractKnowledge(text, clauses, { segmenter, docId, issuers: [], authors: [] }).entities
 */
export function extractKnowledge(text: string, clauses: Clause[], ctx: ExtractContext): Extraction {
  const lx = loadLexicons(ctx.segmenter);
  // regions per clause, once: the article's places (for short forms and 市教委) come from them
  const regionMatches = clauses.map((c) => {
    const clause = text.slice(c.start, c.end);
    const matches = lx.regions.match(clause);
    // a run the gazetteer names as a whole (京津冀) stays that region
    for (const r of provinceRuns(clause)) if (!matches.some((m) => m.start === r.start && m.end === r.end)) matches.push(r);
    return matches;
  });
  // the places written out (a short form that needs its province's name is not), in one
  // loop: flat() and flatMap() of small arrays cost more than the matches they copy
  const written: GazetteerMatch[] = [];
  const named = new Set<string>();
  for (const matches of regionMatches) {
    for (const m of matches) {
      if (m.context) continue;
      written.push(m);
      if (m.group) named.add(m.group);
      else for (const name of m.canonical) named.add(name);
    }
  }
  const place = dominantPlaces(written, lx.levelOf);
  // bylines from the metadata, when they look like names (a heading fragment is no author)
  const bylines = ctx.authors.filter((a) => looksLikeName(a, lx.surnames));
  const found: Found[] = [];
  const views: ClauseView[] = [];
  /** where each view's clause is in `clauses` */
  const clauseIndex: number[] = [];
  let inReferences = false;
  // Every clause is tagged before any is read: jieba's tables stay in the CPU caches from
  // one clause to the next, instead of being evicted by the recognisers in between.
  for (const [i, clause] of clauses.entries()) {
    const s = text.slice(clause.start, clause.end);
    const next = clauses[i + 1];
    const gap = next ? text.slice(clause.end, next.start) : null;
    // the reference list and its entries are not annotated: people and bodies cited there
    // are the literature, not the policy's actors
    if (REFERENCES_HEADING.test(s)) inReferences = true;
    if (inReferences || REFERENCE_ENTRY.test(s)) continue;
    const view: ClauseView = { id: clause.id, offset: clause.start, text: s, tokens: tagClause(ctx.segmenter, s) };
    if (gap !== null && gap.trim() === '') view.followingGap = gap.length;
    views.push(view);
    clauseIndex.push(i);
  }
  for (const [v, view] of views.entries()) {
    const i = clauseIndex[v];
    const clause = clauses[i];
    const s = view.text;
    const mayCite = (s.includes('（') || s.includes('(')) && (s.includes('，') || s.includes(','));
    const citations = (mayCite ? [...s.matchAll(CITATION)] : []).map((m): [number, number] => [m.index!, m.index! + m[0].length]);
    const proposed = candidatesIn(view, lx, bylines, named, place, regionMatches[i]);
    const candidates = citations.length ? proposed.filter((c) => !overlapsSpan(citations, c.start, c.end)) : proposed;
    const kept = resolveOverlaps(candidates);
    for (const c of [...kept]) {
      for (const r of c.partners ?? []) kept.push({ type: 'region', start: r.start, end: r.end, canonical: r.canonical, group: r.group, rank: 2, jointWith: `${c.start}` });
    }
    // bodies named inside a cited title are mentioned too (《中共中央办公厅国务院办公厅印发〈…〉的通知》)
    for (const t of kept.filter((c) => c.type === 'policy_document')) {
      for (const m of lx.terms.match(s.slice(t.start, t.end))) {
        if (m.type === 'institution') kept.push({ type: 'institution', start: t.start + m.start, end: t.start + m.end, canonical: m.canonical, group: m.group, rank: 8 });
      }
    }
    for (const c of kept) {
      found.push({
        type: c.type,
        canonical: c.canonical,
        group: c.group,
        surface: s.slice(c.start, c.end),
        start: clause.start + c.start,
        end: clause.start + c.end,
        clauseId: clause.id,
        role: c.role,
        joint: c.jointWith ? `${clause.id}@${c.jointWith}` : undefined,
      });
    }
  }
  const brands = brandMentions(found, views);
  if (brands.length) {
    found.push(...brands);
    found.sort((a, b) => a.start - b.start);
  }
  const entities = toEntities(found);
  addCitedDocNumbers(text, entities);
  return {
    entities,
    targets: extractTargets(
      views,
      found.filter((f) => f.type === 'program' || f.type === 'institution').map((f) => ({ id: entityId(f.type, f.canonical[0]), clauseId: f.clauseId, start: f.start, end: f.end })),
    ),
    relations: relationsOf(found, entities, views, { docId: ctx.docId, issuers: ctx.issuers, parentOf: lx.parentOf, place }),
  };
}

/**
 * Once an article has named a brand's company (赛力斯汽车), the brand alone is that company
 * wherever jieba finds it as an unknown word (2024年，赛力斯将加强…合作).
 */
function brandMentions(found: Found[], views: ClauseView[]): Found[] {
  const companies = new Map<string, Found>();
  for (const f of found) {
    const brand = f.type === 'institution' ? brandOf(f.surface) : null;
    if (brand && !companies.has(brand)) companies.set(brand, f);
  }
  if (!companies.size) return [];
  const out: Found[] = [];
  for (const view of views) {
    for (const t of view.tokens) {
      const company = t.tag === 'x' ? companies.get(t.word) : undefined;
      if (!company) continue;
      const start = view.offset + t.start;
      const end = view.offset + t.end;
      if (found.some((f) => f.clauseId === view.id && f.start < end && start < f.end)) continue;
      out.push({ ...company, surface: t.word, start, end, clauseId: view.id, joint: undefined, role: undefined });
    }
  }
  return out;
}

/** Whether the text's word at the end of [start, end) begins inside it and runs past it. */
function runsPast(tokens: ClauseView['tokens'], start: number, end: number): boolean {
  const last = tokens.find((t) => t.start < end && end < t.end);
  return last !== undefined && last.start >= start;
}

/** A cited policy's 发文字号, where the text gives it, is an alias: articles are found by it too. */
function addCitedDocNumbers(text: string, entities: Entity[]): void {
  for (const e of entities) {
    if (e.type !== 'policy_document') continue;
    for (const m of e.mentions) {
      const number = CITED_DOC_NUMBER.exec(text.slice(m.end, m.end + 40))?.[1]?.replace(/\s+/g, '');
      if (number && !e.aliases.includes(number)) e.aliases.push(number);
    }
  }
}

interface Places {
  city: string | null;
  province: string | null;
}

/** The municipality / city and the province an article is about: its most-named ones. */
function dominantPlaces(matches: { canonical: string[]; group?: string }[], levelOf: Map<string, RegionLevel>): Places {
  const counts = new Map<string, number>();
  for (const m of matches) {
    if (m.canonical.length !== 1) continue;
    const name = m.group ?? m.canonical[0];
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const top = (levels: RegionLevel[]) => {
    let best: string | null = null;
    let n = 0;
    for (const [name, c] of counts) {
      if (levels.includes(levelOf.get(name) ?? 'other') && c > n) {
        best = name;
        n = c;
      }
    }
    return best;
  };
  return { city: top(['municipality', 'city']), province: top(['province']) };
}

/** `bylines`: the article's authors that look like names, found in the clause as persons. */
function candidatesIn(view: ClauseView, lx: Lexicons, bylines: string[], named: Set<string>, place: Places, regionMatches: GazetteerMatch[]): Candidate[] {
  const s = view.text;
  const out: Candidate[] = [];
  // every candidate has the same fields, set or undefined: the code reading them sees one shape
  const add = (type: EntityType, start: number, end: number, canonical: string[], extra: Partial<Candidate> = {}) =>
    out.push({ type, start, end, canonical, rank: extra.rank ?? RANK[type], group: extra.group, forced: extra.forced, partners: extra.partners, role: extra.role });

  for (const author of bylines) {
    for (let i = s.indexOf(author); i >= 0; i = s.indexOf(author, i + author.length)) add('person', i, i + author.length, [author], { rank: 9 });
  }
  for (const m of s.includes('《') ? s.matchAll(/《([^《》]{2,80})》/g) : []) {
    const title = policyName(m[1]);
    if (isPolicyName(title)) add('policy_document', m.index! + 1, m.index! + m[0].length - 1, [title], { rank: 10 });
  }
  // Regions first: the other recognisers use them as proper elements of names.
  const regionSpans: [number, number][] = [];
  for (const m of regionMatches) {
    if (s[m.end] === '域' && s[m.end - 1] === '区') continue; // 新兴区域 is not 新兴区
    if (m.context && !named.has(m.context)) continue;
    add('region', m.start, m.end, m.canonical, { group: m.group });
    regionSpans.push([m.start, m.end]);
  }
  // industries from the lexicon go through the industry recogniser (compounds, modifiers)
  const termMatches = lx.terms.match(s);
  for (const m of termMatches) {
    if (m.type === 'industry') continue;
    // 教育部门 (education departments) is a word of its own, not 教育部 + 门
    if (m.type === 'institution' && runsPast(view.tokens, m.start, m.end)) continue;
    // 中欧班列（成渝）: a place in parentheses right after a program is part of its written name
    const paren = m.type === 'program' ? s.slice(m.end).match(/^[（(]([\u4e00-\u9fa5]{2,6})[）)]/) : null;
    if (paren && regionMatches.some((r) => r.start === m.end + 1 && r.end === m.end + 1 + paren[1].length)) {
      add(m.type, m.start, m.end + paren[0].length, [s.slice(m.start, m.end + paren[0].length)], { group: m.group, rank: 8 });
    } else add(m.type, m.start, m.end, m.canonical, { group: m.group, rank: 8 });
  }
  // 四川省委省政府 / 市委市政府: two bodies written as one compound
  // (the pattern opens with an optional group and is tried at every position: look for 委 and 政府 first)
  const compounds = s.includes('委') && s.includes('政府') ? s.matchAll(/([\u4e00-\u9fa5]{2,4}?)?(省|市|县|区)委(省|市|县|区)(人民)?政府/g) : [];
  for (const m of compounds) {
    const region = m[1] && lx.regions.match(m[1]).some((r) => r.start === 0 && r.end === m[1].length) ? m[1] : '';
    const at = m.index! + (m[1] && !region ? m[1].length : 0);
    const split = at + region.length + 2;
    const where = m[2] === '市' ? place.city : place.province;
    const committee = region ? `${region}${m[2]}委` : where ? `${where}${m[2]}委` : `${m[2]}委`;
    const government = region ? `${region}${m[3]}政府` : where ? `${where}${m[3]}人民政府` : `${m[3]}政府`;
    add('institution', at, split, [committee], { group: committee, rank: 20, forced: true });
    add('institution', split, m.index! + m[0].length, [government], { group: normaliseBodyName(government), rank: 20, forced: true });
  }
  for (const m of lx.abbreviationGazetteer.match(s)) {
    const full = lx.abbreviations.get(m.surface)!;
    const where = full.includes('{city}') ? place.city : place.province;
    // 市委 inside 重庆市委 is not an abbreviation: the place is written
    if (m.start > 0 && /[\u4e00-\u9fa5]/.test(s[m.start - 1]) && lx.regions.match(s.slice(Math.max(0, m.start - 4), m.start)).some((r) => r.end === Math.min(4, m.start))) continue;
    const name = where ? full.replace(/\{city\}|\{province\}/, where) : m.surface;
    add('institution', m.start, m.end, [name], { group: name, rank: 7 });
  }
  for (const m of s.includes('我') ? s.matchAll(/我(市|省)/g) : []) {
    const where = m[1] === '市' ? place.city : place.province;
    if (where) add('region', m.index!, m.index! + 2, [where], { group: where });
  }
  const knownSpans: [number, number][] = [...regionSpans];
  for (const c of out) if (c.type !== 'region' && c.type !== 'industry') knownSpans.push([c.start, c.end]);
  const instRules = new InstitutionNames(s, knownSpans, regionMatches, lx);
  for (const m of institutionsIn(view, instRules)) {
    const key = normaliseBodyName(m.name);
    add('institution', m.start, m.end, [m.name], { group: key });
  }
  const progRules = new ProgramNames(knownSpans, out.filter((c) => c.type === 'program'));
  for (const m of programsIn(view, progRules)) {
    // a joint name (川西、渝西教育共同体) names the places it joins, and their cooperation
    const partners = (m.parts ?? []).flatMap(([a, b]) => regionMatches.filter((r) => r.start === a && r.end === b));
    add(m.type, m.start, m.end, [m.name], { group: m.group, rank: m.rank ?? RANK.program, partners: partners.length >= 2 ? partners : undefined });
  }
  const indRules = new IndustryNames(lx, regionSpans, termMatches);
  for (const m of industriesIn(view, indRules)) add('industry', m.start, m.end, [m.name], { group: m.group });
  const personRules: PersonRules = { surnames: lx.surnames };
  for (const m of personsIn(view, personRules)) add('person', m.start, m.end, [m.name], { role: m.role });
  return out;
}

// The rules the institution and program recognisers ask of a clause's known names are
// classes, not objects of closures: the recognisers run on every clause, and a handful of
// closures per clause cost more to make than the few questions asked of them.

/** What the institution recogniser asks of the names a clause already knows. */
class InstitutionNames implements InstitutionRules {
  readonly generic: Set<string>;
  // made on first use: most clauses name no body
  private knownNames: [number, number][] | null = null;
  private collectiveWords: Set<string> | null = null;

  constructor(
    private readonly text: string,
    private readonly knownSpans: [number, number][],
    private readonly regionMatches: GazetteerMatch[],
    private readonly lx: Lexicons,
  ) {
    this.generic = lx.genericInstitutions;
  }

  isKnownName(a: number, b: number): boolean {
    // a known program that is itself a kind of body (现代产业学院) is no proper element of one
    this.knownNames ??= this.knownSpans.filter(([x, y]) => !INSTITUTION_LIKE.test(this.text.slice(x, y)));
    return overlapsSpan(this.knownNames, a, b);
  }

  /**
   * Places that stand for several (川渝, 长三角, 西部地区): before a generic head they make it
   * plural (川渝政府), where one city or province names its body (长沙市人民政府).
   */
  isCollectivePlace(word: string): boolean {
    this.collectiveWords ??= collectivePlaceWords(this.text, this.regionMatches, this.lx.levelOf);
    return this.collectiveWords.has(word) || /^(?:两地|两省市|地区|各地|当地)$/.test(word);
  }
}

/** What the program recogniser asks of the names a clause already knows (a handful: scans, no index). */
class ProgramNames implements ProgramRules {
  constructor(
    private readonly knownSpans: [number, number][],
    private readonly knownPrograms: Candidate[],
  ) {}

  isKnownName(a: number, b: number): boolean {
    return overlapsSpan(this.knownSpans, a, b);
  }

  isKnownProgram(a: number, b: number): boolean {
    return this.knownPrograms.some((c) => c.start === a && c.end === b);
  }

  properStartIn(a: number, b: number): number {
    let first = -1;
    for (const [x] of this.knownSpans) if (x >= a && x < b && (first < 0 || x < first)) first = x;
    return first;
  }

  knownEndAt(a: number): number | undefined {
    let end: number | undefined;
    for (const [x, y] of this.knownSpans) if (x === a && (end === undefined || y > end)) end = y;
    return end;
  }
}

/** What the industry recogniser asks of a clause: its places, and the lexicon's matches. */
class IndustryNames implements IndustryRules {
  readonly stop: Set<string>;
  readonly lexicon: Gazetteer;

  constructor(
    lx: Lexicons,
    private readonly regionSpans: [number, number][],
    readonly matches: GazetteerMatch[],
  ) {
    this.stop = lx.industryStop;
    this.lexicon = lx.terms;
  }

  isRegion(a: number, b: number): boolean {
    return overlapsSpan(this.regionSpans, a, b);
  }
}

/** Whether [a, b) overlaps one of the spans. */
function overlapsSpan(spans: readonly (readonly [number, number])[], a: number, b: number): boolean {
  for (const [x, y] of spans) if (a < y && x < b) return true;
  return false;
}

/** The written forms of the clause's places that stand for several (川渝, 长三角) or for no division (西部地区). */
function collectivePlaceWords(s: string, regionMatches: GazetteerMatch[], levelOf: Map<string, RegionLevel>): Set<string> {
  const words = new Set<string>();
  for (const m of regionMatches) {
    if (m.canonical.length >= 2 || !levelOf.has(m.canonical[0])) words.add(s.slice(m.start, m.end));
  }
  return words;
}

function looksLikeName(s: string, surnames: Set<string>): boolean {
  if (/[·•]/.test(s)) return true;
  if (!/^[\u4e00-\u9fa5]{2,4}$/.test(s)) return /^[A-Za-z][A-Za-z .'-]+$/.test(s);
  return surnames.has(s[0]) || surnames.has(s.slice(0, 2));
}

/** 重庆市教委 → 重庆市教育委员会, 重庆市政府 → 重庆市人民政府: the key that groups a body's written forms. */
function normaliseBodyName(name: string): string {
  for (const [re, to] of ABBREVIATED_FULL_FORMS) if (re.test(name) && !name.endsWith('人民政府')) return name.replace(re, to);
  return name;
}

/** Longest first, then the higher rank; a kept span blocks every span it overlaps. */
function resolveOverlaps(candidates: Candidate[]): Candidate[] {
  const sorted = [...candidates].sort((a, b) => Number(!!b.forced) - Number(!!a.forced) || b.end - b.start - (a.end - a.start) || b.rank - a.rank || a.start - b.start);
  const kept: Candidate[] = [];
  for (const c of sorted) {
    if (kept.some((k) => c.start < k.end && k.start < c.end)) continue;
    kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}

function entityId(type: EntityType, name: string): string {
  return `${type}:${name}`;
}

/**
 * Mentions → entities. Mentions of one alias group are one entity named by the fullest
 * form the article writes (教育部 and 中华人民共和国教育部 → the latter when both occur).
 */
function toEntities(found: Found[]): Entity[] {
  // keyed per type by group and by name: no key string is built per mention
  const nameOfGroup = new Map<EntityType, Map<string, string>>();
  for (const f of found) {
    if (!f.group) continue;
    let names = nameOfGroup.get(f.type);
    if (!names) nameOfGroup.set(f.type, (names = new Map()));
    const name = f.canonical[0];
    const cur = names.get(f.group);
    if (!cur || name.length > cur.length) names.set(f.group, name);
  }
  const byId = new Map<string, Entity>();
  const byName = new Map<EntityType, Map<string, Entity>>();
  for (const f of found) {
    const names = f.group ? [nameOfGroup.get(f.type)!.get(f.group)!] : f.canonical;
    f.canonical = names;
    let entityOf = byName.get(f.type);
    if (!entityOf) byName.set(f.type, (entityOf = new Map()));
    for (const name of names) {
      let e = entityOf.get(name);
      if (!e) {
        const id = entityId(f.type, name);
        e = { id, name, type: f.type, aliases: [], mentions: [] };
        entityOf.set(name, e);
        byId.set(id, e);
      }
      if (f.surface !== name && !e.aliases.includes(f.surface)) e.aliases.push(f.surface);
      if (f.role && !e.role) e.role = f.role;
      e.mentions.push({ start: f.start, end: f.end, clauseId: f.clauseId });
    }
  }
  return [...byId.values()].sort((a, b) => a.mentions[0].start - b.mentions[0].start || a.id.localeCompare(b.id));
}
