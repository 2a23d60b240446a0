/**
 * Ranking quality on the judged query set (tests/relevance/judgments.json): nDCG@10 with
 * graded gains (2^grade − 1) and MRR (first clause graded 2 or 3), per query and mean.
 *
 *   npx tsx bench/search-relevance.ts            # the scores
 *   npx tsx bench/search-relevance.ts --pool Q   # the clauses to judge for query Q
 *
 * Judged clauses are named by an excerpt of their text (unique in the seed corpus), so
 * judgments survive changes of clause ids. Clauses not judged count as grade 0.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DocumentRecord } from '../ingest/index.js';
import { defaultSegmenter } from '../lang/index.js';
import { ClauseIndex } from '../search/index.js';
import { loadSeedRecords } from './scale-corpus.js';

export const JUDGMENTS = new URL('../tests/relevance/judgments.json', import.meta.url);
const CUTOFF = 10;

export interface Judged {
  /** an excerpt of the clause text, unique in the seed corpus */
  excerpt: string;
  /** 3 answers the need, 2 relevant, 1 mentions it in passing, 0 not relevant */
  grade: number;
}

export interface JudgedQuery {
  query: string;
  /** what the researcher wants, in a few words */
  need: string;
  judged: Judged[];
}

export interface QueryScore {
  query: string;
  ndcg: number;
  rr: number;
  /** grades of the top 10 hits (null: not judged) */
  top: (number | null)[];
}

export function loadJudgments(url: URL = JUDGMENTS): JudgedQuery[] {
  return (JSON.parse(readFileSync(url, 'utf8')) as { queries: JudgedQuery[] }).queries;
}

/** Grade of a clause text under a query's judgments, null when not judged. */
export function gradeOf(q: JudgedQuery, text: string): number | null {
  const j = q.judged.find((x) => text.includes(x.excerpt));
  return j ? j.grade : null;
}

const gain = (grade: number) => 2 ** grade - 1;

/** nDCG@10 and reciprocal rank of one query's ranked clause texts. */
export function scoreRanking(q: JudgedQuery, texts: string[]): QueryScore {
  const top = texts.slice(0, CUTOFF).map((t) => gradeOf(q, t));
  let dcg = 0;
  top.forEach((g, i) => (dcg += gain(g ?? 0) / Math.log2(i + 2)));
  const ideal = q.judged
    .map((j) => j.grade)
    .sort((a, b) => b - a)
    .slice(0, CUTOFF)
    .reduce((sum, g, i) => sum + gain(g) / Math.log2(i + 2), 0);
  const first = top.findIndex((g) => (g ?? 0) >= 2);
  return { query: q.query, ndcg: ideal ? dcg / ideal : 0, rr: first >= 0 ? 1 / (first + 1) : 0, top };
}

/** Scores of every judged query on an index of the seed corpus. */
export function scoreIndex(index: ClauseIndex, queries: JudgedQuery[]): { perQuery: QueryScore[]; ndcg: number; mrr: number } {
  const perQuery = queries.map((q) =>
    scoreRanking(
      q,
      index.search(q.query, { limit: CUTOFF }).hits.map((h) => h.text),
    ),
  );
  const mean = (f: (s: QueryScore) => number) => perQuery.reduce((a, s) => a + f(s), 0) / perQuery.length;
  return { perQuery, ndcg: mean((s) => s.ndcg), mrr: mean((s) => s.rr) };
}

export async function seedIndex(): Promise<{ index: ClauseIndex; records: DocumentRecord[] }> {
  const records = await loadSeedRecords();
  const index = new ClauseIndex(defaultSegmenter());
  for (const r of records) index.add(r);
  return { index, records };
}

async function main(): Promise<void> {
  const { index } = await seedIndex();
  const pool = process.argv.indexOf('--pool');
  if (pool >= 0) {
    // The ranked top 15 and every other match, for judging (a query's pool).
    const q = process.argv[pool + 1];
    const judged = loadJudgments().find((x) => x.query === q);
    const result = index.search(q, { limit: 'all' });
    console.log(`${q}: ${result.total} matches`);
    result.hits.forEach((h, i) => {
      const grade = judged ? gradeOf(judged, h.text) : null;
      console.log(`${String(i + 1).padStart(3)} [${grade ?? '-'}] ${h.score.toFixed(2)} ${h.title?.slice(0, 12) ?? ''} | ${h.text}`);
    });
    return;
  }
  const { perQuery, ndcg, mrr } = scoreIndex(index, loadJudgments());
  for (const s of perQuery) console.log(`${s.ndcg.toFixed(3)}  ${s.rr.toFixed(2)}  ${s.query}   [${s.top.map((g) => g ?? '·').join(' ')}]`);
  console.log(`\n${perQuery.length} queries   nDCG@${CUTOFF} ${ndcg.toFixed(3)}   MRR ${mrr.toFixed(3)}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
