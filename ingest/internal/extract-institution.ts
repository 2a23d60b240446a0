import type { ClauseView, Token } from './extract-tokens.js';
import { codeUnitTable, enclosedBefore, HAN, isPunct, lastCharsOf } from './extract-tokens.js';

/**
 * Institution names by suffix grammar: a name ends in an institution head (大学, 研究院,
 * 委员会, 海事局 …) and reaches left over the nouns that modify it (places, proper
 * words, function nouns), stopping at verbs, prepositions, conjunctions, particles and
 * punctuation — so 重庆海事局与洋浦海事局 gives two names and 支持重庆大学 gives 重庆大学.
 * A name needs a proper element (a place, an organisation, an unknown word, a quoted
 * name): 职业教育集团 and 研究型大学 describe, they do not name.
 */

export interface InstitutionSpan {
  start: number;
  end: number;
  name: string;
}

export interface InstitutionRules {
  /** true when [start, end) of the clause overlaps a known place or lexicon name */
  isKnownName: (start: number, end: number) => boolean;
  /** words that never name a body on their own (高校, 政府, 研究院) */
  generic: Set<string>;
  /** collective places that make a generic head plural (川渝政府, 两地高校) */
  isCollectivePlace: (word: string) => boolean;
}

// Heads are matched on the end of a jieba word; the alternation is ordered longest first
// where one head ends another (研究中心 before 中心).
const HEAD =
  /(?:大学|学院|学校|中学|小学|党校|研究生院|研究院|研究所|研究中心|研究会|科学院|工程院|实验室|中心|委员会|人民政府|政府|人民代表大会|常务委员会|人大|政协|办公厅|办公室|工委|委|厅|局|总署|审计署|公司|集团|银行|医院|协会|学会|联合会|促进会|商会|基金会|社|交易所|法院|检察院|博物馆|图书馆|科技馆|组织部|宣传部|统战部)$/;
/** Parts of a body, valid only after the body they belong to (市教委发展规划处, 西南大学教育学部). */
const SUB_HEAD = /(?:处|司|学部|系)$/;

/** Words ending in 局 that are not bureaus. */
const NOT_BUREAU = new Set(['格局', '布局', '大局', '全局', '开局', '结局', '当局', '变局', '新局', '时局', '僵局', '胜局', '残局', '终局', '骗局', '棋局', '饭局', '赌局', '破局', '定局', '败局', '司局', '之局', '大变局', '新格局', '空间布局', '产业布局', '合理布局', '城市布局']);
/** 委 words that are titles, not committees. */
const NOT_COMMITTEE = new Set(['常委', '编委']);
/** 社 words that are media or generic cooperatives. */
const NOT_SOCIETY = new Set(['报社', '杂志社', '出版社', '通讯社', '合作社', '旅行社', '结社']);
/** Sub-unit words that are ordinary nouns. */
const NOT_SUB = new Set(['好处', '长处', '益处', '交汇处', '汇合处', '之处', '到处', '处处', '相处', '身处', '此处', '何处', '各处', '住处', '实处', '别处', '公司', '上司', '各司', '体系', '关系', '联系', '派系', '维系', '干系', '系']);
/** What comes before 中心 when it is a goal label for a place, not a body (西部金融中心). */
const GOAL_CENTRE = /(?:金融|贸易|航运|物流|消费|科创|科技创新|制造|制造业|人才|经济|商贸|会展|文化|旅游|交往|枢纽|城市|区域|变革|增长|结算|分拨|运营|市场|两大|三大|四大)$/;

// k: a suffix jieba splits off its word (产教融合|型|企业)
const WALK_TAGS = new Set(['n', 'nr', 'nrt', 'nrfg', 'nz', 'ns', 'nt', 'j', 'x', 'eng', 'f', 'l', 'zg', 'ng', 't', 'k']);
/** Verbs (v / vn) that are common inside names of bodies (技术创新中心, 成果转化中心, 市委教育工委). */
const NAME_VERBS = new Set(['综合', '创新', '研究', '应用', '转移', '转化', '服务', '发展', '交流', '合作', '培训', '监测', '检测', '测试', '评估', '研修', '推广', '孵化', '设计', '管理', '促进', '协同', '交易', '验证', '规划', '传承', '改革', '开发', '教育', '统计', '科研', '研发', '教学', '监督', '质量']);
const PROPER_TAGS = new Set(['ns', 'nrfg', 'eng']);
/** Words jieba tags as places or unknown words that are no proper element of a name. */
const NOT_PROPER = /^(?:城市|农村|乡村|国内|海外|国外|地方|全国|沿线|城乡|城区|山区|库区|区县|[一二三四五六七八九十两百千万]+(?:大|个|是|批|项|类|所|家|种|方面).*)$/;
/** Direction words that start proper names of western / south-western bodies (西部数据交易中心). */
const DIRECTION_PROPER = /^(?:西部|东部|中部|西南|西北|东北|华东|华南|华北|华中|中华)$/;
/** What a company's name ends with when it has no legal suffix (长安汽车, 华为技术). */
const COMPANY_WORD = /(?:汽车|集团|股份|控股|科技|技术|电子|通信|能源|医药|药业|电气|重工|钢铁|航空)$/;
/** The brand of a company named by a brand and a company word (赛力斯汽车 → 赛力斯), else null. */
export function brandOf(name: string): string | null {
  const brand = name.slice(0, -2);
  return COMPANY_WORD.test(name) && /^[\u4e00-\u9fa5]{2,4}$/.test(brand) && !NUMBERED.test(brand) ? brand : null;
}

/** Enumerators jieba may leave unknown (二是, 三要): no brand. */
const NUMBERED = /^[一二三四五六七八九十百千两]/;
/** Venues: a hall in a hotel is no body (渝州宾馆中华厅). */
const VENUE = /(?:宾馆|酒店|饭店|大厦|会堂|广场)/;
/** Leading words that modify but never start a name (高水平, 有关, 依托). */
const LEAD_TRIM =
  /^(?:经|由|向|据|按|充分发挥|发挥|大力推广|依托|支持|推动|建设|共建|组建|打造|培育|联合|高水平|高质量|优质|示范|国家级|市级|省级|区级|县级|高端|一流|知名|重点|龙头|骨干|新型|相关|有关|更多|多所|各类|全市|全省|本市|本省|我市|我省|首批|部分|积极|夯实|职教|普通|地方|作者|单位|文献|来源|通讯员|记者|助力|服务|面向|加快|推进)$/;

const MAX_NAME = 30; // characters

/** A list closed by 等 and a kind of body names bodies, suffix or not: 华为、博世、宁德时代等企业. */
const LISTED_KIND = /^(?:企业|公司|集团|车企|药企|龙头企业|头部企业|科技企业|高校|院校|大学|高等院校|科研院所|院所|研究机构|科研机构|机构|单位|银行|医院)$/;
const LIST_SEPARATOR = /^(?:、|和|与|及|以及)$/;
/** Tags of the words a listed body name is made of; one of them must be a proper word. */
const LISTED_NAME_TAGS = new Set(['nr', 'nrt', 'nrfg', 'nz', 'ns', 'nt', 'j', 'eng', 'x', 'n']);
const LISTED_PROPER_TAGS = new Set(['nr', 'nrt', 'nrfg', 'nz', 'ns', 'nt', 'j', 'eng']);
/** Last characters of the heads and sub-heads: most words end in none of them, and skip both patterns. */
const HEAD_LAST_CHARS = codeUnitTable([HEAD, SUB_HEAD].flatMap(lastCharsOf));

function isHead(tok: Token): 'head' | 'sub' | null {
  const w = tok.word;
  if (HEAD_LAST_CHARS[w.charCodeAt(w.length - 1)] !== 1) return null;
  if (HEAD.test(w)) {
    if (w.endsWith('局') && (NOT_BUREAU.has(w) || NOT_BUREAU.has(w.slice(-2)) || NOT_BUREAU.has(w.slice(-3)))) return null;
    if (w.endsWith('委') && NOT_COMMITTEE.has(w)) return null;
    if (w.endsWith('社') && (NOT_SOCIETY.has(w.slice(-2)) || NOT_SOCIETY.has(w.slice(-3)))) return null;
    return 'head';
  }
  return SUB_HEAD.test(w) && !NOT_SUB.has(w) ? 'sub' : null;
}

function isProperToken(tok: Token, rules: InstitutionRules): boolean {
  if (NOT_PROPER.test(tok.word)) return false;
  if (PROPER_TAGS.has(tok.tag) || DIRECTION_PROPER.test(tok.word)) return true;
  if (tok.tag === 'x' && HAN.test(tok.word)) return true;
  // a body jieba knows (教育部/nt), but not a generic head it also tags nt (人民政府)
  if (tok.tag === 'nt' && HEAD.test(tok.word) && !rules.generic.has(tok.word)) return true;
  return rules.isKnownName(tok.start, tok.end);
}

/**
 * Walks left from the head at index `k`; returns the index of the first token of the
 * name, stepping over quoted names (“一带一路”职业教育…) and parenthesised places
 * (教育部（重庆）…).
 */
function walkLeft(clause: ClauseView, k: number, rules: InstitutionRules): { first: number; quotedProper: boolean } {
  const { tokens } = clause;
  let first = k;
  let quotedProper = false;
  // a leading group is named after its task, verbs and all: 重庆市推动成渝地区双城经济圈建设领导小组办公室
  const taskForce = tokens[k].word.endsWith('领导小组') || (tokens[k].word === '办公室' && k > 0 && tokens[k - 1].word.endsWith('领导小组'));
  while (first > 0) {
    const prev = tokens[first - 1];
    if (prev.word === '”' || prev.word === '）' || prev.word === ')') {
      const enclosed = enclosedBefore(clause, first);
      if (!enclosed) break;
      first = enclosed.index;
      // a quoted name is a proper element; a parenthesis only when it holds a place: 教育部（重庆）
      if (prev.word === '”' || rules.isKnownName(enclosed.open + 1, prev.start)) quotedProper = true;
      continue;
    }
    const ok =
      (WALK_TAGS.has(prev.tag) && !isPunct(prev.word) && prev.word.trim() !== '' && !(prev.tag === 'f' && prev.word.length === 1) && !/^\d/.test(prev.word)) ||
      ((prev.tag === 'v' || prev.tag === 'vn') && (NAME_VERBS.has(prev.word) || taskForce)) ||
      // a place jieba tags otherwise (遵义/v 医科大学)
      (HAN.test(prev.word) && rules.isKnownName(prev.start, prev.end)) ||
      (prev.tag === 'm' && /^第[一二三四五六七八九十\d]+$/.test(prev.word));
    if (!ok) break;
    if (tokens[k].end - prev.start > MAX_NAME) break;
    first--;
  }
  return { first, quotedProper };
}

/**
 * Institution names in one clause, longest per head, offsets relative to the clause.
 * @example institutionsIn(view('重庆海事局与洋浦海事局签署合作协议'), rules) // 重庆海事局, 洋浦海事局
 */
export function institutionsIn(clause: ClauseView, rules: InstitutionRules): InstitutionSpan[] {
  const { tokens, text } = clause;
  const out: InstitutionSpan[] = [];
  /** names that lack a proper element, with their head: a sibling in a list may vouch for them */
  const unvouched: (InstitutionSpan & { head: string })[] = [];
  for (let k = 0; k < tokens.length; k++) {
    // jieba knows some companies whole: 长安汽车/nt
    if (tokens[k].tag === 'nt' && COMPANY_WORD.test(tokens[k].word) && tokens[k].word.length >= 4 && !/^(?:公共|新能源|智能|传统|高新|信息)/.test(tokens[k].word)) {
      out.push({ start: tokens[k].start, end: tokens[k].end, name: tokens[k].word });
      continue;
    }
    // an unknown word before a company word is a brand's company: 赛力斯/x 汽车
    const brand = tokens[k];
    const next = tokens[k + 1];
    if (brand.tag === 'x' && next?.word.length === 2 && brandOf(brand.word + next.word) === brand.word && !rules.isKnownName(brand.start, brand.end)) {
      out.push({ start: brand.start, end: next.end, name: brand.word + next.word });
      continue;
    }
    const kind = isHead(tokens[k]);
    if (!kind) continue;
    const head = tokens[k];
    // 学分银行 is a credit scheme, not a bank
    if (head.word === '银行' && /学分$/.test(text.slice(0, head.start))) continue;
    if (head.word.endsWith('中心')) {
      const before = text.slice(Math.max(0, head.start - 6), head.end - 2);
      if (GOAL_CENTRE.test(before)) continue;
      // 成都中心城区: the centre of a city, no body
      if (head.word === '中心' && /^(?:城区|城市|镇|区|地带|地区)/.test(tokens[k + 1]?.word ?? '')) continue;
    }
    const walked = walkLeft(clause, k, rules);
    let first = walked.first;
    while (first < k && LEAD_TRIM.test(tokens[first].word) && !isProperToken(tokens[first], rules)) first++;
    const span = tokens.slice(first, k + 1);
    // a part (处, 学部) needs the body it belongs to inside the name
    if (kind === 'sub' && !span.slice(0, -1).some((t) => isHead(t) === 'head')) continue;
    const start = tokens[first].start;
    const name = text.slice(start, head.end).replace(/\s+/g, '');
    // 省人力资源社会保障厅, 市综合经济研究院: a bare 省/市 stands for the article's place;
    // a company may carry a person-like word (比亚迪/nr 股份有限公司)
    const localBody = span.length >= 3 && /^[省市县区]$/.test(span[0].word) && !/^(?:中心|实验室|学校|中学|小学)$/.test(head.word);
    const company = /(?:公司|集团|银行)$/.test(head.word) && span.slice(0, -1).some((t) => /^(?:nr|nrt|nz)$/.test(t.tag));
    const proper = walked.quotedProper || localBody || company || span.some((t) => isProperToken(t, rules));
    if (name.length < 3 || rules.generic.has(name) || VENUE.test(name) || /等|各/.test(name)) continue;
    if (isCollectiveGeneric(span, rules)) continue;
    // 4个重庆实验室: a count of bodies of a place, none of them named
    if (span.length === 2 && rules.generic.has(head.word) && first >= 2 && tokens[first - 1].tag === 'q' && tokens[first - 2].tag === 'm') continue;
    if (proper) out.push({ start, end: head.end, name });
    else if (span.length >= 2) unvouched.push({ start, end: head.end, name, head: head.word });
  }
  return keepLongest([...out, ...vouchedSiblings(text, out, unvouched), ...listedBodiesIn(clause, rules)]);
}

/**
 * Names without a proper element that stand in a list next to a body of the same head:
 * 四川大学、重庆大学、电子科技大学, 广阳湾实验室和嘉陵江实验室 — the list says they are
 * bodies of one kind, as a proper word would. Each vouched name vouches for the next.
 */
function vouchedSiblings(text: string, named: InstitutionSpan[], unvouched: (InstitutionSpan & { head: string })[]): InstitutionSpan[] {
  const out: InstitutionSpan[] = [];
  const known = [...named];
  let found = true;
  while (found) {
    found = false;
    for (const c of unvouched) {
      if (out.includes(c)) continue;
      const adjacent = known.some((a) => {
        if (!a.name.endsWith(c.head)) return false;
        const between = a.end <= c.start ? text.slice(a.end, c.start) : c.end <= a.start ? text.slice(c.end, a.start) : null;
        return between !== null && LIST_SEPARATOR.test(between.trim());
      });
      if (!adjacent) continue;
      out.push(c);
      known.push(c);
      found = true;
    }
  }
  return out.map(({ start, end, name }) => ({ start, end, name }));
}

/**
 * Names listed before 等企业 / 等高校 …: each item between separators is a body when it is
 * short and made of name words (a known place alone is a place, not a body).
 */
function listedBodiesIn(clause: ClauseView, rules: InstitutionRules): InstitutionSpan[] {
  const { tokens, text } = clause;
  const out: InstitutionSpan[] = [];
  for (let k = 1; k + 1 < tokens.length; k++) {
    if (tokens[k].word !== '等' || !LISTED_KIND.test(tokens[k + 1].word)) continue;
    const items: InstitutionSpan[] = [];
    let end = k;
    let j = k - 1;
    for (;;) {
      let first = j;
      while (first >= 0 && LISTED_NAME_TAGS.has(tokens[first].tag) && !isPunct(tokens[first].word) && !LIST_SEPARATOR.test(tokens[first].word)) first--;
      first++;
      const words = tokens.slice(first, end);
      const name = text.slice(tokens[first]?.start ?? 0, tokens[end - 1]?.end ?? 0).replace(/\s+/g, '');
      const placeAlone = words.length === 1 && rules.isKnownName(words[0]!.start, words[0]!.end) && words[0]!.tag === 'ns';
      const named = first < end && words.some((t) => (LISTED_PROPER_TAGS.has(t.tag) || (t.tag === 'x' && HAN.test(t.word))) && !NOT_PROPER.test(t.word));
      if (!named || placeAlone || name.length < 2 || name.length > 12 || rules.generic.has(name) || !HAN.test(name)) break;
      items.unshift({ start: tokens[first]!.start, end: tokens[end - 1]!.end, name });
      if (first < 2 || !LIST_SEPARATOR.test(tokens[first - 1]!.word)) break;
      end = first - 1;
      j = first - 2;
    }
    // one name before 等 is as likely an example of a kind (比亚迪等企业) as a list; a lone
    // item needs a second proper word to count
    if (items.length >= 2) out.push(...items);
  }
  return out;
}

/** 川渝高校, 两地政府, 区县（自治县）人民政府: a collective place before a generic head is no name. */
function isCollectiveGeneric(span: Token[], rules: InstitutionRules): boolean {
  const last = span[span.length - 1].word;
  if (!rules.generic.has(last)) return false;
  return span
    .slice(0, -1)
    .filter((t) => !isPunct(t.word))
    .every((t) => rules.isCollectivePlace(t.word) || /^(?:两地|两省市|各|地区|毗邻地区|相关|有关|当地|区县|自治县|各区县|市级|县级|区级)$/.test(t.word));
}

function keepLongest(spans: InstitutionSpan[]): InstitutionSpan[] {
  return spans.filter((a) => !spans.some((b) => b !== a && b.start <= a.start && b.end >= a.end && b.end - b.start > a.end - a.start));
}
