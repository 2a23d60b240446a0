import type { Entity, EntityType, Relation } from '../record.js';
import type { ClauseView, Token } from './extract-tokens.js';

/** A kept mention, article offsets. */
export interface Found {
  type: EntityType;
  canonical: string[];
  group?: string;
  surface: string;
  start: number;
  end: number;
  clauseId: string;
  role?: string;
  /** the places of one joint name share this key (川西、渝西教育共同体 → 川西 + 渝西 cooperate) */
  joint?: string;
}

export interface RelationContext {
  docId: string;
  issuers: string[];
  parentOf: Map<string, string>;
  /** the municipality / province the article is about: the implicit party of 与东盟合作 */
  place: { city: string | null; province: string | null };
}

const MAX_ENTITIES_PER_CLAUSE = 12; // bounds CO_OCCURS pairs per clause
/** Words that say two parties act together. */
const COOPERATION_CUE = /合作|共建|签署|签订|联合|协同|对接|互认|携手|结对|联手|协作|共同|共享|一体化|联动|互通|合办|共办|共商|共育/;
/** Between two parties that act together there is only a connective: 重庆海事局与洋浦海事局, 福建和重庆. */
const PARTY_JOINER = /^(?:与|和|及|以及|同|跟|、|-|—|–|——|暨|等与|等和|等同)$/;
/** Joiners that put the parties on two sides (A、B等与C合作 pairs A–C and B–C, not A–B). */
const SIDE_JOINER = /^(?:与|同|跟|等与|等同)$/;
/** A chain of parties is a cooperation when a cue follows it closely (A与B合作, A和B签署…协议) … */
const CUE_AFTER = 16; // characters
/** … or stands right before it (联合A和B, 推动A与B深度合作). */
const CUE_BEFORE = 8; // characters
/** Longer lists are enumerations (万州、黔江、涪陵、江津), not partners. */
const MAX_CHAIN = 4;
const MAX_TWO_SIDED_CHAIN = 8;
/** 重庆是成渝地区双城经济圈的核心城市 / 的重要组成部分: membership, not a comparison. */
const PART_AFTER = /^的(?:重要|核心|中心|主要|关键)?(?:组成部分|一部分|核心城市|中心城市|节点城市|成员|城市|区县|一员)/;

function entityId(type: EntityType, name: string): string {
  return `${type}:${name}`;
}

/**
 * Relations of an article: ISSUED_BY and CITES from the article, PART_OF from the division
 * data, LOCATED_IN from an institution to the region its name starts with, CO_OCCURS per
 * clause and COOPERATES_WITH where two named parties are joined with a cooperation cue.
 */
export function relationsOf(found: Found[], entities: Entity[], views: ClauseView[], ctx: RelationContext): Relation[] {
  const relations: Relation[] = [];
  const known = new Set(entities.map((e) => e.id));
  for (const issuer of ctx.issuers) {
    const id = entityId('institution', issuer);
    const e = entities.find((x) => x.id === id || x.aliases.includes(issuer));
    relations.push({ type: 'ISSUED_BY', from: ctx.docId, to: e?.id ?? id, evidence: null });
  }
  const regionByName = new Map(entities.filter((e) => e.type === 'region').flatMap((e) => [e.name, ...e.aliases].map((n) => [n, e] as const)));
  for (const e of entities) {
    const m = e.mentions[0];
    const evidence = { clauseId: m.clauseId, start: m.start, end: m.end };
    if (e.type === 'policy_document') relations.push({ type: 'CITES', from: ctx.docId, to: e.id, evidence });
    if (e.type === 'region' && ctx.parentOf.has(e.name)) {
      relations.push({ type: 'PART_OF', from: e.id, to: entityId('region', ctx.parentOf.get(e.name)!), evidence });
    }
    if (e.type === 'institution') {
      const region = regionPrefix(e.name, regionByName);
      if (region) relations.push({ type: 'LOCATED_IN', from: e.id, to: region.id, evidence });
    }
  }
  const byClause = new Map<string, Found[]>();
  for (const f of found) {
    const list = byClause.get(f.clauseId) ?? [];
    list.push(f);
    byClause.set(f.clauseId, list);
  }
  const viewById = new Map(views.map((v) => [v.id, v]));
  // co-occurring pairs are keyed by the entities' numbers, not by joined id strings: a clause
  // holds up to 66 pairs, and each string key would be built and hashed
  const numberOf = entityNumbers(entities);
  const cooccur = new Map<number, Relation>();
  const cooperate = new Map<string, Relation>();
  const pairKey = (a: string, b: string) => (a < b ? [a, b] : [b, a]);
  for (const [clauseId, list] of byClause) {
    const mentioned = clauseEntities(list, numberOf);
    const evidence = { clauseId, start: Math.min(...list.map((f) => f.start)), end: Math.max(...list.map((f) => f.end)) };
    for (let i = 0; i < mentioned.length; i++) {
      for (let j = i + 1; j < mentioned.length; j++) {
        // the pair runs from the smaller id to the larger
        const [lo, hi] = entities[mentioned[i]].id < entities[mentioned[j]].id ? [mentioned[i], mentioned[j]] : [mentioned[j], mentioned[i]];
        const key = lo * entities.length + hi;
        const r = cooccur.get(key);
        if (r) r.weight = (r.weight ?? 1) + 1;
        else cooccur.set(key, { type: 'CO_OCCURS', from: entities[lo].id, to: entities[hi].id, evidence, weight: 1 });
      }
    }
    const view = viewById.get(clauseId)!;
    for (const { parties, span } of cooperatingGroups(list, view, ctx)) {
      for (let i = 0; i < parties.length; i++) {
        for (let j = i + 1; j < parties.length; j++) {
          if (parties[i] === parties[j]) continue;
          const [a, b] = pairKey(parties[i], parties[j]);
          if (!cooperate.has(`${a}|${b}`)) cooperate.set(`${a}|${b}`, { type: 'COOPERATES_WITH', from: a, to: b, evidence: { clauseId, ...span } });
        }
      }
    }
  }
  // PART_OF where the text says so: 万州位于渝东北, 重庆是成渝地区双城经济圈的核心城市
  for (const [clauseId, list] of byClause) {
    const view = viewById.get(clauseId)!;
    const regions = list.filter((f) => f.type === 'region' && f.canonical.length === 1).sort((a, b) => a.start - b.start);
    for (let i = 0; i + 1 < regions.length; i++) {
      const a = regions[i];
      const b = regions[i + 1];
      const between = view.text.slice(a.end - view.offset, b.start - view.offset);
      const after = view.text.slice(b.end - view.offset, b.end - view.offset + 12);
      const inside = /^(?:位于|地处|地处于|隶属于|属于)$/.test(between) || (/^(?:是|作为|为)$/.test(between) && PART_AFTER.test(after));
      const from = entityId('region', a.canonical[0]);
      const to = entityId('region', b.canonical[0]);
      if (inside && from !== to && known.has(from) && known.has(to)) {
        relations.push({ type: 'PART_OF', from, to, evidence: { clauseId, start: a.start, end: b.end } });
      }
    }
  }
  const joints = new Map<string, Found[]>();
  for (const f of found) if (f.joint) joints.set(f.joint, [...(joints.get(f.joint) ?? []), f]);
  for (const list of joints.values()) {
    const ids = [...new Set(list.flatMap((f) => f.canonical.map((n) => entityId(f.type, n))))];
    for (let i = 0; i < ids.length; i++) {
      for (let j = i + 1; j < ids.length; j++) {
        const [a, b] = pairKey(ids[i], ids[j]);
        const evidence = { clauseId: list[0].clauseId, start: Math.min(...list.map((f) => f.start)), end: Math.max(...list.map((f) => f.end)) };
        if (!cooperate.has(`${a}|${b}`)) cooperate.set(`${a}|${b}`, { type: 'COOPERATES_WITH', from: a, to: b, evidence });
      }
    }
  }
  return [...relations, ...cooperate.values(), ...cooccur.values()];
}

/** Per entity type, name → the entity's index in `entities`. */
function entityNumbers(entities: Entity[]): Map<EntityType, Map<string, number>> {
  const out = new Map<EntityType, Map<string, number>>();
  entities.forEach((e, n) => {
    let names = out.get(e.type);
    if (!names) out.set(e.type, (names = new Map()));
    names.set(e.name, n);
  });
  return out;
}

/**
 * The article's entities a clause's mentions name (indexes into the entities), first
 * mention first, at most MAX_ENTITIES_PER_CLAUSE. Looked up by type and name: no id string
 * is built per mention.
 */
function clauseEntities(list: Found[], numberOf: Map<EntityType, Map<string, number>>): number[] {
  const out: number[] = [];
  for (const f of list) {
    const names = numberOf.get(f.type);
    for (const name of f.canonical) {
      const n = names?.get(name);
      if (n === undefined || out.includes(n)) continue;
      out.push(n);
      if (out.length === MAX_ENTITIES_PER_CLAUSE) return out;
    }
  }
  return out;
}

/** Tags of a name the recognisers may not know (赛力斯/x, 长安/nz). */
const UNKNOWN_NAME_TAGS = new Set(['x', 'nz', 'nr', 'nrt', 'nrfg', 'nt', 'j', 'eng']);

/** The sentence's first word from `from`, after a time or number (2024年，…). */
function openingWord(view: ClauseView, from: number): Token | undefined {
  return view.tokens.find((t) => t.start >= from && !(/^(?:m|t|f|x)$/.test(t.tag) && !(t.tag === 'x' && /[\u4e00-\u9fa5]/.test(t.word))));
}

/**
 * Whether the sentence opens on a name before its first verb (赛力斯将加强…，加强与A合作):
 * then that name, not the article's place, is the other party, even when no recogniser knows it.
 */
function namesUnknownSubject(view: ClauseView, from: number, to: number): boolean {
  const first = openingWord(view, from);
  return first !== undefined && first.start < to && UNKNOWN_NAME_TAGS.has(first.tag);
}

/** The region an institution's name starts with (重庆市教育委员会 → 重庆), longest first. */
function regionPrefix(name: string, regionByName: Map<string, Entity>): Entity | null {
  for (let n = Math.min(name.length - 1, 12); n >= 2; n--) {
    const e = regionByName.get(name.slice(0, n));
    if (e) return e;
  }
  return null;
}

/**
 * Parties that cooperate in one clause, sentence by sentence: mentions chained by
 * connectives with a cooperation cue right after or right before the chain (A与B合作,
 * 联合A和B), pair names that hold two parties (川渝两地联合开展), and 与A合作 with no
 * written subject, where the party is the place the article is about.
 */
function cooperatingGroups(list: Found[], view: ClauseView, ctx: RelationContext): { parties: string[]; span: { start: number; end: number } }[] {
  const text = view.text;
  const base = view.offset;
  const out: { parties: string[]; span: { start: number; end: number } }[] = [];
  if (!COOPERATION_CUE.test(text)) return out;
  const parties = list.filter((f) => f.type === 'region' || f.type === 'institution').sort((a, b) => a.start - b.start);
  const sentenceOf = (offset: number) => {
    const before = text.slice(0, offset - base);
    const s = Math.max(before.lastIndexOf('。'), before.lastIndexOf('；'), before.lastIndexOf('！'), before.lastIndexOf('？')) + 1;
    const rest = text.slice(offset - base);
    const e = rest.search(/[。；！？]/);
    return { start: s, end: e < 0 ? text.length : offset - base + e };
  };
  const idsOf = (f: Found) => f.canonical.map((n) => entityId(f.type, n));
  // chains
  const home = ctx.place.city ?? ctx.place.province;
  let chain: Found[] = [];
  const close = () => {
    const joiners = chain.slice(1).map((f, i) => text.slice(chain[i].end - base, f.start - base).trim());
    const side = joiners.findIndex((j) => SIDE_JOINER.test(j));
    // parties on two sides of 与 pair across only (A、B、C与D、E), so such a chain may be longer
    if (chain.length >= 1 && chain.length <= (side >= 0 ? MAX_TWO_SIDED_CHAIN : MAX_CHAIN)) {
      const first = chain[0];
      const last = chain[chain.length - 1];
      const sent = sentenceOf(first.start);
      const after = text.slice(last.end - base, Math.min(sent.end, last.end - base + CUE_AFTER));
      const before = text.slice(Math.max(sent.start, first.start - base - CUE_BEFORE), first.start - base);
      const onlyCommas = joiners.every((j) => j === '、');
      const cueAfter = onlyCommas
        ? /^(?:两地|三地|四地|等地|等|多地)?(?:联合|协同|携手|合作|共建|联手|校企|签署|签订)/.test(after)
        : COOPERATION_CUE.test(after.split(/[，,]/)[0]) || /^(?:校企)/.test(after);
      const cueBefore = !onlyCommas && /(?:联合|推动|支持|促进|深化|加强|鼓励|携手)$/.test(before) && COOPERATION_CUE.test(text.slice(sent.start, sent.end));
      // 加强与东盟国家、金砖国家等…的合作: the other party is the subject of the comma segment
      // (重庆要加强与…), or, with no written subject, the article's place
      const segStart = Math.max(sent.start, text.slice(0, first.start - base).search(/[，,][^，,]*$/) + 1);
      const nearest = parties.filter((g) => g.start - base >= segStart && g.end <= first.start).pop();
      // 2024年，赛力斯将加强…，加强与A合作: else the party the sentence opens on
      const opener = nearest ? undefined : openingWord(view, sent.start);
      const opening = opener && parties.find((g) => g.start - base === opener.start && g.end <= first.start);
      // 江汉区、洪山区等区县政府要加强与…: a list that ends in 等 + a generic noun is no party
      const subject = nearest ? (!/等/.test(text.slice(nearest.end - base, first.start - base)) ? nearest : undefined) : opening;
      const withParty =
        /(?:与|同|跟)$/.test(text.slice(sent.start, first.start - base)) &&
        (subject || (home && !nearest && !opening && !namesUnknownSubject(view, sent.start, first.start - base))) &&
        /^[^，,。；]{0,30}?(?:合作|共建|携手|对接|协作|交流)/.test(text.slice(last.end - base, sent.end));
      if (chain.length >= 2 && (cueAfter || cueBefore)) {
        if (side >= 0) {
          const left = [...new Set(chain.slice(0, side + 1).flatMap(idsOf))];
          const right = [...new Set(chain.slice(side + 1).flatMap(idsOf))];
          for (const a of left) for (const b of right) if (a !== b) out.push({ parties: [a, b], span: { start: first.start, end: last.end } });
        } else {
          const ids = [...new Set(chain.flatMap(idsOf))];
          if (ids.length >= 2) out.push({ parties: ids, span: { start: first.start, end: last.end } });
        }
      } else if (withParty) {
        for (const other of subject ? idsOf(subject) : [entityId('region', home!)]) {
          for (const id of new Set(chain.flatMap(idsOf))) if (id !== other) out.push({ parties: [other, id], span: { start: subject?.start ?? first.start, end: last.end } });
        }
      }
    }
    chain = [];
  };
  for (const f of parties) {
    const prev = chain[chain.length - 1];
    const between = prev ? text.slice(prev.end - base, f.start - base).trim() : '';
    if (prev && !PARTY_JOINER.test(between)) close();
    chain.push(f);
  }
  close();
  // pair names: 川渝, 成渝, 闽渝 with a cue in the same sentence
  for (const f of parties) {
    if (f.canonical.length < 2) continue;
    const sent = sentenceOf(f.start);
    if (COOPERATION_CUE.test(text.slice(sent.start, sent.end))) out.push({ parties: idsOf(f), span: { start: f.start, end: f.end } });
  }
  return out;
}
