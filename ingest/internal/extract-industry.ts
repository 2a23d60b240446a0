import type { ClauseView } from './extract-tokens.js';
import { isPunct } from './extract-tokens.js';
import type { Gazetteer } from './gazetteer.js';

/**
 * Industries by pattern: X产业 / X制造业 / X业 / X经济, and compounds of lexicon sectors
 * (钢铁 + 材料 → 钢铁材料, 能源 + 化工 → 能源化工), keeping the longest specific form.
 * X is one to three nouns; a stop list drops generic forms (新兴产业, 区域经济, 企业)
 * and a place is never part of X (重庆汽车产业 → 汽车).
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
}

const MODIFIER_TAGS = new Set(['n', 'vn', 'nz', 'b', 'l', 'j', 'an']);
const HEAD = /^(?:产业|制造业|经济|[\u4e00-\u9fa5]{1,3}业)$/;
const MAX_MODIFIERS = 3; // words
/** Heads that name a sector on their own only with a modifier: X产业, X经济. */
const NEEDS_MODIFIER = /^(?:产业|经济)$/;
/** Words that are never part of a sector name (发展, 建设 are tagged vn). */
const NOT_MODIFIER = new Set(['发展', '建设', '优化', '升级', '转型', '培育', '壮大', '布局', '集聚', '协同', '合作', '融合', '引领', '支撑', '服务', '推动', '带动', '高质量', '创新', '现代化', '领域', '方向', '类型', '结构', '体系', '门类', '集群', '链', '产业链', '本地', '当地', '企业', '人才', '教育', '职业教育', '专业', '学科', '技术', '研究', '应用', '平台', '基地', '园区', '项目']);
/** Modifiers that make a sector more specific (高端装备制造, 生态畜牧业, 绿色建材). */
const QUALIFIER = /^(?:高端|先进|现代|智能|绿色|数字|新一代|未来|生态|特色|清洁|可再生|精细|新型|智慧|低碳|高新|战略性|新兴|传统)+$/;

/** Industry mentions in one clause, offsets relative to the clause. */
export function industriesIn(clause: ClauseView, rules: IndustryRules): IndustrySpan[] {
  const { tokens, text } = clause;
  const out: IndustrySpan[] = [];
  const lexiconAt = (a: number, b: number) => {
    const m = rules.lexicon.match(text.slice(a, b));
    return m.length === 1 && m[0].start === 0 && m[0].end === b - a && m[0].type === 'industry' ? m[0] : null;
  };
  for (let k = 0; k < tokens.length; k++) {
    const head = tokens[k];
    const isPatternHead = HEAD.test(head.word) && !rules.stop.has(head.word.replace(/^.*(?=产业$)/, '')) && !rules.stop.has(head.word);
    const headLexicon = lexiconAt(head.start, head.end);
    if (!isPatternHead && !headLexicon && !NEEDS_MODIFIER.test(head.word)) continue;
    // modifiers: nouns before the head, never places, verbs or generic words
    let first = k;
    while (first > 0 && k - first < MAX_MODIFIERS) {
      const prev = tokens[first - 1];
      if (!MODIFIER_TAGS.has(prev.tag) || isPunct(prev.word) || NOT_MODIFIER.has(prev.word) || rules.stop.has(prev.word)) break;
      if (rules.isRegion(prev.start, prev.end)) break;
      first--;
    }
    // keep the longest form that is a sector: a lexicon compound or X + head
    for (let f = first; f <= k; f++) {
      const start = tokens[f].start;
      const name = text.slice(start, head.end);
      if (f === k) {
        if (headLexicon || !isPatternHead || NEEDS_MODIFIER.test(head.word)) break;
        out.push({ start, end: head.end, name });
        break;
      }
      const modifiers = text.slice(start, head.start);
      if (NEEDS_MODIFIER.test(head.word)) {
        // X产业 where X is a lexicon sector names that sector (电子信息产业 = 电子信息)
        const inner = lexiconAt(start, head.start);
        if (inner && head.word === '产业') {
          out.push({ start, end: head.end, name: inner.canonical[0], group: inner.group });
          break;
        }
        if (modifiers.length >= 2 && !tokens.slice(f, k).every((t) => rules.stop.has(t.word))) {
          out.push({ start, end: head.end, name });
          break;
        }
        continue;
      }
      // a compound of sector words (钢铁材料) or modifiers + a sector (生态畜牧业)
      const whole = lexiconAt(start, head.end);
      if (whole) {
        out.push({ start, end: head.end, name: whole.canonical[0], group: whole.group });
        break;
      }
      const modifierWords = tokens.slice(f, k).map((t) => t.word);
      if (modifierWords.every((w) => rules.stop.has(w))) continue;
      const firstIsSector = lexiconAt(tokens[f].start, tokens[f].end) !== null;
      if ((firstIsSector && headLexicon) || (isPatternHead && !headLexicon) || (headLexicon && QUALIFIER.test(modifiers))) {
        out.push({ start, end: head.end, name });
        break;
      }
    }
  }
  return out;
}
