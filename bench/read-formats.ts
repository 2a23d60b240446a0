/**
 * Cost of reading docx and pdf: builds a ~1 MB file of each (Chinese policy text from
 * corpus/, laid out as the fixture builders do), then times the read step alone and the
 * whole ingest of it. Run: npx tsx bench/read-formats.ts
 */
import { readFileSync } from 'node:fs';
import { ingestFile } from '../ingest/index.js';
import { readSource } from '../ingest/internal/read.js';
import { buildDocx, buildPdf, linesPage, wml } from '../tests/fixtures/documents.js';

const TARGET_BYTES = 1024 * 1024;
const LINE_CHARS = 30; // characters per PDF line, as in the seeds
const LINES_PER_PAGE = 38;

const source = readFileSync(new URL('../corpus/001_8cde61b29fa3398a.txt', import.meta.url), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l.length > 0);

function paragraphs(n: number): string[] {
  return Array.from({ length: n }, (_, i) => source[i % source.length]);
}

function pdfOfSize(bytes: number): { pdf: Buffer; pages: number } {
  let pages = 10;
  for (;;) {
    const lines = paragraphs(pages * 20).flatMap((p) => p.match(new RegExp(`.{1,${LINE_CHARS}}`, 'gu')) ?? []);
    const built = Array.from({ length: pages }, (_, i) => linesPage(lines.slice(i * LINES_PER_PAGE, (i + 1) * LINES_PER_PAGE)));
    const pdf = buildPdf(built);
    if (pdf.length >= bytes) return { pdf, pages };
    pages = Math.ceil((pages * bytes) / pdf.length);
  }
}

function docxOfSize(bytes: number): { docx: Buffer; paragraphs: number } {
  let n = 500;
  for (;;) {
    const docx = buildDocx(paragraphs(n).map((p) => wml.p(p)).join(''));
    if (docx.length >= bytes) return { docx, paragraphs: n };
    n = Math.ceil((n * bytes * 1.02) / docx.length);
  }
}

async function time<T>(run: () => Promise<T>, repeat = 3): Promise<{ ms: number; result: T }> {
  let best = Infinity;
  let result!: T;
  for (let i = 0; i < repeat; i++) {
    const t = performance.now();
    result = await run();
    best = Math.min(best, performance.now() - t);
  }
  return { ms: Math.round(best), result };
}

const mb = (n: number) => (n / 1024 / 1024).toFixed(2);
const { pdf, pages } = pdfOfSize(TARGET_BYTES);
const { docx, paragraphs: paras } = docxOfSize(TARGET_BYTES);

const coldPdf = await time(() => readSource('warm.pdf', pdf), 1);
console.log(`pdf.js first use (module load + first read): ${coldPdf.ms} ms`);
for (const [name, bytes, what] of [
  ['bench.pdf', pdf, `${pages} pages`],
  ['bench.docx', docx, `${paras} paragraphs`],
] as const) {
  const read = await time(() => readSource(name, bytes));
  const all = await time(() => ingestFile(name, bytes), 1);
  console.log(
    `${name}: ${mb(bytes.length)} MB, ${what}, ${read.result.text.length} chars — read ${read.ms} ms, whole ingest ${all.ms} ms (${all.result.records.length} articles)`,
  );
}
console.log(`rss ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
