import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KnowledgeBase, loadConfig, type Config } from '../../core/index.js';

// The search index as the product holds it: next to the records and the graph, through
// the knowledge base's own operations (no graph server needed: the embedded store).
let dir: string;
let config: Config;
let kb: KnowledgeBase;

const NOTICE = (n: string) => `关于推进鲁班工坊建设的通知（第${n}号）\n一、总体要求\n到2026年，建成鲁班工坊${n}个，服务“一带一路”沿线国家职业教育合作。\n`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'policy-kg-index-store-'));
  cpSync(fileURLToPath(new URL('../../corpus', import.meta.url)), join(dir, 'corpus'), { recursive: true });
  config = loadConfig({ KG_DATA_DIR: join(dir, 'data'), KG_CORPUS_DIR: join(dir, 'corpus') });
  kb = (await KnowledgeBase.open(config)).kb;
}, 60_000);

afterAll(async () => {
  await kb?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function expectInStep(): Promise<void> {
  const check = await kb.check();
  expect(check.problems).toEqual([]);
  const inGraph = (await kb.graph.documentIds()).sort();
  expect(kb.index.documentIds().sort()).toEqual(inGraph);
  expect(kb.documents().map((d) => d.id).sort()).toEqual(inGraph);
}

describe('search index, records and graph', () => {
  it('agree on the documents after the first ingest', async () => {
    await expectInStep();
    expect(kb.search('产教联合体').total).toBeGreaterThan(0);
  });

  it('agree after an add, a re-add of changed bytes and a delete, and search follows each step', async () => {
    const added = await kb.addUpload('luban.txt', Buffer.from(NOTICE('12')));
    expect(added.status).toBe('added');
    await expectInStep();
    expect(kb.search('"建成鲁班工坊12个"').total).toBe(1);

    const updated = await kb.addUpload('luban.txt', Buffer.from(NOTICE('15')));
    expect(updated.status).toBe('updated');
    await expectInStep();
    expect(kb.search('"建成鲁班工坊12个"').total).toBe(0);
    expect(kb.search('"建成鲁班工坊15个"').total).toBe(1);

    const id = kb.search('"建成鲁班工坊15个"').hits[0].docId;
    await kb.deleteDocument(id);
    await expectInStep();
    expect(kb.search('鲁班工坊15个').total).toBe(0);
  });

  it('agree again when the data folder is opened anew, with the same answers', async () => {
    const before = kb.search('职业教育 kind:notice', { limit: 'all' });
    await kb.close();
    kb = (await KnowledgeBase.open(config)).kb;
    await expectInStep();
    const after = kb.search('职业教育 kind:notice', { limit: 'all' });
    expect(after.hits.map((h) => h.clauseId).sort()).toEqual(before.hits.map((h) => h.clauseId).sort());
    expect(after.facets).toEqual(before.facets);
  });
});
