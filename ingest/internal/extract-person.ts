import type { ClauseView, Token } from './extract-tokens.js';
import { codeUnitTable, firstCharsOf, HAN, isBoundary, matchesStartingAt, tokenStartingAt } from './extract-tokens.js';

/**
 * Person names. jieba tags many non-names nr and cuts many real names apart (李劲/渝), so
 * a name needs support from its context:
 * - a role right before it (副主任李劲渝, 通讯员王加喜) or right after it (习近平总书记);
 * - a speech verb right after it (丁瑶说, 马克思认为);
 * - a byline: a clause that holds only names (贾舒; 朱德全3谈卓林4);
 * - a foreign name written with a separator dot (大卫·李嘉图, 迈克尔•波特 → 迈克尔·波特).
 * Chinese names start with a known family name and end on a word boundary.
 */

export interface PersonSpan {
  start: number;
  end: number;
  name: string;
  role?: string;
}

export interface PersonRules {
  surnames: Set<string>;
}

const ROLE =
  '(?:总书记|书记|副书记|主任|副主任|部长|副部长|市长|副市长|区长|县长|省长|副省长|院长|副院长|校长|副校长|教授|副教授|主席|副主席|总经理|董事长|理事长|会长|秘书长|负责人|研究员|副研究员|处长|局长|厅长|委员|代表|专家|记者|通讯员|作者|博士|院士|总裁|总监|所长|主编|讲师)';
const ROLE_BEFORE = new RegExp(`${ROLE}$`);
/** A role where one starts, and the characters roles start with (the role-before rule looks for them) */
const ROLE_STICKY = new RegExp(ROLE, 'y');
const ROLE_FIRST = codeUnitTable(firstCharsOf(ROLE));
const SPEECH = '(?:说|表示|指出|认为|强调|介绍|主持|提出|谈到|称|坦言|透露|建议|补充|告诉|回忆|解释|分析|总结|摄)';
const SPEECH_AFTER = new RegExp(`^${SPEECH}`);
// sticky forms test what follows a word without slicing the clause (one test per word)
const ROLE_AT = new RegExp(`(?:同志|${ROLE})`, 'y');
const SPEECH_AT = new RegExp(SPEECH, 'y');
/** First characters of 同志, the roles and the speech verbs: most words are followed by none of them. */
const CONTEXT_FIRST = codeUnitTable(['同', ...firstCharsOf(ROLE), ...firstCharsOf(SPEECH)]);
/** Characters of transliterated foreign names (列斐伏尔, 哈肯, 波特). */
const FOREIGN = '[阿埃艾爱安奥澳巴拜班邦保鲍贝本比彼毕宾波伯博布查达黛戴丹道德迪蒂丁东杜多恩尔法范菲斐费芬丰夫弗伏福盖甘冈高戈哥格古圭哈海汉豪赫黑亨华怀惠霍基吉加嘉贾杰捷金卡凯坎康考柯科克肯孔库奎拉莱赖兰朗劳勒雷蕾里丽利莉理连列林琳玲留卢鲁陆路伦罗洛玛马迈麦曼梅门蒙米密明摩莫默姆穆娜纳南内妮尼涅宁努诺欧帕潘佩蓬皮珀珀普奇齐乔琼丘萨塞赛桑瑟森沙珊尚舍什施史斯松苏索塔泰坦汤唐特提图托瓦万威韦维温文沃乌伍西希锡谢辛休雅亚扬耶伊依因英尤约泽扎詹哲珍卓兹思肯斐当熊涂干缪萨]';
const FOREIGN_DOT = new RegExp(`${FOREIGN}{1,6}[·•・]${FOREIGN}{1,8}`, 'g');
const FOREIGN_SPEAKER = new RegExp(`(?<![\\u4e00-\\u9fa5])${FOREIGN}{3,5}(?=认为|指出|提出|说|强调|曾说)`, 'g');
/** Ends of body names a person's name may follow directly (…学院张军教授). */
const BODY_END = /(?:大学|学院|学校|研究院|研究所|研究中心|中心|委员会|委|局|厅|办公室|公司|集团|医院|协会|学会)$/;
const SEPARATOR_DOTS = ['·', '•', '・'];
const SPEAKER_VERB = /认为|指出|提出|说|强调/;

// (module functions, not closures made per clause: personsIn runs on every clause)

/** A name that jieba reads as one ordinary word (强调, 单位, 关键词) is that word. */
function isWord(tokens: Token[], start: number, end: number): boolean {
  const i = tokenStartingAt(tokens, start);
  return i >= 0 && tokens[i].end === end && !/^(?:nr|nrfg|nrt|x)$/.test(tokens[i].tag);
}

/** Two to four Han characters opening with a known family name. */
function isName(name: string, rules: PersonRules): boolean {
  if (!HAN.test(name) || name.length < 2 || name.length > 4) return false;
  const single = rules.surnames.has(name[0]) && name.length <= 3;
  const double = rules.surnames.has(name.slice(0, 2)) && name.length >= 3;
  return single || double;
}

/** Names in one clause, offsets relative to the clause. */
export function personsIn(clause: ClauseView, rules: PersonRules): PersonSpan[] {
  const { text, tokens } = clause;
  const out: PersonSpan[] = [];
  // byline clauses: names only, separated by footnote digits or spaces
  if (text.length <= 20 && /^[\u4e00-\u9fa5\d\s、，,■]+$/.test(text)) {
    const parts = [...text.matchAll(/[\u4e00-\u9fa5]+/g)];
    if (parts.length && parts.every((p) => isName(p[0], rules) && !isWord(tokens, p.index!, p.index! + p[0].length))) {
      for (const p of parts) out.push({ start: p.index!, end: p.index! + p[0].length, name: p[0] });
      return out;
    }
  }
  // the two foreign-name patterns start with a class of some 300 characters, tried at every
  // position; the separator dot or the speech verb they need is looked for first
  if (SEPARATOR_DOTS.some((dot) => text.includes(dot))) for (const m of text.matchAll(FOREIGN_DOT)) out.push({ start: m.index!, end: m.index! + m[0].length, name: m[0].replace(/[•・]/g, '·') });
  for (const m of SPEAKER_VERB.test(text) ? text.matchAll(FOREIGN_SPEAKER) : []) {
    if (!isBoundary(tokens, m.index!, text.length) || rules.surnames.has(m[0][0])) continue;
    out.push({ start: m.index!, end: m.index! + m[0].length, name: m[0] });
  }
  // role before: take 2–3 characters after the role that end on a word boundary
  for (const m of matchesStartingAt(text, ROLE_FIRST, ROLE_STICKY)) {
    const at = m.index! + m[0].length;
    const role = m[0];
    const gap = text.slice(at).match(/^\s*/)![0].length;
    const s0 = at + gap;
    // 丁瑶说: a speech verb after two characters ends the name there
    const lengths = SPEECH_AFTER.test(text.slice(s0 + 2)) ? [2, 3] : [3, 2];
    for (const len of lengths) {
      const s = s0;
      const name = text.slice(s, s + len);
      if (!isName(name, rules) || !isBoundary(tokens, s + len, text.length) || isWord(tokens, s, s + len)) continue;
      const next = text.slice(s + len);
      if (!/^(?:[\s，,。、；：:（(]|$)/.test(next) && !SPEECH_AFTER.test(next) && !/^(?:等|在|就|对|为|与|和|同志|主持|出席)/.test(next)) continue;
      out.push({ start: s, end: s + len, name, role });
      break;
    }
  }
  // role or speech verb after: 习近平总书记, 丁瑶说
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (CONTEXT_FIRST[text.charCodeAt(t.end)] !== 1) continue;
    ROLE_AT.lastIndex = t.end;
    const roleAfter = ROLE_AT.exec(text);
    SPEECH_AT.lastIndex = t.end;
    if (!roleAfter && !SPEECH_AT.test(text)) continue;
    // the name is this token, or this token with the one before it (刘宴/兵)
    for (const first of [i, i - 1, i - 2]) {
      if (first < 0) continue;
      const s = tokens[first].start;
      const name = text.slice(s, t.end);
      if (name.length > 3) break;
      if (!isName(name, rules) || !isBoundary(tokens, s, text.length)) continue;
      // 复旦大学经济学院张军教授: a body's name, then the person and the role
      const afterBody = roleAfter !== null && (t.tag === 'x' || t.tag.startsWith('nr')) && BODY_END.test(text.slice(0, s));
      if (first === i && t.tag !== 'nr' && t.tag !== 'nrfg' && name.length < 3 && !afterBody) continue;
      if (first !== i && !tokens.slice(first, i + 1).some((x) => x.tag === 'x' || x.tag.startsWith('nr') || x.tag === 'j')) continue;
      const prev = text[s - 1] ?? '';
      const wholeName = first === i && /^(?:nr|nrfg)$/.test(t.tag) && roleAfter;
      if (!wholeName && !afterBody && /[\u4e00-\u9fa5]/.test(prev) && !ROLE_BEFORE.test(text.slice(0, s)) && !/[的、和与及]/.test(prev)) continue;
      out.push({ start: s, end: t.end, name, role: roleAfter?.[0] === '同志' ? undefined : roleAfter?.[0] });
      break;
    }
  }
  return out;
}
