/**
 * Two small hand-made articles that share entities (重庆, 四川, 重庆市教育委员会), built the way
 * ingest builds records: offsets are computed from the text, so they are always right.
 */
import type { DocumentRecord, Entity, EntityType, Relation, Target } from '../../ingest/record.js';

export const DOC_A = 'doc-a';
export const DOC_B = 'doc-b';

export const CQ = 'region:重庆';
export const SC = 'region:四川';
export const CY = 'region:成渝地区双城经济圈';
export const CQ_EDU = 'institution:重庆市教育委员会';
export const SC_EDU = 'institution:四川省教育厅';
export const MOE = 'institution:教育部';
export const SHUANGGAO = 'program:双高计划';
export const OPINION = 'policy_document:关于推动现代职业教育高质量发展的意见';

interface ClauseSpec {
  text: string;
}

interface MentionSpec {
  entity: string;
  clause: number;
  needle: string;
  /** which occurrence of the needle inside the clause (0 = first) */
  nth?: number;
}

interface RecordSpec {
  id: string;
  title: string;
  kind: DocumentRecord['kind'];
  heading: string;
  clauses: ClauseSpec[];
  mentions: MentionSpec[];
  relations: { type: Relation['type']; from: string; to: string; clause?: number; needle?: string; weight?: number }[];
  targets?: { clause: number; needle: string; year: number; quantity: string; subject: string }[];
}

/** Builds a DocumentRecord with one section; clause ids are `<docId>#<n>` (n from 1). */
export function buildRecord(spec: RecordSpec): DocumentRecord {
  const docId = spec.id;
  let text = `${spec.heading}\n`;
  const clauses = spec.clauses.map((clause, i) => {
    const start = text.length;
    text += clause.text + (i < spec.clauses.length - 1 ? '\n' : '');
    return { id: `${docId}#${i + 1}`, sectionId: `${docId}#s1`, start, end: start + clause.text.length };
  });
  const spanIn = (clauseIndex: number, needle: string, nth = 0) => {
    const clause = clauses[clauseIndex]!;
    const local = spec.clauses[clauseIndex]!.text;
    let at = -1;
    for (let k = 0; k <= nth; k++) {
      at = local.indexOf(needle, at + 1);
      if (at < 0) throw new Error(`fixture: ${JSON.stringify(needle)} #${nth} not in clause ${clauseIndex} of ${docId}`);
    }
    return { clauseId: clause.id, start: clause.start + at, end: clause.start + at + needle.length };
  };

  const entities = new Map<string, Entity>();
  for (const m of spec.mentions) {
    const [type, ...rest] = m.entity.split(':');
    const entity = entities.get(m.entity) ?? { id: m.entity, name: rest.join(':'), type: type as EntityType, aliases: [], mentions: [] };
    entity.mentions.push(spanIn(m.clause, m.needle, m.nth));
    entities.set(m.entity, entity);
  }
  const relations: Relation[] = spec.relations.map((r) => ({
    type: r.type,
    from: r.from,
    to: r.to,
    evidence: r.clause === undefined ? null : spanIn(r.clause, r.needle ?? spec.clauses[r.clause]!.text),
    ...(r.weight === undefined ? {} : { weight: r.weight }),
  }));
  const targets: Target[] = (spec.targets ?? []).map((t, i) => {
    const span = spanIn(t.clause, t.needle);
    return { id: `${docId}#t${i + 1}`, clauseId: span.clauseId, text: t.needle, year: t.year, quantity: t.quantity, subject: t.subject, start: span.start, end: span.end };
  });

  return {
    id: docId,
    file: `fixtures/${docId}.txt`,
    contentHash: `sha256-of-${docId}`,
    articleIndex: 0,
    title: spec.title,
    kind: spec.kind,
    issuers: [],
    authors: [],
    docNumber: null,
    date: '2024-01-24',
    source: null,
    text,
    sections: [{ id: `${docId}#s1`, heading: spec.heading, level: 1, parent: null, start: 0, end: text.length }],
    clauses,
    entities: [...entities.values()],
    targets,
    relations,
    warnings: [],
  };
}

export const recordA: DocumentRecord = buildRecord({
  id: DOC_A,
  // not a policy title (no PUBLISHES edge): the contract's hand-counted graphs stay small
  title: '重庆市教育委员会推动职业教育协同发展',
  kind: 'notice',
  heading: '一、总体要求',
  clauses: [
    { text: '重庆市教育委员会印发通知，推动重庆与四川职业教育协同发展。' },
    { text: '到2025年，重庆双高计划建设学校达到10所以上，重庆职业教育整体水平进入全国前列。' },
  ],
  mentions: [
    { entity: CQ_EDU, clause: 0, needle: '重庆市教育委员会' },
    { entity: CQ, clause: 0, needle: '重庆', nth: 1 },
    { entity: SC, clause: 0, needle: '四川' },
    { entity: CQ, clause: 1, needle: '重庆', nth: 0 },
    { entity: CQ, clause: 1, needle: '重庆', nth: 1 },
    { entity: SHUANGGAO, clause: 1, needle: '双高计划' },
  ],
  relations: [
    { type: 'ISSUED_BY', from: DOC_A, to: CQ_EDU, clause: 0, needle: '重庆市教育委员会印发通知' },
    { type: 'COOPERATES_WITH', from: CQ, to: SC, clause: 0, needle: '推动重庆与四川职业教育协同发展' },
    { type: 'LOCATED_IN', from: CQ_EDU, to: CQ },
    { type: 'CO_OCCURS', from: CQ, to: SC, weight: 2 },
    { type: 'CO_OCCURS', from: CQ, to: SHUANGGAO, weight: 1 },
  ],
  targets: [{ clause: 1, needle: '到2025年，重庆双高计划建设学校达到10所以上', year: 2025, quantity: '10所以上', subject: '双高计划建设学校' }],
});

export const recordB: DocumentRecord = buildRecord({
  id: DOC_B,
  title: '教育部支持成渝地区双城经济圈职业教育合作',
  kind: 'opinion',
  heading: '二、合作机制',
  clauses: [
    { text: '教育部支持四川与重庆共建成渝地区双城经济圈。' },
    { text: '重庆市教育委员会会同四川省教育厅落实《关于推动现代职业教育高质量发展的意见》。' },
  ],
  mentions: [
    { entity: MOE, clause: 0, needle: '教育部' },
    { entity: SC, clause: 0, needle: '四川' },
    { entity: CQ, clause: 0, needle: '重庆' },
    { entity: CY, clause: 0, needle: '成渝地区双城经济圈' },
    { entity: CQ_EDU, clause: 1, needle: '重庆市教育委员会' },
    { entity: SC_EDU, clause: 1, needle: '四川省教育厅' },
    { entity: OPINION, clause: 1, needle: '关于推动现代职业教育高质量发展的意见' },
  ],
  relations: [
    { type: 'ISSUED_BY', from: DOC_B, to: MOE },
    { type: 'CITES', from: DOC_B, to: OPINION, clause: 1 },
    { type: 'COOPERATES_WITH', from: SC, to: CQ, clause: 0, needle: '四川与重庆共建' },
    { type: 'COOPERATES_WITH', from: CQ_EDU, to: SC_EDU, clause: 1, needle: '重庆市教育委员会会同四川省教育厅' },
    { type: 'PART_OF', from: CQ, to: CY },
    { type: 'PART_OF', from: SC, to: CY },
    { type: 'LOCATED_IN', from: SC_EDU, to: SC },
    { type: 'CO_OCCURS', from: SC, to: CQ, weight: 3 },
  ],
});

/** recordA after an edit that dropped 双高计划 (its mention, target and co-occurrence). */
export const recordAWithoutProgram: DocumentRecord = (() => {
  const r = structuredClone(recordA);
  r.entities = r.entities.filter((e) => e.id !== SHUANGGAO);
  r.relations = r.relations.filter((rel) => rel.to !== SHUANGGAO);
  r.targets = [];
  return r;
})();

/** Ids and names a careless store would splice into Cypher. */
export const INJECTION_DOC = `doc-'"\`}) MATCH (n) DETACH DELETE n //`;
export const INJECTION_ENTITY = `region:x'}) MATCH (n) DETACH DELETE n RETURN 1 //`;
export const INJECTION_OTHER = 'institution:$id ${name} `backtick` \\u0000 {"json": true}\n第二行';

export const recordInjection: DocumentRecord = buildRecord({
  id: INJECTION_DOC,
  title: `标题 '); DROP TABLE documents; -- "quoted" \`tick\``,
  kind: 'other',
  heading: '三、注入',
  clauses: [{ text: 'x甲乙丙丁戊己庚' }],
  mentions: [
    { entity: INJECTION_ENTITY, clause: 0, needle: '甲乙' },
    { entity: INJECTION_OTHER, clause: 0, needle: '丙丁' },
  ],
  relations: [{ type: 'COOPERATES_WITH', from: INJECTION_ENTITY, to: INJECTION_OTHER, clause: 0, needle: '甲乙丙丁' }],
});

export const DOC_C = 'doc-c';
export const CQU = 'institution:重庆大学';
export const SCU = 'institution:四川大学';
export const CD = 'region:成都';

/**
 * A third article for the cooperation matrix: two universities placed by LOCATED_IN (四川大学
 * in two regions), a cooperation inside 重庆, and one with 教育部, which has no region.
 */
export const recordC: DocumentRecord = buildRecord({
  id: DOC_C,
  title: '关于深化川渝高校合作的通知',
  kind: 'notice',
  heading: '一、合作内容',
  clauses: [
    { text: '重庆大学与四川大学签署合作协议，共建成都和重庆两地创新平台。' },
    { text: '重庆大学会同重庆市教育委员会推进双高计划，教育部与重庆开展合作。' },
  ],
  mentions: [
    { entity: CQU, clause: 0, needle: '重庆大学' },
    { entity: SCU, clause: 0, needle: '四川大学' },
    { entity: CD, clause: 0, needle: '成都' },
    { entity: CQ, clause: 0, needle: '重庆', nth: 1 },
    { entity: CQU, clause: 1, needle: '重庆大学' },
    { entity: CQ_EDU, clause: 1, needle: '重庆市教育委员会' },
    { entity: SHUANGGAO, clause: 1, needle: '双高计划' },
    { entity: MOE, clause: 1, needle: '教育部' },
    { entity: CQ, clause: 1, needle: '重庆', nth: 2 },
  ],
  relations: [
    { type: 'COOPERATES_WITH', from: CQU, to: SCU, clause: 0, needle: '重庆大学与四川大学签署合作协议' },
    { type: 'COOPERATES_WITH', from: CQU, to: CQ_EDU, clause: 1, needle: '重庆大学会同重庆市教育委员会推进双高计划' },
    { type: 'COOPERATES_WITH', from: MOE, to: CQ, clause: 1, needle: '教育部与重庆开展合作' },
    { type: 'LOCATED_IN', from: CQU, to: CQ },
    { type: 'LOCATED_IN', from: SCU, to: SC },
    { type: 'LOCATED_IN', from: SCU, to: CD },
    { type: 'CO_OCCURS', from: CQ, to: CD, weight: 1 },
    { type: 'CO_OCCURS', from: SHUANGGAO, to: CQ, weight: 1 },
  ],
});

export const DOC_D = 'doc-d';
/** recordC's own title as a policy name: what citing articles link to (PUBLISHES). */
export const CHUANYU_NOTICE = 'policy_document:关于深化川渝高校合作的通知';

/** A newsletter item that cites recordC by its title. */
export const recordD: DocumentRecord = buildRecord({
  id: DOC_D,
  title: '四川大学工作简报',
  kind: 'news',
  heading: '一、工作动态',
  clauses: [{ text: '根据《关于深化川渝高校合作的通知》，四川大学启动合作项目。' }],
  mentions: [
    { entity: CHUANYU_NOTICE, clause: 0, needle: '关于深化川渝高校合作的通知' },
    { entity: SCU, clause: 0, needle: '四川大学' },
  ],
  relations: [{ type: 'CITES', from: DOC_D, to: CHUANYU_NOTICE, clause: 0, needle: '《关于深化川渝高校合作的通知》' }],
});
