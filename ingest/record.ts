/**
 * The plain records that flow out of ingest. Every later view (graph, search index,
 * export) is derived from these; offsets are UTF-16 code unit indices into `text`,
 * end exclusive (CONTRACT.md).
 */

export const ENTITY_TYPES = ['region', 'institution', 'program', 'policy_document', 'industry', 'person'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

export const ARTICLE_KINDS = ['notice', 'plan', 'opinion', 'news', 'commentary', 'paper', 'web-article', 'other'] as const;
export type ArticleKind = (typeof ARTICLE_KINDS)[number];

export const RELATION_TYPES = ['ISSUED_BY', 'CITES', 'COOPERATES_WITH', 'LOCATED_IN', 'PART_OF', 'CO_OCCURS'] as const;
export type RelationType = (typeof RELATION_TYPES)[number];

export interface Span {
  start: number;
  end: number;
}

export interface Section extends Span {
  id: string;
  heading: string | null;
  level: number;
  parent: string | null;
}

export interface Clause extends Span {
  id: string;
  sectionId: string;
}

export interface Mention extends Span {
  clauseId: string;
}

export interface Entity {
  /** `<type>:<canonical name>` */
  id: string;
  name: string;
  type: EntityType;
  aliases: string[];
  mentions: Mention[];
  /** a person's role or title where the text gives one (主任, 总书记, 教授) */
  role?: string;
}

export interface Target extends Span {
  id: string;
  clauseId: string;
  text: string;
  year: number | null;
  quantity: string | null;
  subject: string | null;
  /** entity id of the program or institution the target belongs to, where the clause names one */
  owner?: string | null;
}

export interface Relation {
  type: RelationType;
  /** entity id, or the article id for ISSUED_BY and CITES */
  from: string;
  to: string;
  /** clause that supports the relation, with the span inside the article text */
  evidence: (Span & { clauseId: string }) | null;
  weight?: number;
}

export interface QualityWarning {
  ruleId: string;
  message: string;
}

export interface DocNumberParts {
  agency: string;
  year: number;
  number: number;
}

export interface ArticleDates {
  /** 成文日期: the signature date of a notice */
  written: string | null;
  /** 发布日期 / 发布时间 */
  published: string | null;
  /** the date on the source line "（来源：重庆日报 2024-04-01）" */
  source: string | null;
}

/** One article: a file may hold several (a compiled newsletter, a newspaper page). */
export interface DocumentRecord {
  id: string;
  /** path of the source file, relative to the folder that was ingested */
  file: string;
  /** sha256 of the source bytes: the same bytes always give the same records */
  contentHash: string;
  /** position of this article inside its file */
  articleIndex: number;
  title: string | null;
  kind: ArticleKind;
  issuers: string[];
  authors: string[];
  /** 发文字号 as written, whitespace removed: 渝府发〔2023〕22号 */
  docNumber: string | null;
  /** the 发文字号 read: agency code 渝府发, year 2023, number 22 */
  docNumberParts: DocNumberParts | null;
  /** the article's date (YYYY-MM-DD, YYYY-MM or YYYY): published, else written, else source */
  date: string | null;
  dates: ArticleDates;
  source: string | null;
  /** papers: 关键词 and 摘要 */
  keywords: string[];
  abstract: string | null;
  text: string;
  sections: Section[];
  clauses: Clause[];
  entities: Entity[];
  targets: Target[];
  relations: Relation[];
  warnings: QualityWarning[];
}
