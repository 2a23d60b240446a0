/**
 * The entity graph (or a subgraph) for other tools: GraphML for Gephi and the like, CSV in
 * the header format of `neo4j-admin database import full`. Pure functions of a Subgraph.
 */
import type { Subgraph, SubgraphNode } from './graph-store.js';
import { SYMMETRIC_EDGE_TYPES } from './internal/model.js';
import { zipFiles } from './internal/zip.js';

/**
 * GraphML 1.0 (UTF-8). Nodes carry `label` (the name, which Gephi shows), `kind` (Entity or
 * Document) and `type` (entity type, or the document's kind); edges carry `label` and
 * `relation` (the relation type), `weight` (documents stating it; CO_OCCURS: summed
 * co-occurrences) and `symmetric` (true for COOPERATES_WITH / CO_OCCURS, stored from the
 * smaller id). The graph is directed throughout, because mixed graphs are refused by some
 * readers (networkx); symmetric relations say so in their attribute.
 *
 * Characters XML 1.0 cannot carry (control characters other than tab and line breaks, lone
 * surrogates) are replaced by U+FFFD.
 * @example
 *   writeFileSync('graph.graphml', graphToGraphML(await store.entityGraph()));
 */
export function graphToGraphML(graph: Subgraph): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
    '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
    '  <key id="type" for="node" attr.name="type" attr.type="string"/>',
    '  <key id="elabel" for="edge" attr.name="label" attr.type="string"/>',
    '  <key id="relation" for="edge" attr.name="relation" attr.type="string"/>',
    '  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>',
    '  <key id="symmetric" for="edge" attr.name="symmetric" attr.type="boolean"/>',
    '  <graph id="policy-kg" edgedefault="directed">',
  ];
  for (const node of graph.nodes) {
    const type = node.type === null ? '' : `<data key="type">${xml(node.type)}</data>`;
    lines.push(`    <node id="${xml(node.id)}"><data key="label">${xml(node.name)}</data><data key="kind">${xml(node.label)}</data>${type}</node>`);
  }
  graph.edges.forEach((edge, i) => {
    lines.push(
      `    <edge id="e${i}" source="${xml(edge.from)}" target="${xml(edge.to)}">` +
        `<data key="elabel">${edge.type}</data><data key="relation">${edge.type}</data>` +
        `<data key="weight">${edge.weight}</data><data key="symmetric">${SYMMETRIC_EDGE_TYPES.has(edge.type)}</data></edge>`,
    );
  });
  lines.push('  </graph>', '</graphml>', '');
  return lines.join('\n');
}

/** Neo4j label of an entity type: region → Region, policy_document → PolicyDocument. */
function typeLabel(type: string): string {
  return type
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function nodeLabels(node: SubgraphNode): string {
  return node.label === 'Entity' && node.type ? `Entity;${typeLabel(node.type)}` : node.label;
}

/**
 * nodes.csv and edges.csv in the header format of neo4j-admin import:
 *
 *   nodes.csv  `id:ID,:LABEL,name,type`   labels `Entity;Region` … or `Document`
 *   edges.csv  `:START_ID,:END_ID,:TYPE,weight:long` (`weight:double` if a weight is fractional)
 *
 * Every string is quoted (`"` doubled); names may hold line breaks, so import with
 * `--multiline-fields=true`:
 *
 *   neo4j-admin database import full --nodes=nodes.csv --relationships=edges.csv --multiline-fields=true neo4j
 */
export function graphToNeo4jCsv(graph: Subgraph): { nodes: string; edges: string } {
  const nodes = ['id:ID,:LABEL,name,type'];
  for (const node of graph.nodes) nodes.push([csv(node.id), csv(nodeLabels(node)), csv(node.name), node.type === null ? '' : csv(node.type)].join(','));
  const integral = graph.edges.every((edge) => Number.isSafeInteger(edge.weight));
  const edges = [`:START_ID,:END_ID,:TYPE,weight:${integral ? 'long' : 'double'}`];
  for (const edge of graph.edges) edges.push([csv(edge.from), csv(edge.to), edge.type, String(edge.weight)].join(','));
  return { nodes: `${nodes.join('\n')}\n`, edges: `${edges.join('\n')}\n` };
}

/** graphToNeo4jCsv as one zip archive holding nodes.csv and edges.csv. */
export function graphToNeo4jCsvZip(graph: Subgraph, modified = new Date()): Buffer {
  const { nodes, edges } = graphToNeo4jCsv(graph);
  return zipFiles(
    [
      { name: 'nodes.csv', data: Buffer.from(nodes, 'utf8') },
      { name: 'edges.csv', data: Buffer.from(edges, 'utf8') },
    ],
    modified,
  );
}

function csv(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;' };

function xml(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
    .replace(/[&<>"'\t\n\r]/g, (c) => XML_ESCAPES[c]!);
}
