import { beforeAll, describe, expect, it } from 'vitest';
import { loadJudgments, scoreIndex, seedIndex, type JudgedQuery } from '../../bench/search-relevance.js';
import type { DocumentRecord } from '../../ingest/index.js';
import type { ClauseIndex } from '../../search/index.js';

// Scores when the judgments were made (bench/search-relevance.ts prints them); a ranking
// change that drops below these floors should be a deliberate one.
const NDCG_FLOOR = 0.8;
const MRR_FLOOR = 0.9;

let judgments: JudgedQuery[];
let index: ClauseIndex;
let records: DocumentRecord[];

beforeAll(async () => {
  judgments = loadJudgments();
  ({ index, records } = await seedIndex());
});

describe('judged query set (tests/relevance/judgments.json)', () => {
  it('holds at least 30 queries, each with a need and a clause graded 2 or 3', () => {
    expect(judgments.length).toBeGreaterThanOrEqual(30);
    for (const q of judgments) {
      expect(q.need, q.query).toBeTruthy();
      expect(q.judged.some((j) => j.grade >= 2), q.query).toBe(true);
      for (const j of q.judged) expect([0, 1, 2, 3]).toContain(j.grade);
    }
  });

  it('names clauses that exist in the seed corpus (re-judge when ingest splits clauses differently)', () => {
    const texts = records.flatMap((r) => r.clauses.map((c) => r.text.slice(c.start, c.end)));
    const missing = judgments.flatMap((q) => q.judged.filter((j) => !texts.some((t) => t.includes(j.excerpt))).map((j) => `${q.query}: ${j.excerpt}`));
    expect(missing).toEqual([]);
  });
});

describe('ranking quality on the judged queries', () => {
  it(`keeps mean nDCG@10 ≥ ${NDCG_FLOOR} and MRR ≥ ${MRR_FLOOR}`, () => {
    const { ndcg, mrr } = scoreIndex(index, judgments);
    expect(ndcg).toBeGreaterThanOrEqual(NDCG_FLOOR);
    expect(mrr).toBeGreaterThanOrEqual(MRR_FLOOR);
  });
});
