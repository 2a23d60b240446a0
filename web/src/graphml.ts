/**
 * GraphML (http://graphml.graphdrawing.org/) of the subgraph on screen, for Gephi, yEd or
 * Cytoscape desktop. Built from plain records so that it can be tested without a browser.
 */

export interface GraphmlNode {
  id: string;
  label: string;
  type: string;
  community?: number | null;
  x?: number;
  y?: number;
}

export interface GraphmlEdge {
  id: string;
  source: string;
  target: string;
  type: string;
  weight: number;
  directed: boolean;
}

const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text for XML content and attributes; drops characters XML 1.0 cannot hold. */
export function escapeXml(value: string): string {
  return value
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

const KEYS = [
  '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
  '  <key id="type" for="node" attr.name="type" attr.type="string"/>',
  '  <key id="community" for="node" attr.name="community" attr.type="int"/>',
  '  <key id="x" for="node" attr.name="x" attr.type="double"/>',
  '  <key id="y" for="node" attr.name="y" attr.type="double"/>',
  '  <key id="relation" for="edge" attr.name="relation" attr.type="string"/>',
  '  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>',
];

/**
 * Serialises nodes and edges as a GraphML document (undirected by default; edges of
 * directed relations carry `directed="true"`).
 *
 * @example toGraphml([{ id: 'region:重庆', label: '重庆', type: 'region' }], [])
 */
export function toGraphml(nodes: readonly GraphmlNode[], edges: readonly GraphmlEdge[]): string {
  const data = (key: string, value: string | number) => `<data key="${key}">${escapeXml(String(value))}</data>`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
    '    xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    ...KEYS,
    '  <graph id="policy-kg" edgedefault="undirected">',
  ];
  for (const node of nodes) {
    const parts = [data('label', node.label), data('type', node.type)];
    if (node.community !== undefined && node.community !== null) parts.push(data('community', node.community));
    if (Number.isFinite(node.x) && Number.isFinite(node.y)) parts.push(data('x', +node.x!.toFixed(1)), data('y', +node.y!.toFixed(1)));
    lines.push(`    <node id="${escapeXml(node.id)}">${parts.join('')}</node>`);
  }
  for (const edge of edges) {
    lines.push(
      `    <edge id="${escapeXml(edge.id)}" source="${escapeXml(edge.source)}" target="${escapeXml(edge.target)}"` +
        `${edge.directed ? ' directed="true"' : ''}>${data('relation', edge.type)}${data('weight', edge.weight)}</edge>`,
    );
  }
  lines.push('  </graph>', '</graphml>', '');
  return lines.join('\n');
}
