import type { ArticleKind, Clause, QualityWarning, Section } from '../record.js';
import { isSourceLine } from './clean.js';

/** An article cut from a file, before extraction: metadata, text, heading tree, clauses. */
export interface StructuredArticle {
  title: string | null;
  kind: ArticleKind;
  issuers: string[];
  authors: string[];
  docNumber: string | null;
  date: string | null;
  source: string | null;
  text: string;
  sections: Section[];
  clauses: Clause[];
  warnings: QualityWarning[];
}

/**
 * A compiled newsletter ends each article with a source line "（来源：…）": those lines
 * close articles. A file without them is one article.
 */
export function splitArticles(paragraphs: string[]): string[][] {
  const articles: string[][] = [];
  let current: string[] = [];
  for (const p of paragraphs) {
    current.push(p);
    if (isSourceLine(p)) {
      articles.push(current);
      current = [];
    }
  }
  if (current.length) {
    // trailing furniture after the last source line is not an article of its own
    if (articles.length && current.join('').length < 80) articles[articles.length - 1].push(...current);
    else articles.push(current);
  }
  return articles;
}

interface HeadingRule {
  level: number;
  pattern: RegExp;
}

// Chinese official documents number headings 一、 → （一） → 1. → （1） → ①;
// papers use 1 / 1.1 / 1.1.1; laws 第X章 / 第X条.
const HEADING_RULES: HeadingRule[] = [
  { level: 1, pattern: /^第[一二三四五六七八九十百]+[章部分]/ },
  { level: 1, pattern: /^[一二三四五六七八九十]+、/ },
  { level: 2, pattern: /^[（(][一二三四五六七八九十]+[）)]/ },
  { level: 2, pattern: /^第[一二三四五六七八九十百]+条/ },
  { level: 3, pattern: /^\d{1,2}\.\d{1,2}\.\d{1,2}\.?(?!\d)/ },
  { level: 2, pattern: /^\d{1,2}\.\d{1,2}\.?(?!\d)/ },
  { level: 1, pattern: /^\d{1,2}(?:[.．、]|(?=[\u4e00-\u9fff]))(?!\d)/ },
  { level: 4, pattern: /^[（(]\d{1,2}[）)]/ },
  { level: 5, pattern: /^[①-⑳]/ },
];

/** Longest a standalone line can be and still be read as a heading. */
const MAX_HEADING_CHARS = 60;

/** The heading at the start of a paragraph and its level, or null. */
export function headingOf(paragraph: string): { heading: string; level: number } | null {
  const rule = HEADING_RULES.find((r) => r.pattern.test(paragraph));
  if (!rule) return null;
  // "（一）总体目标。到2025年……": the run-in heading ends at the first full stop.
  const stop = paragraph.search(/[。：:]/);
  const heading = stop > 0 ? paragraph.slice(0, stop) : paragraph;
  if (heading.length > MAX_HEADING_CHARS) return null;
  return { heading, level: rule.level };
}

const SENTENCE = /[^。！？!?；;\n]+(?:[。！？!?；;]+[”"’』」）)]*|$)/g;

/**
 * Paragraphs of one article → text, heading tree and clauses (sentences), with offsets
 * into the text.
 */
export function structureArticle(paragraphs: string[], docPrefix: string): StructuredArticle {
  const warnings: QualityWarning[] = [];
  const meta = readMetadata(paragraphs);
  const body = paragraphs;
  const text = body.join('\n');
  const sections: Section[] = [{ id: `${docPrefix}§0`, heading: meta.title, level: 0, parent: null, start: 0, end: text.length }];
  const clauses: Clause[] = [];
  const open: Section[] = [sections[0]];
  let offset = 0;
  for (const p of body) {
    const h = headingOf(p);
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

const DOC_NUMBER = /[\u4e00-\u9fa5]{1,10}[〔\[［【(（]\s*(\d{4})\s*[〕\]］】)）]\s*(\d{1,4})\s*号/;
const CN_DATE = /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/;
const ISO_DATE = /(\d{4})-(\d{1,2})-(\d{1,2})/;

function isTitleCandidate(p: string): boolean {
  return (
    p.length >= 4 &&
    p.length <= 80 &&
    !/[。；，,]$/.test(p) &&
    !/^[\[［【(（■●]/.test(p) &&
    !isSourceLine(p) &&
    !headingOf(p) &&
    !CN_DATE.test(p) &&
    !ISO_DATE.test(p) &&
    !/^(?:摘\s*要|关键词|作者|来源)/.test(p)
  );
}

function readMetadata(paragraphs: string[]): Omit<StructuredArticle, 'text' | 'sections' | 'clauses' | 'warnings'> {
  const head = paragraphs.slice(0, 12);
  const title = findTitle(head);
  const all = paragraphs.join('\n');
  const docNumberMatch = head.join('\n').match(DOC_NUMBER);
  const docNumber = docNumberMatch ? docNumberMatch[0].replace(/\s+/g, '').replace(/^[(（]/, '') : null;
  const sourceLine = paragraphs.find(isSourceLine) ?? null;
  const source = sourceLine ? sourceOf(sourceLine) : null;
  const date = findDate(paragraphs, sourceLine);
  const kind = kindOf(title, all, source);
  const issuers = kind === 'notice' || kind === 'plan' || kind === 'opinion' ? issuersOf(title) : [];
  const authors = paragraphs
    .filter((p) => /^■\s*[\u4e00-\u9fa5·]{2,6}$/.test(p))
    .map((p) => p.replace(/^■\s*/, ''));
  return { title, kind, issuers, authors, docNumber, date, source };
}

function findTitle(head: string[]): string | null {
  // A web page repeats its title (breadcrumb, then headline): a repeated line wins.
  const seen = new Set<string>();
  for (const p of head) {
    if (seen.has(p) && isTitleCandidate(p)) return p;
    seen.add(p);
  }
  const i = head.findIndex(isTitleCandidate);
  if (i < 0) return null;
  // A headline wrapped over two short lines ("……教育协" / "同发展专题工作会").
  let title = head[i];
  const next = head[i + 1];
  if (next && isTitleCandidate(next) && next.length < 30 && head[i + 2] !== undefined && !isTitleCandidate(head[i + 2]) && title.length + next.length <= 80) {
    title += next;
  }
  return title;
}

function sourceOf(line: string): string | null {
  const inner = line.replace(/^[（(]\s*来源[:：]\s*/, '').replace(/[）)]\s*$/, '');
  const name = inner.split(/[\s,，]|发布时间|\d{4}/)[0].replace(/[《》]/g, '').trim();
  return name || null;
}

function findDate(paragraphs: string[], sourceLine: string | null): string | null {
  const fromSource = sourceLine?.match(ISO_DATE);
  if (fromSource) return isoDate(fromSource[1], fromSource[2], fromSource[3]);
  const published = paragraphs.slice(0, 12).join('\n').match(/发布(?:时间|日期)[:：]?\s*(\d{4})[-年](\d{1,2})[-月](\d{1,2})/);
  if (published) return isoDate(published[1], published[2], published[3]);
  // A notice's signature date stands alone on its line.
  const signature = paragraphs.find((p) => p.length <= 16 && CN_DATE.test(p) && p.replace(CN_DATE, '').trim() === '');
  if (signature) {
    const m = signature.match(CN_DATE)!;
    return isoDate(m[1], m[2], m[3]);
  }
  const iso = paragraphs.slice(0, 6).find((p) => ISO_DATE.test(p) && p.length <= 24);
  if (iso) {
    const m = iso.match(ISO_DATE)!;
    return isoDate(m[1], m[2], m[3]);
  }
  return null;
}

function isoDate(y: string, m: string, d: string): string {
  return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
}

function kindOf(title: string | null, text: string, source: string | null): ArticleKind {
  const t = title ?? '';
  if (/通知$/.test(t)) return 'notice';
  if (/(?:方案|规划|计划|纲要)$/.test(t)) return 'plan';
  if (/意见$/.test(t)) return 'opinion';
  if (/(?:摘\s*要|\[摘\s*要\])/.test(text.slice(0, 600)) && /(?:关键词|参考文献|Key\s*words)/i.test(text)) return 'paper';
  if (source && /(?:日报|晚报|新闻|网|处|委)$/.test(source)) return 'news';
  if (/^■/m.test(text)) return 'commentary';
  if (/\d+\s*阅读|发布时间/.test(text.slice(0, 400))) return 'web-article';
  return 'other';
}

/** "教育部 重庆市人民政府 关于印发…的通知" → [教育部, 重庆市人民政府] */
function issuersOf(title: string | null): string[] {
  const m = title?.match(/^(.+?)\s*关于/);
  if (!m) return [];
  return m[1].split(/[\s、]+/).filter((s) => s.length >= 2);
}
