/**
 * Pure helpers that turn offset ranges into runs of text. Offsets are UTF-16 code
 * unit indices (JavaScript string indices), end exclusive, as in CONTRACT.md.
 */

export type Range = readonly [number, number];

/**
 * Clamps ranges to `[0, length]`, drops empty ones, sorts them and merges ranges that
 * overlap or touch, so `[[0,2],[2,5]]` becomes `[[0,5]]` (a query term split into
 * two tokens still shows as one highlight).
 *
 * @example normalizeRanges([[4, 9], [0, 2], [1, 3]], 6) // [[0, 3], [4, 6]]
 */
export function normalizeRanges(ranges: readonly (readonly number[])[], length: number): [number, number][] {
  const clamped = ranges
    .filter((range) => range.length >= 2 && Number.isFinite(range[0]) && Number.isFinite(range[1]))
    .map(([start, end]) => [Math.max(0, Math.min(start!, length)), Math.max(0, Math.min(end!, length))] as [number, number])
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const range of clamped) {
    const last = merged[merged.length - 1];
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

export interface TextRun {
  text: string;
  marked: boolean;
}

/**
 * Splits `text` into alternating unmarked / marked runs.
 *
 * @example splitByRanges('产教联合体建设', [[0, 5]]) // [{text:'产教联合体',marked:true},{text:'建设',marked:false}]
 */
export function splitByRanges(text: string, ranges: readonly (readonly number[])[]): TextRun[] {
  const runs: TextRun[] = [];
  let cursor = 0;
  for (const [start, end] of normalizeRanges(ranges, text.length)) {
    if (start > cursor) runs.push({ text: text.slice(cursor, start), marked: false });
    runs.push({ text: text.slice(start, end), marked: true });
    cursor = end;
  }
  if (cursor < text.length || runs.length === 0) runs.push({ text: text.slice(cursor), marked: false });
  return runs.filter((run) => run.text.length > 0 || runs.length === 1);
}

export interface Tagged<T> {
  start: number;
  end: number;
  tag: T;
}

/**
 * Keeps a non-overlapping subset of tagged ranges: earlier first, and at the same start
 * the longer one (so "重庆市教委" wins over the "重庆" inside it).
 */
export function pickNonOverlapping<T>(ranges: readonly Tagged<T>[]): Tagged<T>[] {
  const sorted = ranges
    .filter((range) => range.end > range.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Tagged<T>[] = [];
  let lastEnd = -Infinity;
  for (const range of sorted) {
    if (range.start >= lastEnd) {
      kept.push(range);
      lastEnd = range.end;
    }
  }
  return kept;
}

export interface LayeredRun<T> {
  start: number;
  end: number;
  /** the outer range covering this run (e.g. an entity mention), if any */
  tag: T | null;
  /** whether an inner range (e.g. a query term) covers this run */
  marked: boolean;
}

/**
 * Cuts `[start, end)` into runs at every boundary of `outer` (non-overlapping, see
 * pickNonOverlapping) and `inner` (normalized) ranges, all in the same coordinates.
 */
export function layerRuns<T>(
  start: number,
  end: number,
  outer: readonly Tagged<T>[],
  inner: readonly Range[],
): LayeredRun<T>[] {
  const cuts = new Set<number>([start, end]);
  const relevantOuter = outer.filter((range) => range.end > start && range.start < end);
  const relevantInner = inner.filter(([s, e]) => e > start && s < end);
  for (const range of relevantOuter) cuts.add(Math.max(start, range.start)).add(Math.min(end, range.end));
  for (const [s, e] of relevantInner) cuts.add(Math.max(start, s)).add(Math.min(end, e));
  const points = [...cuts].sort((a, b) => a - b);
  const runs: LayeredRun<T>[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const runStart = points[i]!;
    const runEnd = points[i + 1]!;
    const cover = relevantOuter.find((range) => range.start <= runStart && range.end >= runEnd);
    const marked = relevantInner.some(([s, e]) => s <= runStart && e >= runEnd);
    runs.push({ start: runStart, end: runEnd, tag: cover ? cover.tag : null, marked });
  }
  return runs;
}
