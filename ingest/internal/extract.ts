import type { Segmenter } from '../../lang/index.js';
import type { Clause, Entity, EntityType, Relation, Target } from '../record.js';
import { Gazetteer, lexiconGazetteer, regionGazetteer } from './gazetteer.js';

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

interface Found {
  type: EntityType;
  canonical: string[];
  surface: string;
  start: number;
  end: number;
  clauseId: string;
}

let lexicons: { regions: Gazetteer; parentOf: Map<string, string>; terms: Gazetteer } | null = null;

function loadLexicons(segmenter: Segmenter) {
  if (!lexicons) {
    const isPlaceWord = (w: string) => {
      const tags = segmenter.tag(w);
      return tags.length === 1 && tags[0].tag === 'ns';
    };
    const { gazetteer, parentOf } = regionGazetteer(isPlaceWord);
    lexicons = { regions: gazetteer, parentOf, terms: lexiconGazetteer() };
  }
  return lexicons;
}

/** Words that end a name on the left: an institution never spans them (重庆海事局与洋浦海事局 → two). */
const NAME_BREAK = /[\s，。、；：:,.;！？!?“”"‘’（）()《》〈〉【】\[\]与和及或同等的在是由为对将把从向于以并且而了着被让给跟—-]/;
const INSTITUTION_SUFFIX =
  /(?:大学|学院|职业学院|技术学院|研究院|研究所|研究中心|委员会|教委|教育厅|政府|(?<![布格大全结当开骗终时变败平残僵胜])局|厅|公司|集团|协会|学会|联盟|联合会|银行|医院|党校|中学|小学|学校|办公室|管理委员会|管委会|工委)$/;
const GENERIC_INSTITUTIONS = new Set(['高校', '企业', '政府', '学校', '学院', '大学', '公司', '地方政府', '各级政府', '职业学校', '研究院', '研究中心', '委员会', '本科院校', '高等学校', '职业院校', '办公室', '市政府', '区县政府', '人民政府', '联盟', '协会', '中学', '小学', '医院', '银行', '集团', '党校', '局', '厅']);
const NAME_LEAD =
  /^(?:\d+|再例如|例如|比如|如|但|但本研究|依托|作者系|作者单位|文献来源|来源|建立|强化|推动|形成|推进|围绕|加入|支持|引导|鼓励|联合|通过|其中|包括|经|由|在|向|从|对|与|和|及|同|其)+/;
const POLICY_TITLE_END = /(?:法|条例|规划|纲要|方案|意见|通知|办法|决定|规定|计划|细则|指南|目录|清单|措施|标准|决议|公报|建议|战略|政策)$/;
const COOPERATION_CUE = /合作|共建|签署|联合|协同|对接|互认|携手|结对|共享|共同/;
const MAX_ENTITIES_PER_CLAUSE = 12; // bounds CO_OCCURS pairs per clause

/**
 * Entities, targets and relations of one article, every fact with its clause and span.
 * Gazetteers (regions from GB/T 2260, programs, institutions, industries), suffix rules
 * for institutions, 《》 titles for policy documents and jieba's person tags.
 */
export function extractKnowledge(text: string, clauses: Clause[], ctx: ExtractContext): Extraction {
  const { regions, parentOf, terms } = loadLexicons(ctx.segmenter);
  const found: Found[] = [];
  const named = new Set(regions.match(text).filter((m) => !m.context).flatMap((m) => m.canonical));
  const mentionsRegion = (name: string) => named.has(name);
  for (const clause of clauses) {
    const s = text.slice(clause.start, clause.end);
    const at = (start: number, end: number, type: EntityType, canonical: string[]) =>
      found.push({ type, canonical, surface: s.slice(start, end), start: clause.start + start, end: clause.start + end, clauseId: clause.id });
    const taken: [number, number][] = [];
    const free = (a: number, b: number) => !taken.some(([x, y]) => a < y && x < b);
    const take = (a: number, b: number, type: EntityType, canonical: string[]) => {
      if (!free(a, b)) return;
      taken.push([a, b]);
      at(a, b, type, canonical);
    };
    for (const author of ctx.authors) {
      for (let i = s.indexOf(author); i >= 0; i = s.indexOf(author, i + author.length)) take(i, i + author.length, 'person', [author]);
    }
    for (const m of s.matchAll(/《([^《》]{2,80})》/g)) {
      const title = m[1].replace(/[〈〉<>]/g, '');
      if (POLICY_TITLE_END.test(title)) take(m.index! + 1, m.index! + m[0].length - 1, 'policy_document', [title]);
    }
    for (const m of institutionsIn(s)) take(m.start, m.end, 'institution', [m.name]);
    for (const m of terms.match(s)) take(m.start, m.end, m.type, m.canonical);
    for (const m of regions.match(s)) {
      if (s[m.end] === '域' && s[m.end - 1] === '区') continue; // 新兴区域 is not 新兴区
      if (m.context && !mentionsRegion(m.context)) continue;
      take(m.start, m.end, m.type, m.canonical);
    }
    for (const m of s.matchAll(/[“"]([^“”"]{2,20}?(?:计划|工程|行动|工坊|战略|布局|体系|平台|项目|联合体|共同体|通道))[”"]/g)) {
      take(m.index! + 1, m.index! + m[0].length - 1, 'program', [m[1]]);
    }
    let pos = 0;
    for (const w of ctx.segmenter.tag(s)) {
      const start = s.indexOf(w.word, pos);
      if (start < 0) continue;
      pos = start + w.word.length;
      if (isPersonName(w.word, w.tag, s.slice(Math.max(0, start - 6), start), s.slice(pos, pos + 2), ctx.authors)) {
        take(start, pos, 'person', [w.word]);
      }
    }
  }
  const entities = toEntities(found);
  return {
    entities,
    targets: extractTargets(text, clauses),
    relations: relationsOf(found, entities, ctx, parentOf, new Map(clauses.map((c) => [c.id, { start: c.start, text: text.slice(c.start, c.end) }]))),
  };
}

/** Between two parties that act together there is only a connective: 重庆海事局与洋浦海事局, 福建和重庆. */
const PARTY_JOINER = /^(?:与|和|及|以及|同|跟|、|-|—|–)$/;

/**
 * Parties that cooperate in a clause with a cooperation cue: mentions chained by
 * connectives (A与B, A、B和C), and pair names that hold two parties (川渝, 闽渝).
 */
function cooperatingGroups(list: Found[], text: string, clauseStart: number): string[][] {
  const parties = list
    .filter((f) => f.type === 'region' || f.type === 'institution')
    .sort((a, b) => a.start - b.start);
  const groups: string[][] = [];
  let chain: Found[] = [];
  const close = () => {
    const ids = [...new Set(chain.flatMap((f) => f.canonical.map((n) => entityId(f.type, n))))];
    if (ids.length >= 2) groups.push(ids);
    chain = [];
  };
  for (const f of parties) {
    const prev = chain[chain.length - 1];
    const between = prev ? text.slice(prev.end - clauseStart, f.start - clauseStart).trim() : '';
    if (prev && !PARTY_JOINER.test(between)) close();
    chain.push(f);
  }
  close();
  return groups;
}

const ROLE_BEFORE = /(?:主任|书记|部长|市长|区长|县长|省长|院长|校长|教授|主席|总经理|董事长|负责人|研究员|处长|局长|厅长|委员|代表|专家|记者|通讯员|作者)$/;
const SPEECH_AFTER = /^(?:说|表示|指出|认为|强调|介绍|主持|提出|谈|称|在)/;

/**
 * jieba tags many non-names nr, so a name needs support from its context: a role
 * before it (副主任李劲渝), a speech verb after it (丁瑶说), or the article's byline.
 */
function isPersonName(word: string, tag: string, before: string, after: string, authors: string[]): boolean {
  if (authors.includes(word)) return true;
  if (tag !== 'nr' || word.length < 2 || word.length > 4 || !/^[\u4e00-\u9fa5·]+$/.test(word)) return false;
  return ROLE_BEFORE.test(before) || SPEECH_AFTER.test(after);
}

function institutionsIn(s: string): { start: number; end: number; name: string }[] {
  const out: { start: number; end: number; name: string }[] = [];
  let segStart = 0;
  for (let i = 0; i <= s.length; i++) {
    if (i < s.length && !NAME_BREAK.test(s[i])) continue;
    const seg = s.slice(segStart, i);
    // shortest suffix match from each left edge inside the segment: "市委教育工委委员" stops at 工委
    for (let end = 2; end <= seg.length; end++) {
      const head = seg.slice(0, end);
      const m = head.match(INSTITUTION_SUFFIX);
      if (m && head.length >= 3 && head.length <= 24 && !GENERIC_INSTITUTIONS.has(head) && !/^[各本该全某每有]/.test(head)) {
        // "例如哈尔滨工业大学", "3西南大学": connectives and footnote digits are not part of a name
        const lead = head.match(NAME_LEAD)?.[0].length ?? 0;
        if (head.length - lead >= 3) out.push({ start: segStart + lead, end: segStart + end, name: head.slice(lead) });
        break;
      }
    }
    segStart = i + 1;
  }
  return out;
}

function entityId(type: EntityType, name: string): string {
  return `${type}:${name}`;
}

function toEntities(found: Found[]): Entity[] {
  const byId = new Map<string, Entity>();
  for (const f of found) {
    for (const name of f.canonical) {
      const id = entityId(f.type, name);
      let e = byId.get(id);
      if (!e) {
        e = { id, name, type: f.type, aliases: [], mentions: [] };
        byId.set(id, e);
      }
      if (f.surface !== name && !e.aliases.includes(f.surface)) e.aliases.push(f.surface);
      e.mentions.push({ start: f.start, end: f.end, clauseId: f.clauseId });
    }
  }
  return [...byId.values()].sort((a, b) => a.mentions[0].start - b.mentions[0].start || a.id.localeCompare(b.id));
}

function relationsOf(
  found: Found[],
  entities: Entity[],
  ctx: ExtractContext,
  parentOf: Map<string, string>,
  clauseById: Map<string, { start: number; text: string }>,
): Relation[] {
  const relations: Relation[] = [];
  const known = new Set(entities.map((e) => e.id));
  for (const issuer of ctx.issuers) {
    const id = entityId('institution', issuer);
    const e = entities.find((x) => x.id === id || x.aliases.includes(issuer));
    relations.push({ type: 'ISSUED_BY', from: ctx.docId, to: e?.id ?? id, evidence: null });
  }
  for (const e of entities) {
    if (e.type === 'policy_document') {
      const m = e.mentions[0];
      relations.push({ type: 'CITES', from: ctx.docId, to: e.id, evidence: { clauseId: m.clauseId, start: m.start, end: m.end } });
    }
    if (e.type === 'region' && parentOf.has(e.name)) {
      const parent = entityId('region', parentOf.get(e.name)!);
      const m = e.mentions[0];
      relations.push({ type: 'PART_OF', from: e.id, to: parent, evidence: { clauseId: m.clauseId, start: m.start, end: m.end } });
    }
  }
  // Per clause: co-occurrence for every pair, cooperation where the clause has a cue word.
  const byClause = new Map<string, Found[]>();
  for (const f of found) {
    const list = byClause.get(f.clauseId) ?? [];
    list.push(f);
    byClause.set(f.clauseId, list);
  }
  const cooccur = new Map<string, Relation>();
  const cooperate = new Map<string, Relation>();
  for (const [clauseId, list] of byClause) {
    const ids = [...new Set(list.flatMap((f) => f.canonical.map((n) => entityId(f.type, n))))].filter((id) => known.has(id)).slice(0, MAX_ENTITIES_PER_CLAUSE);
    const start = Math.min(...list.map((f) => f.start));
    const end = Math.max(...list.map((f) => f.end));
    const evidence = { clauseId, start, end };
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const [a, b] = ids[i] < ids[j] ? [ids[i], ids[j]] : [ids[j], ids[i]];
        const key = `${a}|${b}`;
        const r = cooccur.get(key);
        if (r) r.weight = (r.weight ?? 1) + 1;
        else cooccur.set(key, { type: 'CO_OCCURS', from: a, to: b, evidence, weight: 1 });
      }
    }
    const clause = clauseById.get(clauseId)!;
    if (COOPERATION_CUE.test(clause.text)) {
      for (const group of cooperatingGroups(list, clause.text, clause.start)) {
        for (let i = 0; i < group.length; i++) {
          for (let j = i + 1; j < group.length; j++) {
            if (group[i] === group[j]) continue;
            const [a, b] = group[i] < group[j] ? [group[i], group[j]] : [group[j], group[i]];
            const key = `${a}|${b}`;
            if (!cooperate.has(key)) cooperate.set(key, { type: 'COOPERATES_WITH', from: a, to: b, evidence });
          }
        }
      }
    }
  }
  return [...relations, ...cooperate.values(), ...cooccur.values()];
}

const TARGET =
  /(?:到|至|截至)?(20\d{2})年[^。；]{0,60}?(?:达到|达|超过|提高到|提升至|提升到|增至|建设|建成|组建|打造|培育|遴选|开设|新增|累计|不低于|不少于)[^。；\d]{0,20}?(\d+(?:\.\d+)?)\s*(%|％|个|所|门|家|项|名|人|万人|亿元|万元|万亩|条|支|套|本|种|批|座)(左右|以上|以内|以下)?/g;

/** Explicit quantitative goals: "到2025年…比例达到90%以上", "建设…100门左右". */
function extractTargets(text: string, clauses: Clause[]): Target[] {
  const targets: Target[] = [];
  for (const clause of clauses) {
    const s = text.slice(clause.start, clause.end);
    for (const m of s.matchAll(TARGET)) {
      const quantity = `${m[2]}${m[3].replace('％', '%')}${m[4] ?? ''}`;
      const start = clause.start + m.index!;
      const verb = s.slice(m.index!, m.index! + m[0].length).match(/(?:建设|建成|组建|打造|培育|遴选|开设|新增)([^\d，,]{0,20})$/);
      targets.push({
        id: `${clause.id}/t${targets.length}`,
        clauseId: clause.id,
        text: s.slice(m.index!, m.index! + m[0].length),
        year: Number(m[1]),
        quantity,
        subject: verb?.[1]?.trim() || null,
        start,
        end: start + m[0].length,
      });
    }
  }
  return targets;
}
