import type { ClauseView, Token } from './extract-tokens.js';
import { isPunct, tokenStartingAt } from './extract-tokens.js';
import type { Gazetteer, GazetteerMatch } from './gazetteer.js';

/**
 * Industries. Sector units come from the lexicon (电子信息, 材料) and from patterns (X产业,
 * 畜牧业, 海洋经济); adjacent units form one compound, also across 及 (钢铁 + 材料 →
 * 钢铁材料, 智能装备及智能制造), and a qualifier before a unit belongs to it (生态 + 畜牧业,
 * 高端 + 装备制造). The longest specific form is kept. A sector word that only modifies
 * the noun after it (大数据融合应用创新中心, 汽车发动机) is no industry mention.
 */

export interface IndustrySpan {
  start: number;
  end: number;
  name: string;
  group?: string;
}

export interface IndustryRules {
  /** generic heads and modifiers (产业, 工业, 新兴, 区域) */
  stop: Set<string>;
  isRegion: (start: number, end: number) => boolean;
  /** the lexicon (industries, with their alias groups) */
  lexicon: Gazetteer;
  /** the lexicon's matches in this clause, when the caller has them already */
  matches?: GazetteerMatch[];
}

/** Words ending in 业 that are sectors (畜牧业, 旅游业), as opposed to 企业, 专业, 就业. */
const SECTOR_YE = /(?:制造|服务|农|工|商|林|渔|牧|旅游|物流|建筑|金融|零售|餐饮|加工|采矿|矿|运输|批发|房地产|航运|保险|会展|养殖|种植|纺织|电信|软件|娱乐|出版|广告|咨询|住宿|康养|养老|文化|能源|冶金|化工|钢铁)业$/;
/** Kinds of economy that are sectors (海洋经济, 低空经济), as opposed to 区域经济, 两地经济. */
const ECONOMY_KIND = /^(?:海洋|数字|低空|平台|共享|绿色|循环|生态|夜间|银发|首店|枢纽|流量|会展|总部|楼宇|游轮|邮轮|冰雪|林下|康养|创意|体验|临空|临港|通道|口岸|湾区|网络|智能|服务|文化|旅游|体育|健康|养老)$/;
const MODIFIER_TAGS = new Set(['n', 'nz', 'b', 'j', 'an', 'vn', 'l', 'x']);
/** Words that never form part of a sector's name. */
const NOT_MODIFIER = /^(?:赋能|做强|做大|做优|提振|振兴|支撑|发展|建设|优化|升级|转型|培育|壮大|布局|集聚|协同|合作|融合|引领|支撑|服务|推动|带动|高质量|创新|现代化|领域|方向|类型|结构|体系|门类|集群|链条|产业链|本地|当地|企业|人才|教育|职业教育|专业|学科|研究|应用|平台|基地|园区|项目|关键|区县|两地|双城|领先|规划|深化|束缚|淬炼|主要|特色化|国际|全球|中央|地域|区域间|经济圈|内|间|助力|推动力|核心|基础|战略|重大|相关)$/;
/** Modifiers that make a sector more specific (高端装备制造, 生态畜牧业, 绿色建材). */
const QUALIFIER = /^(?:高端|先进|现代|智能|绿色|数字|新一代|未来|生态|特色|清洁|精细|新型|智慧|低碳|高新|战略性|新兴|传统|新|休闲|主题|精深)$/;
/** Things a sector word can be the modifier of: then it names that thing, not a sector (大数据…创新中心, 汽车发动机). */
const MODIFIED_THING = /^(?:中心|园区|基地|平台|实验室|研究院|学院|专业|专业群|课程|教材|企业|公司|发动机|故障|设备|产品|人才|班|实训|学校|院校|大赛|博览会|展会|论坛|协会|联盟)$/;
/** What jieba joins onto a sector word without changing what it names: 汽车产量, 汽车行业. */
const SECTOR_MEASURE = /^(?:产业|行业|产量|产值|销量|产能|领域|板块|市场|出口|增加值)$/;
const MODIFIER_WINDOW = 4; // words after a sector word
const MAX_MODIFIERS = 3; // words before 产业

interface Unit {
  start: number;
  end: number;
  name: string;
  group?: string;
  lexicon: boolean;
}

/** Industry mentions in one clause, offsets relative to the clause. */
export function industriesIn(clause: ClauseView, rules: IndustryRules): IndustrySpan[] {
  const { tokens, text } = clause;
  const units: Unit[] = [];
  for (const m of rules.matches ?? rules.lexicon.match(text)) {
    if (m.type !== 'industry') continue;
    // a lexicon hit must sit on word boundaries (材料 in 教材料 is no sector)
    if (tokenStartingAt(tokens, m.start) < 0 || (m.end < text.length && tokenStartingAt(tokens, m.end) < 0 && !measuresSector(tokens, m.end))) continue;
    units.push({ start: m.start, end: m.end, name: m.canonical[0], group: m.group, lexicon: true });
  }
  for (let k = 0; k < tokens.length; k++) {
    const head = tokens[k];
    if (head.word === '产业' || head.word === '经济') {
      const unit = modifiedHead(tokens, k, text, rules);
      if (unit && !units.some((u) => u.start >= unit.start && u.end <= unit.end && u.end - u.start === unit.end - unit.start)) {
        // the pattern span replaces the lexicon units inside it (电子信息 + 产业 → 电子信息)
        for (let i = units.length - 1; i >= 0; i--) if (units[i].start >= unit.start && units[i].end <= unit.end) units.splice(i, 1);
        units.push(unit);
      }
    } else if (head.word.endsWith('业') && SECTOR_YE.test(head.word) && !rules.stop.has(head.word) && !overlapsAny(units, head.start, head.end)) {
      units.push({ start: head.start, end: head.end, name: head.word, lexicon: false });
    }
  }
  units.sort((a, b) => a.start - b.start || b.end - a.end);
  // compounds: adjacent units, or units joined by 及
  const merged: Unit[] = [];
  for (const u of units) {
    const prev = merged[merged.length - 1];
    if (prev && u.start < prev.end) continue;
    const between = prev ? text.slice(prev.end, u.start) : null;
    if (prev && (between === '' || between === '及')) {
      merged[merged.length - 1] = { start: prev.start, end: u.end, name: text.slice(prev.start, u.end), lexicon: false };
    } else merged.push({ ...u });
  }
  const out: IndustrySpan[] = [];
  for (const u of merged) {
    // a qualifier right before the unit belongs to it: 生态畜牧业, 高端装备制造
    const i = tokenStartingAt(tokens, u.start);
    let start = u.start;
    if (i > 0 && QUALIFIER.test(tokens[i - 1].word) && !rules.isRegion(tokens[i - 1].start, tokens[i - 1].end)) start = tokens[i - 1].start;
    else if (i > 0) start = enumeratedItemStart(tokens, i, u.end, text, rules) ?? start;
    if (start === u.start && u.lexicon) {
      // a bare sector word that modifies the next noun is not an industry mention
      const j = tokenStartingAt(tokens, u.end);
      let modifies = false;
      for (let n = j; n >= 0 && n < tokens.length && n < j + MODIFIER_WINDOW; n++) {
        const t = tokens[n];
        if (isPunct(t.word) || !/^(?:n|vn|nz|x|l|v)$/.test(t.tag) || /^(?:等|和|及|与|的)$/.test(t.word)) break;
        if (MODIFIED_THING.test(t.word)) modifies = true;
      }
      if (modifies) continue;
      out.push({ start, end: u.end, name: u.name, group: u.group });
    } else {
      const name = start === u.start ? u.name : text.slice(start, u.end).replace(/\s+/g, '');
      out.push({ start, end: u.end, name, group: start === u.start ? u.group : undefined });
    }
  }
  return [...out, ...coListedSectors(tokens, text, out, rules)];
}

/** Whether [a, b) overlaps one of the spans. */
function overlapsAny(spans: { start: number; end: number }[], a: number, b: number): boolean {
  return spans.some((u) => a < u.end && u.start < b);
}

/** Words that open a list of sectors (发展林产加工、…); jieba tags them v or vn. */
const DEVELOPS = /^(?:发展|培育|壮大|做大做强|做强做优|做优做强|做强|延展|布局|聚焦|打造|加快发展|大力发展|重点发展)$/;
/** What closes a list of sectors (…等产业集群, …等领域). */
const SECTOR_LIST_END = /^等?(?:产业|领域|行业|产业集群|集群|业态|经济)/;
/** Tags of the words an enumerated item is made of. */
const ITEM_TAGS = new Set(['n', 'nz', 'vn', 'an', 'a', 'b', 'j', 's', 'l', 'ng']);

/**
 * The other items of an enumeration whose items are sectors: 林产加工、特色中药材初加工、
 * 农产品精深加工及生态畜牧业 after 发展, or 水上运动、文化会展、游轮经济和主题旅游. The
 * enumeration must hold a recognised sector and say it lists sectors (a verb of developing
 * before it, or a closing 等产业 / 等领域 after it); each other item
 * of nouns only, 2–8 characters, no place, is a sector as written.
 */
function coListedSectors(tokens: Token[], text: string, found: IndustrySpan[], rules: IndustryRules): IndustrySpan[] {
  const out: IndustrySpan[] = [];
  if (found.length === 0 || !text.includes('、')) return out;
  const inFound = (t: Token) => found.some((f) => t.start < f.end && f.start < t.end);
  const itemWord = (t: Token) =>
    !isPunct(t.word) &&
    ((ITEM_TAGS.has(t.tag) && /^[\u4e00-\u9fa5]+$/.test(t.word) && !NOT_MODIFIER.test(t.word) && (QUALIFIER.test(t.word) || !rules.stop.has(t.word)) && !rules.isRegion(t.start, t.end)) || inFound(t));
  let k = 0;
  while (k < tokens.length) {
    // an enumeration: items of item words, separated by 、 (the last one may follow 和 / 及 / 与)
    const items: [number, number][] = [];
    let a = k;
    while (a < tokens.length && itemWord(tokens[a])) a++;
    if (a === k || a >= tokens.length || tokens[a].word !== '、') {
      k = Math.max(a, k + 1);
      continue;
    }
    items.push([k, a]);
    let next = a + 1;
    for (;;) {
      let b = next;
      while (b < tokens.length && itemWord(tokens[b])) b++;
      if (b === next) break;
      items.push([next, b]);
      const sep = tokens[b]?.word;
      if (sep === '、' || ((sep === '和' || sep === '及' || sep === '与') && itemWord(tokens[b + 1] ?? tokens[b]))) next = b + 1;
      else break;
    }
    const runEnd = tokens[items[items.length - 1][1] - 1].end;
    k = items[items.length - 1][1];
    if (items.length < 2) continue;
    const spanOf = ([i, j]: [number, number]) => [tokens[i].start, tokens[j - 1].end] as const;
    const holdsSector = ([s0, e0]: readonly [number, number]) => found.some((f) => f.start < e0 && s0 < f.end);
    if (!items.some((it) => holdsSector(spanOf(it)))) continue;
    const opened = items[0][0] > 0 && DEVELOPS.test(tokens[items[0][0] - 1].word);
    const closed = SECTOR_LIST_END.test(text.slice(runEnd));
    if (!opened && !closed) continue;
    for (const it of items) {
      const [s0, e0] = spanOf(it);
      if (holdsSector([s0, e0]) || e0 - s0 < 2 || e0 - s0 > MAX_ITEM_LENGTH) continue;
      out.push({ start: s0, end: e0, name: text.slice(s0, e0) });
    }
  }
  return out;
}

/** Separators of an enumeration's items (集成电路、关键元器件等领域; 无人装备和水下机器人领域). */
const ITEM_SEPARATOR = /^(?:、|，|,|；|;|：|:|和|及|与|以及)$/;
/** Whether an enumerated item can start right after this word: a separator, or a verb or word that is no part of a name (布局|水下机器人). */
function opensItem(t: Token): boolean {
  return ITEM_SEPARATOR.test(t.word) || /^(?:v|p|c|d)$/.test(t.tag) || NOT_MODIFIER.test(t.word) || DEVELOPS.test(t.word);
}
/** What closes an item of an enumeration of sectors. */
const ITEM_END = /^(?:、|，|,|；|;|。|和|及|与|以及|等|等等|领域|产业|行业|产业集群|集群)/;
/** Tags of the words that narrow a sector inside an enumerated item (关键|元器件, 水下|机器人, 科技|影视). */
const ITEM_MODIFIER_TAGS = new Set(['n', 'nz', 'b', 'an', 'vn', 's', 'j']);
/** Words that name a sector's part inside an item though they say nothing of their own elsewhere (关键元器件, 核心零部件). */
const ITEM_QUALIFIER = /^(?:关键|核心|基础)$/;
const MAX_ITEM_MODIFIERS = 2;
const MAX_ITEM_LENGTH = 8;

/**
 * A sector that is one item of an enumeration is named by the whole item, its narrowing
 * nouns included (科技影视 rather than 影视, 关键元器件 rather than 元器件): the start of
 * that item when the words before the sector reach a separator and the item ends where
 * an item ends; otherwise null.
 */
function enumeratedItemStart(tokens: Token[], i: number, end: number, text: string, rules: IndustryRules): number | null {
  if (!ITEM_END.test(text.slice(end))) return null;
  let first = i;
  while (first > 0 && i - first < MAX_ITEM_MODIFIERS) {
    const prev = tokens[first - 1];
    if (!ITEM_QUALIFIER.test(prev.word)) {
      if (opensItem(prev)) break;
      // 世界级 / 万亿级 rank a sector, they do not name it
      if (!ITEM_MODIFIER_TAGS.has(prev.tag) || !/^[\u4e00-\u9fa5]+$/.test(prev.word) || prev.word.endsWith('级') || rules.stop.has(prev.word) || rules.isRegion(prev.start, prev.end)) return null;
    }
    first--;
  }
  if (first === i || first === 0 || !opensItem(tokens[first - 1])) return null;
  // one item alone after a verb is no enumeration: 打造特色汽车产业 keeps 汽车
  if (!ITEM_SEPARATOR.test(tokens[first - 1].word) && !/^(?:、|等|和|及|与)/.test(text.slice(end))) return null;
  return end - tokens[first].start <= MAX_ITEM_LENGTH ? tokens[first].start : null;
}

/** Whether the word running past `end` is the sector word plus a measure of it (汽车|产量). */
function measuresSector(tokens: Token[], end: number): boolean {
  const word = tokens.find((t) => t.start < end && end < t.end);
  return word !== undefined && SECTOR_MEASURE.test(word.word.slice(end - word.start));
}

/** X产业 / X经济 with X the nouns before the head; null when X is generic or missing. */
function modifiedHead(tokens: Token[], k: number, text: string, rules: IndustryRules): Unit | null {
  const head = tokens[k];
  let first = k;
  while (first > 0 && k - first < MAX_MODIFIERS) {
    const prev = tokens[first - 1];
    if (!MODIFIER_TAGS.has(prev.tag) || isPunct(prev.word) || !/^[\u4e00-\u9fa5]+$/.test(prev.word) || NOT_MODIFIER.test(prev.word) || rules.isRegion(prev.start, prev.end)) break;
    first--;
  }
  if (first === k) return null;
  const modifiers = tokens.slice(first, k);
  if (modifiers.every((t) => rules.stop.has(t.word) || QUALIFIER.test(t.word))) return null;
  const x = text.slice(modifiers[0].start, head.start);
  if (head.word === '经济') {
    if (modifiers.length !== 1 || !ECONOMY_KIND.test(x)) return null;
    return { start: modifiers[0].start, end: head.end, name: x + head.word, lexicon: false };
  }
  // X产业 where X is a lexicon sector names that sector (电子信息产业 = 电子信息)
  const inner = rules.lexicon.match(x);
  if (inner.length === 1 && inner[0].start === 0 && inner[0].end === x.length && inner[0].type === 'industry') {
    return { start: modifiers[0].start, end: head.end, name: inner[0].canonical[0], group: inner[0].group, lexicon: false };
  }
  if (x.length < 2 || x.length > 6) return null;
  return { start: modifiers[0].start, end: head.end, name: x + head.word, lexicon: false };
}
