import { simplifiedForm } from '../lang/index.js';
import { parseDocNumber } from './internal/structure.js';
import type { DocumentRecord, Entity } from './record.js';

/**
 * How a cited policy (《…》) is tied to the article of the corpus that holds its text.
 * Extraction names a `policy_document` entity with `policyName`; an article is known under
 * `citableNames` (its own title, and the policy its notice publishes) and its 发文字号. The
 * graph links both through PUBLISHES edges and the API answers "which article is this
 * citation" with `citedArticles`, so the two always agree.
 */

/** Titles of laws, plans, opinions and notices end like this; newspapers and books do not. */
const POLICY_TITLE_END = /(?:法|条例|规划|纲要|方案|意见|通知|办法|决定|规定|计划|细则|指南|目录|清单|措施|标准|决议|公报|建议|战略|政策|协定|协议|备忘录|公约|宪章|章程)$/;
/** A year range after the kind of document still ends a title: 工作方案(2021~2025) */
const TRAILING_YEARS = /[（(][\d~～\-—–年\s]+[)）]$/;
/** 关于印发《X》的通知: the notice is where the text of X lives. */
const PUBLISHES = /(?:印发|发布|颁布|公布|转发|下发|出台)了?《([^《》]+)》/g;
/** Shortest name compared at all: 《通知》 or 《方案》 would tie unrelated articles. */
const MIN_NAME_CHARS = 4;

/** The name a policy title is known by: simplified, without nested title marks and whitespace. */
export function policyName(title: string): string {
  return simplifiedForm(title).replace(/[《》〈〉<>]/g, '').replace(/\s+/g, '');
}

/** Whether a name inside 《》 is a policy (law, plan, notice …) rather than a newspaper or a book. */
export function isPolicyName(name: string): boolean {
  return POLICY_TITLE_END.test(name.replace(TRAILING_YEARS, ''));
}

/**
 * The policy names under which other documents cite this article: its title when that is a
 * policy title, and every policy its title says it publishes. 重庆市实施《X》办法 implements X
 * and is not X, so only publishing verbs count.
 * @example citableNames({ title: '教育部关于印发《职业教育提质培优行动计划》的通知' })
 *   // ['教育部关于印发职业教育提质培优行动计划的通知', '职业教育提质培优行动计划']
 */
export function citableNames(article: Pick<DocumentRecord, 'title'>): string[] {
  if (!article.title) return [];
  const title = simplifiedForm(article.title);
  const names = new Set<string>();
  const own = policyName(title);
  if (isPolicyName(own)) names.add(own);
  for (const m of title.matchAll(PUBLISHES)) {
    const name = policyName(m[1]!);
    if (isPolicyName(name)) names.add(name);
  }
  return [...names].filter((n) => n.length >= MIN_NAME_CHARS);
}

/** 渝府发〔2023〕22号, 渝府发[2023]22号 and 渝府发（2023）22号 are one number. */
export function docNumberKey(docNumber: string): string | null {
  const parts = parseDocNumber(docNumber.replace(/\s+/g, ''));
  return parts ? `${simplifiedForm(parts.agency)}〔${parts.year}〕${parts.number}号` : null;
}

/** An article of the corpus as far as citations are concerned. */
export type CitableArticle = Pick<DocumentRecord, 'id' | 'title' | 'docNumber'>;

/**
 * Finds the articles a cited policy names, by name or by the 发文字号 written after it
 * (extraction keeps that as an alias). Build once per corpus state; lookups are map reads.
 */
export class CitationResolver<A extends CitableArticle> {
  private readonly byKey = new Map<string, A[]>();

  constructor(articles: Iterable<A>) {
    for (const article of articles) {
      const keys = new Set(citableNames(article));
      const number = article.docNumber ? docNumberKey(article.docNumber) : null;
      if (number) keys.add(number);
      for (const key of keys) {
        const list = this.byKey.get(key);
        if (list) list.push(article);
        else this.byKey.set(key, [article]);
      }
    }
  }

  /** The articles holding the text of a cited policy, in the order they were given. */
  citedArticles(citation: Pick<Entity, 'name' | 'aliases'>): A[] {
    const keys = new Set([policyName(citation.name)]);
    for (const alias of citation.aliases) {
      const number = docNumberKey(alias);
      keys.add(number ?? policyName(alias));
    }
    const found = new Set<A>();
    for (const key of keys) for (const article of this.byKey.get(key) ?? []) found.add(article);
    return [...found];
  }
}
