import type { DocumentRecord, Relation } from '../ingest/record.js';
import { citableNames } from '../ingest/citations.js';
import { ENTITY_TYPES } from '../ingest/record.js';
import type { DocumentGraph, GraphEdge, GraphNode, Props } from './graph-store.js';
import { badGraphInput } from './internal/errors.js';

const ENTITY_ID = new RegExp(`^(${ENTITY_TYPES.join('|')}):(.+)$`, 's');

/**
 * Projects one article onto the graph model (DESIGN.md "Graph model"). Pure: the same record
 * always gives the same graph, which is what makes re-ingesting change nothing.
 *
 * - Document {docId, title, kind, date, docNumber, file, …} -HAS_SECTION-> every Section
 *   -HAS_CLAUSE-> its Clauses {docId, start, end, sectionId}
 * - Clause -MENTIONS {docId, start, end}-> Entity {type, name}: one edge per mention
 * - Clause -SETS-> Target {docId, year, quantity, subject, text, start, end}
 * - each relation → an edge {docId, weight, clauseId?, start?, end?} (ISSUED_BY / CITES from
 *   the Document; the others between entities)
 * - Document -PUBLISHES {docId}-> policy_document Entity for each name the article is cited
 *   by (ingest `citableNames`: a policy's own title, the plan a notice publishes)
 *
 * Section, clause and target ids that do not already start with `<docId>#` are prefixed with
 * it, because node ids are global and ingest only promises uniqueness inside an article.
 * An entity nothing in this article points to is left out (it would be an orphan). A relation
 * to an entity the record does not list gets that entity from its `<type>:<name>` id.
 *
 * @throws GraphError `bad_graph_input` when a mention, target or relation names a clause or
 *   node that the record does not have.
 * @example
 *   await store.writeDocument(documentGraph(record));
 */
export function documentGraph(record: DocumentRecord): DocumentGraph {
  const docId = record.id;
  if (typeof docId !== 'string' || docId.length === 0) {
    throw badGraphInput(`A DocumentRecord needs a non-empty id, got ${JSON.stringify(docId)}.`);
  }
  const scoped = (id: string) => (id.startsWith(`${docId}#`) ? id : `${docId}#${id}`);
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];

  nodes.push({
    id: docId,
    label: 'Document',
    props: compact({
      docId,
      title: record.title,
      kind: record.kind,
      date: record.date,
      docNumber: record.docNumber,
      file: record.file,
      source: record.source,
      issuers: record.issuers,
      authors: record.authors,
      contentHash: record.contentHash,
      articleIndex: record.articleIndex,
    }),
  });

  for (const section of record.sections) {
    const id = scoped(section.id);
    nodes.push({
      id,
      label: 'Section',
      props: compact({
        docId,
        heading: section.heading,
        level: section.level,
        parent: section.parent === null ? null : scoped(section.parent),
        start: section.start,
        end: section.end,
      }),
    });
    edges.push({ type: 'HAS_SECTION', from: docId, to: id, props: { docId } });
  }

  const sectionIds = new Set(record.sections.map((s) => scoped(s.id)));
  const clauseIds = new Set<string>();
  for (const clause of record.clauses) {
    const id = scoped(clause.id);
    const sectionId = scoped(clause.sectionId);
    if (!sectionIds.has(sectionId)) {
      throw badGraphInput(`Clause ${JSON.stringify(clause.id)} of document ${JSON.stringify(docId)} names section ${JSON.stringify(clause.sectionId)}, which the record does not have.`);
    }
    clauseIds.add(id);
    nodes.push({ id, label: 'Clause', props: { docId, start: clause.start, end: clause.end, sectionId } });
    edges.push({ type: 'HAS_CLAUSE', from: sectionId, to: id, props: { docId } });
  }
  const clauseOf = (clauseId: string, what: string) => {
    const id = scoped(clauseId);
    if (!clauseIds.has(id)) {
      throw badGraphInput(`${what} in document ${JSON.stringify(docId)} names clause ${JSON.stringify(clauseId)}, which the record does not have.`);
    }
    return id;
  };

  const entities = new Map<string, GraphNode>();
  const used = new Set<string>();
  for (const entity of record.entities) {
    entities.set(entity.id, { id: entity.id, label: 'Entity', props: { type: entity.type, name: entity.name } });
    for (const mention of entity.mentions) {
      const clauseId = clauseOf(mention.clauseId, `A mention of ${entity.id}`);
      edges.push({ type: 'MENTIONS', from: clauseId, to: entity.id, props: { docId, start: mention.start, end: mention.end } });
      used.add(entity.id);
    }
  }

  for (const target of record.targets) {
    const id = scoped(target.id);
    const clauseId = clauseOf(target.clauseId, `Target ${JSON.stringify(target.id)}`);
    nodes.push({
      id,
      label: 'Target',
      props: compact({
        docId,
        clauseId,
        text: target.text,
        year: target.year,
        quantity: target.quantity,
        subject: target.subject,
        start: target.start,
        end: target.end,
      }),
    });
    edges.push({ type: 'SETS', from: clauseId, to: id, props: { docId } });
  }

  const endpoint = (id: string, relation: Relation): string => {
    if (id === docId || entities.has(id)) {
      used.add(id);
      return id;
    }
    const match = ENTITY_ID.exec(id);
    if (!match) {
      throw badGraphInput(`${relation.type} relation in document ${JSON.stringify(docId)} points to ${JSON.stringify(id)}, which is neither the document nor an entity id (<type>:<name>).`);
    }
    entities.set(id, { id, label: 'Entity', props: { type: match[1]!, name: match[2]! } });
    used.add(id);
    return id;
  };
  for (const relation of record.relations) {
    const props: Props & { docId: string } = { docId, weight: relation.weight ?? 1 };
    if (relation.evidence) {
      props.clauseId = clauseOf(relation.evidence.clauseId, `The evidence of a ${relation.type} relation`);
      props.start = relation.evidence.start;
      props.end = relation.evidence.end;
    }
    edges.push({ type: relation.type, from: endpoint(relation.from, relation), to: endpoint(relation.to, relation), props });
  }

  for (const name of citableNames(record)) {
    const id = `policy_document:${name}`;
    if (!entities.has(id)) entities.set(id, { id, label: 'Entity', props: { type: 'policy_document', name } });
    used.add(id);
    edges.push({ type: 'PUBLISHES', from: docId, to: id, props: { docId } });
  }

  for (const [id, node] of entities) if (used.has(id)) nodes.push(node);
  return { docId, nodes, edges };
}

/** Unknown values are left out rather than stored as null (Neo4j cannot store null). */
function compact(props: Record<string, Props[string] | undefined>): Props {
  const out: Props = {};
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined) continue;
    out[key] = value;
  }
  return out;
}
