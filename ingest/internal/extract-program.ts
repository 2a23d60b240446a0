import type { ClauseView } from './extract-tokens.js';
import { codeUnitTable, enclosedBefore, HAN, isPunct, lastCharsOf } from './extract-tokens.js';

/**
 * Programs (named initiatives, plans, platforms, alliances, slogans) and named
 * territorial zones (示范区, 科学城, 城市群: regions by the annotation rules). Patterns:
 * - a launch verb and the name it governs: 实施教师能力提升行动, 实施A工程、B工程;
 * - quoted names with a program suffix (“科技人才班”), number codes (“33618”, 1+X,
 *   “2+6+X”) with the noun phrase that follows them (“416”科技创新布局), and layout
 *   slogans (一区两群, 一轴两带双核三区);
 * - platforms, alliances, corridors, bases, funds and zones whose name carries a proper
 *   element (成渝科技创新走廊, 西部陆海新通道数字教学平台, 泸永江融合发展示范区).
 */

export interface ProgramSpan {
  start: number;
  end: number;
  name: string;
  type: 'program' | 'region';
  /** program codes group the forms of one program (“33618” and 33618现代制造业集群体系) */
  group?: string;
  rank?: number;
  /** the places a joint name joins (川西、渝西教育共同体; 中国—老挝…共同体), clause offsets */
  parts?: [number, number][];
}

export interface ProgramRules {
  /** true when [start, end) of the clause overlaps a known place or lexicon name */
  isKnownName: (start: number, end: number) => boolean;
  /** start of the first known place or lexicon name inside [start, end), or -1 */
  properStartIn: (start: number, end: number) => number;
  /** end of the known name that starts at `start`, if any */
  knownEndAt: (start: number) => number | undefined;
  /** true when [start, end) of the clause is exactly a lexicon program */
  isKnownProgram: (start: number, end: number) => boolean;
}

/**
 * What follows a quoted name that the text runs as an activity or project: “百门职育课程进校园”活动,
 * and a list of them closed by that kind: “科技下乡”、技术转移等项目. (A quoted word before
 * 模式, 试点 or 行动 is as often a slogan: “结对式”融通试点, “走在前”的行动蓝图.)
 */
const QUOTED_PROGRAM_KIND = /^(?:(?:、[^，。；、]{1,12}?)*等)?(?:活动|项目)/;
/** Parallel quoted names, one of them known: 高职“双高”、中职“双优”. */
const QUOTED_SIBLING_GAP = /^、[\u4e00-\u9fa5]{0,3}$/;

const PROGRAM_SUFFIX = '(?:行动计划|专项行动|计划|工程|行动|工坊|战略|布局|体系|平台|项目|联合体|共同体|通道|人才班|实验班|英才班|创新生态圈|联盟|基地|走廊|高地|专项|合作区|网络|基金|学分银行|证书制度)';
const QUOTED_SUFFIX = new RegExp(`${PROGRAM_SUFFIX}$`);
/** The noun phrase after a quoted code: “416”科技创新布局. */
const CODE_TAIL = new RegExp(`^[\\u4e00-\\u9fa5]{0,12}?${PROGRAM_SUFFIX.replace('(?:', '(?:集群体系|产业集群|')}`);
const LAUNCH = /(?:实施|开展|启动|推行|实行|推进|围绕|聚焦|落实|参与|入选)$/;
/** Last characters of the launch verbs: most words end in none of them, and skip the pattern. */
const LAUNCH_LAST_CHARS = codeUnitTable(lastCharsOf(LAUNCH));
const LAUNCHED_SUFFIX = /(?:行动计划|专项行动|计划|工程|行动|战略|项目)$/;
/** Launched things that are generic, not named (实施一批重大项目, 开展专项行动). */
const GENERIC_LAUNCHED = /^(?:一批|若干|多项|各类|一系列|重大|重点|相关|有关|专项|这一|该|本|系列|一大批|新一轮|各项|\d|[一二三四五六七八九十百两]+[个项大批])/;
/** Generic or funding names: 重大战略, 国家战略, research grants in acknowledgements (…规划项目). */
const GENERIC_NAME = /(?:重大战略|国家战略|战略高地|研究项目|规划项目|基金项目|资助项目|课题|创新工程项目|科研项目)$/;
const NAMED_SUFFIX = /(?:平台|联盟|共同体|联合体|走廊|合作区|基金|学分银行|工坊|项目)$/;
/** A zone named for a public service is a policy pilot, not a place: 成渝地区城乡义务教育一体化发展试验区. */
const PILOT_TOPIC = /(?:教育|职教|医疗|卫生|健康|养老|托育|就业|社保|社会保障|文化|体育|人才)/;
const ZONE_SUFFIX = /(?:示范区|先行区|先导区|试验区|自贸试验区|协同创新区|科学城|科技城|新区|城市群|都市圈|经济圈|城市圈|都市区|毗邻地区|库区|经济区|合作区)$/;
/** Last characters of the named and zone suffixes: a word ending in none of them ends neither (most words). */
const SUFFIX_LAST_CHARS = codeUnitTable([NAMED_SUFFIX, ZONE_SUFFIX].flatMap(lastCharsOf));
/** A code: 33618, 416, 1+X, 2+6+X, 1+2+4+N (two small numbers, 3+2, are schooling models). */
const CODE = /^(?:\d{3,}|[\dA-Z]+(?:\+[\dA-Z]+)+)$/;
/** Layout slogans name places: 一区两群, 一轴两带双核三区 (not 一老一小, 三位一体). */
const LAYOUT = /^(?:[一二三四五六七八九十两双多][区群轴带核圈城心廊极翼屏港园片副环网链]){2,6}$/;
const NUMBERED_ACTIONS = /[一二三四五六七八九十百]+项(?:重点)?(?:行动|工程|计划)/g;
/** 科教兴国、人才强国、创新驱动发展的三大战略: the suffix is shared by as many names as it counts. */
const COUNTED_SUFFIX = /的?([两三四五六七八九十])大(战略|工程|行动|计划|行动计划)/g;
const COUNT: Record<string, number> = { 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };
/** Verbs that govern a list of programs; the first name starts after them. */
const GOVERNING = /^(?:把握|实施|深入实施|推进|落实|贯彻|贯彻落实|统筹|推动|围绕|聚焦|坚持|深化|服务|对接|融入|抓住|立足|实行|推行)$/;

// k: a suffix jieba splits off its word (产教融合|型|企业)
const WALK_TAGS = new Set(['n', 'nr', 'nrt', 'nrfg', 'nz', 'ns', 'nt', 'vn', 'j', 'x', 'eng', 'f', 'l', 'zg', 'ng', 'b', 'k']);
const NAME_VERBS = new Set(['创新', '研究', '应用', '转移', '转化', '服务', '发展', '交流', '合作', '培训', '监测', '评估', '研修', '推广', '孵化', '协同', '交易', '联合', '统筹', '融合', '提升', '帮扶', '领跑', '跃升', '传承', '共享', '开放', '互联互通', '建设', '教育', '教学', '研发']);
/** Direction words that start proper names (西部职教基地产教联合体). */
const DIRECTION_PROPER = /^(?:西部|东部|中部|西南|西北|东北|华东|华南|华北|华中)$/;
/** A collective right after the leading place makes the name generic (成渝两地教育平台). */
const COLLECTIVE = /^(?:两地|两省市|各地|地区各|各)/;
/** Unknown words that do not start a zone's name. */
const NOT_ZONE_START = /^(?:科创|实训|产教|职教|国家级|区域|创新|城市|山区|农村|乡村|城区|地区|国家|全国|[一二三四五六七八九十]是.*)$/;
const LISTED_PARKS = /((?:[\u4e00-\u9fa5]{1,6}、){1,6}[\u4e00-\u9fa5]{2,4})等(?:重点)?(?:科创|科技|产业|工业|高新|特色)?(?:园区|片区|园)/g;
const LEAD_TRIM = /^(?:建设|打造|共建|组建|培育|搭建|依托|推动|支持|加入|成立|设立|国家级|市级|省级|高水平|一流|示范性|高端|新型|重点|优质|积极|全面|深化|深度|加快|一批|多个)$/;

/**
 * Names that share a counted suffix (乡村振兴、区域协调发展两大战略 → 乡村振兴战略, 区域协调发展战略),
 * taken only when the list holds exactly as many names as the suffix counts.
 */
function countedNames(clause: ClauseView): ProgramSpan[] {
  const { text, tokens } = clause;
  const out: ProgramSpan[] = [];
  // the pattern opens with an optional 的 and is tried at every position: look for 大 first
  if (!text.includes('大')) return out;
  for (const m of text.matchAll(COUNTED_SUFFIX)) {
    const want = COUNT[m[1]!]!;
    const items: [number, number][] = [];
    let end = m.index!;
    for (let k = tokens.findIndex((t) => t.end === end); k >= 0 && items.length <= want; ) {
      let first = k;
      while (first >= 0 && !isPunct(tokens[first].word) && !/^(?:和|及|与|以及)$/.test(tokens[first].word) && !GOVERNING.test(tokens[first].word) && !/^(?:d|p|uj|ul|r|m)$/.test(tokens[first].tag)) first--;
      const start = tokens[first + 1]?.start ?? end;
      if (end - start < 2 || end - start > 8) break;
      items.unshift([start, end]);
      const sep = tokens[first];
      if (!sep || !/^(?:、|和|及|与|以及)$/.test(sep.word)) break;
      end = sep.start;
      k = first - 1;
    }
    if (items.length !== want) continue;
    for (const [a, b] of items) out.push({ start: a, end: b, name: `${text.slice(a, b)}${m[2]}`, type: 'program', rank: 3.2 });
  }
  return out;
}

/** Where a zone's name may start going left: any word but punctuation, particles and governing verbs. */
function walkZone(clause: ClauseView, k: number): number {
  const { tokens } = clause;
  let first = k;
  while (first > 0) {
    const prev = tokens[first - 1];
    // 西部（重庆）科学城: a place in parentheses belongs to the name
    if ((prev.word === '）' || prev.word === ')') && first >= 3 && /^[（(]$/.test(tokens[first - 3].word) && tokens[first - 2].tag === 'ns') {
      first -= 3;
      continue;
    }
    if (isPunct(prev.word) || /^(?:p|c|u|uj|ul|r|m|d|q)$/.test(prev.tag) || (prev.tag === 'v' && prev.word.length === 1) || LEAD_TRIM.test(prev.word) || /^(?:依托|推动|支持|建设|打造|围绕|发挥|服务|加快|推进|在)$/.test(prev.word)) break;
    if (tokens[k].end - prev.start > 20) break;
    first--;
  }
  return first;
}

/** Whether a quoted name stands next to a known or quoted program, 、 and a short word between: 高职“双高”、中职“双优”. */
function quotedSiblings(text: string, q: { start: number; end: number }, found: ProgramSpan[], rules: ProgramRules): boolean {
  const known = (a: number, b: number) => rules.isKnownProgram(a + 1, b - 1) || found.some((f) => f.start === a && f.end === b);
  const before = text.lastIndexOf('“', q.start - 1);
  if (before >= 0) {
    const close = text.indexOf('”', before);
    if (close >= 0 && close < q.start && QUOTED_SIBLING_GAP.test(text.slice(close + 1, q.start)) && known(before, close + 1)) return true;
  }
  const open = text.indexOf('“', q.end);
  if (open >= 0 && QUOTED_SIBLING_GAP.test(text.slice(q.end, open))) {
    const close = text.indexOf('”', open);
    if (close >= 0 && known(open, close + 1)) return true;
  }
  return false;
}

function isCode(s: string): boolean {
  if (!CODE.test(s)) return false;
  const parts = s.split('+');
  return !(parts.length === 2 && parts.every((p) => /^\d$/.test(p)));
}

/** Where a noun phrase ending at token `k` starts, walking left over name words. */
function walkLeft(clause: ClauseView, k: number, maxChars: number, rules: ProgramRules): number {
  const { tokens } = clause;
  let first = k;
  while (first > 0) {
    const prev = tokens[first - 1];
    if (prev.word === '”' || prev.word === '）' || prev.word === ')') {
      const enclosed = enclosedBefore(clause, first);
      if (!enclosed) break;
      first = enclosed.index;
      continue;
    }
    // 中国-东盟…, 成渝地区双城经济圈——澜湄区域…: a dash joins two places, nothing else
    let d = first - 1;
    while (d >= 0 && /^(?:-|—|——|－)$/.test(tokens[d].word)) d--;
    if (d < first - 1 && d >= 0 && rules.isKnownName(tokens[d].start, tokens[d].end) && rules.isKnownName(tokens[first].start, tokens[first].end)) {
      first = d;
      continue;
    }
    const joiner = false;
    const ok =
      joiner ||
      (WALK_TAGS.has(prev.tag) && !isPunct(prev.word) && prev.word.trim() !== '') ||
      ((prev.tag === 'v' || prev.tag === 'vd' || prev.tag === 'a') && NAME_VERBS.has(prev.word));
    if (!ok || tokens[k].end - prev.start > maxChars) break;
    first--;
  }
  return first;
}

/** Programs and zones in one clause, offsets relative to the clause. */
export function programsIn(clause: ClauseView, rules: ProgramRules): ProgramSpan[] {
  const { text, tokens } = clause;
  const out: ProgramSpan[] = [];
  // launch verb + name(s): 实施A工程、B行动
  for (let i = 0; i < tokens.length; i++) {
    if (LAUNCH_LAST_CHARS[text.charCodeAt(tokens[i].end - 1)] !== 1) continue;
    if (!LAUNCH.test(tokens[i].word) || (tokens[i].tag !== 'v' && tokens[i].tag !== 'vn' && tokens[i].tag !== 'l')) continue;
    let s = tokens[i].end;
    const stop = text.slice(s).search(/[，。；：！？,;:]/);
    const end = stop < 0 ? text.length : s + stop;
    const governed = text.slice(s, end);
    for (const part of governed.split(/(?<=(?:计划|工程|行动|战略|项目))(?:、|和|及|以及)|、/)) {
      const raw = part;
      // quotes inside a part belong to the quoted-name rule (“双圈”市委“一号工程”)
      // “一带一路”教育行动: a quoted name at the start belongs to the program's name
      const name = raw.replace(/^[“"](.*)[”"]$/, '$1').replace(/^\s*[“"]([^“”"]{2,10})[”"]/, '$1').trim();
      const m = name.match(LAUNCHED_SUFFIX);
      if (m && name.length >= 4 && name.length <= 24 && !GENERIC_LAUNCHED.test(name) && !GENERIC_NAME.test(name) && !/[的和与及“”"]/.test(name.slice(0, -m[0].length)) && (m[0] !== '项目' || name.length >= 8)) {
        const lead = raw.length - raw.trimStart().length;
        out.push({ start: s + lead, end: s + raw.trimEnd().length, name, type: 'program', rank: 3.2 });
      } else break;
      s += part.length + 1;
    }
  }
  // quoted names
  // (patterns that open with a class of CJK characters are tried at every position: where the
  // character they need is missing, they are not run)
  const quoted: { start: number; end: number; name: string }[] = [];
  for (const m of text.includes('“') || text.includes('"') ? text.matchAll(/[“"]([^“”"，。；]{1,24})[”"]/g) : []) {
    const inner = m[1].replace(/\s+/g, '');
    const qStart = m.index!;
    const qEnd = qStart + m[0].length;
    // a code or short quoted word followed by its noun phrase: “416”科技创新布局
    const tail = text.slice(qEnd, qEnd + 16).match(CODE_TAIL);
    // a quoted package of three or more parts with its noun: “金融+财政+土地+信用”组合式激励政策
    if (/^[\u4e00-\u9fa5]{1,6}(?:\+[\u4e00-\u9fa5]{1,6}){2,}$/.test(inner)) {
      const noun = text.slice(qEnd).match(/^[\u4e00-\u9fa5]{0,10}?(?:政策|体系|机制|模式|计划|工程)/);
      if (noun) out.push({ start: qStart, end: qEnd + noun[0].length, name: inner + noun[0], type: 'program', rank: 3.5 });
      continue;
    }
    if (isCode(inner)) {
      if (tail && !/[的和与及、]/.test(tail[0])) out.push({ start: qStart, end: qEnd + tail[0].length, name: inner + tail[0], type: 'program', group: inner, rank: 3.5 });
      else out.push({ start: qStart, end: qEnd, name: inner, type: 'program', group: inner, rank: 3.5 });
      continue;
    }
    if (LAYOUT.test(inner)) {
      out.push({ start: qStart, end: qEnd, name: inner, type: 'program', rank: 3.5 });
      continue;
    }
    // a quoted slogan phrase (“构筑…高地和参与…新基地”) is no program name
    const slogan = inner.length > 10 && /[和与及]/.test(inner);
    const named = HAN.test(inner.replace(/[·\d+\-—（）()]/g, ''));
    if (QUOTED_SUFFIX.test(inner) && inner.length >= 3 && !slogan && named) {
      out.push({ start: qStart, end: qEnd, name: inner, type: 'program', rank: 3.5 });
    } else if (inner.length >= 2 && inner.length <= 12 && !slogan && named && /^[\u4e00-\u9fa5+]+$/.test(inner)) {
      quoted.push({ start: qStart, end: qEnd, name: inner });
    }
  }
  // a quoted name the text runs as a program, or that stands beside a known program
  for (const q of quoted) {
    const runs = QUOTED_PROGRAM_KIND.test(text.slice(q.end));
    const sibling = quotedSiblings(text, q, out, rules);
    if (runs || sibling) out.push({ start: q.start, end: q.end, name: q.name, type: 'program', rank: 3.5 });
  }
  // unquoted codes with their noun phrase: 2+6+X先进制造业产业集群, 1+X证书制度
  for (const m of !text.includes('+') ? [] : text.matchAll(/(?<![\d+“"A-Za-z])(\d+(?:\+[\dXN]+)+)(?![\d+”"])([\u4e00-\u9fa5]{0,12}?(?:产业集群|集群体系|体系|布局|证书制度|制度|集群))?/g)) {
    if (!/[XN]/.test(m[1]) && !m[2]) continue;
    if (!isCode(m[1])) continue;
    out.push({ start: m.index!, end: m.index! + m[0].length, name: m[0], type: 'program', group: m[1], rank: 3.4 });
  }
  for (const m of text.includes('项') ? text.matchAll(NUMBERED_ACTIONS) : []) out.push({ start: m.index!, end: m.index! + m[0].length, name: m[0], type: 'program', rank: 3.1 });
  out.push(...countedNames(clause));
  // named platforms, alliances, corridors, zones: suffix + a name that starts with a proper element
  for (let k = 0; k < tokens.length; k++) {
    const tok = tokens[k];
    if (SUFFIX_LAST_CHARS[text.charCodeAt(tok.end - 1)] !== 1) continue;
    const upTo = text.slice(Math.max(0, tok.end - 6), tok.end);
    const zoneSuffix = upTo.match(ZONE_SUFFIX);
    // a zone's suffix starts on a word boundary (先行/区, 毗邻/地区)
    const zone = !!zoneSuffix && !/合作区$/.test(upTo) && (tokens.some((t) => t.start === tok.end - zoneSuffix[0].length) || (tok.tag === 'ns' && tok.word.length > zoneSuffix[0].length));
    if (zone && tok.tag === 'ns' && tok.word.length > zoneSuffix[0].length && tok.word.endsWith(zoneSuffix[0]) && !NOT_ZONE_START.test(tok.word.slice(0, -zoneSuffix[0].length))) {
      out.push({ start: tok.start, end: tok.end, name: tok.word, type: 'region', rank: 3 });
      continue;
    }
    if (!zone && !NAMED_SUFFIX.test(upTo)) continue;
    const first = zone ? walkZone(clause, k) : walkLeft(clause, k, 30, rules);
    // the name starts at its first proper element: 大力推广运用重庆技术…平台 → 重庆技术…平台
    let start = -1;
    for (let j = first; j <= k && start < 0; j++) {
      const t = tokens[j];
      if (t.word === '“') start = t.start;
      else if (DIRECTION_PROPER.test(t.word) || (t.tag === 'ns' && !NOT_ZONE_START.test(t.word) && (zone || rules.isKnownName(t.start, t.end)))) start = t.start;
      else if (zone && /^(?:x|nz|j)$/.test(t.tag) && HAN.test(t.word) && !NOT_ZONE_START.test(t.word)) start = t.start;
      // a code of letters then digits names its construct (G60科创走廊), unlike 5G or AI
      else if (t.tag === 'eng' && /^[A-Z]+\d+$/.test(t.word)) start = t.start;
      else start = rules.properStartIn(t.start, t.end);
    }
    if (start < 0 || start >= tok.start) continue;
    // A、B教育共同体, 成渝地区双城经济圈——澜湄区域…联盟: the places a joint name joins
    const parts: [number, number][] = [];
    if (text[start - 1] === '、') {
      for (let len = 2; len <= 9 && start - 1 - len >= 0; len++) {
        const a = start - 1 - len;
        if (rules.properStartIn(a, a + 1) === a && rules.knownEndAt(a) === start - 1) {
          parts.push([a, start - 1], [start, rules.knownEndAt(start) ?? start]);
          start = a;
          break;
        }
      }
    }
    const dash = text.slice(start, tok.start).match(/^(.+?)(?:——|—|－|-)/);
    if (dash && rules.knownEndAt(start) === start + dash[1].length) {
      const b = start + dash[0].length;
      if (rules.knownEndAt(b) !== undefined) parts.push([start, start + dash[1].length], [b, rules.knownEndAt(b)!]);
    }
    const name = text.slice(start, tok.end).replace(/\s+/g, '');
    const afterPlace = text.slice(rules.knownEndAt(start) ?? start, tok.end);
    if (name.length < 4 || COLLECTIVE.test(afterPlace) || GENERIC_NAME.test(name) || /^[“"]?(?:[一二三四五六七八九十百两]+[大个项批]|\d)/.test(name)) continue;
    if (zone && /现有|国家级|省级|市级|等|各/.test(name)) continue;
    out.push({ start, end: tok.end, name: name.replace(/[“”]/g, ''), type: zone && !/合作区$/.test(name) && !PILOT_TOPIC.test(name) ? 'region' : 'program', rank: 3, parts: parts.length ? parts : undefined });
  }
  // 金凤、明月湖、迎龙等重点科创园区: short names listed before 等…园区 are places
  // (a pattern that starts with a CJK literal is tried at every position: look for the characters first)
  const listsParks = text.includes('园') && text.includes('等') && /等[^，。；]{0,4}园/.test(text);
  for (const m of listsParks ? text.matchAll(LISTED_PARKS) : []) {
    const items = m[1].split('、');
    let at = m.index!;
    // the first item starts where its proper words start (在金凤 → 金凤)
    const firstEnd = at + items[0].length;
    let j = tokens.findIndex((t) => t.end === firstEnd);
    let s0 = firstEnd;
    while (j >= 0 && /^(?:x|ns|nz|t|j|nr)$/.test(tokens[j].tag) && HAN.test(tokens[j].word) && firstEnd - tokens[j].start <= 4) s0 = tokens[j--].start;
    // 在光谷、东湖等…: after a preposition any short word is the first item
    if (s0 === firstEnd && j > 0 && tokens[j].end === firstEnd && tokens[j - 1].tag === 'p' && tokens[j].word.length <= 4) s0 = tokens[j].start;
    items[0] = text.slice(s0, firstEnd);
    at = s0;
    for (const item of items) {
      if (item.length >= 2 && item.length <= 4) out.push({ start: at, end: at + item.length, name: item, type: 'region', rank: 2.5 });
      at += item.length + 1;
    }
  }
  return out;
}
