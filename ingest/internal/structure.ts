import type { ArticleDates, ArticleKind, Clause, DocNumberParts, QualityWarning, Section } from '../record.js';
import { isSourceLine } from './clean.js';

/** An article cut from a file, before extraction: metadata, text, heading tree, clauses. */
export interface StructuredArticle {
  title: string | null;
  kind: ArticleKind;
  issuers: string[];
  authors: string[];
  docNumber: string | null;
  docNumberParts: DocNumberParts | null;
  date: string | null;
  dates: ArticleDates;
  source: string | null;
  keywords: string[];
  abstract: string | null;
  text: string;
  sections: Section[];
  clauses: Clause[];
  warnings: QualityWarning[];
}

/**
 * A line that closes an article: the source line of a compiled newsletter
 * "（来源：…）", or the author note that ends a signed newspaper column
 * "（作者系…）" / "（作者单位：…）".
 */
export function isArticleEnd(p: string): boolean {
  return isSourceLine(p) || /^[（(]\s*作者(?:系|单位|为|简介)/.test(p);
}

/**
 * One file → its articles. Articles end at source lines and author notes; a file
 * without them is one article. A short tail after the last end (a headline the PDF
 * extraction put at the bottom of a newspaper page) belongs to the last article.
 */
export function splitArticles(paragraphs: string[]): string[][] {
  const articles: string[][] = [];
  let current: string[] = [];
  for (const p of paragraphs) {
    current.push(p);
    if (isArticleEnd(p)) {
      articles.push(current);
      current = [];
    }
  }
  if (current.length) {
    if (articles.length && current.join('').length < 80) articles[articles.length - 1].push(...current);
    else articles.push(current);
  }
  return articles;
}

interface HeadingRule {
  rank: number;
  pattern: RegExp;
}

// Chinese official documents number headings 一、 → （一） → 1. → （1） → ①;
// papers use 1 / 1.1 / 1.1.1; laws 第X章 / 第X条.
// `rank` orders the schemes from outermost to innermost; the level of a heading is the
// place of its rank among the ranks the article actually uses, so "一、 → 1." gives
// levels 1 and 2 while a paper numbered "1 → 1.1 → 1.1.1" gives 1, 2, 3.
const HEADING_RULES: HeadingRule[] = [
  { rank: 0, pattern: /^第([一二三四五六七八九十百]+)[章部分]/ },
  { rank: 1, pattern: /^([一二三四五六七八九十]+)、/ },
  { rank: 2, pattern: /^[（(]([一二三四五六七八九十]+)[）)]/ },
  { rank: 2, pattern: /^第([一二三四五六七八九十百]+)条/ },
  { rank: 5, pattern: /^\d{1,2}\.\d{1,2}\.(\d{1,2})\.?(?![\d%％])/ },
  { rank: 4, pattern: /^\d{1,2}\.(\d{1,2})\.?(?![\d%％万亿倍个])/ },
  { rank: 3, pattern: /^(\d{1,2})(?:[.．、]|(?=[\u4e00-\u9fff]))(?![\d月日年号个万亿%％家所名项次倍岁批条种元])/ },
  { rank: 6, pattern: /^[（(](\d{1,2})[）)]/ },
  { rank: 7, pattern: /^([①-⑳])/ },
];

/** Longest a standalone line can be and still be read as a heading. */
const MAX_HEADING_CHARS = 60;

export interface Heading {
  heading: string;
  /** outermost 0 … innermost 7, see HEADING_RULES */
  rank: number;
  /** which numbering scheme, and the number: headings of one scheme count 1, 2, 3 … */
  scheme: number;
  number: number;
}

/** The numbered heading at the start of a paragraph, or null. */
export function headingOf(paragraph: string): Heading | null {
  const scheme = HEADING_RULES.findIndex((r) => r.pattern.test(paragraph));
  if (scheme < 0) return null;
  const rule = HEADING_RULES[scheme];
  // "（一）总体目标。到2025年……": the run-in heading ends at the first full stop.
  const stop = paragraph.search(/[。：:]/);
  const heading = stop > 0 ? paragraph.slice(0, stop) : paragraph;
  if (heading.length > MAX_HEADING_CHARS) return null;
  // "1福建与重庆…" is a heading; "1西南大学教育学部…，" with a comma inside is a sentence
  if (rule.pattern.source.includes('(?=[\\u4e00') && /[，,]/.test(heading)) return null;
  return { heading, rank: rule.rank, scheme, number: numeral(paragraph.match(rule.pattern)![1]) };
}

const CN_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** "3", "十二", "③" → 3, 12, 3 */
function numeral(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  if (/^[①-⑳]$/.test(s)) return s.charCodeAt(0) - 0x2460 + 1;
  if (s === '十') return 10;
  const [tens, ones] = s.includes('十') ? s.split('十') : ['', s];
  return (s.includes('十') ? (tens ? CN_DIGITS[tens] ?? 0 : 1) * 10 : 0) + (ones ? CN_DIGITS[ones] ?? 0 : 0);
}

const SENTENCE = /[^。！？!?；;\n]+(?:[。！？!?；;]+[”"’』」）)]*|$)/g;

/**
 * Paragraphs of one article → text, heading tree and clauses (sentences), with offsets
 * into the text.
 */
export function structureArticle(paragraphs: string[], docPrefix: string): StructuredArticle {
  const { metaWarnings, ...meta } = readMetadata(paragraphs);
  const warnings: QualityWarning[] = [...metaWarnings];
  const body = paragraphs;
  const text = body.join('\n');
  const sections: Section[] = [{ id: `${docPrefix}§0`, heading: meta.title, level: 0, parent: null, start: 0, end: text.length }];
  const clauses: Clause[] = [];
  const open: Section[] = [sections[0]];
  let offset = 0;
  // A numbered line is a heading only in sequence: after "3" of its scheme comes "4",
  // or a new run starts at 1. A footnote "4西南大学…" out of sequence stays text.
  const lastNumber = new Map<number, number>();
  const numberedAt = body.map((p) => {
    const h = headingOf(p);
    const last = lastNumber.get(h?.scheme ?? -1) ?? 0;
    // one number may be lost to extraction ("3" after "1"), but not three
    if (!h || !(h.number === 1 || (h.number > last && h.number <= last + 2))) return null;
    lastNumber.set(h.scheme, h.number);
    return h;
  });
  const ranks = [...new Set(numberedAt.flatMap((h) => (h ? [h.rank] : [])))].sort((a, b) => a - b);
  const numbered = ranks.length > 0;
  const bodyStart = body.findIndex(isBody);
  for (const [i, p] of body.entries()) {
    const n = numberedAt[i];
    const h = n ? { heading: n.heading, level: ranks.indexOf(n.rank) + 1 } : unnumberedHeading(body, i, numbered, bodyStart);
    if (h) {
      while (open.length > 1 && open[open.length - 1].level >= h.level) open.pop()!.end = offset - 1;
      const section: Section = {
        id: `${docPrefix}§${sections.length}`,
        heading: h.heading,
        level: h.level,
        parent: open[open.length - 1].id,
        start: offset,
        end: text.length,
      };
      sections.push(section);
      open.push(section);
    }
    const sectionId = open[open.length - 1].id;
    for (const m of p.matchAll(SENTENCE)) {
      const raw = m[0];
      const lead = raw.length - raw.trimStart().length;
      const trimmed = raw.trim();
      if (!trimmed) continue;
      const start = offset + m.index! + lead;
      clauses.push({ id: `${docPrefix}#${clauses.length}`, sectionId, start, end: start + trimmed.length });
    }
    offset += p.length + 1;
  }
  if (!meta.title) warnings.push({ ruleId: 'no-title', message: '未识别出标题。' });
  return { ...meta, text, sections, clauses, warnings };
}

const REFERENCES = /^[【\[［]?(?:参考文献|References)[】\]］]?[:：]?$/i;

/**
 * Headings without numbers: the reference list of a paper, and in an article with no
 * numbered headings, a short standalone line inside the running text that the next
 * paragraph continues (news sections: "“新春第一会”背后的深意").
 */
function unnumberedHeading(body: string[], i: number, numbered: boolean, bodyStart: number): { heading: string; level: number } | null {
  const p = body[i];
  if (REFERENCES.test(p)) return { heading: p, level: 1 };
  if (numbered || bodyStart < 0 || i <= bodyStart || p.length > 30) return null;
  const next = body[i + 1];
  if (!next || isBody(p) || isByline(p) || isArticleEnd(p) || /[，,：:]$/.test(p) || /(?:记者|通讯员|摄影|供图|摄)/.test(p)) return null;
  // the next paragraph continues it, possibly after a one-line deck under the heading
  const after = body[i + 2];
  const continued = isBody(next) || isByline(next) || (next.length <= 60 && after !== undefined && isBody(after));
  return continued ? { heading: p, level: 1 } : null;
}

export const DOC_NUMBER = /[\u4e00-\u9fa5]{1,10}[〔\[［【(（]\s*(\d{4})\s*[〕\]］】)）]\s*(\d{1,4})\s*号/;
const CN_DATE = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/;
const ISO_DATE = /(\d{4})-(\d{1,2})-(\d{1,2})/;
/** A byline: "■朱旭森", or a bare name line "贾舒" / "朱德全3 谈卓林4" (digits are footnote markers). */
const BYLINE = /^(?:■\s*)?[\u4e00-\u9fa5·]{2,5}(?:(?:\d{1,2}\s*|\s+)[\u4e00-\u9fa5·]{2,5}){0,5}\d{0,2}$/;
/** Short lines that are section names, not people. */
const NOT_A_NAME = /^(?:摘要|关键词|关键字|引言|前言|结语|结论|总结|背景|概述|参考文献|附件|附录|目录|正文|编者按|基本情况|主要做法|工作成效|下一步|存在问题|通讯员|记者|核心提示|导读|提要|按语)$/;
/** A footnote marker glued to the end of a headline or name: "空间逻辑2", "朱德全3". */
const FOOTNOTE_MARK = /(?<=[\u4e00-\u9fa5》”）])\d{1,2}$/;

function isByline(p: string): boolean {
  if (p.startsWith('■')) return BYLINE.test(p);
  const names = namesOf(p);
  // a bare line needs name-sized parts: most Chinese names have two or three characters
  return BYLINE.test(p) && names.every((n) => n.length <= 3 && !NOT_A_NAME.test(n));
}

function namesOf(byline: string): string[] {
  return byline
    .replace(/^■\s*/, '')
    .split(/\d+|\s+/)
    .filter(Boolean);
}

/** A paragraph of running text, not a headline: long, or ended like a sentence. */
function isBody(p: string): boolean {
  return p.length > 60 || /[。！？；…]$/.test(p) || /^[\[［【]?摘\s*要/.test(p);
}

function isTitleCandidate(p: string): boolean {
  return (
    p.length >= 4 &&
    p.length <= 80 &&
    !isBody(p) &&
    !/[，,：:]$/.test(p) &&
    !/^[\[［【(（■●]/.test(p) &&
    !isArticleEnd(p) &&
    !isByline(p) &&
    !headingOf(p) &&
    !CN_DATE.test(p) &&
    !ISO_DATE.test(p) &&
    !(p.length <= 30 && DOC_NUMBER.test(p)) &&
    !/^(?:摘\s*要|关键词|作者|来源|收稿日期|编者按)/.test(p)
  );
}

function readMetadata(
  paragraphs: string[],
): Omit<StructuredArticle, 'text' | 'sections' | 'clauses' | 'warnings'> & { metaWarnings: QualityWarning[] } {
  const head = paragraphs.slice(0, 12);
  const title = findTitle(paragraphs);
  const all = paragraphs.join('\n');
  // The article's own 发文字号 stands on a line of its own; one inside a sentence is a citation.
  const docNumberMatch = head.find((p) => p.length <= 30 && DOC_NUMBER.test(p))?.match(DOC_NUMBER);
  const docNumber = docNumberMatch ? docNumberMatch[0].replace(/\s+/g, '').replace(/^[(（]/, '') : null;
  const sourceLine = paragraphs.find(isSourceLine) ?? null;
  const source = sourceLine ? sourceOf(sourceLine) : null;
  const { dates, date, warnings } = findDates(paragraphs, sourceLine);
  const { keywords, abstract } = paperFields(paragraphs);
  const authors = [...new Set(paragraphs.filter((p, i) => isByline(p) && (p.startsWith('■') || bylinePosition(paragraphs, i))).flatMap(namesOf))];
  const kind = kindOf(title, all, source, paragraphs);
  const issuers =
    kind === 'notice' || kind === 'plan' || kind === 'opinion'
      ? issuersOf(title)
      : kind === 'news' && source && /(?:处|委|局|厅|办|部|政府|中心)$/.test(source)
        ? [source]
        : [];
  const docNumberParts = docNumber ? parseDocNumber(docNumber) : null;
  return { title, kind, issuers, authors, docNumber, docNumberParts, date, dates, source, keywords, abstract, metaWarnings: warnings };
}

const ABSTRACT = /^[\[［【]?\s*(?:摘\s*要|内容提要|提要)\s*[\]］】]?\s*[:：]?\s*/;
const KEYWORDS = /^[\[［【]?\s*(?:关键词|关键字)\s*[\]］】]?\s*[:：]?\s*/;

/** A paper's 摘要 and 关键词, written run-in ("【摘要】…") or under a label line ("摘要" / text). */
function paperFields(paragraphs: string[]): { keywords: string[]; abstract: string | null } {
  const head = paragraphs.slice(0, 30);
  const after = (re: RegExp) => {
    const i = head.findIndex((p) => re.test(p));
    if (i < 0) return null;
    const rest = head[i].replace(re, '').trim();
    return rest || head[i + 1] || null;
  };
  const abstract = after(ABSTRACT);
  const keywordLine = after(KEYWORDS);
  const keywords = keywordLine ? keywordLine.split(/[;；,，、\s]+/).map((k) => k.trim()).filter((k) => k.length > 0 && k.length <= 20) : [];
  return { keywords, abstract };
}

/** A bare name line counts as a byline right under a headline or a section heading, or at the top. */
function bylinePosition(paragraphs: string[], i: number): boolean {
  if (i <= 3) return true;
  const prev = paragraphs[i - 1];
  return !isBody(prev) && prev.length <= 40;
}

/**
 * The headline: the title-like lines before the running text starts (a headline wrapped
 * over two lines is joined). A web page repeats its headline (breadcrumb, then page):
 * a repeated line wins. A newspaper column whose headline the PDF put after the text
 * ends with it.
 */
function findTitle(paragraphs: string[]): string | null {
  const head = paragraphs.slice(0, 12);
  const seen = new Set<string>();
  for (const p of head) {
    if (seen.has(p) && isTitleCandidate(p)) return stripFootnoteMark(p);
    seen.add(p);
  }
  const bodyAt = head.findIndex(isBody);
  const before = bodyAt < 0 ? head : head.slice(0, bodyAt);
  const i = before.findIndex(isTitleCandidate);
  if (i >= 0) {
    let title = before[i];
    for (let j = i + 1; j < before.length && isTitleCandidate(before[j]) && title.length + before[j].length <= 80; j++) {
      // a wrapped headline continues on the next short line; a subtitle after a full one stays out
      if (title.length < 14) break;
      title += before[j];
    }
    return stripFootnoteMark(title);
  }
  const last = paragraphs[paragraphs.length - 1];
  const endAt = paragraphs.findIndex(isArticleEnd);
  if (endAt >= 0 && endAt < paragraphs.length - 1 && isTitleCandidate(last)) return stripFootnoteMark(last);
  return null;
}

function stripFootnoteMark(s: string): string {
  return s.replace(FOOTNOTE_MARK, '');
}

function sourceOf(line: string): string | null {
  const inner = line.replace(/^[（(]\s*来源[:：]\s*/, '').replace(/[）)]\s*$/, '');
  const journal = inner.match(/《([^》]+)》/);
  if (journal) return journal[1];
  const name = inner.split(/[\s,，]|发布时间|\d{4}/)[0].trim();
  return name || null;
}

const PUBLISHED = /(?:发布|发表|发稿)(?:时间|日期)[:：]?\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})/;
const WRITTEN = /成文日期[:：]?\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})/;

/** The article's dates: 成文 (signature), 发布, and the source line's; the article date prefers 发布. */
function findDates(paragraphs: string[], sourceLine: string | null): { dates: ArticleDates; date: string | null; warnings: QualityWarning[] } {
  const warnings: QualityWarning[] = [];
  const head = paragraphs.slice(0, 12).join('\n');
  let source: string | null = null;
  if (sourceLine) {
    const iso = sourceLine.match(ISO_DATE);
    const cn = sourceLine.match(CN_DATE);
    // a monthly journal's issue "2023 年第 5 期" is its month
    const issue = sourceLine.match(/(\d{4})\s*年\s*第\s*(\d{1,2})\s*期/);
    if (iso) source = isoDate(iso[1], iso[2], iso[3]);
    else if (cn) source = isoDate(cn[1], cn[2], cn[3]);
    else if (issue && Number(issue[2]) >= 1 && Number(issue[2]) <= 12) source = `${issue[1]}-${issue[2].padStart(2, '0')}`;
  }
  const publishedMatch = head.match(PUBLISHED) ?? sourceLine?.match(PUBLISHED);
  // a web page's timestamp "2025-01-24 10:04:10" near the top is its publication time
  // (a web page often puts its source on the same line: 2024-03-15 09:30:12　来源：四川日报)
  const stamp = paragraphs.slice(0, 6).find((p) => /^\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s+(?:来源|作者|发布|编辑|浏览)\S*.*)?$/.test(p));
  const stampMatch = stamp?.match(ISO_DATE);
  const published = publishedMatch
    ? isoDate(publishedMatch[1], publishedMatch[2], publishedMatch[3])
    : stampMatch
      ? isoDate(stampMatch[1], stampMatch[2], stampMatch[3])
      : null;
  // A notice's signature date stands alone on its line.
  const writtenMatch = paragraphs.join('\n').match(WRITTEN) ?? paragraphs.find((p) => p.length <= 16 && CN_DATE.test(p) && p.replace(CN_DATE, '').trim() === '')?.match(CN_DATE);
  const written = writtenMatch ? isoDate(writtenMatch[1], writtenMatch[2], writtenMatch[3]) : null;
  for (const d of [source, published, written]) {
    if (d && !isValidDate(d)) warnings.push({ ruleId: 'date-invalid', message: `日期 ${d} 不存在，已忽略。` });
  }
  const valid = (d: string | null) => (d && isValidDate(d) ? d : null);
  const dates = { written: valid(written), published: valid(published), source: valid(source) };
  const date = dates.published ?? dates.source ?? dates.written;
  if (!date && /\d{1,2}\s*月\s*\d{1,2}\s*日/.test(head)) {
    warnings.push({ ruleId: 'date-unparsed', message: '正文开头有不含年份的日期（如“1月24日”），未能确定文章日期。' });
  }
  return { dates, date, warnings };
}

/**
 * Compiled newsletters date their news by month and day alone (1月24日，市教委召开…). An
 * article with no date whose opening gives one takes the year that places it among the
 * dated articles around it in the same file: between the one before and the one after, or,
 * with one of them, within a year of it. Its warning says the year was inferred.
 */
export function dateFromNeighbours(articles: StructuredArticle[]): StructuredArticle[] {
  return articles.map((a, i) => {
    if (a.date) return a;
    const lead = a.text.slice(0, LEAD_CHARS).match(YEARLESS_DATE);
    if (!lead) return a;
    const before = articles.slice(0, i).reverse().find((x) => x.date)?.date ?? null;
    const after = articles.slice(i + 1).find((x) => x.date)?.date ?? null;
    const years = new Set([before, after].flatMap((d) => (d ? [Number(d.slice(0, 4)) - 1, Number(d.slice(0, 4)), Number(d.slice(0, 4)) + 1] : [])));
    const candidates = [...years].map((y) => isoDate(String(y), lead[1], lead[2])).filter((d) => isValidDate(d));
    let date: string | null;
    if (before && after) {
      // between them (a neighbour dated by month or year only spans that month or year)
      const fits = candidates.filter((d) => Date.parse(d) >= firstDayOf(before) && Date.parse(d) <= lastDayOf(after));
      date = fits.length === 1 ? fits[0] : null;
    } else {
      // the one nearest to the only dated neighbour, within a year of it
      const near = (d: string) => Math.abs(Date.parse(d) - firstDayOf((before ?? after)!));
      date = candidates.filter((d) => near(d) <= YEAR_MS).sort((x, y) => near(x) - near(y))[0] ?? null;
    }
    if (!date) return a;
    const warnings = a.warnings.filter((w) => w.ruleId !== 'date-unparsed');
    warnings.push({ ruleId: 'date-inferred', message: `正文开头的日期“${lead[0]}”不含年份，年份按同一文件中前后文章的日期推定为 ${date.slice(0, 4)} 年。` });
    return { ...a, date, warnings };
  });
}

/** First and last day (ms) of what an article date names: a day, a month (2023-05) or a year. */
function firstDayOf(d: string): number {
  return Date.parse(d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d);
}
function lastDayOf(d: string): number {
  if (d.length === 4) return Date.parse(`${d}-12-31`);
  if (d.length === 7) return Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)), 0);
  return Date.parse(d);
}

/** Where an article's opening ends, for a date without a year (a news lead's first lines). */
const LEAD_CHARS = 400;
/** 1月24日 not preceded by a year (2021年 6月3日 has one). */
const YEARLESS_DATE = /(?<![\d年]\s*)(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*日/;
const YEAR_MS = 366 * 24 * 3600 * 1000;

function isValidDate(d: string): boolean {
  const [y, m, day] = d.split('-').map(Number);
  if (y < 1949 || y > 2100 || m < 1 || m > 12) return false;
  if (day === undefined) return true;
  return day >= 1 && day <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** 渝府发〔2023〕22号 → agency 渝府发, year 2023, number 22 */
export function parseDocNumber(docNumber: string): DocNumberParts | null {
  const m = docNumber.match(/^(.+?)[〔\[［【(（](\d{4})[〕\]］】)）](\d{1,4})号$/);
  return m ? { agency: m[1], year: Number(m[2]), number: Number(m[3]) } : null;
}

function isoDate(y: string, m: string, d: string): string {
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

function kindOf(title: string | null, text: string, source: string | null, paragraphs: string[]): ArticleKind {
  const t = title ?? '';
  if (/通知$/.test(t)) return 'notice';
  if (/(?:方案|规划|计划|纲要)$/.test(t)) return 'plan';
  if (/意见$/.test(t)) return 'opinion';
  if (/摘\s*要/.test(text.slice(0, 1500)) && /(?:关键词|关键字|参考文献|Key\s*words)/i.test(text)) return 'paper';
  if (/^■/m.test(text) || /^编者按/m.test(text) || paragraphs.some((p) => /^[（(]\s*作者(?:系|单位)/.test(p))) return 'commentary';
  // a page timestamp "2025-01-24 10:04:10" near the top marks a web page
  if (paragraphs.slice(0, 6).some((p) => /^\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}/.test(p))) return 'web-article';
  if (source && /(?:日报|晚报|报|新闻|网|处|委|社)$/.test(source)) return 'news';
  return 'other';
}

/** "教育部 重庆市人民政府 关于印发…的通知" → [教育部, 重庆市人民政府] */
function issuersOf(title: string | null): string[] {
  const m = title?.match(/^(.+?)\s*关于/);
  if (!m) return [];
  return m[1].split(/[\s、]+/).filter((s) => s.length >= 2);
}
