import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeBase, loadConfig, type Config } from '../../core/index.js';
import { defaultSegmenter } from '../../lang/index.js';
import { createApp } from '../../server/index.js';

const TOKEN = 'test-admin-token';
let dir: string;
let config: Config;
let kb: KnowledgeBase;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'policy-kg-api-'));
  cpSync(fileURLToPath(new URL('../../corpus', import.meta.url)), join(dir, 'corpus'), { recursive: true });
  config = loadConfig({ KG_DATA_DIR: join(dir, 'data'), KG_CORPUS_DIR: join(dir, 'corpus'), KG_ADMIN_TOKEN: TOKEN });
  kb = (await KnowledgeBase.open(config)).kb;
  app = createApp(kb, { adminToken: TOKEN });
}, 60_000);

afterAll(async () => {
  await kb?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('GET /api/health', () => {
  it('reports the embedded backend and the corpus counts', async () => {
    const res = await request(app).get('/api/health').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', backend: 'embedded', documents: 15 });
    expect(res.body.clauses).toBeGreaterThan(1000);
  });
});

describe('GET /api/search', () => {
  it('returns ranked hits with highlight offsets, facets and timing', async () => {
    const res = await request(app).get('/api/search').query({ q: '产教联合体', limit: 5 }).expect(200);
    expect(res.body.total).toBeGreaterThan(5);
    expect(res.body.hits).toHaveLength(5);
    for (const h of res.body.hits) {
      const [s, e] = h.highlights[0];
      expect(h.text.slice(s, e)).toBe('产教联合体');
      expect(h.title).toBeTruthy();
    }
    expect(res.body.facets.kind).toBeTypeOf('object');
    expect(res.body.tookMs).toBeTypeOf('number');
  });

  it('gives each hit its article’s kind, 发文字号, issuers and date', async () => {
    const res = await request(app).get('/api/search').query({ q: '"深化现代职业教育体系改革" kind:notice', limit: 1 }).expect(200);
    expect(res.body.hits[0]).toMatchObject({ kind: 'notice', docNumber: '渝府发〔2023〕22号', issuers: expect.arrayContaining(['教育部']) });
  });

  it('returns every hit with limit=all', async () => {
    const page = await request(app).get('/api/search').query({ q: '重庆', limit: 1 }).expect(200);
    const all = await request(app).get('/api/search').query({ q: '重庆', limit: 'all' }).expect(200);
    expect(all.body.hits).toHaveLength(page.body.total);
  });

  it('answers 400 with a Chinese message for a missing or malformed query', async () => {
    const missing = await request(app).get('/api/search').expect(400);
    expect(missing.body.error.code).toBe('bad_request');
    const quote = await request(app).get('/api/search').query({ q: '"产教' }).expect(400);
    expect(quote.body.error).toEqual({ code: 'bad_query', message: '查询中的引号不成对，请补全引号，或去掉引号。' });
  });
});

describe('documents', () => {
  it('lists the articles and returns one with its structure', async () => {
    const list = await request(app).get('/api/documents').expect(200);
    expect(list.body.documents).toHaveLength(15);
    const notice = list.body.documents.find((d: { docNumber: string | null }) => d.docNumber === '渝府发〔2023〕22号');
    const doc = await request(app).get(`/api/documents/${notice.id}`).expect(200);
    expect(doc.body.title).toContain('深化现代职业教育体系改革');
    expect(doc.body.clauses.length).toBe(notice.clauseCount);
  });

  it('answers 404 doc_not_found for an unknown id', async () => {
    const res = await request(app).get('/api/documents/nope').expect(404);
    expect(res.body.error.code).toBe('doc_not_found');
  });
});

describe('POST /api/auth', () => {
  it('accepts the admin token and refuses another or none, changing nothing', async () => {
    expect((await request(app).post('/api/auth').set('Authorization', `Bearer ${TOKEN}`).expect(200)).body).toEqual({ admin: true });
    expect((await request(app).post('/api/auth').set('Authorization', 'Bearer wrong').expect(401)).body.error.code).toBe('unauthorized');
    await request(app).post('/api/auth').expect(401);
    expect((await request(app).get('/api/health').expect(200)).body.documents).toBe(15);
  });
});

describe('GET /api/documents/:id/citations', () => {
  const PLAN = '深化现代职业教育体系改革服务成渝地区双城经济圈建设实施方案';
  const upload = async (name: string, text: string) => {
    const res = await request(app).post('/api/documents').set('Authorization', `Bearer ${TOKEN}`).attach('files', Buffer.from(text), name).expect(201);
    return (await request(app).get('/api/documents').expect(200)).body.documents.find((d: { file: string }) => d.file === res.body.files[0].file).id as string;
  };

  it('links a citation to the corpus article by title or by 发文字号, both ways, until the article is deleted', async () => {
    const plan = (await request(app).get('/api/documents').expect(200)).body.documents.find((d: { docNumber: string | null }) => d.docNumber === '渝府发〔2023〕22号').id;
    const byTitle = await upload('cites-by-title.txt', ['关于落实职业教育改革任务的通知', '各区县教委：', `根据《${PLAN}》，现就落实任务通知如下。`].join('\n'));
    const byNumber = await upload('cites-by-number.txt', ['关于开展产教融合试点的通知', '各区县教委：', '按照《重庆市职业教育改革实施方案》（渝府发〔2023〕22号）要求，开展试点。'].join('\n'));

    const cites = (await request(app).get(`/api/documents/${byTitle}/citations`).expect(200)).body.cites;
    expect(cites).toEqual([{ entity: { id: `policy_document:${PLAN}`, name: PLAN, type: 'policy_document' }, articles: [expect.objectContaining({ id: plan, docNumber: '渝府发〔2023〕22号' })], self: false }]);
    const viaNumber = (await request(app).get(`/api/documents/${byNumber}/citations`).expect(200)).body.cites;
    expect(viaNumber.map((c: { articles: { id: string }[] }) => c.articles.map((a) => a.id))).toEqual([[plan]]);

    const planLinks = (await request(app).get(`/api/documents/${plan}/citations`).expect(200)).body;
    expect(planLinks.citedBy.map((c: { article: { id: string } }) => c.article.id).sort()).toEqual([byTitle, byNumber].sort());
    // the notice names the plan it publishes in its own text: that is itself, not a link
    expect(planLinks.cites.find((c: { entity: { name: string } }) => c.entity.name === PLAN)).toMatchObject({ articles: [], self: true });

    for (const id of [byTitle, byNumber]) await request(app).delete(`/api/documents/${id}`).set('Authorization', `Bearer ${TOKEN}`).expect(204);
    expect((await request(app).get(`/api/documents/${plan}/citations`).expect(200)).body.citedBy).toEqual([]);
  });

  it('answers 404 doc_not_found for an unknown article', async () => {
    expect((await request(app).get('/api/documents/nope/citations').expect(404)).body.error.code).toBe('doc_not_found');
  });
});

describe('entities and graph', () => {
  it('returns an entity with evidence clauses that contain the mention', async () => {
    const res = await request(app).get(`/api/entities/${encodeURIComponent('program:产教联合体')}`).expect(200);
    expect(res.body.entity).toMatchObject({ id: 'program:产教联合体', type: 'program' });
    expect(res.body.evidence.length).toBeGreaterThan(0);
    for (const ev of res.body.evidence) {
      const [s, e] = ev.highlights[0];
      expect(ev.text.slice(s, e)).toContain('产教联合体');
    }
  });

  it('finds entities by name', async () => {
    const res = await request(app).get('/api/entities').query({ q: '重庆', type: 'region' }).expect(200);
    expect(res.body.entities.map((e: { id: string }) => e.id)).toContain('region:重庆');
  });

  it('returns the neighbourhood of an entity, the entity included', async () => {
    const res = await request(app).get('/api/graph/neighborhood').query({ entity: 'program:产教联合体', depth: 1 }).expect(200);
    const ids = res.body.nodes.map((n: { id: string }) => n.id);
    expect(ids).toContain('program:产教联合体');
    expect(res.body.nodes.length).toBeGreaterThan(2);
    expect(res.body.edges.length).toBeGreaterThan(0);
  });

  it('answers 404 for an unknown entity and 400 for a bad depth', async () => {
    await request(app).get('/api/graph/neighborhood').query({ entity: 'program:不存在' }).expect(404);
    const res = await request(app).get('/api/graph/neighborhood').query({ entity: 'program:产教联合体', depth: 9 }).expect(400);
    expect(res.body.error.message).toMatch(/depth/);
  });

  it('finds a path between two entities', async () => {
    const res = await request(app).get('/api/graph/path').query({ from: 'region:重庆', to: 'program:产教联合体' }).expect(200);
    expect(res.body.nodes[0].id).toBe('region:重庆');
    expect(res.body.nodes.at(-1).id).toBe('program:产教联合体');
  });
});

describe('GET /api/openapi.json', () => {
  it('describes every route the server has', async () => {
    const res = await request(app).get('/api/openapi.json').expect(200);
    expect(Object.keys(res.body.paths).sort()).toEqual(
      [
        '/api/auth',
        '/api/dictionary',
        '/api/documents',
        '/api/documents/{id}',
        '/api/documents/{id}/citations',
        '/api/entities',
        '/api/entities/{id}',
        '/api/entities/{id}/cooccurring',
        '/api/graph/communities',
        '/api/graph/cooperation',
        '/api/graph/export',
        '/api/graph/neighborhood',
        '/api/graph/path',
        '/api/health',
        '/api/openapi.json',
        '/api/search',
      ].sort(),
    );
  });
});

describe('writes', () => {
  const NOTE = Buffer.from('关于推进鲁班工坊建设的通知\n各区县：\n到2026年，建设鲁班工坊12个左右。\n');

  it('refuses an upload without the admin token and changes nothing', async () => {
    const res = await request(app).post('/api/documents').attach('files', NOTE, 'luban.txt').expect(401);
    expect(res.body.error.code).toBe('unauthorized');
    expect(existsSync(join(dir, 'corpus', 'luban.txt'))).toBe(false);
  });

  it('refuses a bad file with a message naming it, and keeps the corpus as it was', async () => {
    const before = (await request(app).get('/api/health')).body;
    const res = await request(app).post('/api/documents').set('Authorization', `Bearer ${TOKEN}`).attach('files', Buffer.alloc(0), 'empty.txt').expect(422);
    expect(res.body.files[0].error.message).toContain('empty.txt');
    expect((await request(app).get('/api/health')).body).toEqual(before);
    expect(existsSync(join(dir, 'corpus', 'empty.txt'))).toBe(false);
  });

  it('ingests an upload, makes it searchable, keeps the original, and deletes it again', async () => {
    const res = await request(app).post('/api/documents').set('Authorization', `Bearer ${TOKEN}`).attach('files', NOTE, 'luban.txt').expect(201);
    expect(res.body.files[0]).toMatchObject({ file: 'luban.txt', status: 'added', articles: 1 });
    expect(existsSync(join(dir, 'corpus', 'luban.txt'))).toBe(true);
    const hits = (await request(app).get('/api/search').query({ q: '鲁班工坊12个' }).expect(200)).body.hits;
    expect(hits).toHaveLength(1);
    const again = await request(app).post('/api/documents').set('Authorization', `Bearer ${TOKEN}`).attach('files', NOTE, 'luban.txt').expect(201);
    expect(again.body.files[0].status).toBe('unchanged');
    await request(app).delete(`/api/documents/${hits[0].docId}`).expect(401);
    await request(app).delete(`/api/documents/${hits[0].docId}`).set('Authorization', `Bearer ${TOKEN}`).expect(204);
    expect((await request(app).get('/api/search').query({ q: '鲁班工坊12个' })).body.total).toBe(0);
    expect(existsSync(join(dir, 'corpus', 'luban.txt'))).toBe(false);
  });
});

describe('restart', () => {
  it('loads the persisted state instead of re-ingesting', async () => {
    const before = kb.totals();
    const { kb: reopened, firstStart } = await KnowledgeBase.open(config);
    try {
      expect(firstStart).toBeNull();
      expect(reopened.totals()).toEqual(before);
      expect(reopened.search('产教联合体').total).toBe(kb.search('产教联合体').total);
    } finally {
      await reopened.close();
    }
  });
});

describe('rate limits', () => {
  it('answers 429 in Chinese once a client exceeds its writes per minute, and keeps serving reads', async () => {
    const limited = createApp(kb, { adminToken: TOKEN, rateLimits: { readsPerMinute: 0, writesPerMinute: 2 } });
    for (let i = 0; i < 2; i++) await request(limited).delete('/api/documents/nope').set('Authorization', `Bearer ${TOKEN}`).expect(404);
    const res = await request(limited).delete('/api/documents/nope').set('Authorization', `Bearer ${TOKEN}`).expect(429);
    expect(res.body.error).toEqual({ code: 'rate_limited', message: '请求过于频繁，请稍后再试。' });
    await request(limited).get('/api/health').expect(200);
  });
});

describe('request errors', () => {
  it('answers 405 with Allow for a method a route does not have', async () => {
    const res = await request(app).put('/api/search').expect(405);
    expect(res.headers.allow).toBe('GET');
    expect(res.body.error.code).toBe('method_not_allowed');
  });

  it('answers 400, not 500, to a multipart body without a boundary or with a broken part', async () => {
    const noBoundary = await request(app).post('/api/documents').set('Authorization', `Bearer ${TOKEN}`).set('Content-Type', 'multipart/form-data').expect(400);
    expect(noBoundary.body.error.code).toBe('bad_upload');
    await request(app)
      .post('/api/documents')
      .set('Authorization', `Bearer ${TOKEN}`)
      .set('Content-Type', 'multipart/form-data; boundary=xyz')
      .send('--xyz\r\n42--xyz--\r\n')
      .expect(400);
  });
});

describe('dictionary', () => {
  it('adds words for documents ingested afterwards, with the admin token only', async () => {
    const word = '渝新欧智造走廊';
    await request(app).post('/api/dictionary').send({ words: [{ word }] }).expect(401);
    const bad = await request(app).post('/api/dictionary').set('Authorization', `Bearer ${TOKEN}`).send({ words: [{ word: 'a b' }] }).expect(400);
    expect(bad.body.error.message).toContain('词语须为');
    await request(app).post('/api/dictionary').set('Authorization', `Bearer ${TOKEN}`).send({ words: [{ word: 'x\u0000\ud800' }] }).expect(400);
    const added = await request(app).post('/api/dictionary').set('Authorization', `Bearer ${TOKEN}`).send({ words: [{ word, tag: 'nz' }] }).expect(201);
    expect(added.body).toEqual({ added: 1, total: 1 });
    expect((await request(app).get('/api/dictionary').expect(200)).body.words).toEqual([{ word, frequency: 20000, tag: 'nz' }]);
    expect(existsSync(join(dir, 'corpus', 'user-dictionary.dict'))).toBe(true);
    expect(defaultSegmenter().cut(`建设${word}项目`)).toContain(word);
  });
});
