import type { Target } from '../record.js';
import { codeUnitTable, matchesStartingAt, WHITESPACE_CHARS, type ClauseView } from './extract-tokens.js';

/**
 * Quantitative targets: a forward-looking goal with an explicit number.
 *
 * A sentence is forward-looking when it says when (到2025年, 计划到…, 2024年…力争) or when
 * a building verb governs the number (建设…100门左右, 组建10个, 打造3大万亿级…). Every
 * number in such a sentence is one target (compound sentences are split): its text runs
 * from the year marker or the verb to the end of what is counted, its quantity is value,
 * unit and qualifier (不低于10%, 90%以上, 50万辆以上, 两大万亿级). Not targets: achieved
 * statistics (2023年GDP达到…, 已建成…), enumerations of named items (…等5个联盟) and
 * counts of abstract things (三点要求, 十个方面).
 */

/** A mention the target may belong to (a program or an institution), article offsets. */
export interface OwnerMention {
  id: string;
  clauseId: string;
  start: number;
  end: number;
}

const NUM = '(?:\\d+(?:\\.\\d+)?|[一二三四五六七八九十两百千]+)';
const UNIT = '(?:%|％|万辆|万人|万名|万亿元|亿元|万元|万亩|万平方米|万吨|个|所|门|种|家|项|名|人|条|支|套|本|批|座|辆|类|台|部|期|场|次|大|倍|级)';
const QUALIFIER = '(?:左右|以上|以内|以下|多)';
const SCALE = '(?:万亿级|五千亿级|千亿级|百亿级)';
/**
 * A count: comparison, number, unit, qualifier, scale. It opens with optional words and
 * spaces, so irregexp would try it at every position of a sentence: the sticky form is
 * tried only where a match can start (extract-tokens matchesStartingAt).
 */
const QUANTITY = new RegExp(`(不低于|不少于|不超过|超过|达到|提升至|提高到|提高至|增至|突破)?\\s*(${NUM})\\s*(${UNIT})\\s*(${QUALIFIER})?\\s*(${SCALE})?`, 'y');
/** What a QUANTITY match starts with: a comparison's first character, a space (\s), a digit or a numeral. */
const QUANTITY_FIRST = codeUnitTable([...'不超达提增突0123456789一二三四五六七八九十两百千', ...WHITESPACE_CHARS]);
/** 打造万亿级…产业集群: a scale with no count. */
const BARE_SCALE = new RegExp(`(?<![大\\d])(${SCALE})`, 'g');

/** 到2025年 (截至2023年底 is a past count, not a goal). */
const YEAR_MARKER = /(?:计划|力争|预计|确保)?(?:到|(?<=计划|力争|预计|确保)至)\s*(20\d{2})\s*年(?:底|末)?/;
const YEAR_PLAIN = /(20\d{2})\s*年/;
/** Words that make a sentence a plan (计划 alone is often a program's name: 双高计划). */
const FORWARD = /力争|预计|确保|争取|预期|计划(?:到|在|于|用|将)|目标(?:是|为|：|:)|将(?:达到|建成|建设|实现|形成|提升|突破|打造|培育)/;
/** Verbs that create what is counted: they frame a goal on their own (建设…100门左右, 组建10个). */
const CREATE_VERB = /(?:建设|打造|组建|培育|开设|遴选|开发|新增|培养|认定|推出|引进|创建|设立|布局|壮大)/;
/** The last creating verb of a text. */
const LAST_CREATE_VERB = new RegExp(`${CREATE_VERB.source}(?!.*${CREATE_VERB.source})`);
/** Verbs that report a level: a goal only in a forward-looking sentence (力争…达到50万辆以上). */
const BUILD_VERB = new RegExp(`(?:${CREATE_VERB.source.slice(3, -1)}|达到|提升至|提高到|提高至|增至|突破|超过|不低于|不少于)`);
/** The last building verb of a text (where a target's text starts). */
const LAST_BUILD_VERB = new RegExp(`${BUILD_VERB.source}(?!.*${BUILD_VERB.source})`);
/** A building verb that ends a text (it is no part of a subject). */
const TRAILING_BUILD_VERB = new RegExp(`${BUILD_VERB.source}[\\s]*$`);
const PAST = /已经|已(?!有的)|累计|共有|现有|实现了|达到了|形成了|建成了|同比|比上年|增长了|提高了|下降|增速|截至|截止/;
/** Verbs of a rate a plan sets (增长6%左右, 控制在5.5%以内). */
const GOAL_VERB = /(?:增长|增加|提高|降低|下降|控制在|保持在|稳定在)\s*$/;
const PAST_ALL = new RegExp(PAST.source, 'g');
const COMPARE = /(不低于|不少于|不超过|超过)/;
/** Counted things that are abstract (三点要求, 十个方面, 6大工作目标) or spans of time. */
const ABSTRACT = /^(?:方面|要求|目标|任务|领域|举措|功能|环节|重点|原则|阶段|步|年|月|日|届|周年|点|大工作目标|大任务|大举措|大方面|大功能|个方面|个功能|个阶段)/;
const MAX_SUBJECT = 24; // characters

/** Targets of an article; `owners` are program / institution mentions a target can belong to. */
export function extractTargets(views: ClauseView[], owners: OwnerMention[] = []): Target[] {
  const targets: Target[] = [];
  // a sentence may span clauses that end with ；: its year and its plan framing carry over
  let carry: { text: string; end: number } | null = null;
  for (const clause of views) {
    const s = clause.text;
    const parts = sentences(s);
    for (let p = 0; p < parts.length; p++) {
      const sent = parts[p];
      const own = s.slice(sent.start, sent.end);
      const context: string = p === 0 && carry && carry.end === clause.offset ? carry.text + own : own;
      const text = own;
      if (p === parts.length - 1) carry = /[；;]\s*$/.test(s) ? { text: context, end: nextOffset(clause) } : null;
      // most sentences count nothing: they need no reading of their framing
      if (!mayCount(text)) continue;
      const contextMarker = yearMarkerIn(context);
      const yearMarker = contextMarker && (context === text ? contextMarker : yearMarkerIn(text));
      const plainYear = context.match(YEAR_PLAIN);
      const forward = !!contextMarker || FORWARD.test(context);
      const year = contextMarker ? Number(contextMarker[1]) : forward && plainYear ? Number(plainYear[1]) : null;
      if (saysDone(text) && !yearMarker && !/力争|计划|目标/.test(text)) continue;
      // a year that is not a goal year (2023年GDP达到…) makes the sentence a statistic
      if (plainYear && !forward) continue;
      const found = quantitiesIn(text);
      let accepted = 0;
      let lastAccepted: Quantity | null = null;
      for (let n = 0; n < found.length; n++) {
        const q = found[n];
        const segStart = segmentStart(text, q.start);
        const before = text.slice(segStart, q.start);
        const verb = before.match(LAST_BUILD_VERB);
        const create = before.match(LAST_CREATE_VERB);
        // a list item continues the goal before it: 课程100门左右、规划教材300种左右
        const listed = lastAccepted !== null && !/[，,]/.test(text.slice(lastAccepted.end, q.start)) && text[segStart - 1] === '、';
        // 建设A、B两大…集群: a count of a list is governed by the verb before the whole list
        const counted = q.unit === '大' || q.unit === '级';
        const listStart = counted && text[segStart - 1] === '、' ? phraseStart(text, q.start) : segStart;
        const listCreate = listStart < segStart ? text.slice(listStart, q.start).match(LAST_CREATE_VERB) : null;
        const governed = listCreate || (create && (q.qualified || counted || /^(?:壮大)?\s*$/.test(before.slice(create.index! + create[0].length))));
        if (!forward && !governed && !listed) continue;
        // 目标是：地区生产总值增长6%左右，城镇调查失业率5.5%左右: a goal may be a rate to keep
        const goalRate = forward && (q.qualified || GOAL_VERB.test(before));
        if (forward && !verb && !listCreate && !listed && !q.compare && !yearMarker && !goalRate) continue;
        // enumerations of named items: …等5个联盟; counts of abstract things: 三点要求
        if (/[等共]\s*$/.test(text.slice(0, q.start))) continue;
        const after = text.slice(q.end);
        if (ABSTRACT.test(after.replace(/^\s+/, ''))) continue;
        // where the target's text starts: the year marker for the first one, else its segment
        let start = segStart;
        if (accepted === 0 && yearMarker && yearMarker.index! < q.start) start = Math.min(start, yearMarker.index!);
        else if (listCreate) start = listStart + listCreate.index!;
        else if (verb) start = segStart + verb.index!;
        if (n > 0 && found[n - 1].end > start) start = found[n - 1].end;
        accepted++;
        lastAccepted = q;
        const cmp = q.compare ? '' : (before.match(COMPARE)?.[1] ?? '');
        while (/[，、,：:\s]/.test(text[start] ?? '')) start++;
        const end = targetEnd(text, q.end, found[n + 1]?.start ?? text.length);
        const subject = subjectOf(text.slice(start, q.start), text.slice(q.end, end));
        const absStart = clause.offset + sent.start + start;
        const absEnd = clause.offset + sent.start + end;
        const owner = ownerOf(owners, clause.id, clause.offset + sent.start, absEnd);
        targets.push({
          id: `${clause.id}/t${targets.length}`,
          clauseId: clause.id,
          text: s.slice(sent.start + start, sent.start + end),
          year,
          quantity: cmp + q.quantity,
          subject,
          start: absStart,
          end: absEnd,
          owner,
        });
      }
    }
  }
  return targets;
}

// YEAR_MARKER opens with optional words, so it is tried at every position: most sentences have no 年.
function yearMarkerIn(s: string): RegExpMatchArray | null {
  return s.includes('年') ? s.match(YEAR_MARKER) : null;
}

/** Where the next clause starts when it continues this one's sentence (separated by whitespace at most). */
function nextOffset(clause: ClauseView): number {
  return clause.offset + clause.text.length + (clause.followingGap ?? 0);
}

interface Quantity {
  start: number;
  end: number;
  quantity: string;
  unit: string;
  compare: boolean;
  /** 左右 / 以上 …: a goal's approximate level */
  qualified: boolean;
}

function quantitiesIn(text: string): Quantity[] {
  const out: Quantity[] = [];
  // a count needs a number (digit or numeral); the bare scale (万亿级) needs its 亿级
  for (const m of hasNumber(text) ? matchesStartingAt(text, QUANTITY_FIRST, QUANTITY) : []) {
    const [whole, cmp, num, unit, qual, scale] = m;
    // 2025年, 第5个, 1+X: not counts
    if (/^\d{4}$/.test(num) && !cmp) continue;
    if (/第\s*$/.test(text.slice(0, m.index!)) || /[+＋]\s*$/.test(text.slice(0, m.index!))) continue;
    // 3大万亿级…集群, 两大…优势产业集群: 大 counts clusters, not 二十大 or 一大批
    if (unit === '大' && (/^(?:二十|十九|一)$/.test(num) || !(scale || /^[^，。；]{0,12}(?:集群|产业群)/.test(text.slice(m.index! + whole.length))))) continue;
    if (unit === '级' || (/^[一二三四五六七八九十两百千]+$/.test(num) && unit !== '大')) continue;
    if (/^[零〇]/.test(num)) continue;
    const start = m.index! + (cmp && /^(?:达到|提升至|提高到|提高至|增至|突破)$/.test(cmp) ? cmp.length : 0);
    const keepCmp = cmp && /^(?:不低于|不少于|不超过|超过)$/.test(cmp) ? cmp : '';
    const quantity = `${keepCmp}${num}${unit.replace('％', '%')}${qual ?? ''}${scale ?? ''}`;
    out.push({ start: start + (text.slice(start).match(/^\s*/)![0].length), end: m.index! + whole.trimEnd().length, quantity, unit, compare: !!keepCmp, qualified: !!qual || !!scale });
  }
  for (const m of text.includes('亿级') ? text.matchAll(BARE_SCALE) : []) {
    if (out.some((q) => m.index! >= q.start && m.index! < q.end)) continue;
    if (!/(?:打造|建设|培育|形成|壮大)[^，。；]{0,6}$/.test(text.slice(0, m.index!))) continue;
    out.push({ start: m.index!, end: m.index! + m[0].length, quantity: m[1], unit: '级', compare: false, qualified: true });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The characters a count starts with (NUM): digits and numerals. */
const NUMBER_CHARS = codeUnitTable('0123456789一二三四五六七八九十两百千');

function hasNumber(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (NUMBER_CHARS[text.charCodeAt(i)] === 1) return true;
  return false;
}

/** Whether quantitiesIn can find anything in the text: a number, or a bare scale. */
function mayCount(text: string): boolean {
  return hasNumber(text) || text.includes('亿级');
}

const SENTENCE_END_CHARS = codeUnitTable(['。', '！', '？', '!', '?']);

function sentences(s: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    // a sentence ends at 。！？; its ；-separated parts share its year (2024年…；力争…达到50万辆以上)
    if (i === s.length || SENTENCE_END_CHARS[s.charCodeAt(i)] === 1) {
      if (i > start) out.push({ start, end: i });
      start = i + 1;
    }
  }
  return out;
}

/** Start of the comma segment holding `at` (a 、 list item starts its own segment). */
function segmentStart(text: string, at: number): number {
  return Math.max(phraseStart(text, at), text.slice(0, at).lastIndexOf('、') + 1);
}

/**
 * Whether a sentence reports what was done (已建成, 累计, 同比…). 现有 says so only where its
 * phrase counts something (现有高校40所), not as "existing" (依托现有国家级高新区).
 */
function saysDone(text: string): boolean {
  for (const m of text.matchAll(PAST_ALL)) {
    if (m[0] !== '现有') return true;
    const end = text.slice(m.index!).search(/[，,。；;]/);
    const phrase = text.slice(phraseStart(text, m.index!), end < 0 ? text.length : m.index! + end);
    if (/\d|[一二三四五六七八九十两百千万]+[个所家项名人]/.test(phrase)) return true;
  }
  return false;
}

/** Start of the phrase around `at`: after the last comma, colon or semicolon (a 、 list stays inside). */
function phraseStart(text: string, at: number): number {
  const before = text.slice(0, at);
  return Math.max(before.lastIndexOf('，'), before.lastIndexOf(','), before.lastIndexOf('：'), before.lastIndexOf('；'), before.lastIndexOf(';')) + 1;
}

/** What is counted runs to the next comma, or to the 、 before the next number. */
function targetEnd(text: string, from: number, nextQuantity: number): number {
  const comma = text.slice(from).search(/[，,：:；;]/);
  let end = comma < 0 ? text.length : from + comma;
  if (nextQuantity < end) {
    const list = text.lastIndexOf('、', nextQuantity);
    end = list >= from ? list : Math.min(end, nextQuantity);
  }
  while (end > from && /[\s、]/.test(text[end - 1])) end--;
  return end;
}

function subjectOf(before: string, after: string): string | null {
  const counted = after.replace(/^[\s“”"]+/, '');
  if (/[\u4e00-\u9fa5]{2,}/.test(counted)) {
    const tail = counted.split('的').pop()!.replace(/[“”"\s]/g, '');
    return tail.slice(-MAX_SUBJECT) || null;
  }
  const head = before
    .replace(YEAR_MARKER, '')
    .replace(/^[，,\s]+/, '')
    .replace(TRAILING_BUILD_VERB, '')
    .replace(/[，,\s]/g, '');
  return head ? head.slice(-MAX_SUBJECT) : null;
}

/** The program or institution a target belongs to: named in its text, or last named before it in the clause. */
function ownerOf(owners: OwnerMention[], clauseId: string, from: number, to: number): string | null {
  let best: OwnerMention | null = null;
  for (const o of owners) {
    if (o.clauseId !== clauseId || o.start >= to) continue;
    if (!best || o.start > best.start) best = o;
  }
  return best && best.start >= from - 200 ? best.id : null;
}
