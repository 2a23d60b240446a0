import { ARTICLE_KINDS, type ArticleKind } from '../ingest/index.js';
import { matchFormOf } from '../lang/index.js';
import { queryError } from './errors.js';

export const FILTER_FIELDS = ['region', 'institution', 'program', 'kind', 'year', 'issuer'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

/** A `field:value` condition; `value` is in matching form (kind: the kind code; year: from–to). */
export type Filter =
  | { field: 'kind'; value: ArticleKind }
  | { field: 'year'; value: string; from: number; to: number }
  | { field: 'region' | 'institution' | 'program' | 'issuer'; value: string };

export interface ParsedQuery {
  /** AND of groups; each group is an OR of terms, every term in matching form */
  groups: string[][];
  /** clauses containing any of these terms are left out */
  exclude: string[];
  /** AND of filter groups; each group is an OR of filters */
  filters: Filter[][];
  /** clauses meeting any of these filters are left out */
  excludeFilters: Filter[];
}

/** Longest query accepted, in characters. */
export const MAX_QUERY_CHARS = 1000;
/** Most terms and filters in one query. */
export const MAX_QUERY_PARTS = 32;

/** Chinese names accepted for `kind:` besides the codes. */
const KIND_NAMES: Readonly<Record<string, ArticleKind>> = {
  通知: 'notice',
  公告: 'notice',
  规划: 'plan',
  方案: 'plan',
  计划: 'plan',
  '规划/方案': 'plan',
  意见: 'opinion',
  新闻: 'news',
  报道: 'news',
  评论: 'commentary',
  论文: 'paper',
  网络文章: 'web-article',
  网文: 'web-article',
  其他: 'other',
};

const KIND_HELP = 'notice（通知）、plan（规划/方案）、opinion（意见）、news（新闻）、commentary（评论）、paper（论文）、web-article（网络文章）、other（其他）';

interface Part {
  negated: boolean;
  quoted: boolean;
  field: FilterField | null;
  value: string;
  /** offset of the part in the query, for messages */
  at: number;
}

/**
 * Query language (CONTRACT.md): space = AND, "…" or “…” = exact phrase, `A OR B`, `-term`
 * excludes, `field:value` filters on region, institution, program, kind, year, issuer
 * (`-field:value` leaves them out, `kind:notice OR kind:plan` allows either). Terms are
 * substrings of the clause text after the matching normalisation (width, traditional →
 * simplified, whitespace), so a bare term and the same term in quotes match alike; the
 * quotes only keep spaces inside a phrase.
 * @throws QueryError (400, message in Chinese) for a malformed query: an unbalanced quote,
 *   an empty phrase, a dangling OR or -, a filter without a value or with an unknown kind
 *   or a bad year, OR between a term and a filter, or nothing left to search for
 * @example parseQuery('产教联合体 -重庆 kind:notice')
 */
export function parseQuery(input: string): ParsedQuery {
  if (input.length > MAX_QUERY_CHARS) throw queryError(`检索式过长（${input.length} 个字符），请缩短到 ${MAX_QUERY_CHARS} 个字符以内。`);
  const parts = tokenize(input);
  if (parts.length === 0) throw queryError('请输入检索词。');
  const groups: string[][] = [];
  const exclude: string[] = [];
  const filters: Filter[][] = [];
  const excludeFilters: Filter[] = [];
  // Items between ORs collect into one alternative list; the list is closed by the next item without OR.
  let current: Part[] = [];
  const close = () => {
    if (current.length === 0) return;
    const terms = current.filter((p) => p.field === null);
    if (terms.length && terms.length < current.length) {
      throw queryError('OR 只能连接同类条件：检索词和检索词，或筛选条件和筛选条件，例如 双高计划 OR 鲁班工坊、kind:notice OR kind:plan。');
    }
    if (terms.length) groups.push([...new Set(terms.map(termOf))]);
    else filters.push(current.map(filterOf));
    current = [];
  };
  let count = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (isOr(p)) {
      const prev = parts[i - 1];
      const next = parts[i + 1];
      if (!prev || !next || isOr(next) || isOr(prev)) {
        throw queryError('OR 两侧都需要检索词，例如 双高计划 OR 鲁班工坊。要检索英文单词 OR 本身，请加引号："OR"。');
      }
      if (prev.negated || next.negated) throw queryError('排除条件（以 - 开头）不能用 OR 连接；请分别写出，例如 -福建 -四川。');
      continue;
    }
    if (++count > MAX_QUERY_PARTS) throw queryError(`检索式中的检索词和筛选条件过多，最多 ${MAX_QUERY_PARTS} 个。`);
    if (p.negated) {
      if (p.field) excludeFilters.push(filterOf(p));
      else exclude.push(termOf(p));
      continue;
    }
    const joined = i > 0 && isOr(parts[i - 1]);
    if (!joined) close();
    current.push(p);
  }
  close();
  if (groups.length === 0) {
    if (filters.length || excludeFilters.length) throw queryError('请在筛选条件之外输入至少一个检索词。');
    throw queryError('只有排除条件时无法检索，请至少输入一个要查找的检索词，例如 产教融合 -重庆。');
  }
  return { groups, exclude, filters, excludeFilters };
}

function isOr(p: Part): boolean {
  return !p.quoted && !p.negated && p.field === null && p.value === 'OR';
}

function termOf(p: Part): string {
  const term = matchFormOf(p.value);
  if (!term) throw queryError(`检索词 “${p.value}” 只含空白或不可见字符，请换一个检索词。`);
  return term;
}

function filterOf(p: Part): Filter {
  const field = p.field!;
  const raw = p.value.trim();
  if (field === 'kind') {
    const code = raw.toLowerCase();
    if ((ARTICLE_KINDS as readonly string[]).includes(code)) return { field, value: code as ArticleKind };
    const named = KIND_NAMES[raw];
    if (named) return { field, value: named };
    throw queryError(`未知的文档类型 kind:${raw}。可用的类型：${KIND_HELP}。`);
  }
  if (field === 'year') {
    const m = /^(\d{4})(?:\s*(?:-|–|—|~|～|\.\.|至|到)\s*(\d{4}))?$/.exec(matchFormOf(raw).replace(/－/g, '-').replace(/．/g, '.'));
    if (!m) throw queryError(`year: 的取值应为四位年份（如 year:2023）或年份区间（如 year:2021-2025），而不是 “${raw}”。`);
    const from = Number(m[1]);
    const to = Number(m[2] ?? m[1]);
    if (from > to) throw queryError(`年份区间 year:${raw} 的起始年份晚于结束年份，请写成 year:${to}-${from}。`);
    return { field, value: from === to ? String(from) : `${from}-${to}`, from, to };
  }
  const value = matchFormOf(raw);
  if (!value) throw queryError(`筛选条件 ${field}: 后面缺少取值，例如 ${field}:${EXAMPLE_VALUE[field]}。`);
  return { field, value };
}

const EXAMPLE_VALUE: Readonly<Record<FilterField, string>> = {
  region: '重庆',
  institution: '教育部',
  program: '双高计划',
  kind: 'notice',
  year: '2023',
  issuer: '教育部',
};

// Quote pairs: ASCII (and full-width) straight quotes, Chinese curly quotes.
const CLOSING: Readonly<Record<string, string>> = { '"': '"', '＂': '＂', '“': '”' };
const STRAY_QUOTES = /["＂“”]/;
const SPACE = /[\s\u3000]/;
const FIELD_PREFIX = /^([A-Za-z]+)[:：]/;

function tokenize(input: string): Part[] {
  const parts: Part[] = [];
  let i = 0;
  const n = input.length;
  while (i < n) {
    if (SPACE.test(input[i])) {
      i++;
      continue;
    }
    const at = i;
    let negated = false;
    if ((input[i] === '-' || input[i] === '－') && i + 1 < n && !SPACE.test(input[i + 1])) {
      negated = true;
      i++;
    } else if (input[i] === '-' || input[i] === '－') {
      throw queryError('排除符号 - 后面缺少检索词；要排除某个词，请紧接着写，例如 -重庆。');
    }
    let field: FilterField | null = null;
    const fm = FIELD_PREFIX.exec(input.slice(i, i + 20));
    if (fm && (FILTER_FIELDS as readonly string[]).includes(fm[1].toLowerCase())) {
      field = fm[1].toLowerCase() as FilterField;
      i += fm[0].length;
      if (i >= n || SPACE.test(input[i])) throw queryError(`筛选条件 ${field}: 后面缺少取值，例如 ${field}:${EXAMPLE_VALUE[field]}。`);
    }
    const open = input[i];
    const close = CLOSING[open];
    let value: string;
    let quoted = false;
    if (close) {
      const end = input.indexOf(close, i + 1);
      if (end < 0) throw queryError('查询中的引号不成对，请补全引号，或去掉引号。');
      value = input.slice(i + 1, end);
      i = end + 1;
      quoted = true;
      if (i < n && !SPACE.test(input[i])) throw queryError(`引号后面请留一个空格再写下一个检索词（第 ${i + 1} 个字符处）。`);
      if (!value.trim()) throw queryError('引号中没有检索词，请在引号之间写上要查找的短语。');
    } else {
      let end = i;
      while (end < n && !SPACE.test(input[end])) end++;
      value = input.slice(i, end);
      i = end;
      if (STRAY_QUOTES.test(value)) {
        const quotes = value.match(/["＂“”]/g)!.length;
        throw queryError(quotes % 2 ? '查询中的引号不成对，请补全引号，或去掉引号。' : `引号应放在短语两端，例如 "产教融合"，而不是 ${value}。`);
      }
    }
    parts.push({ negated, quoted, field, value, at });
  }
  return parts;
}
