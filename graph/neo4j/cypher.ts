/**
 * Every Cypher statement the Neo4j backend runs. Values always travel as parameters; the only
 * names spliced into the text are labels and relationship types, and only after `label()` /
 * `relType()` checked them against the fixed enums, plus a depth checked to be a small integer.
 */
import { EDGE_TYPES, NODE_LABELS, type EdgeType, type NodeLabel } from '../graph-store.js';
import { badGraphInput } from '../internal/errors.js';
import { RESERVED_EDGE_PROP } from '../internal/model.js';

/** Every node the store writes carries this label too, with a unique constraint on `id`. */
export const KG_LABEL = 'KgNode';
/**
 * Relationship property that completes the edge's identity: type, ends and `docId` are the
 * relationship's own; this holds the discriminator (edgeDiscriminator: the start offset, or '').
 */
export const EDGE_KEY_PROP = RESERVED_EDGE_PROP;

export function label(value: string): NodeLabel {
  if (!(NODE_LABELS as readonly string[]).includes(value)) throw badGraphInput(`Unknown node label ${JSON.stringify(value)}.`);
  return value as NodeLabel;
}

export function relType(value: string): EdgeType {
  if (!(EDGE_TYPES as readonly string[]).includes(value)) throw badGraphInput(`Unknown edge type ${JSON.stringify(value)}.`);
  return value as EdgeType;
}

function relTypes(values: readonly string[]): string {
  if (values.length === 0) throw badGraphInput('At least one edge type is needed.');
  return values.map(relType).join('|');
}

function hops(value: number, max: number): number {
  if (!Number.isInteger(value) || value < 1 || value > max) throw badGraphInput(`Depth ${value} is not an integer from 1 to ${max}.`);
  return value;
}

/** A stored weight, 1 where an edge has none (or a non-numeric one). */
const WEIGHT = 'CASE WHEN r.weight IS :: INTEGER | FLOAT THEN r.weight ELSE 1 END';

export const schemaStatements: readonly string[] = [
  `CREATE CONSTRAINT kg_node_id IF NOT EXISTS FOR (n:${KG_LABEL}) REQUIRE n.id IS UNIQUE`,
  `CREATE INDEX kg_node_doc IF NOT EXISTS FOR (n:${KG_LABEL}) ON (n.docId)`,
  'CREATE INDEX kg_entity_type IF NOT EXISTS FOR (n:Entity) ON (n.type)',
  'CREATE INDEX kg_entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name)',
  ...EDGE_TYPES.map((t) => `CREATE INDEX kg_${t.toLowerCase()}_doc IF NOT EXISTS FOR ()-[r:${relType(t)}]-() ON (r.docId)`),
];

export const AWAIT_INDEXES = 'CALL db.awaitIndexes($seconds)';

/**
 * Rows: {id, props}; props include `id`. Replaces the props and the specific label. A node that
 * already has both is left alone: every document rewrites its entities, and an unchanged write
 * would still lock the node and log its property records at commit.
 */
export function upsertNodes(nodeLabel: NodeLabel): string {
  const others = NODE_LABELS.filter((l) => l !== label(nodeLabel));
  return `UNWIND $rows AS r
MERGE (n:${KG_LABEL} {id: r.id})
WITH n, r
WHERE NOT n:${nodeLabel} OR ${others.map((l) => `n:${l}`).join(' OR ')} OR properties(n) <> r.props
SET n = r.props
REMOVE n:${others.join(':')}
SET n:${nodeLabel}`;
}

export const EXISTING_NODES = `UNWIND $ids AS id
MATCH (n:${KG_LABEL} {id: id})
RETURN collect(id) AS ids`;

/** Rows: {from, to, docId, key, props}; props include docId and the key. Endpoints are checked beforehand. */
export function upsertEdges(type: EdgeType): string {
  return `UNWIND $rows AS r
MATCH (a:${KG_LABEL} {id: r.from})
MATCH (b:${KG_LABEL} {id: r.to})
MERGE (a)-[e:${relType(type)} {docId: r.docId, ${EDGE_KEY_PROP}: r.key}]->(b)
SET e = r.props`;
}

/**
 * Like upsertEdges, for a document whose edges were all just deleted in the same transaction:
 * none of its keys can exist, so CREATE skips MERGE's scan of the edges between the two ends
 * (thousands for a hub entity). Rows {from, to, props} must have distinct identities.
 */
export function createEdges(type: EdgeType): string {
  return `UNWIND $rows AS r
MATCH (a:${KG_LABEL} {id: r.from})
MATCH (b:${KG_LABEL} {id: r.to})
CREATE (a)-[e:${relType(type)}]->(b)
SET e = r.props`;
}

/** Node labels of the facts a document owns (entities are shared and merged instead). */
export const OWNED_LABELS = NODE_LABELS.filter((l) => l !== 'Entity');

/**
 * Writes the facts of whole documents in one statement, for documents whose facts were just
 * deleted (or never stored): no id of theirs is stored except those in `$lookup`.
 *
 * `$lookup`: ids of stored nodes the edges point to (entities, and nodes written by MERGE);
 * `$nodes[k]`: props maps (with `id`) of the new nodes with label OWNED_LABELS[k];
 * `$edges[t]`: `{from, to, props}` parallel lists for edge type EDGE_TYPES[t], whose ends are
 * positions in lookup ++ nodes[0] ++ nodes[1] ++ … . Each end is looked up once per statement
 * rather than by two index seeks per edge (a hub entity is the end of thousands), and CREATE
 * skips MERGE's scan of the edges between two ends: rows must have distinct identities.
 */
export const WRITE_DOCUMENT_FACTS = `CALL {
  UNWIND $lookup AS id
  OPTIONAL MATCH (n:${KG_LABEL} {id: id})
  RETURN collect([n]) AS found
}
${OWNED_LABELS.map(
  (l, k) => `CALL {
  UNWIND $nodes[${k}] AS p
  CREATE (n:${KG_LABEL}:${label(l)})
  SET n = p
  RETURN collect(n) AS created${k}
}`,
).join('\n')}
WITH [x IN found | x[0]] + ${OWNED_LABELS.map((_l, k) => `created${k}`).join(' + ')} AS nodes
${EDGE_TYPES.map(
  (t, i) => `CALL (nodes) {
  WITH $edges[${i}] AS es
  UNWIND range(0, size(es.from) - 1) AS i
  WITH nodes[toInteger(es.from[i])] AS a, nodes[toInteger(es.to[i])] AS b, es.props[i] AS p
  CREATE (a)-[e:${relType(t)}]->(b)
  SET e = p
}`,
).join('\n')}
RETURN size(nodes) AS nodes`;

/** Which of the documents have a node or an edge stored (edges: upsertEdges may write them alone). */
export const DOCUMENTS_WITH_FACTS = `UNWIND $docIds AS docId
WITH docId
WHERE EXISTS { MATCH (:${KG_LABEL} {docId: docId}) }
${EDGE_TYPES.map((t) => `   OR EXISTS { MATCH ()-[:${relType(t)} {docId: docId}]->() }`).join('\n')}
RETURN collect(docId) AS docIds`;

export const MISSING_NODES = `UNWIND $ids AS id
OPTIONAL MATCH (n:${KG_LABEL} {id: id})
WITH id, n WHERE n IS NULL
RETURN collect(id) AS missing`;

/** Entities touched by the documents' nodes, before those are detached. */
export const ENTITIES_NEAR_DOCUMENTS = `UNWIND $docIds AS docId
MATCH (n:${KG_LABEL} {docId: docId})--(e:${KG_LABEL}:Entity)
RETURN collect(DISTINCT e.id) AS ids`;

/**
 * Deletes the documents' edges of every type and returns the entities at their ends; one
 * UNION branch per type, so that each uses its relationship index on docId.
 */
export const DELETE_DOCUMENTS_EDGES = `CALL {
${EDGE_TYPES.map(
  (t) => `  UNWIND $docIds AS docId
  MATCH (a)-[r:${relType(t)} {docId: docId}]->(b)
  WITH r, [x IN [a, b] WHERE x:Entity | x.id] AS ends
  DELETE r
  RETURN ends`,
).join('\n  UNION ALL\n')}
}
UNWIND ends AS id
RETURN collect(DISTINCT id) AS ids`;

export const DELETE_DOCUMENTS_NODES = `UNWIND $docIds AS docId
MATCH (n:${KG_LABEL} {docId: docId})
DETACH DELETE n`;

export const DELETE_ORPHAN_ENTITIES = `UNWIND $ids AS id
MATCH (e:${KG_LABEL} {id: id})
WHERE e:Entity AND NOT EXISTS { (e)--() }
DELETE e`;

export const DOCUMENT_IDS = `MATCH (d:${KG_LABEL}:Document) RETURN d.id AS id`;

export const COUNTS = `CALL { MATCH (n:${KG_LABEL}) RETURN count(n) AS nodes }
CALL { MATCH (n:Document) RETURN count(n) AS documents }
CALL { MATCH (n:Entity) RETURN count(n) AS entities }
CALL {
${EDGE_TYPES.map((t) => `  MATCH ()-[r:${relType(t)}]->() RETURN count(r) AS edges`).join('\n  UNION ALL\n')}
}
RETURN nodes, documents, entities, sum(edges) AS edges`;

export const NODES = `UNWIND $ids AS id
MATCH (n:${KG_LABEL} {id: id})
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props`;

export const ENTITY_DOCUMENTS = `MATCH (e:${KG_LABEL} {id: $id})-[r]-()
RETURN collect(DISTINCT r.docId) AS docIds`;

export const ENTITY_MENTIONS = `MATCH (c:${KG_LABEL})-[m:MENTIONS]->(e:${KG_LABEL} {id: $id})
RETURN c.id AS clauseId, m.docId AS docId, m.start AS start, m.end AS end`;

/**
 * The rows of an edge aggregate: the document ids travel only where they are needed — to
 * merge COOPERATES_WITH stored in both directions, or when `$withDocIds` asks — since a hub's
 * CO_OCCURS edges name a hundred documents each at 100×; the count always travels.
 */
const AGGREGATE_ROWS = `WITH type, from, to, collect(DISTINCT r.docId) AS docIds, sum(${WEIGHT}) AS weightSum
RETURN type, from, to, weightSum, size(docIds) AS docCount,
       CASE WHEN $withDocIds OR type = 'COOPERATES_WITH' THEN docIds ELSE [] END AS docIds`;

/** Each stored edge of `types` touching `ids` once, summed per (type, from, to). */
export function incidentEdges(types: readonly string[]): string {
  return `UNWIND $ids AS id
MATCH (:${KG_LABEL} {id: id})-[r:${relTypes(types)}]-(:${KG_LABEL})
WITH DISTINCT r
WITH r, type(r) AS type, startNode(r).id AS from, endNode(r).id AS to
${AGGREGATE_ROWS}`;
}

export function edgesAmong(types: readonly string[]): string {
  return `UNWIND $ids AS id
MATCH (a:${KG_LABEL} {id: id})-[r:${relTypes(types)}]->(b:${KG_LABEL})
WHERE b.id IN $ids
WITH r, type(r) AS type, a.id AS from, b.id AS to
${AGGREGATE_ROWS}`;
}

export function allShortestPaths(types: readonly string[], maxDepth: number, maxPossibleDepth: number): string {
  return `MATCH (a:${KG_LABEL} {id: $from}), (b:${KG_LABEL} {id: $to})
MATCH p = allShortestPaths((a)-[:${relTypes(types)}*1..${hops(maxDepth, maxPossibleDepth)}]-(b))
RETURN [n IN nodes(p) | n.id] AS ids
LIMIT $cap`;
}

export const ENTITY_COUNT = `MATCH (n:${KG_LABEL}:Entity)
WHERE size($types) = 0 OR n.type IN $types
RETURN count(n) AS count`;

export const ENTITIES = `MATCH (n:${KG_LABEL}:Entity)
WHERE size($types) = 0 OR n.type IN $types
RETURN n.id AS id, labels(n) AS labels, properties(n) AS props`;

/** Every edge of `types`, summed per (type, from, to). */
export function edgesOfTypes(types: readonly string[]): string {
  return `MATCH (a:${KG_LABEL})-[r:${relTypes(types)}]->(b:${KG_LABEL})
WITH r, type(r) AS type, a.id AS from, b.id AS to
${AGGREGATE_ROWS}`;
}

export const COOPERATION_FACTS = `MATCH (a:${KG_LABEL})-[r:COOPERATES_WITH]->(b:${KG_LABEL})
RETURN a.id AS from, b.id AS to, r.docId AS docId, r.clauseId AS clauseId, r.start AS start, r.end AS end`;
