/**
 * The analysts' graph endpoints through the real routes, on the bundled corpus (embedded store):
 * communities, cooperation matrix, co-occurrence ranking and export.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cheerio from 'cheerio';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeBase, loadConfig } from '../../core/index.js';
import { createApp } from '../../server/index.js';
import { readZip } from '../graph/read-zip.js';

let dir: string;
let kb: KnowledgeBase;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'policy-kg-graph-api-'));
  cpSync(fileURLToPath(new URL('../../corpus', import.meta.url)), join(dir, 'corpus'), { recursive: true });
  kb = (await KnowledgeBase.open(loadConfig({ KG_DATA_DIR: join(dir, 'data'), KG_CORPUS_DIR: join(dir, 'corpus') }))).kb;
  app = createApp(kb, { adminToken: null });
}, 60_000);

afterAll(async () => {
  await kb?.close();
  rmSync(dir, { recursive: true, force: true });
});

const CQ = 'region:重庆';

/** Collects a binary or XML body as a Buffer (supertest only parses JSON and text/*). */
function binary(res: NodeJS.ReadableStream & { setEncoding(e: string): void }, done: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

interface CommunityAnswer {
  nodes: { id: string; community: number }[];
  edges: unknown[];
  communities: { id: number; size: number; hub: string }[];
  modularity: number;
}

function expectPartition(body: CommunityAnswer): void {
  expect(body.communities.map((c) => c.id)).toEqual(body.communities.map((_c, i) => i));
  const sizes = body.communities.map((c) => c.size);
  expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  expect(sizes.reduce((a, b) => a + b, 0)).toBe(body.nodes.length);
  for (const c of body.communities) {
    expect(body.nodes.filter((n) => n.community === c.id)).toHaveLength(c.size);
    expect(body.nodes.find((n) => n.id === c.hub)?.community).toBe(c.id);
  }
}

describe('GET /api/graph/communities', () => {
  it('gives every node of a neighbourhood a community, the same subgraph as /graph/neighborhood', async () => {
    const res = await request(app).get('/api/graph/communities').query({ entity: CQ, depth: 2 }).expect(200);
    const neighbourhood = await request(app).get('/api/graph/neighborhood').query({ entity: CQ, depth: 2 }).expect(200);
    expect(res.body.nodes.map(({ community: _c, ...n }: { community: number }) => n)).toEqual(neighbourhood.body.nodes);
    expect(res.body.edges).toEqual(neighbourhood.body.edges);
    expect(res.body.communities.length).toBeGreaterThan(1);
    expect(res.body.modularity).toBeGreaterThan(0);
    expectPartition(res.body);
    const again = await request(app).get('/api/graph/communities').query({ entity: CQ, depth: 2 }).expect(200);
    expect(again.body).toEqual(res.body);
  });

  it('partitions the whole entity graph when no entity is given (or an empty one)', async () => {
    const res = await request(app).get('/api/graph/communities').expect(200);
    expect(res.body.nodes.length).toBe(kb.totals().entities + res.body.nodes.filter((n: { label: string }) => n.label === 'Document').length);
    expectPartition(res.body);
    const blank = await request(app).get('/api/graph/communities?entity=').expect(200);
    expect(blank.body).toEqual(res.body);
    const regions = await request(app).get('/api/graph/communities').query({ types: 'region' }).expect(200);
    expect(regions.body.nodes.every((n: { type: string }) => n.type === 'region')).toBe(true);
  });

  it('answers 404 for an unknown entity and 400 in Chinese for bad parameters', async () => {
    const missing = await request(app).get('/api/graph/communities').query({ entity: 'region:火星' }).expect(404);
    expect(missing.body.error).toEqual({ code: 'entity_not_found', message: '未找到实体 region:火星。' });
    const depth = await request(app).get('/api/graph/communities').query({ entity: CQ, depth: 4 }).expect(400);
    expect(depth.body.error).toEqual({ code: 'bad_request', message: '参数 depth：须为 1 到 3 之间的整数。' });
    const nan = await request(app).get('/api/graph/communities').query({ entity: CQ, limit: 'x' }).expect(400);
    expect(nan.body.error.message).toBe('参数 limit：须为 1 到 2000 之间的整数。');
    const type = await request(app).get('/api/graph/communities').query({ types: 'region,planet' }).expect(400);
    expect(type.body.error.message).toContain('可选值为 region、institution');
  });

  it('refuses a whole graph above 5000 nodes with graph_too_large, in Chinese', async () => {
    const emptyDir = mkdtempSync(join(tmpdir(), 'policy-kg-graph-api-big-'));
    mkdirSync(join(emptyDir, 'corpus'));
    const big = (await KnowledgeBase.open(loadConfig({ KG_DATA_DIR: join(emptyDir, 'data'), KG_CORPUS_DIR: join(emptyDir, 'corpus') }))).kb;
    try {
      await big.graph.upsertNodes(Array.from({ length: 5001 }, (_x, i) => ({ id: `region:地${i}`, label: 'Entity' as const, props: { type: 'region', name: `地${i}` } })));
      const res = await request(createApp(big, { adminToken: null })).get('/api/graph/communities').expect(400);
      expect(res.body.error).toEqual({
        code: 'graph_too_large',
        message: '全图至少有 5001 个节点，超过此接口的上限 5000 个；请用 entity 参数从一个实体的邻域开始。',
      });
    } finally {
      await big.close();
      rmSync(emptyDir, { recursive: true, force: true });
    }
  });
});

describe('GET /api/graph/cooperation', () => {
  interface Evidence {
    from: string;
    fromName: string;
    to: string;
    toName: string;
    docId: string;
    title: string | null;
    clauseId: string;
    text: string;
    highlights: [number, number][];
  }
  interface Pair {
    a: string;
    b: string;
    count: number;
    documents: number;
    direct: number;
    viaInstitutions: number;
    evidence: Evidence[];
  }

  it('returns region pairs with counts and evidence clauses whose highlight is the supporting span', async () => {
    const res = await request(app).get('/api/graph/cooperation').expect(200);
    const { regions, nodes, pairs, unplaced } = res.body as { regions: string[]; nodes: { id: string; name: string }[]; pairs: Pair[]; unplaced: number };
    expect(pairs.length).toBeGreaterThan(0);
    expect(unplaced).toBeGreaterThanOrEqual(0);
    const named = new Set(nodes.map((n) => n.id));
    const sichuanChongqing = pairs.find((p) => p.a === 'region:四川' && p.b === CQ);
    expect(sichuanChongqing!.count).toBeGreaterThanOrEqual(2);
    for (const pair of pairs) {
      expect(regions).toContain(pair.a);
      expect(regions).toContain(pair.b);
      expect(pair.direct + pair.viaInstitutions).toBe(pair.count);
      expect(pair.evidence.length).toBeLessThanOrEqual(5);
      for (const ev of pair.evidence) {
        expect(named.has(ev.from) && named.has(ev.to)).toBe(true);
        expect(ev.clauseId.startsWith(`${ev.docId}#`)).toBe(true);
        const [s, e] = ev.highlights[0]!;
        expect(e).toBeGreaterThan(s);
        expect(ev.text.length).toBeGreaterThanOrEqual(e);
        expect(ev.title === null || typeof ev.title === 'string').toBe(true);
      }
    }
    expect(pairs.map((p) => p.count)).toEqual(pairs.map((p) => p.count).sort((x, y) => y - x));
  });

  it('keeps the pairs of one region and limits the evidence', async () => {
    const res = await request(app).get('/api/graph/cooperation').query({ region: CQ, evidenceLimit: 1 }).expect(200);
    expect(res.body.pairs.length).toBeGreaterThan(0);
    for (const pair of res.body.pairs as Pair[]) {
      expect([pair.a, pair.b]).toContain(CQ);
      expect(pair.evidence.length).toBeLessThanOrEqual(1);
    }
    const none = await request(app).get('/api/graph/cooperation').query({ evidenceLimit: 0 }).expect(200);
    expect((none.body.pairs as Pair[]).every((p) => p.evidence.length === 0)).toBe(true);
  });

  it('answers 404 for an unknown region and 400 for a bad evidence limit', async () => {
    const res = await request(app).get('/api/graph/cooperation').query({ region: 'region:火星' }).expect(404);
    expect(res.body.error).toEqual({ code: 'entity_not_found', message: '未找到地区 region:火星。' });
    const bad = await request(app).get('/api/graph/cooperation').query({ evidenceLimit: 51 }).expect(400);
    expect(bad.body.error.message).toBe('参数 evidenceLimit：须为 0 到 50 之间的整数。');
  });
});

describe('GET /api/entities/:id/cooccurring', () => {
  it('ranks the entities that co-occur with an entity, strongest first', async () => {
    const res = await request(app).get(`/api/entities/${encodeURIComponent(CQ)}/cooccurring`).query({ limit: 5 }).expect(200);
    expect(res.body.entity).toEqual({ id: CQ, name: '重庆', type: 'region' });
    expect(res.body.items).toHaveLength(5);
    expect(res.body.total).toBeGreaterThan(5);
    const weights = res.body.items.map((i: { weight: number }) => i.weight);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    for (const item of res.body.items) {
      expect(item).toEqual({ id: expect.any(String), name: expect.any(String), type: expect.any(String), weight: expect.any(Number), documents: expect.any(Number) });
      expect(item.id).not.toBe(CQ);
    }
    const all = await request(app).get(`/api/entities/${encodeURIComponent(CQ)}/cooccurring`).query({ limit: 500 }).expect(200);
    expect(all.body.items.slice(0, 5)).toEqual(res.body.items);
  });

  it('answers 404 for an unknown entity and 400 for a bad limit', async () => {
    const res = await request(app).get(`/api/entities/${encodeURIComponent('region:火星')}/cooccurring`).expect(404);
    expect(res.body.error.code).toBe('entity_not_found');
    const bad = await request(app).get(`/api/entities/${encodeURIComponent(CQ)}/cooccurring`).query({ limit: 0 }).expect(400);
    expect(bad.body.error.message).toBe('参数 limit：须为 1 到 500 之间的整数。');
  });
});

describe('GET /api/graph/export', () => {
  it('downloads the whole entity graph as GraphML', async () => {
    const res = await request(app).get('/api/graph/export').query({ format: 'graphml' }).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/graphml+xml; charset=utf-8');
    expect(res.headers['content-disposition']).toBe('attachment; filename=policy-kg-graph.graphml');
    const $ = cheerio.load((res.body as Buffer).toString('utf8'), { xml: true });
    const whole = await request(app).get('/api/graph/communities').expect(200);
    expect($('node').map((_i, n) => $(n).attr('id')).get()).toEqual(whole.body.nodes.map((n: { id: string }) => n.id));
    expect($('edge')).toHaveLength(whole.body.edges.length);
  });

  it('downloads a neighbourhood as a zip of nodes.csv and edges.csv', async () => {
    const res = await request(app).get('/api/graph/export').query({ format: 'csv', entity: CQ, depth: 1 }).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toBe('attachment; filename=policy-kg-subgraph-csv.zip');
    const files = readZip(res.body as Buffer);
    const neighbourhood = await request(app).get('/api/graph/neighborhood').query({ entity: CQ, depth: 1 }).expect(200);
    const nodeLines = files.get('nodes.csv')!.trimEnd().split('\n');
    expect(nodeLines[0]).toBe('id:ID,:LABEL,name,type');
    expect(nodeLines).toHaveLength(neighbourhood.body.nodes.length + 1);
    expect(nodeLines).toContain(`"${CQ}","Entity;Region","重庆","region"`);
    expect(files.get('edges.csv')!.trimEnd().split('\n')).toHaveLength(neighbourhood.body.edges.length + 1);
  });

  it('answers 400 for an unknown format, 404 for an unknown entity and 405 for other methods', async () => {
    const format = await request(app).get('/api/graph/export').query({ format: 'gexf' }).expect(400);
    expect(format.body.error).toEqual({ code: 'bad_request', message: '参数 format：须为 graphml 或 csv。' });
    await request(app).get('/api/graph/export').query({ entity: 'region:火星' }).expect(404);
    const post = await request(app).post('/api/graph/export').expect(405);
    expect(post.headers.allow).toBe('GET');
    const cooccurring = await request(app).delete(`/api/entities/${encodeURIComponent(CQ)}/cooccurring`).expect(405);
    expect(cooccurring.headers.allow).toBe('GET');
  });
});
