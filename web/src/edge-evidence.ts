/**
 * The clauses behind one edge of the graph, read from the articles the two ends share.
 * The neighbourhood API sends merged edges without their evidence, so the explorer looks
 * the relation up in the article records (GET /api/documents/:id `relations`), which keep
 * the supporting clause of every relation.
 */

import { fetchDocument, fetchEntity, type GraphEdgeData, type Offsets, type PolicyDocument } from './api.ts';

/** Relations that hold in both directions (the graph stores them once per pair). */
export const SYMMETRIC_RELATIONS = new Set(['COOPERATES_WITH', 'CO_OCCURS']);

export interface EdgeEvidence {
  docId: string;
  title: string | null;
  clauseId: string;
  text: string;
  /** offsets into `text` of the two ends' mentions (or of the relation's span) */
  highlights: Offsets[];
  /** the other entities named in the clause, e.g. what two regions cooperate on */
  alsoMentioned: { id: string; name: string; type: string }[];
}

/**
 * The clauses of `doc` that support `from -type-> to`: the evidence of matching relations,
 * and for CO_OCCURS (whose evidence is only one clause per article) every clause that
 * mentions both ends. One item per clause, in text order.
 *
 * @example relationEvidence(doc, 'region:四川', 'region:重庆', 'COOPERATES_WITH')
 */
export function relationEvidence(doc: PolicyDocument, from: string, to: string, type: string): EdgeEvidence[] {
  const symmetric = SYMMETRIC_RELATIONS.has(type);
  const matches = (a: string, b: string) => (a === from && b === to) || (symmetric && a === to && b === from);
  const clauseIds = new Set<string>();
  const spans = new Map<string, Offsets[]>();
  for (const relation of doc.relations ?? []) {
    if (relation.type !== type || !relation.evidence || !matches(relation.from, relation.to)) continue;
    clauseIds.add(relation.evidence.clauseId);
    const list = spans.get(relation.evidence.clauseId) ?? [];
    list.push([relation.evidence.start, relation.evidence.end]);
    spans.set(relation.evidence.clauseId, list);
  }
  const mentionsOf = (id: string) => doc.entities.find((e) => e.id === id)?.mentions ?? [];
  if (type === 'CO_OCCURS') {
    const withTo = new Set(mentionsOf(to).map((m) => m.clauseId));
    for (const mention of mentionsOf(from)) if (mention.clauseId && withTo.has(mention.clauseId)) clauseIds.add(mention.clauseId);
  }
  const clauses = doc.clauses.filter((clause) => clauseIds.has(clause.id)).sort((a, b) => a.start - b.start);
  return clauses.map((clause) => {
    const inClause = (m: { start: number; end: number }) => m.start >= clause.start && m.end <= clause.end;
    const endMentions = [...mentionsOf(from), ...mentionsOf(to)].filter(inClause);
    // Highlight the two ends; when neither is named in the clause (an implicit subject), the relation's span.
    const ranges = endMentions.length ? endMentions : (spans.get(clause.id) ?? []).map(([start, end]) => ({ start, end }));
    const alsoMentioned = doc.entities
      .filter((e) => e.id !== from && e.id !== to && e.mentions.some(inClause))
      .map((e) => ({ id: e.id, name: e.name, type: e.type }));
    return {
      docId: doc.id,
      title: doc.title,
      clauseId: clause.id,
      text: doc.text.slice(clause.start, clause.end),
      highlights: ranges
        .map((m) => [Math.max(0, m.start - clause.start), Math.min(clause.end, m.end) - clause.start] as Offsets)
        .sort((x, y) => x[0] - y[0]),
      alsoMentioned,
    };
  });
}

/** The entities with a mention inside a clause of `doc` (none when the clause is not there). */
export function entitiesInClause(doc: PolicyDocument, clauseId: string): { id: string; name: string; type: string }[] {
  const clause = doc.clauses.find((c) => c.id === clauseId);
  if (!clause) return [];
  return doc.entities
    .filter((e) => e.mentions.some((m) => m.start >= clause.start && m.end <= clause.end))
    .map((e) => ({ id: e.id, name: e.name, type: e.type }));
}

/** The ids both lists hold, in the order of the first. */
export function sharedIds(a: readonly { id: string }[], b: readonly { id: string }[]): string[] {
  const inB = new Set(b.map((x) => x.id));
  return a.map((x) => x.id).filter((id) => inB.has(id));
}

/** Shared articles read for one edge's evidence. */
export const EDGE_EVIDENCE_DOCS = 8;

/**
 * Loads the evidence of an edge: the articles both ends appear in (or the article itself,
 * when one end is a document node), then the supporting clauses in each.
 */
export async function loadEdgeEvidence(
  edge: GraphEdgeData,
  isDocument: (id: string) => boolean,
  signal: AbortSignal,
): Promise<EdgeEvidence[]> {
  let docIds: string[];
  if (isDocument(edge.from)) docIds = [edge.from];
  else if (isDocument(edge.to)) docIds = [edge.to];
  else {
    const [a, b] = await Promise.all([fetchEntity(edge.from, signal), fetchEntity(edge.to, signal)]);
    docIds = sharedIds(a.documents ?? [], b.documents ?? []);
  }
  const docs = await Promise.all(docIds.slice(0, EDGE_EVIDENCE_DOCS).map((id) => fetchDocument(id).catch(() => null)));
  if (signal.aborted) throw new DOMException('superseded', 'AbortError');
  return docs.flatMap((doc) => (doc ? relationEvidence(doc, edge.from, edge.to, edge.type) : []));
}

export interface Topic {
  id: string;
  name: string;
  type: string;
  /** evidence clauses naming it */
  count: number;
}

const TOPIC_RANK: Readonly<Record<string, number>> = { program: 0, industry: 1, policy_document: 2, institution: 3 };

/**
 * What two entities relate on: the other entities named in the evidence clauses,
 * programs first, then industries, cited policies and institutions, most frequent first.
 */
export function topicsOf(evidence: readonly EdgeEvidence[], ends: readonly string[]): Topic[] {
  const counts = new Map<string, Topic>();
  for (const item of evidence) {
    for (const entity of item.alsoMentioned) {
      if (ends.includes(entity.id)) continue;
      const seen = counts.get(entity.id) ?? { ...entity, count: 0 };
      seen.count++;
      counts.set(entity.id, seen);
    }
  }
  const rank = (type: string) => TOPIC_RANK[type] ?? 9;
  return [...counts.values()].sort((a, b) => rank(a.type) - rank(b.type) || b.count - a.count || a.name.localeCompare(b.name, 'zh-CN'));
}
