import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cheerio from 'cheerio';
import { beforeAll, describe, expect, it } from 'vitest';
import { documentGraph, graphToGraphML, graphToNeo4jCsv, graphToNeo4jCsvZip, openGraphStore, type Subgraph } from '../../graph/index.js';
import { readZip } from './read-zip.js';
import { CQ, INJECTION_OTHER, SC, recordA, recordB, recordC, recordInjection } from './fixtures.js';

let graph: Subgraph;
beforeAll(async () => {
  const store = await openGraphStore({ backend: 'embedded' });
  for (const record of [recordA, recordB, recordC, recordInjection]) await store.writeDocument(documentGraph(record));
  graph = await store.entityGraph();
  await store.close();
});

/** Minimal CSV reader for the quoting graphToNeo4jCsv writes (RFC 4180). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  return rows;
}

describe('graphToGraphML', () => {
  it('writes every node with label, kind and type, and every edge with relation and weight', () => {
    const $ = cheerio.load(graphToGraphML(graph), { xml: true });
    expect($('graphml > graph').attr('edgedefault')).toBe('directed');
    expect($('key').map((_i, k) => `${$(k).attr('for')}:${$(k).attr('attr.name')}`).get()).toEqual([
      'node:label',
      'node:kind',
      'node:type',
      'edge:label',
      'edge:relation',
      'edge:weight',
      'edge:symmetric',
    ]);
    expect($('node').map((_i, n) => $(n).attr('id')).get()).toEqual(graph.nodes.map((n) => n.id));
    const cq = $('node').filter((_i, n) => $(n).attr('id') === CQ);
    expect(cq.find('data[key=label]').text()).toBe('重庆');
    expect(cq.find('data[key=type]').text()).toBe('region');
    const edges = $('edge').map((_i, e) => ({
      from: $(e).attr('source'),
      to: $(e).attr('target'),
      type: $(e).find('data[key=relation]').text(),
      weight: Number($(e).find('data[key=weight]').text()),
      symmetric: $(e).find('data[key=symmetric]').text(),
    })).get();
    expect(edges).toHaveLength(graph.edges.length);
    expect(edges).toContainEqual({ from: SC, to: CQ, type: 'CO_OCCURS', weight: 5, symmetric: 'true' });
  });

  it('keeps ids with quotes, braces and line breaks exactly, and replaces characters XML cannot hold', () => {
    const $ = cheerio.load(graphToGraphML(graph), { xml: true });
    expect($('node').map((_i, n) => $(n).attr('id')).get()).toContain(INJECTION_OTHER);
    const odd = graphToGraphML({ nodes: [{ id: 'a\u0001b', label: 'Entity', type: null, name: '<&>' }], edges: [] });
    expect(odd).toContain('<node id="a\ufffdb"><data key="label">&lt;&amp;&gt;</data><data key="kind">Entity</data></node>');
  });

  const python = spawnSync('python3', ['-c', 'import networkx'], { stdio: 'ignore' });
  it.skipIf(python.status !== 0)('is read by networkx with the same nodes, edges and attributes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-kg-graphml-'));
    try {
      const file = join(dir, 'graph.graphml');
      writeFileSync(file, graphToGraphML(graph));
      const script = `import json, sys, networkx as nx
g = nx.read_graphml(sys.argv[1])
print(json.dumps({"nodes": g.number_of_nodes(), "edges": g.number_of_edges(), "cq": g.nodes["${CQ}"],
  "co": [d for a, b, d in g.edges(data=True) if a == "${SC}" and b == "${CQ}" and d["relation"] == "CO_OCCURS"]}, ensure_ascii=False))`;
      const out = spawnSync('python3', ['-c', script, file], { encoding: 'utf8' });
      expect(out.stderr).toBe('');
      expect(JSON.parse(out.stdout)).toEqual({
        nodes: graph.nodes.length,
        edges: graph.edges.length,
        cq: { label: '重庆', kind: 'Entity', type: 'region' },
        co: [{ label: 'CO_OCCURS', relation: 'CO_OCCURS', weight: 5, symmetric: true }],
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('graphToNeo4jCsv', () => {
  it('writes neo4j-admin import headers, labels per entity type and every value quoted', () => {
    const { nodes, edges } = graphToNeo4jCsv(graph);
    const nodeRows = parseCsv(nodes);
    expect(nodeRows[0]).toEqual(['id:ID', ':LABEL', 'name', 'type']);
    expect(nodeRows.slice(1).map((r) => r[0])).toEqual(graph.nodes.map((n) => n.id));
    expect(nodeRows).toContainEqual([CQ, 'Entity;Region', '重庆', 'region']);
    expect(nodeRows).toContainEqual(['policy_document:关于推动现代职业教育高质量发展的意见', 'Entity;PolicyDocument', '关于推动现代职业教育高质量发展的意见', 'policy_document']);
    expect(nodeRows).toContainEqual([recordA.id, 'Document', recordA.title, 'notice']);
    expect(nodeRows).toContainEqual([INJECTION_OTHER, 'Entity;Institution', INJECTION_OTHER.slice('institution:'.length), 'institution']);
    const edgeRows = parseCsv(edges);
    expect(edgeRows[0]).toEqual([':START_ID', ':END_ID', ':TYPE', 'weight:long']);
    expect(edgeRows).toHaveLength(graph.edges.length + 1);
    expect(edgeRows).toContainEqual([SC, CQ, 'CO_OCCURS', '5']);
  });

  it('declares weight:double when a weight is fractional', () => {
    const { edges } = graphToNeo4jCsv({
      nodes: [],
      edges: [{ type: 'CO_OCCURS', from: 'a', to: 'b', weight: 1.5 }],
    });
    expect(edges).toBe(':START_ID,:END_ID,:TYPE,weight:double\n"a","b",CO_OCCURS,1.5\n');
  });

  it('zips nodes.csv and edges.csv into one archive', () => {
    const files = readZip(graphToNeo4jCsvZip(graph));
    expect([...files.keys()]).toEqual(['nodes.csv', 'edges.csv']);
    expect(files.get('nodes.csv')).toBe(graphToNeo4jCsv(graph).nodes);
    expect(files.get('edges.csv')).toBe(graphToNeo4jCsv(graph).edges);
  });
});

