import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { IngestError, MAX_FILE_BYTES, MAX_TEXT_CHARS, ingestFile } from '../../ingest/index.js';
import { readSource } from '../../ingest/internal/read.js';
import { buildDocx, buildPdf, buildZip, docxParts, linesPage, wml, type PdfPage } from '../fixtures/documents.js';

async function readError(file: string, bytes: Uint8Array): Promise<IngestError> {
  try {
    await ingestFile(file, bytes);
  } catch (e) {
    if (e instanceof IngestError) return e;
    throw e;
  }
  throw new Error(`expected ${file} to be refused`);
}

const utf8 = (s: string) => Buffer.from(s, 'utf8');
const ruleIds = (warnings: { ruleId: string }[]) => warnings.map((w) => w.ruleId);
const SENTENCE = '到2025年，建成10个市域产教联合体，职业院校毕业生就业率保持在90%以上。';

describe('readSource: docx', () => {
  const notice = buildDocx(
    [
      wml.p('关于推进市域产教联合体建设的通知', 'Title'),
      wml.p('一、总体要求', 'Heading1'),
      wml.p(SENTENCE),
      wml.table([
        ['项目', '2024年', '2025年'],
        ['产教联合体', '5', '10'],
        [{ text: '合计另行统计', span: 2 }, '15'],
      ]),
      wml.p('二、保障措施', 'Heading1'),
      wml.p('各区县要加强组织领导。'),
    ].join(''),
  );

  it('keeps paragraphs and headings as lines and tables as tab-separated rows', async () => {
    const source = await readSource('notice.docx', notice);
    expect(source.format).toBe('docx');
    expect(source.text).toBe(
      [
        '关于推进市域产教联合体建设的通知',
        '一、总体要求',
        SENTENCE,
        '项目\t2024年\t2025年',
        '产教联合体\t5\t10',
        '合计另行统计\t\t15',
        '二、保障措施',
        '各区县要加强组织领导。',
      ].join('\n'),
    );
    expect(source.warnings).toEqual([]);
  });

  it('gives an article with its title and clauses through ingestFile', async () => {
    const { records } = await ingestFile('notice.docx', notice);
    expect(records).toHaveLength(1);
    expect(records[0].title).toBe('关于推进市域产教联合体建设的通知');
    expect(records[0].text).toContain(SENTENCE);
  });

  it('reads a docx by its content whatever its name, and says so', async () => {
    const source = await readSource('notice.txt', notice);
    expect(source.format).toBe('docx');
    expect(source.warnings).toEqual([{ ruleId: 'extension-mismatch', message: '文件扩展名是 .txt，但内容是 Word（docx），已按 Word（docx） 读取。' }]);
  });
});

describe('readSource: pdf', () => {
  const twoPages: PdfPage[] = [
    linesPage(['关于推进市域产教联合体建设的通知', '渝府发〔2023〕22号', SENTENCE]),
    linesPage(['二、保障措施', '各区县要加强组织领导。']),
  ];

  it('reads the text layer line by line, pages separated by a form-feed line (Identity-H with ToUnicode)', async () => {
    const source = await readSource('notice.pdf', buildPdf(twoPages, { cjk: 'identity' }));
    expect(source.format).toBe('pdf');
    expect(source.text).toBe(`关于推进市域产教联合体建设的通知\n渝府发〔2023〕22号\n${SENTENCE}\n\f\n二、保障措施\n各区县要加强组织领导。`);
    expect(source.warnings).toEqual([]);
  });

  it('reads Chinese set in a predefined CMap (UniGB-UCS2-H, a non-embedded font) through the bundled CMaps', async () => {
    const source = await readSource('notice.pdf', buildPdf(twoPages, { cjk: 'ucs2' }));
    expect(source.text.split('\n')[0]).toBe('关于推进市域产教联合体建设的通知');
  });

  it('joins items on one baseline, with a space across a visible gap and a tab across a table gap', async () => {
    const page: PdfPage = {
      texts: [
        { text: '产教融合', x: 72, y: 700 },
        { text: '型企业', x: 120, y: 700 }, // right after the first item: one word
        { text: 'Hello', x: 72, y: 680 },
        { text: 'world', x: 105, y: 680 }, // a word space apart
        { text: '教育部', x: 72, y: 670 },
        { text: '重庆市人民政府', x: 120, y: 670 }, // a one-em gap between two issuers
        { text: '成都', x: 72, y: 660 },
        { text: '655.2', x: 200, y: 660 }, // a table column
        { text: '第二行的文字内容在这里继续', x: 72, y: 640 },
      ],
    };
    const source = await readSource('t.pdf', buildPdf([page]));
    expect(source.text).toBe('产教融合型企业\nHello world\n教育部 重庆市人民政府\n成都\t655.2\n第二行的文字内容在这里继续');
  });

  it('gives an article through ingestFile', async () => {
    const { records } = await ingestFile('notice.pdf', buildPdf(twoPages));
    expect(records[0].docNumber).toBe('渝府发〔2023〕22号');
    expect(records[0].text).toContain(SENTENCE);
  });

  it('reads a PDF named .txt as a PDF, and says so', async () => {
    const source = await readSource('notice.txt', buildPdf(twoPages));
    expect(source.format).toBe('pdf');
    expect(ruleIds(source.warnings)).toEqual(['extension-mismatch']);
  });

  it('reports pages without a text layer when the rest has text', async () => {
    const pages = [twoPages[0], { image: true }, twoPages[1], { image: true }];
    const source = await readSource('mixed.pdf', buildPdf(pages));
    expect(source.warnings).toEqual([
      { ruleId: 'pdf-low-text-coverage', message: 'PDF 共 4 页，第 2、4 页没有文字层（扫描页、图片或空白页），这些页的内容未导入。' },
    ]);
  });
});

describe('readSource: text, Markdown and HTML', () => {
  it('cleans Markdown converted from PDF: image stubs go, LaTeX numbers become plain text', async () => {
    const md = [
      '# 一、总体要求',
      '![](images/3f2a.jpg)',
      '到 $2 0 2 5$ 年，$\\mathrm{GDP}$ 增长 $6 . 5 \\%$，建成 $\\textcircled{1}$ 个基地。',
      '公式 $\\frac{a}{b}$ 保持原样，US$5 and $6 也不变。',
    ].join('\n');
    const source = await readSource('paper.md', utf8(md));
    expect(source.format).toBe('markdown');
    expect(source.text).toBe('一、总体要求\n\n到 2025 年，GDP 增长 6.5%，建成 ① 个基地。\n公式 $\\frac{a}{b}$ 保持原样，US$5 and $6 也不变。');
  });

  it('reads an HTML table as tab-separated rows, a merged cell leaving its column empty', async () => {
    const html =
      '<html><body><nav>首页</nav><table><tr><td rowspan="2">第一产业增加值</td><td>成都</td><td>655.2</td></tr><tr><td>重庆</td><td>1803.33</td></tr></table></body></html>';
    const source = await readSource('t.html', utf8(html));
    expect(source.text).toBe('第一产业增加值\t成都\t655.2\n\t重庆\t1803.33');
  });

  it('keeps the line breaks of a text file that carries entities, joins those of an HTML page', async () => {
    expect((await readSource('a.txt', utf8('第一行&nbsp;内容\n第二行'))).text).toBe('第一行 内容\n第二行');
    expect((await readSource('a.html', utf8('<p>第一行\n内容</p><p>第二行</p>'))).text).toBe('第一行 内容\n第二行');
  });
});

describe('readSource: encodings', () => {
  const text = '重庆市教育委员会关于印发《产教融合实施方案》的通知。第1条：2025年目标。';

  it('reads UTF-8 with and without a BOM', async () => {
    for (const bytes of [utf8(text), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8(text)])]) {
      const source = await readSource('a.txt', bytes);
      expect([source.text, source.encoding, source.warnings]).toEqual([text, 'utf-8', []]);
    }
  });

  it('reads UTF-16 LE and BE with a BOM', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    expect(await readSource('a.txt', le)).toMatchObject({ text, encoding: 'utf-16le', warnings: [] });
    expect(await readSource('a.txt', be)).toMatchObject({ text, encoding: 'utf-16be', warnings: [] });
  });

  it('recognises UTF-16 without a BOM, by its NULs or by its Chinese code units, and says so', async () => {
    const withAscii = Buffer.from('Notice No. 22: 产教融合 2025\n', 'utf16le');
    const le = await readSource('a.txt', withAscii);
    expect([le.text, le.encoding]).toEqual(['Notice No. 22: 产教融合 2025\n', 'utf-16le']);
    expect(le.warnings).toEqual([{ ruleId: 'encoding-utf16-no-bom', message: '文件没有字节顺序标记（BOM），按内容判断为 UTF-16LE 编码并已解码。' }]);
    const chineseOnly = Buffer.from('重庆市教育委员会关于产教融合的通知', 'utf16le').swap16();
    expect(await readSource('b.txt', chineseOnly)).toMatchObject({ text: '重庆市教育委员会关于产教融合的通知', encoding: 'utf-16be' });
  });

  it('detects GB18030 (GBK) and states it in a warning', async () => {
    const gbk = new Uint8Array([0xd6, 0xd8, 0xc7, 0xec, 0xca, 0xd0, 0xbd, 0xcc, 0xd3, 0xfd, 0xce, 0xaf, 0xd4, 0xb1, 0xbb, 0xe1, 0xa1, 0xa3]); // 重庆市教育委员会。
    const source = await readSource('gbk.txt', gbk);
    expect([source.text, source.encoding]).toEqual(['重庆市教育委员会。', 'gb18030']);
    expect(source.warnings).toEqual([
      { ruleId: 'encoding-gb18030', message: '文件不是 UTF-8，按内容判断为 GB18030（GBK/GB2312）编码并已转换；如有乱码，请另存为 UTF-8 后重新导入。' },
    ]);
  });

  it('detects Big5 (traditional Chinese) and states it', async () => {
    const big5 = new Uint8Array([0xad, 0xab, 0xbc, 0x79, 0xa5, 0xab, 0xb1, 0xd0, 0xa8, 0x7c, 0xa9, 0x65, 0xad, 0xfb, 0xb7, 0x7c]); // 重慶市教育委員會
    const source = await readSource('big5.txt', big5);
    expect([source.text, source.encoding, ruleIds(source.warnings)]).toEqual(['重慶市教育委員會', 'big5', ['encoding-big5']]);
  });

  it('keeps a UTF-8 file with a pasted GBK fragment, with a mixed-encoding warning', async () => {
    const bytes = Buffer.concat([utf8(text.repeat(3)), Buffer.from([0xd6, 0xd8, 0xc7, 0xec]), utf8(text)]);
    const source = await readSource('mixed.txt', bytes);
    expect(source.encoding).toBe('utf-8');
    expect(source.warnings).toEqual([
      { ruleId: 'mixed-encoding', message: '文件是 UTF-8，但有 4 处字节不是 UTF-8（可能混用了其他编码），已替换为 �；这些地方的文字需核对原文。' },
    ]);
  });

  it('warns about mojibake and replacement characters inside valid UTF-8', async () => {
    const source = await readSource('m.txt', utf8(`${text}å¹´åº¦��锟斤拷`));
    expect(source.warnings).toEqual([
      {
        ruleId: 'mixed-encoding',
        message: '文件中有1 处替换字符 �、3 处错误转码的文字（如“å¹´”“锟斤拷”），可能混用了多种编码；这些地方的文字已无法还原，需核对原文。',
      },
    ]);
  });
});

describe('ingestFile: bad input', () => {
  it('refuses an empty file', async () => {
    const e = await readError('empty.txt', new Uint8Array());
    expect([e.code, e.message]).toEqual(['empty_file', '文件 empty.txt 是空文件，没有可导入的内容。']);
  });

  it('refuses binary data', async () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i * 7919) % 251);
    const e = await readError('data.txt', bytes);
    expect([e.code, e.message]).toEqual(['binary_file', '文件 data.txt 是二进制文件，不是文本文档；支持 txt、md、html、docx、pdf。']);
  });

  it('refuses an .exe, and an unknown extension', async () => {
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(120)]);
    const e = await readError('setup.exe', exe);
    expect([e.code, e.message]).toEqual(['unsupported_format', '文件 setup.exe 是可执行程序（.exe/.dll），不是可导入的文档；支持 txt、md、html、docx、pdf。']);
    expect((await readError('renamed.txt', exe)).code).toBe('unsupported_format');
    const csv = await readError('table.csv', utf8('a,b\n1,2\n'));
    expect(csv.message).toBe('文件 table.csv 的格式（.csv）不支持；支持 txt、md、html、docx、pdf。');
  });

  it('refuses an image with a hint to OCR it', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    expect((await readError('scan.png', png)).message).toBe('文件 scan.png 是图片（PNG），不是可导入的文档；请先做文字识别（OCR）再导入。');
  });

  it('refuses bytes that are neither UTF-8, UTF-16 nor GB18030', async () => {
    const latin1 = Buffer.from('Résumé café naïve à la carte, déjà vu. '.repeat(20), 'latin1');
    const e = await readError('latin1.txt', latin1);
    expect([e.code, e.message]).toEqual([
      'invalid_encoding',
      '文件 latin1.txt 的编码无法识别（不是 UTF-8、UTF-16，也不是 GB18030/GBK）；请用文本编辑器另存为 UTF-8 后再导入。',
    ]);
  });

  it(`refuses a text over ${MAX_FILE_BYTES / 1024 / 1024} MB before decoding it`, async () => {
    const big = Buffer.alloc(MAX_FILE_BYTES + 1, utf8('产教融合。'));
    const e = await readError('big.txt', big);
    expect([e.code, e.message]).toEqual(['file_too_large', '文件 big.txt 有 50 MB，超过 50 MB 上限；请拆分后再导入。']);
  });

  it('refuses a text longer than the character limit', async () => {
    const e = await readError('long.txt', Buffer.alloc(MAX_TEXT_CHARS + 1, 'a'));
    expect([e.code, e.message]).toEqual(['text_too_long', '文件 long.txt 的正文超过 500 万字上限；请拆分后再导入。']);
  });

  it('refuses a truncated docx', async () => {
    const docx = buildDocx(wml.p(SENTENCE));
    const e = await readError('cut.docx', docx.subarray(0, Math.floor(docx.length * 0.7)));
    expect([e.code, e.message]).toEqual(['corrupt_file', '文件 cut.docx 不是完整有效的 docx 文件（ZIP 目录缺失，文件可能不完整）；请重新获取原文件。']);
  });

  it('refuses a docx whose document part is damaged', async () => {
    const parts = docxParts(wml.p(SENTENCE));
    const docx = buildZip(parts.map((p) => (p.name === 'word/document.xml' ? { ...p, data: Buffer.from(p.data as string).map((b) => b ^ 0x55), store: true } : p)));
    const e = await readError('bad.docx', docx);
    expect(e.code).toBe('corrupt_file');
    expect(e.message).toMatch(/^文件 bad\.docx 不是完整有效的 docx 文件（/);
  });

  it('refuses a zip bomb posing as a docx by its declared size, before inflating anything', async () => {
    const parts = docxParts(wml.p(SENTENCE));
    const bomb = buildZip([...parts, { name: 'word/media/image1.png', data: Buffer.alloc(1000), declaredSize: 300 * 1024 * 1024 }]);
    const e = await readError('bomb.docx', bomb);
    expect([e.code, e.message]).toEqual(['archive_bomb', '文件 bomb.docx 疑似压缩炸弹（解压后共 300 MB，超过 200 MB 上限），已拒绝导入。']);
  });

  it('refuses a zip bomb posing as a docx by its compression ratio', async () => {
    const zeros = Buffer.alloc(8 * 1024 * 1024);
    const parts = docxParts(wml.p(SENTENCE));
    const bomb = buildZip([...parts, { name: 'word/header1.xml', data: zeros }]);
    const ratio = Math.round(zeros.length / deflateRawSync(zeros).length);
    const e = await readError('ratio.docx', bomb);
    expect([e.code, e.message]).toEqual(['archive_bomb', `文件 ratio.docx 疑似压缩炸弹（word/header1.xml 的压缩比为 ${ratio}:1，超过 100:1 上限），已拒绝导入。`]);
  });

  it('refuses a zip bomb whose header understates the size, inflating no more than it declares', async () => {
    const parts = docxParts(wml.p(SENTENCE));
    const liar = buildZip([...parts, { name: 'word/footer1.xml', data: Buffer.alloc(4 * 1024 * 1024, 0x20), declaredSize: 1000 }]);
    const e = await readError('liar.docx', liar);
    expect([e.code, e.message]).toEqual(['archive_bomb', '文件 liar.docx 疑似压缩炸弹（word/footer1.xml 解压后比声明的 1000 字节大），已拒绝导入。']);
  });

  it('refuses a docx whose document part is too large to parse, before inflating it', async () => {
    const parts = docxParts(wml.p(SENTENCE));
    const huge = buildZip(parts.map((p) => (p.name === 'word/document.xml' ? { ...p, data: Buffer.alloc(33 * 1024 * 1024, 0x20), store: true } : p)));
    const e = await readError('huge.docx', huge);
    expect([e.code, e.message]).toEqual(['text_too_long', '文件 huge.docx 的 word/document.xml 解压后有 33 MB，超过 32 MB 上限，正文过长；请拆分后再导入。']);
  });

  it('refuses a spreadsheet, a plain zip and an old binary .doc, saying what they are', async () => {
    const xlsx = buildZip([{ name: '[Content_Types].xml', data: '<Types><Override ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>' }]);
    expect((await readError('data.xlsx', xlsx)).message).toBe('文件 data.xlsx 是Excel 表格，不是可导入的文档；表格暂不支持；请把正文另存为 docx 或 pdf。');
    expect((await readError('files.zip', buildZip([{ name: 'a.txt', data: 'x' }]))).message).toBe(
      '文件 files.zip 是ZIP 压缩包，不是可导入的文档；请解压后逐个导入其中的文档。',
    );
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
    expect((await readError('old.doc', ole)).message).toBe('文件 old.doc 是旧版 Office 文件（doc/xls/ppt），不是可导入的文档；请在 Office 或 WPS 中另存为 docx 或 pdf 后再导入。');
    const locked = await readError('locked.docx', ole);
    expect([locked.code, locked.message]).toEqual(['encrypted_file', '文件 locked.docx 是加密的 Word 文档，需要密码才能打开；请取消密码保护、另存为 docx 后再导入。']);
  });

  it('refuses a web archive saved as .doc', async () => {
    const mht = utf8('MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart"\r\n\r\n------=_NextPart\r\nContent-Type: text/html; charset="utf-8"\r\n\r\n<html>=E5=9B=BD</html>');
    expect((await readError('notice.doc', mht)).message).toBe('文件 notice.doc 是MHT 网页存档，不是可导入的文档；请在 Word 或浏览器中另存为 docx、html 或 pdf 后再导入。');
  });

  it('refuses a truncated pdf', async () => {
    const pdf = buildPdf([linesPage([SENTENCE])]);
    const e = await readError('cut.pdf', pdf.subarray(0, pdf.length - 200));
    expect([e.code, e.message]).toEqual(['corrupt_file', '文件 cut.pdf 不是完整有效的 pdf 文件（文件末尾缺少 %%EOF 标记，可能下载不完整）；请重新获取原文件。']);
  });

  it('refuses a corrupt pdf', async () => {
    const e = await readError('bad.pdf', utf8('%PDF-1.7\n1 0 obj garbage\n%%EOF\n'));
    expect([e.code, e.message]).toEqual(['corrupt_file', '文件 bad.pdf 不是完整有效的 pdf 文件（PDF 结构已损坏，无法打开）；请重新获取原文件。']);
  });

  it('refuses a pdf that needs a password', async () => {
    const e = await readError('locked.pdf', buildPdf([linesPage([SENTENCE])], { encrypt: true }));
    expect([e.code, e.message]).toEqual(['encrypted_file', '文件 locked.pdf 是加密的 PDF，需要密码才能打开；请解除密码保护后再导入。']);
  });

  it('refuses a scanned pdf (images, no text layer)', async () => {
    const e = await readError('scan.pdf', buildPdf([{ image: true }, { image: true }, { image: true }]));
    expect([e.code, e.message]).toEqual([
      'no_text_layer',
      '文件 scan.pdf 是扫描件/没有文字层（3 页中有文字的只有 0 页，平均每页 0 字）；请先做文字识别（OCR）再导入。',
    ]);
  });

  it('refuses a .pdf that holds a web page (a failed download)', async () => {
    const e = await readError('notice.pdf', utf8('<html><body>404 Not Found</body></html>'));
    expect([e.code, e.message]).toEqual(['corrupt_file', '文件 notice.pdf 不是完整有效的 pdf 文件（内容是文本而不是该格式，可能是下载出错时保存的网页）；请重新获取原文件。']);
  });

  it('refuses a file whose text is only markup', async () => {
    const e = await readError('empty.html', utf8('<html><body><script>var a = 1;</script></body></html>'));
    expect([e.code, e.message]).toEqual(['no_text', '文件 empty.html 中没有找到正文文本。']);
  });
});
