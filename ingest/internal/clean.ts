import type { QualityWarning } from '../record.js';

export interface CleanText {
  /** paragraphs, in order; each is one logical line of the cleaned text */
  paragraphs: string[];
  warnings: QualityWarning[];
}

const SENTENCE_END = /[。！？!?；;：:…」』"”）)】]$/;
const HEADING_START =
  /^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[.．、](?!\d)|\d{1,2}(?:\.\d{1,2}){1,2}(?:\s|(?=[\u4e00-\u9fff]))|[（(]\d{1,2}[）)]|[①-⑳]|第[一二三四五六七八九十百]+[章节条部分]|[【［\[■●◆])/;
const PAGE_NUMBER = /^(?:第\s*\d+\s*页(?:\s*[/／共]\s*\d+\s*页)?|[-—]\s*\d+\s*[-—]|\d{1,3})$/;
const BOILERPLATE = [
  /^免责声明/,
  /^\d+\s*阅读$/,
  /^阅读[:：]?\s*\d+$/,
  /填写信息[,，]?即有专人与您沟通/,
  /^(?:分享到|扫一扫|打印本页|关闭窗口|【?字体[:：]?)/,
  /^(?:标签|责任编辑|编辑|上一篇|下一篇|本课程名称)[:：]/,
  /^(?:Copyright\s*©|版权所有|This work is licensed under)/i,
  /^<?https?:\/\/creativecommons\.org/i,
  /^Open Access$/i,
];

/** Short lines that look like site chrome the rules above did not remove: reported, not dropped. */
const SUSPECTED_BOILERPLATE = /ICP备|公网安备|扫码|扫一扫|关注(?:我们|公众号)|阅读原文|联系电话|联系我们|版权声明|点击(?:进入|查看|下载)|返回顶部|浏览次数|访问量/;

/**
 * Raw extracted text → clean paragraphs: page furniture and site boilerplate dropped,
 * lines broken mid-sentence by PDF extraction re-flowed, stray spaces between Chinese
 * and digits removed ("2025 年" → "2025年").
 */
export function cleanText(raw: string): CleanText {
  const warnings: QualityWarning[] = [];
  const lines = raw
    .replace(/^\ufeff/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u00a0\u2002\u2003\u2009]/g, ' ')
    .replace(/[\u200b-\u200d\u2060]/g, '')
    .split('\n')
    .map((l) => l.replace(/\s+$/, ''));

  const runningHeads = findRunningHeads(lines);
  const kept = lines.filter((l) => {
    const t = l.trim();
    if (!t) return true;
    return !PAGE_NUMBER.test(t) && !runningHeads.has(t) && !BOILERPLATE.some((re) => re.test(t));
  });
  if (runningHeads.size) {
    warnings.push({ ruleId: 'running-head-removed', message: `已删除页眉：${[...runningHeads].join('；')}` });
  }

  const { body, notes } = takeFootnotes(kept);
  const width = typicalLineWidth(body);
  const paragraphs: string[] = [];
  let current = '';
  let wrap: Wrap = 'ends'; // how the current paragraph's last line goes on
  let lastLine = '';
  let pendingNotes: string[] = [];
  const close = () => {
    if (current) paragraphs.push(current);
    // a footnote found inside a paragraph follows that paragraph, as a note
    paragraphs.push(...pendingNotes);
    pendingNotes = [];
  };
  for (const [i, line] of body.entries()) {
    const t = line.trim();
    if (!t) {
      pendingNotes.push(...(notes.get(i) ?? []));
      continue;
    }
    // a one-line heading that filled the line may go on with a short tail ("耦合")
    const headingTail = isHeadingTail(t, width) && current === lastLine && HEADING_START.test(current);
    const joins = current && (wrap === 'wraps' ? continuesParagraph(t) || headingTail : wrap === 'heading-wraps' && isHeadingTail(t, width));
    if (joins) current = joinLines(current, t);
    else {
      close();
      current = t;
    }
    wrap = wrapsOn(t, width);
    lastLine = t;
    pendingNotes.push(...(notes.get(i) ?? []));
  }
  close();
  const clean = paragraphs.map(normalizeSpaces).filter((p) => p.length > 0);
  const suspect = clean.filter((p) => p.length <= 80 && SUSPECTED_BOILERPLATE.test(p));
  if (suspect.length) {
    warnings.push({ ruleId: 'boilerplate-suspected', message: `疑似网站模板文字未删除：${suspect.slice(0, 3).join('；')}` });
  }
  return { paragraphs: clean, warnings };
}

/** Lines that stand alone under a headline: a 发文字号 "（渝府发〔2023〕22 号）" or a date. */
const STANDALONE_LINE = /^(?:[（(]?[\u4e00-\u9fa5]{1,10}\s*[〔［\[【]\s*\d{4}\s*[〕］\]】]\s*\d{1,4}\s*号[）)]?|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)$/;

/**
 * Whether a line can continue the paragraph above: not a heading, a source line or a
 * table row, and not a short standalone label ("摘要", "Abstract") — the last fragment of
 * a broken paragraph ends with its closing punctuation.
 */
function continuesParagraph(line: string): boolean {
  if (HEADING_START.test(line) || isSourceLine(line) || line.includes('\t') || STANDALONE_LINE.test(line)) return false;
  return line.length >= 12 || SENTENCE_END.test(line);
}

/** Shortest line that, left without closing punctuation, reads as a paragraph broken by the layout. */
const MIN_BROKEN_LINE = 40; // characters

/**
 * Whether the paragraph goes on after this line: a line that runs to the typical width
 * was wrapped by the layout; so was one nearly as wide, or a long one, that stops
 * without closing punctuation (columns and page breaks cut paragraphs anywhere).
 */
function wrapsOn(line: string, width: number): Wrap {
  if (isSourceLine(line) || line.includes('\t')) return 'ends';
  const full = width > 0 && line.length >= width - 1;
  const open = !SENTENCE_END.test(line);
  const nearlyFull = width > 0 && line.length >= 0.85 * width;
  // A heading ends where it stands, unless it fills the line and stops open: then the rest
  // of it is on the next line ("…的价值" / "耦合"), which is shorter than a full line.
  if (full) return 'wraps';
  if (HEADING_START.test(line) || /^第[一二三四五六七八九十]+个?方面/.test(line)) return open && nearlyFull ? 'heading-wraps' : 'ends';
  return open && (nearlyFull || line.length >= MIN_BROKEN_LINE) ? 'wraps' : 'ends';
}

type Wrap = 'ends' | 'wraps' | 'heading-wraps';

/** The rest of a wrapped heading: a short fragment, not a heading or source line itself. */
function isHeadingTail(line: string, width: number): boolean {
  return line.length <= Math.min(12, Math.max(width / 2, 6)) && !HEADING_START.test(line) && !isSourceLine(line);
}

const FOOTNOTE_START = /^(\d{1,2}) +(?![\d个年月日万亿%％项家所名条])\S/;

/**
 * Footnotes that PDF extraction dropped into the running text ("1 重庆市委教育工委书记，
 * 市教育委员会主任." between two halves of a sentence). A line "N text" is a footnote when
 * the text carries the marker N glued to a word ("刘宴兵1") and the page goes on after
 * it (a following line starts with a space, or is the next footnote). The notes leave
 * the flow, so the sentence they split joins again, and come back as "[注N] …" after
 * their paragraph.
 */
function takeFootnotes(lines: string[]): { body: string[]; notes: Map<number, string[]> } {
  const all = lines.join('\n');
  const body: string[] = [];
  const notes = new Map<number, string[]>();
  for (let i = 0; i < lines.length; i++) {
    const m = lines[i].match(FOOTNOTE_START);
    const marked = m && new RegExp(`[\\u4e00-\\u9fa5》”]${m[1]}(?!\\d)`).test(all);
    if (!m || !marked) {
      body.push(lines[i]);
      continue;
    }
    let text = lines[i].replace(/^\d{1,2} +/, '').trim();
    // the note runs on until the page resumes (a line opening with a space) or the next note
    let j = i + 1;
    for (; j < lines.length && j <= i + 3; j++) {
      const next = lines[j];
      if (!next.trim()) continue;
      if (/^\s/.test(next) || FOOTNOTE_START.test(next)) break;
      text += next.trim();
    }
    if (j > i + 3) {
      body.push(lines[i]); // no page resumption in sight: ordinary text after all
      continue;
    }
    const at = Math.max(body.length - 1, 0);
    notes.set(at, [...(notes.get(at) ?? []), `[注${m[1]}] ${text}`]);
    i = j - 1;
  }
  return { body, notes };
}

export function isSourceLine(t: string): boolean {
  return /^[（(]\s*来源[:：]/.test(t);
}

/**
 * Short lines that repeat on several pages (running heads) are page furniture. A line
 * needs digits or a magazine mark to qualify, so a repeated real heading is kept.
 */
function findRunningHeads(lines: string[]): Set<string> {
  const counts = new Map<string, number>();
  for (const l of lines) {
    const t = l.trim();
    if (t.length >= 6 && t.length <= 50) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const heads = new Set<string>();
  for (const [t, n] of counts) {
    if (n >= 2 && /\d/.test(t) && /(?:NO\.|第\s*\d+\s*期|总第|期刊|动态|参考|日报|学报)/i.test(t) && !/[。，]/.test(t)) heads.add(t);
  }
  return heads;
}

/**
 * The width the layout wrapped lines at (PDF text layers wrap every ~30 characters):
 * the most common length among long lines, when enough lines share it. 0 means the
 * text has real paragraphs and must not be re-flowed.
 */
function typicalLineWidth(lines: string[]): number {
  const counts = new Map<number, number>();
  let total = 0;
  for (const l of lines) {
    const n = l.trim().length;
    if (n < 15) continue;
    total++;
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  if (total < 10) return 0;
  let best = 0;
  let bestCount = 0;
  for (const [n, c] of counts) {
    // a band of ±1 around n, because full-width punctuation shifts lines by one
    const band = c + (counts.get(n - 1) ?? 0) + (counts.get(n + 1) ?? 0);
    if (band > bestCount) {
      best = n;
      bestCount = band;
    }
  }
  return bestCount / total >= 0.25 && best <= 120 ? best : 0;
}

function joinLines(a: string, b: string): string {
  // Latin words wrapped across lines need their space back; Chinese never had one.
  return /[A-Za-z0-9,.;]$/.test(a) && /^[A-Za-z0-9]/.test(b) ? `${a} ${b}` : a + b;
}

const CJK = '\\u3400-\\u9fff\\uff00-\\uffef\\u3000-\\u303f〔〕';
// Only spaces next to digits go: a space between two Chinese words can separate issuers.
const SPACE_AFTER_CJK = new RegExp(`([${CJK}]) +(?=[0-9])`, 'g');
const SPACE_BEFORE_CJK = new RegExp(`([0-9%]) +(?=[${CJK}])`, 'g');

/** "2025 年" → "2025年", "22 号" → "22号", full-width digits and letters → ASCII. */
function normalizeSpaces(p: string): string {
  return p
    .replace(/[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(SPACE_AFTER_CJK, (_, c: string) => c)
    .replace(SPACE_BEFORE_CJK, (_, c: string) => c)
    .replace(/ {2,}/g, ' ') // tabs separate table cells and stay
    .trim();
}
