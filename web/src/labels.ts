/** Chinese display labels and colours shared by all views. */

export interface TypeStyle {
  label: string;
  /** node fill and legend swatch */
  color: string;
}

/** Entity types (CONTRACT.md) in legend order. */
export const ENTITY_TYPE_STYLES: Readonly<Record<string, TypeStyle>> = {
  region: { label: '地区', color: '#2f6fdb' },
  institution: { label: '机构', color: '#8a4fd0' },
  program: { label: '项目/计划', color: '#e07b12' },
  policy_document: { label: '政策文件', color: '#d1343f' },
  industry: { label: '产业', color: '#11917a' },
  person: { label: '人物', color: '#6b7a8f' },
};

export const ENTITY_TYPES = Object.keys(ENTITY_TYPE_STYLES);

const UNKNOWN_TYPE: TypeStyle = { label: '其他', color: '#9aa3ad' };
const DOCUMENT_TYPE: TypeStyle = { label: '文档', color: '#3d4b5c' };

export function entityTypeStyle(type: string | null | undefined): TypeStyle {
  if (type === 'document') return DOCUMENT_TYPE;
  return (type && ENTITY_TYPE_STYLES[type]) || UNKNOWN_TYPE;
}

const KIND_LABELS: Readonly<Record<string, string>> = {
  notice: '通知',
  plan: '规划/方案',
  opinion: '意见',
  news: '新闻',
  commentary: '评论',
  paper: '论文',
  'web-article': '网络文章',
  other: '其他',
};

export function kindLabel(kind: string | null | undefined): string {
  return (kind && KIND_LABELS[kind]) || kind || '未分类';
}

const RELATION_LABELS: Readonly<Record<string, string>> = {
  ISSUED_BY: '发布',
  CITES: '引用',
  // the article is the text of the policy (its own title, or the plan its notice publishes)
  PUBLISHES: '原文',
  COOPERATES_WITH: '合作',
  CO_OCCURS: '共现',
  LOCATED_IN: '位于',
  PART_OF: '隶属',
};

export function relationLabel(type: string): string {
  return RELATION_LABELS[type] ?? type;
}

export const UNTITLED = '（无标题）';
