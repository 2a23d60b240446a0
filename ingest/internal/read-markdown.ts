/**
 * Markdown as PDF converters write it, → plain text: image stubs go, inline LaTeX that
 * only typesets numbers or words ("$2 0 2 0$", "$\mathrm{GDP}$", "$3 0 \%$") becomes the
 * plain text it shows; with `markup`, ATX heading marks and bold marks go too. Real
 * formulas are left as written.
 * @example cleanMarkdown('![](images/a.jpg)\n到 $2 0 2 5$ 年') // '\n到 2025 年'
 */
export function cleanMarkdown(text: string, options: { markup?: boolean } = {}): string {
  const out = text.replace(IMAGE_STUB, '').replace(INLINE_MATH, (whole, body: string) => latexToPlain(body) ?? whole);
  if (!options.markup) return out;
  return out.replace(/^ {0,3}#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/gm, '$1').replace(/\*\*([^*\n]+)\*\*/g, '$1');
}

/** `![alt](target)` and `![alt][ref]`, as converters leave them for every figure. */
const IMAGE_STUB = /!\[[^\]\n]*\](?:\([^)\n]*\)|\[[^\]\n]*\])/g;
/** `$…$` on one line, not `$$`, at most 200 characters. */
const INLINE_MATH = /(?<![$\\])\$(?!\$)([^$\n]{1,200})\$(?!\$)/g;

const SYMBOLS: Record<string, string> = {
  '%': '%',
  sim: '～',
  cdot: '·',
  times: '×',
  div: '÷',
  pm: '±',
  leq: '≤',
  le: '≤',
  geq: '≥',
  ge: '≥',
  approx: '≈',
  rightarrow: '→',
  to: '→',
  circ: '°',
  degree: '°',
  ldots: '…',
  cdots: '…',
  '&': '&',
  '#': '#',
  _: '_',
};
const TEXT_COMMANDS = /\\(?:mathrm|text|textrm|mathbf|textbf|boldsymbol|mathit|textit|operatorname|mathsf|mathtt|mbox)\s*\{([^{}]*)\}/g;
const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

/**
 * The plain text an inline formula shows, or null when it is a real formula (fractions,
 * roots, Greek, letters that are variables) or not LaTeX at all ("US$5 and $6").
 */
function latexToPlain(body: string): string | null {
  const hasLatex = /\\[a-zA-Z%&#_]|[\^_]\{|\d \d/.test(body);
  if (!hasLatex) return null;
  let s = body
    .replace(/\\textcircled\s*\{\s*(\d{1,2})\s*\}/g, (m, n: string) => CIRCLED[Number(n) - 1] ?? m)
    .replace(TEXT_COMMANDS, '$1')
    .replace(TEXT_COMMANDS, '$1') // nested once: \mathrm{\textbf{x}}
    .replace(/\\([a-zA-Z]+|[%&#_])/g, (m, name: string) => SYMBOLS[name] ?? m)
    .replace(/\\[,;:! ]/g, ' ')
    .replace(/[\^_]\{([^{}]*)\}/g, '$1')
    .replace(/[\^_](\w)/g, '$1')
    .replace(/~/g, ' ')
    .replace(/[{}]/g, '');
  if (/\\/.test(s)) return null; // commands left over: a real formula
  // Converters space every glyph: "2 0 2 0" → "2020", "3 . 5 \%" → "3.5%".
  for (let i = 0; i < 3; i++) s = s.replace(/(\d) +(?=[\d.,%])/g, '$1').replace(/([.,]) +(?=\d)/g, '$1');
  s = s.replace(/\s+/g, ' ').trim();
  // Letters left are variables (x, n) unless they are a word; a formula stays as written.
  if (/^[A-Za-z]$/.test(s)) return null;
  return s;
}
