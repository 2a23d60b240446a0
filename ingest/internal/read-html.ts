import * as cheerio from 'cheerio';

/** The parts of a DOM node the walk needs (domhandler's nodes, as cheerio parses them). */
interface DomNode {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: DomNode[];
  parent?: DomNode | null;
}

export interface HtmlToTextOptions {
  /**
   * Line breaks in the markup's text are real line breaks: true for a plain-text file that
   * carries some markup or entities, false for an HTML page, whose source line breaks are
   * only formatting.
   */
  keepNewlines?: boolean;
}

const DROPPED = new Set([
  'script', 'style', 'noscript', 'nav', 'iframe', 'form', 'button', 'select', 'textarea', 'input',
  'template', 'svg', 'canvas', 'object', 'embed', 'audio', 'video', 'head', 'title', 'img',
]);
const BLOCKS = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'blockquote', 'pre', 'address',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'dl', 'dt', 'dd', 'figure', 'figcaption', 'center', 'body', 'html',
  'ul', 'ol', 'caption',
]);

/**
 * HTML → plain text with one line per block: the article body is kept (`<article>` when
 * there is one), scripts, styles, navigation and page headers/footers go; list items of
 * an `<ol>` get their number ("1. "); a table becomes one line per row with its cells
 * separated by tabs, merged cells leaving empty cells so that columns stay aligned.
 * @example htmlToText('<table><tr><td>成都</td><td>655.2</td></tr></table>') // '成都\t655.2'
 */
export function htmlToText(html: string, options: HtmlToTextOptions = {}): string {
  const $ = cheerio.load(html);
  const article = $('article').first();
  const root = (article.length ? article[0] : $('body').length ? $('body')[0] : $.root()[0]) as unknown as DomNode;
  const out = new LineWriter();
  render(root, out, { keepNewlines: options.keepNewlines ?? false, pre: false });
  return out
    .toString()
    .split('\n')
    .map((l) => l.replace(/^ +/, '').replace(/[ \t]+$/, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

interface WalkState {
  keepNewlines: boolean;
  pre: boolean;
}

/** Output in pieces: appending to one growing string and reading its end would flatten it every time. */
class LineWriter {
  private readonly parts: string[] = [];
  private atLineStart = true;
  write(s: string): void {
    if (!s) return;
    this.parts.push(s);
    this.atLineStart = s.endsWith('\n');
  }
  /** ends the current line unless the output is at the start of one */
  breakLine(): void {
    if (!this.atLineStart) this.write('\n');
  }
  toString(): string {
    return this.parts.join('');
  }
}

function render(node: DomNode, out: LineWriter, state: WalkState): void {
  if (node.type === 'text') {
    const s = (node.data ?? '').replace(/\u00a0/g, ' ');
    out.write(state.keepNewlines || state.pre ? s : s.replace(/\s+/g, ' '));
    return;
  }
  if (node.type !== 'tag' && node.type !== 'root') return; // comments, scripts, styles, directives
  const name = node.name ?? '';
  if (DROPPED.has(name) || isPageFurniture(node) || isFootnoteBackLink(node)) return;
  if (name === 'br') {
    out.write('\n');
    return;
  }
  if (name === 'table') {
    renderTable(node, out, state);
    return;
  }
  if (name === 'li') {
    out.breakLine();
    const number = listNumber(node);
    if (number !== null) out.write(`${number}. `);
    renderChildren(node, out, state);
    out.breakLine();
    return;
  }
  const block = BLOCKS.has(name);
  if (block) out.breakLine();
  renderChildren(node, out, name === 'pre' ? { ...state, pre: true } : state);
  if (block) out.breakLine();
}

function renderChildren(node: DomNode, out: LineWriter, state: WalkState): void {
  for (const child of node.children ?? []) render(child, out, state);
}

/** A page's header or footer (site banner, copyright); an article's own header is kept. */
function isPageFurniture(node: DomNode): boolean {
  if (node.name !== 'header' && node.name !== 'footer') return false;
  for (let p = node.parent; p; p = p.parent) if (p.name === 'article' || p.name === 'main') return false;
  return true;
}

/** mammoth's "↑" link from a footnote back to its reference. */
function isFootnoteBackLink(node: DomNode): boolean {
  return node.name === 'a' && /^#(?:footnote|endnote)-ref-/.test(node.attribs?.href ?? '');
}

/** The number a browser shows for an `<ol>` item, or null for other list items. */
function listNumber(li: DomNode): number | null {
  const list = li.parent;
  if (list?.name !== 'ol') return null;
  const start = Number.parseInt(list.attribs?.start ?? '1', 10);
  const items = (list.children ?? []).filter((c) => c.type === 'tag' && c.name === 'li');
  return (Number.isFinite(start) ? start : 1) + items.indexOf(li);
}

function tableRows(table: DomNode): DomNode[] {
  const rows: DomNode[] = [];
  for (const child of table.children ?? []) {
    if (child.name === 'tr') rows.push(child);
    else if (child.name === 'thead' || child.name === 'tbody' || child.name === 'tfoot') {
      for (const tr of child.children ?? []) if (tr.name === 'tr') rows.push(tr);
    }
  }
  return rows;
}

const cellsOf = (tr: DomNode) => (tr.children ?? []).filter((c) => c.name === 'td' || c.name === 'th');

function span(cell: DomNode, attribute: 'colspan' | 'rowspan', max: number): number {
  const n = Number.parseInt(cell.attribs?.[attribute] ?? '1', 10);
  return Number.isFinite(n) ? Math.min(Math.max(n, 1), max) : 1;
}

const MAX_COLSPAN = 100; // columns
const MAX_ROWSPAN = 10_000; // rows

function renderTable(table: DomNode, out: LineWriter, state: WalkState): void {
  const rows = tableRows(table);
  out.breakLine();
  for (const caption of (table.children ?? []).filter((c) => c.name === 'caption')) {
    renderChildren(caption, out, state);
    out.breakLine();
  }
  // A one-column table is layout (a frame around the whole notice), not data: its cells stay paragraphs.
  if (rows.every((tr) => cellsOf(tr).length <= 1 && cellsOf(tr).every((c) => span(c, 'colspan', MAX_COLSPAN) === 1))) {
    for (const tr of rows) {
      for (const cell of cellsOf(tr)) {
        out.breakLine();
        renderChildren(cell, out, state);
        out.breakLine();
      }
    }
    return;
  }
  // Columns still covered by a cell with rowspan from a row above: remaining rows per column.
  const covered: number[] = [];
  for (const tr of rows) {
    const line: string[] = [];
    let col = 0;
    const skipCovered = () => {
      while ((covered[col] ?? 0) > 0) {
        covered[col]--;
        line.push('');
        col++;
      }
    };
    for (const cell of cellsOf(tr)) {
      skipCovered();
      const colspan = span(cell, 'colspan', MAX_COLSPAN);
      const rowspan = span(cell, 'rowspan', MAX_ROWSPAN);
      line.push(cellText(cell), ...Array<string>(colspan - 1).fill(''));
      if (rowspan > 1) for (let k = 0; k < colspan; k++) covered[col + k] = rowspan - 1;
      col += colspan;
    }
    for (; col < covered.length; col++) {
      if ((covered[col] ?? 0) > 0) covered[col]--;
      line.push('');
    }
    const text = line.join('\t').replace(/\t+$/, '');
    if (text.trim()) {
      out.write(text);
      out.breakLine();
    }
  }
}

/** A cell's text on one line: its paragraphs joined by a space, no tabs. */
function cellText(cell: DomNode): string {
  const inner = new LineWriter();
  renderChildren(cell, inner, { keepNewlines: false, pre: false });
  return inner.toString().replace(/\s+/g, ' ').trim();
}
