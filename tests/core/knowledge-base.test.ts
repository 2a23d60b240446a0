import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KnowledgeBase, loadConfig, type Config } from '../../core/index.js';

const SEEDS = fileURLToPath(new URL('../../corpus', import.meta.url));
let dir: string;
let config: Config;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'policy-kg-kb-'));
  mkdirCorpus(['004_0a2fd561acbbf28f.txt', '002_b342d979af3a06c1.txt']);
  config = loadConfig({ KG_DATA_DIR: join(dir, 'data'), KG_CORPUS_DIR: join(dir, 'corpus') });
});

afterEach(() => rmSync(dir, { recursive: true, force: true }));

function mkdirCorpus(files: string[]) {
  for (const f of files) cpSync(join(SEEDS, f), join(dir, 'corpus', f));
}

async function withKb<T>(fn: (kb: KnowledgeBase, warnings: string[]) => Promise<T>): Promise<T> {
  const { kb, warnings } = await KnowledgeBase.open(config);
  try {
    return await fn(kb, warnings);
  } finally {
    await kb.close();
  }
}

const NOTE = (n: number) => Buffer.from(`关于推进第${n}批鲁班工坊建设的通知\n各区县：\n到2026年，建设鲁班工坊${n}个左右，服务一带一路建设。\n`);

describe('KnowledgeBase', () => {
  it('ingests a folder on a worker thread and this one to the same records, graph and index as on one thread', async () => {
    mkdirCorpus(readdirSync(SEEDS));
    const ingest = async (parallelIngestMinBytes: number, name: string) => {
      const { kb } = await KnowledgeBase.open({ ...config, dataDir: join(dir, name), corpusDir: join(dir, `${name}-corpus`), parallelIngestMinBytes }, { ingestCorpusOnFirstStart: false });
      try {
        const summary = await kb.ingestPaths([join(dir, 'corpus')]);
        expect(summary.failed).toBe(0);
        const search = ['职业教育', '产教联合体 OR 鲁班工坊', '"成渝地区双城经济圈"'].map((q) => kb.search(q, { limit: 'all' }).hits.map((h) => [h.clauseId, h.score, h.highlights]));
        return { documents: kb.documents(), totals: kb.totals(), graph: await kb.graph.counts(), search, check: await kb.check() };
      } finally {
        await kb.close();
      }
    };
    const pooled = await ingest(0, 'pooled');
    const alone = await ingest(Number.POSITIVE_INFINITY, 'alone');
    expect(pooled.check).toEqual({ ok: true, problems: [] });
    expect(pooled.documents.length).toBeGreaterThan(10);
    expect(pooled).toEqual(alone);
  }, 60_000);

  it('keeps corpus, records, graph and index consistent across upload, re-upload and delete', async () => {
    await withKb(async (kb) => {
      expect(await kb.check()).toEqual({ ok: true, problems: [] });
      const added = await kb.addUpload('luban.txt', NOTE(12));
      expect(added.status).toBe('added');
      expect((await kb.addUpload('luban.txt', NOTE(12))).status).toBe('unchanged');
      expect(await kb.check()).toEqual({ ok: true, problems: [] });
      const id = kb.documents().find((d) => d.file === 'luban.txt')!.id;
      await kb.deleteDocument(id);
      expect(await kb.check()).toEqual({ ok: true, problems: [] });
      expect(existsSync(join(dir, 'corpus', 'luban.txt'))).toBe(false);
    });
  });

  it('gives one document for the same file uploaded twice at once, and lands two different uploads at once', async () => {
    await withKb(async (kb) => {
      const before = kb.totals().articles;
      const same = await Promise.all([kb.addUpload('a.txt', NOTE(1)), kb.addUpload('a.txt', NOTE(1))]);
      expect(same.map((r) => r.status).sort()).toEqual(['added', 'unchanged']);
      await Promise.all([kb.addUpload('b.txt', NOTE(2)), kb.addUpload('c.txt', NOTE(3))]);
      expect(kb.totals().articles).toBe(before + 3);
      expect((await kb.check()).ok).toBe(true);
    });
  });

  it('refuses a bad upload without touching the corpus or the stores', async () => {
    await withKb(async (kb) => {
      const before = kb.totals();
      const report = await kb.addUpload('bad.txt', Buffer.from([0, 1, 2, 3, 0, 0]));
      expect(report.status).toBe('failed');
      expect(report.error?.message).toContain('bad.txt');
      expect(kb.totals()).toEqual(before);
      expect(existsSync(join(dir, 'corpus', 'bad.txt'))).toBe(false);
    });
  });

  it('keeps corpus/ consistent when two folders of one batch hold files of the same name', async () => {
    for (const [folder, n] of [['a', 31], ['b', 32]] as const) {
      mkdirSync(join(dir, folder), { recursive: true });
      writeFileSync(join(dir, folder, 'notice.txt'), NOTE(n));
    }
    await withKb(async (kb) => {
      const summary = await kb.ingestPaths([join(dir, 'a'), join(dir, 'b')]);
      expect(summary.failed).toBe(0);
      expect(readFileSync(join(dir, 'corpus', 'notice.txt')).equals(NOTE(32))).toBe(true);
      expect(await kb.check()).toEqual({ ok: true, problems: [] });
    });
  });

  it('a start after a crash has an acknowledged upload in the graph', async () => {
    await withKb(async () => undefined);
    // the process dies after the upload is acknowledged: no close
    const { kb } = await KnowledgeBase.open(config);
    expect((await kb.addUpload('luban.txt', NOTE(7))).status).toBe('added');
    const id = kb.documents().find((d) => d.file === 'luban.txt')!.id;
    const counts = await kb.graph.counts();
    await withKb(async (again) => {
      expect(await again.graph.documentIds()).toContain(id);
      expect(await again.graph.counts()).toEqual(counts);
      expect(await again.check()).toEqual({ ok: true, problems: [] });
    });
    await kb.close();
  });

  it('a start rebuilds the same embedded graph from the records and drops the snapshot files earlier versions kept', async () => {
    const answers = async (kb: KnowledgeBase) => {
      const hub = (await kb.graph.entityGraph()).nodes[0]!.id;
      return { counts: await kb.graph.counts(), documents: await kb.graph.documentIds(), entity: await kb.graph.entity(hub, 100), neighbours: await kb.graph.neighbours({ id: hub, depth: 2 }) };
    };
    const before = await withKb(answers);
    expect(before.counts.documents).toBeGreaterThan(1);
    writeFileSync(join(dir, 'data', 'graph.json'), '{"format": "policy-kg/graph", "version": 1, "nodes": [], "edges": []}');
    writeFileSync(join(dir, 'data', '.graph.json.1234.7.tmp'), 'half a snapsh');
    expect(await withKb(answers)).toEqual(before);
    expect(readdirSync(join(dir, 'data')).filter((f) => f.includes('graph.json'))).toEqual([]);
  });

  it('re-ingests the corpus when the records file is damaged, with a warning', async () => {
    const totals = await withKb(async (kb) => kb.totals());
    writeFileSync(join(dir, 'data', 'records.json'), '{"version": 1, "records": [{');
    await withKb(async (kb, warnings) => {
      expect(warnings.join('\n')).toMatch(/records\.json is damaged/);
      expect(kb.totals()).toEqual(totals);
      expect((await kb.check()).ok).toBe(true);
    });
  });

  it('copies files ingested from outside into the corpus folder and reports what it could not read', async () => {
    const outside = join(dir, 'inbox');
    cpSync(join(SEEDS, '003_788e5c6d3e89e6d2.txt'), join(outside, 'page.txt'));
    writeFileSync(join(outside, 'empty.txt'), '');
    await withKb(async (kb) => {
      const summary = await kb.ingestPaths([outside]);
      expect(summary.files.map((f) => [f.file, f.status])).toEqual([
        ['empty.txt', 'failed'],
        ['page.txt', 'added'],
      ]);
      expect(existsSync(join(dir, 'corpus', 'page.txt'))).toBe(true);
      expect(existsSync(join(dir, 'corpus', 'empty.txt'))).toBe(false);
      expect(await kb.check()).toEqual({ ok: true, problems: [] });
    });
  });

  it('reports a file it could not copy into the corpus folder and keeps none of its articles', async () => {
    const outside = join(dir, 'inbox');
    mkdirSync(outside);
    writeFileSync(join(outside, 'a.txt'), NOTE(1));
    writeFileSync(join(outside, 'b.txt'), NOTE(2));
    mkdirSync(join(dir, 'corpus', 'a.txt', 'taken'), { recursive: true }); // a folder holds the name: the copy fails
    await withKb(async (kb) => {
      const summary = await kb.ingestPaths([outside]);
      expect(summary.files.map((f) => [f.file, f.status, f.error?.code ?? null])).toEqual([
        ['a.txt', 'failed', 'corpus_write_failed'],
        ['b.txt', 'added', null],
      ]);
      expect(kb.documents().map((d) => d.file)).not.toContain('a.txt');
    });
    rmSync(join(dir, 'corpus', 'a.txt'), { recursive: true });
    await withKb(async (kb) => {
      expect(kb.documents().map((d) => d.file)).toContain('b.txt');
      expect(kb.documents().map((d) => d.file)).not.toContain('a.txt');
      expect(await kb.check()).toEqual({ ok: true, problems: [] });
    });
  });

  it('finds a corpus file changed behind its back', async () => {
    await withKb(async (kb) => {
      writeFileSync(join(dir, 'corpus', '004_0a2fd561acbbf28f.txt'), '改过的内容。');
      const { ok, problems } = await kb.check();
      expect(ok).toBe(false);
      expect(problems).toEqual(['source file 004_0a2fd561acbbf28f.txt changed since it was ingested']);
    });
  });
});

describe('KnowledgeBase recovery', () => {
  it('ingests at start a corpus file that no record comes from (an upload stored just before a crash)', async () => {
    await withKb(async () => undefined);
    writeFileSync(join(dir, 'corpus', 'late.txt'), NOTE(7));
    await withKb(async (kb, warnings) => {
      expect(warnings).toEqual(['ingested corpus file late.txt, which was not in the records']);
      expect(kb.search('鲁班工坊7个').total).toBe(1);
      expect(await kb.check()).toEqual({ ok: true, problems: [] });
    });
  });
});

describe('KnowledgeBase duplicates', () => {
  it('keeps one copy of the same bytes uploaded under two names and says so', async () => {
    await withKb(async (kb) => {
      expect((await kb.addUpload('one.txt', NOTE(5))).status).toBe('added');
      const twin = await kb.addUpload('two.txt', NOTE(5));
      expect(twin.status).toBe('unchanged');
      expect(twin.warnings[0].message).toBe('文件 two.txt 与已导入的 one.txt 内容相同，未重复导入。');
      expect(existsSync(join(dir, 'corpus', 'two.txt'))).toBe(false);
      expect(kb.documents().filter((d) => d.file === 'one.txt')).toHaveLength(1);
      expect(await kb.check()).toEqual({ ok: true, problems: [] });
    });
  });
});

describe('KnowledgeBase search index persistence', () => {
  it('loads the saved index at start, and rebuilds a damaged one from the records with a warning', async () => {
    const hits = await withKb(async (kb) => kb.search('跨区域', { limit: 'all' }).hits.map((h) => h.clauseId));
    const saved = readdirSync(join(dir, 'data')).filter((f) => !f.startsWith('records') && !f.startsWith('graph'));
    expect(saved.length).toBeGreaterThan(0);
    await withKb(async (kb, warnings) => {
      expect(warnings).toEqual([]);
      expect(kb.search('跨区域', { limit: 'all' }).hits.map((h) => h.clauseId)).toEqual(hits);
    });
    for (const f of saved) writeFileSync(join(dir, 'data', f), 'garbage');
    await withKb(async (kb, warnings) => {
      expect(warnings.join('\n')).toMatch(/search index rebuilt/);
      expect(kb.search('跨区域', { limit: 'all' }).hits.map((h) => h.clauseId)).toEqual(hits);
      expect(await kb.check()).toEqual({ ok: true, problems: [] });
    });
  });
});
