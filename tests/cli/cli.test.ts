import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * The commands of CONTRACT.md as a user runs them: the built CLI (`npm test` builds first)
 * in a child process, on a copy of corpus/ and its own data folder.
 */
const CLI = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const run = promisify(execFile);
let dir: string;
let env: NodeJS.ProcessEnv;

async function policyKg(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env, maxBuffer: 64 * 1024 * 1024 });
    return { stdout, stderr, code: 0 };
  } catch (e) {
    const failed = e as { stdout: string; stderr: string; code: number };
    return { stdout: failed.stdout, stderr: failed.stderr, code: failed.code };
  }
}

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` (npm test does) first.`);
  dir = mkdtempSync(join(tmpdir(), 'policy-kg-cli-'));
  cpSync(fileURLToPath(new URL('../../corpus', import.meta.url)), join(dir, 'corpus'), { recursive: true });
  const { NEO4J_URI: _ignored, ...rest } = process.env;
  mkdirSync(join(dir, 'tmp'));
  env = { ...rest, KG_DATA_DIR: join(dir, 'data'), KG_CORPUS_DIR: join(dir, 'corpus'), TMPDIR: join(dir, 'tmp'), NO_COLOR: '1' };
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('policy-kg CLI', () => {
  it('ingest prints a summary line, and the same bytes again change nothing', async () => {
    const first = await policyKg('ingest');
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/ingested 5 files \(15 articles\) .*5 added, 0 unchanged, 0 failed/);
    const again = await policyKg('ingest');
    expect(again.stderr).toMatch(/0 added, 5 unchanged, 0 failed/);
  }, 60_000);

  it('export writes one JSON record per article with offsets into its text', async () => {
    const { stdout, code } = await policyKg('export');
    expect(code).toBe(0);
    const records = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(records).toHaveLength(15);
    for (const r of records) {
      for (const e of r.entities) for (const m of e.mentions) expect(m.end).toBeLessThanOrEqual(r.text.length);
    }
    expect(records.find((r) => r.docNumber === '渝府发〔2023〕22号')!.kind).toBe('notice');
  }, 60_000);

  it('search --json gives hits best first with highlights, --all every match, and a bad query exits 2 in Chinese', async () => {
    const top = JSON.parse((await policyKg('search', '产教联合体', '--limit', '3', '--json')).stdout);
    expect(top).toHaveLength(3);
    for (const h of top) expect(h.text.slice(h.highlights[0][0], h.highlights[0][1])).toBe('产教联合体');
    expect(top[0].score).toBeGreaterThanOrEqual(top[2].score);
    const all = JSON.parse((await policyKg('search', '产教联合体', '--all', '--json')).stdout);
    expect(all.length).toBeGreaterThan(3);
    const bad = await policyKg('search', '"产教', '--json');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('引号不成对');
  }, 60_000);

  it('eval scores a fresh ingest against tests/gold and lists errors on request', async () => {
    const { stdout, code } = await policyKg('eval', '--errors');
    expect(code).toBe(0);
    const all = stdout.split('\n').find((l) => l.startsWith('entity:ALL'))!.trim().split(/\s+/);
    expect(Number(all[3])).toBeGreaterThanOrEqual(0.85);
    expect(stdout).toMatch(/^industry (missed|spurious) \(\d+\): /m);
    expect(readdirSync(join(dir, 'tmp'))).toEqual([]); // the scratch ingest is gone
  }, 60_000);

  it('check passes on a consistent data folder', async () => {
    const { code, stdout, stderr } = await policyKg('check');
    expect({ code, out: stdout + stderr }).toMatchObject({ code: 0 });
  }, 60_000);
});
