import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeBase, loadConfig } from '../../core/index.js';
import { createApp } from '../../server/index.js';

const TOKEN = 'hostile-test-token';
const INJECTIONS = [
  "' OR 1=1 //",
  '"}) MATCH (n) DETACH DELETE n //',
  'x` DETACH DELETE n //',
  '$param',
  '../../../../etc/passwd',
  '<script>alert(1)</script>',
  '\u0000\u202e',
  '{{7*7}}',
];

let dir: string;
let kb: KnowledgeBase;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'policy-kg-hostile-'));
  cpSync(fileURLToPath(new URL('../../corpus', import.meta.url)), join(dir, 'corpus'), { recursive: true });
  kb = (await KnowledgeBase.open(loadConfig({ KG_DATA_DIR: join(dir, 'data'), KG_CORPUS_DIR: join(dir, 'corpus'), KG_ADMIN_TOKEN: TOKEN }))).kb;
  app = createApp(kb, { adminToken: TOKEN });
}, 60_000);

afterAll(async () => {
  await kb?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('hostile input', () => {
  it('answers injection strings in every query parameter and path with 2xx or 4xx, and changes nothing', async () => {
    const before = await kb.graph.counts();
    const totals = kb.totals();
    for (const s of INJECTIONS) {
      const e = encodeURIComponent(s);
      const requests = [
        request(app).get('/api/search').query({ q: s }),
        request(app).get('/api/search').query({ q: `region:${s} 重庆` }),
        request(app).get(`/api/documents/${e}`),
        request(app).get('/api/entities').query({ q: s, type: s }),
        request(app).get('/api/entities').query({ q: s }),
        request(app).get(`/api/entities/${e}`),
        request(app).get('/api/graph/neighborhood').query({ entity: s, depth: 2, types: s }),
        request(app).get('/api/graph/neighborhood').query({ entity: s }),
        request(app).get('/api/graph/path').query({ from: s, to: 'region:重庆' }),
        request(app).delete(`/api/documents/${e}`).set('Authorization', `Bearer ${TOKEN}`),
        // a header cannot carry control characters; the client refuses before sending
        ...(/[\u0000-\u001f\u007f-\uffff]/.test(s) ? [] : [request(app).delete('/api/documents/x').set('Authorization', `Bearer ${s}`)]),
      ];
      for (const res of await Promise.all(requests)) {
        expect(res.status, `${res.req.method} ${res.req.path} → ${res.status} ${JSON.stringify(res.body)}`).toBeLessThan(500);
      }
    }
    expect(await kb.graph.counts()).toEqual(before);
    expect(kb.totals()).toEqual(totals);
  });

  it('keeps an upload named with ../ or control characters inside the corpus folder', async () => {
    const note = Buffer.from('关于路径测试的通知\n到2026年，建设路径测试示范点3个。\n');
    for (const name of ['../../escape.txt', '..\\..\\escape2.txt', 'a\u0000b\u001f.txt']) {
      const res = await request(app).post('/api/documents').set('Authorization', `Bearer ${TOKEN}`).attach('files', note, name);
      expect(res.status).toBeLessThan(500);
    }
    expect(existsSync(join(dir, 'escape.txt'))).toBe(false);
    expect(existsSync(join(dir, '..', 'escape.txt'))).toBe(false);
    expect(readdirSync(join(dir, 'corpus'))).toEqual(expect.arrayContaining(['escape.txt']));
    expect(readdirSync(join(dir, 'corpus')).every((f) => !/[\u0000-\u001f]/.test(f))).toBe(true);
    expect(await kb.check()).toEqual({ ok: true, problems: [] });
  });

  it('survives deletes while searches run, and ends consistent', async () => {
    const notes = Array.from({ length: 6 }, (_, i) => Buffer.from(`关于并发删除测试${i}的通知\n并发删除测试条款第${i}条。\n`));
    for (const [i, n] of notes.entries()) {
      await request(app).post('/api/documents').set('Authorization', `Bearer ${TOKEN}`).attach('files', n, `concurrent-${i}.txt`).expect(201);
    }
    const ids = kb.documents().filter((d) => d.file.startsWith('concurrent-')).map((d) => d.id);
    const searches = Array.from({ length: 60 }, (_, i) => request(app).get('/api/search').query({ q: i % 2 ? '并发删除测试' : '重庆 职业教育', limit: 'all' }));
    const deletes = ids.map((id) => request(app).delete(`/api/documents/${id}`).set('Authorization', `Bearer ${TOKEN}`));
    const results = await Promise.all([...searches, ...deletes]);
    expect(results.every((r) => r.status < 500)).toBe(true);
    expect(kb.search('并发删除测试').total).toBe(0);
    expect(await kb.check()).toEqual({ ok: true, problems: [] });
  });
});
