/**
 * Chinese line breaking: browsers may break a line between any two Han characters, which
 * also splits 〔2023〕|22号, 2025|年, 90|% and short 《…》 titles. `typesetRuns` finds the
 * pieces that must stay on one line; the views wrap them in `<span class="nw">`
 * (white-space: nowrap). Long titles are left alone: keeping them whole would overflow a
 * phone screen, and `line-break: strict` still keeps 《 and 》 next to their text.
 */

export interface TypesetRun {
  text: string;
  /** true: render on one line */
  keep: boolean;
}

/** Longest title (with its brackets) kept on one line, in characters. */
export const MAX_KEPT_TITLE = 16;
/** Longest number-like token kept on one line, in characters (longer ones are URLs, codes). */
export const MAX_KEPT_TOKEN = 24;

const DIGIT = '0-9０-９';
const UNIT = '年月日号个万亿元倍%％‰';
const KEEP = new RegExp(
  [
    // 文号: 渝府发〔2023〕22号, 国发[2019]4号
    `[\\u4e00-\\u9fff]{1,8}[〔［\\[(（][${DIGIT}]{4}[〕］\\])）][${DIGIT}]+号`,
    // a short book title: 《职业教育法》
    `《[^《》\\n]{1,${MAX_KEPT_TITLE - 2}}》`,
    // numbers, dates, codes with an optional unit: 2023-12-27, 90%, 1+2+4+N, 2025年, 3.5万
    `[${DIGIT}A-Za-z][${DIGIT}A-Za-z.,．:：+＋\\-~～/]*[${DIGIT}A-Za-z%％‰]?[${UNIT}]?`,
  ].join('|'),
  'gu',
);
const HAS_DIGIT = new RegExp(`[${DIGIT}]`);

/**
 * Splits `text` into runs; the runs rejoin to `text`.
 *
 * @example typesetRuns('到2025年达到90%以上') // [{text:'到',keep:false},{text:'2025年',keep:true},{text:'达到',keep:false},{text:'90%',keep:true},{text:'以上',keep:false}]
 */
export function typesetRuns(text: string): TypesetRun[] {
  const runs: TypesetRun[] = [];
  let cursor = 0;
  for (const match of text.matchAll(KEEP)) {
    const piece = match[0];
    const at = match.index;
    const isTitle = piece.startsWith('《');
    const worth = isTitle || (HAS_DIGIT.test(piece) && piece.length > 1 && piece.length <= MAX_KEPT_TOKEN);
    if (!worth) continue;
    if (at > cursor) runs.push({ text: text.slice(cursor, at), keep: false });
    runs.push({ text: piece, keep: true });
    cursor = at + piece.length;
  }
  if (cursor < text.length) runs.push({ text: text.slice(cursor), keep: false });
  return runs;
}
