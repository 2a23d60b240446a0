import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INGEST_STAGES, IngestError, ingestFile, type DocumentRecord, type IngestStage } from '../../ingest/index.js';
import { dateFromNeighbours, structureArticle } from '../../ingest/internal/structure.js';

const corpus = (name: string) => readFileSync(new URL(`../../corpus/${name}`, import.meta.url));
const NEWSLETTER = '001_8cde61b29fa3398a.txt';

async function ingestError(file: string, bytes: Uint8Array): Promise<IngestError> {
  try {
    await ingestFile(file, bytes);
  } catch (e) {
    if (e instanceof IngestError) return e;
    throw e;
  }
  throw new Error('expected an IngestError');
}

const newsletter = await ingestFile(NEWSLETTER, corpus(NEWSLETTER));

describe('ingestFile', () => {
  it('tells onStageTime the time of every stage and gives the same records as without it', async () => {
    const times = new Map<IngestStage, number>();
    const timed = await ingestFile(NEWSLETTER, corpus(NEWSLETTER), { onStageTime: (stage, ms) => times.set(stage, (times.get(stage) ?? 0) + ms) });
    expect([...times.keys()].sort()).toEqual([...INGEST_STAGES].sort());
    for (const ms of times.values()) expect(ms).toBeGreaterThanOrEqual(0);
    expect(timed).toEqual(newsletter);
  });

  it('dates a newsletter item given by month and day from the dated articles around it, and says so', async () => {
    const text = [
      '市教委印发职业教育年度工作要点',
      '各区县教委：现将年度工作要点印发给你们，请认真贯彻落实。',
      '（来源：重庆日报 2023年12月27日）',
      '市教委召开职业教育协同发展专题会',
      '1月24日，市教委召开职业教育协同发展专题会，部署新一年的重点工作。',
      '（来源：市教委发展规划处）',
      '职教活动周在永川启动',
      '本次活动周以技能成才为主题，展示了职业院校的办学成果。',
      '（来源：重庆日报 2024年2月19日）',
    ].join('\n');
    const { records } = await ingestFile('newsletter.txt', Buffer.from(text));
    expect(records.map((r) => r.date)).toEqual(['2023-12-27', '2024-01-24', '2024-02-19']);
    expect(records[1].warnings.map((w) => w.ruleId)).toContain('date-inferred');
    expect(records[1].warnings.map((w) => w.ruleId)).not.toContain('date-unparsed');
  });

  it('dates a web page by the timestamp its source shares a line with', async () => {
    const text = '川渝携手打造装备制造产业集群\n2024-03-15 09:30:12　来源：四川日报\n本报讯 3月14日，川渝两地经信部门召开联席会议。\n';
    const { records } = await ingestFile('web.txt', Buffer.from(text));
    expect(records.map((r) => r.date)).toEqual(['2024-03-15']);
  });

  it('takes the year nearest the one dated neighbour, and keeps a date whose year is written', () => {
    const article = (date: string | null, text = '正文。') => ({ ...structureArticle([text], 'd'), date });
    const one = dateFromNeighbours([article('2024-01-02'), article(null, '12月28日，召开会议。')]);
    expect(one[1].date).toBe('2023-12-28');
    const written = dateFromNeighbours([article('2023-05-01'), article(null, '2021年 6月3日，召开会议。'), article('2023-07-01')]);
    expect(written[1].date).toBeNull();
    const byMonth = dateFromNeighbours([article('2023-05-01'), article(null, '5月20日，召开会议。'), article('2023-05')]);
    expect(byMonth[1].date).toBe('2023-05-20');
  });

  it('splits a compiled newsletter into its articles with titles', () => {
    expect(newsletter.records).toHaveLength(8);
    expect(newsletter.records[1].title).toBe('市教委召开推动成渝地区双城经济圈建设教育协同发展专题工作会');
  });

  it('reads the notice metadata: document number, signature date, issuers, source', () => {
    const notice = newsletter.records[0];
    expect(notice.kind).toBe('notice');
    expect(notice.docNumber).toBe('渝府发〔2023〕22号');
    expect(notice.date).toBe('2023-12-27');
    expect(notice.issuers).toEqual(['教育部', '重庆市人民政府']);
    expect(notice.source).toBe('重庆市人民政府官网');
  });

  it('drops running heads and page numbers and closes the gap in "2023 年"', () => {
    const text = newsletter.records.map((r) => r.text).join('\n');
    expect(text).not.toContain('职教动态与参考 2024');
    expect(text).not.toMatch(/^第 ?\d+ ?页$/m);
    expect(text).toContain('2023年12月27日');
  });

  it('re-flows PDF lines broken mid-sentence', () => {
    expect(newsletter.records[0].text).toContain('深化重庆现代职业教育体系改革，全力服务成渝地区双城经济圈建设');
  });

  it('gives clauses that tile the text in order, trimmed and in range', () => {
    for (const r of newsletter.records) {
      let last = 0;
      for (const c of r.clauses) {
        expect(c.start).toBeGreaterThanOrEqual(last);
        expect(c.end).toBeLessThanOrEqual(r.text.length);
        const s = r.text.slice(c.start, c.end);
        expect(s.trim()).toBe(s);
        expect(s.length).toBeGreaterThan(0);
        last = c.end;
      }
    }
  });

  it('builds the heading tree of the plan (一、 above （一）)', () => {
    const notice = newsletter.records[0];
    const top = notice.sections.find((s) => s.heading === '一、总体要求')!;
    const sub = notice.sections.find((s) => s.heading?.startsWith('（一）提升关键办学能力'))!;
    expect(top.level).toBe(1);
    expect(sub.level).toBe(2);
    expect(notice.sections.find((s) => s.id === sub.parent)!.heading).toMatch(/^二、/);
  });

  it('gives every entity mention the offsets of its surface form', () => {
    for (const r of newsletter.records) {
      for (const e of r.entities) {
        for (const m of e.mentions) {
          const surface = r.text.slice(m.start, m.end);
          expect([e.name, ...e.aliases]).toContain(surface);
          const clause = r.clauses.find((c) => c.id === m.clauseId)!;
          expect(m.start).toBeGreaterThanOrEqual(clause.start);
          expect(m.end).toBeLessThanOrEqual(clause.end);
        }
      }
    }
  });

  it('finds programs, regions and a quantitative target in the plan', () => {
    const notice = newsletter.records[0];
    const ids = notice.entities.map((e) => e.id);
    expect(ids).toEqual(expect.arrayContaining(['program:产教联合体', 'region:成渝地区双城经济圈', 'region:重庆', 'institution:教育部']));
    const target = notice.targets.find((t) => t.quantity === '90%以上');
    expect(target?.year).toBe(2025);
  });

  it('gives the same records for the same bytes', async () => {
    const again = await ingestFile(NEWSLETTER, corpus(NEWSLETTER));
    expect(again.records).toEqual(newsletter.records);
  });

  it('splits two named institutions joined by 与', async () => {
    const r = await ingestFile('coop.txt', Buffer.from('重庆海事局与洋浦海事局签署合作协议。'));
    const names = r.records[0].entities.filter((e) => e.type === 'institution').map((e) => e.name);
    expect(names).toEqual(['重庆海事局', '洋浦海事局']);
    const coop = r.records[0].relations.filter((x: DocumentRecord['relations'][number]) => x.type === 'COOPERATES_WITH');
    expect(coop.map((x) => [x.from, x.to])).toContainEqual(['institution:洋浦海事局', 'institution:重庆海事局']);
  });
});

describe('reading bad input', () => {
  it('refuses an empty file, naming it', async () => {
    const e = await ingestError('empty.txt', new Uint8Array());
    expect(e.code).toBe('empty_file');
    expect(e.message).toBe('文件 empty.txt 是空文件，没有可导入的内容。');
  });

  it('refuses a binary file', async () => {
    expect((await ingestError('x.txt', new Uint8Array([0x01, 0x00, 0x00, 0x00, 0x9c, 0x00, 0x00, 0x07]))).code).toBe('binary_file');
  });

  it('refuses an unsupported format by extension', async () => {
    expect((await ingestError('x.xlsx', Buffer.from('abc'))).message).toContain('x.xlsx');
  });

  it('decodes GB18030 and says so in the quality report', async () => {
    const gbk = Buffer.from([0xd6, 0xd8, 0xc7, 0xec, 0xca, 0xd0, 0xa1, 0xa3]); // 重庆市。
    const r = await ingestFile('gbk.txt', gbk);
    expect(r.records[0].text).toBe('重庆市。');
    expect(r.warnings.map((w) => w.ruleId)).toContain('encoding-gb18030');
  });

  it('decodes UTF-16 with a BOM', async () => {
    const body = Buffer.from('产教联合体建设。', 'utf16le');
    const r = await ingestFile('u16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), body]));
    expect(r.records[0].text).toBe('产教联合体建设。');
  });

  it('reads a .txt that holds HTML as HTML: scripts and navigation go', async () => {
    const html = '<html><body><nav>首页 | 新闻</nav><script>alert(1)</script><p>市域产教联合体&nbsp;建设方案。</p></body></html>';
    const r = await ingestFile('page.txt', Buffer.from(html));
    expect(r.records[0].text).toBe('市域产教联合体 建设方案。');
  });
});

describe('articles and structure', () => {
  const page = async (text: string) => (await ingestFile('page.txt', Buffer.from(text))).records;
  const body = (s: string) => `${s}这是正文第一句，内容足够长以便被识别为正文段落而不是标题或者署名行。这是第二句话。`;

  it('splits a newspaper page at author notes, with bylines as authors and a headline printed last', async () => {
    const records = await page(
      [
        '协同打造优势产业集群',
        '【智库头条】',
        '■朱旭森',
        body('第一篇'),
        '（作者系某研究中心特约研究员）',
        '■秦红松',
        body('第二篇'),
        '（作者单位：重庆交通大学）',
        '【决策建议】',
        '■王希',
        body('第三篇'),
        '（作者单位：西南政法大学）',
        '夯实现代化产业人才培养的根基',
      ].join('\n'),
    );
    expect(records.map((r) => [r.title, r.authors, r.kind])).toEqual([
      ['协同打造优势产业集群', ['朱旭森'], 'commentary'],
      [null, ['秦红松'], 'commentary'],
      ['夯实现代化产业人才培养的根基', ['王希'], 'commentary'],
    ]);
  });

  it('joins a headline wrapped over two lines and strips footnote markers from it and the byline', async () => {
    const [r] = await page(['成渝经济圈职业教育高质量发展的', '空间逻辑2', '朱德全3 谈卓林4', body('')].join('\n'));
    expect(r.title).toBe('成渝经济圈职业教育高质量发展的空间逻辑');
    expect(r.authors).toEqual(['朱德全', '谈卓林']);
  });

  it('gives no title to a text that starts with running text', async () => {
    expect((await page(body('[摘 要]')))[0].title).toBeNull();
  });

  it('nests 1. under 一、 and ignores an out-of-sequence number', async () => {
    const [r] = await page(['题目：试验', '一、背景', body(''), '1. 政策引导', body(''), '2. 平台建设', body(''), '7西南大学教育学部研究生', '二、路径', body('')].join('\n'));
    expect(r.sections.slice(1).map((s) => [s.heading, s.level])).toEqual([
      ['一、背景', 1],
      ['1. 政策引导', 2],
      ['2. 平台建设', 2],
      ['二、路径', 1],
    ]);
  });

  it('reads short standalone lines inside a news article as section headings', async () => {
    const [r] = await page(['新春第一会聚焦双圈', body('导语'), '“新春第一会”背后的深意', body('一'), '“双圈”建设形成良好态势', body('二')].join('\n'));
    expect(r.sections.slice(1).map((s) => s.heading)).toEqual(['“新春第一会”背后的深意', '“双圈”建设形成良好态势']);
  });

  it('dates a journal article by its monthly issue and a web page by its timestamp', async () => {
    const [paper] = await page([body('正文'), '（来源：《中国远程教育》2023 年第 5 期）'].join('\n'));
    expect([paper.date, paper.source]).toEqual(['2023-05', '中国远程教育']);
    const [web] = await page(['跨区域创新合作新模式', '2025-01-24 10:04:10', body('正文')].join('\n'));
    expect([web.date, web.kind]).toEqual(['2025-01-24', 'web-article']);
  });
});

describe('cleaning', () => {
  const textOf = async (s: string) => (await ingestFile('c.txt', Buffer.from(s))).records.map((r) => r.text).join('\n');

  it('joins a long line cut without closing punctuation by a column break', async () => {
    const cut = '探索构建以政府为主导、企业为主体，高校、科研院所、行业协会与金融机构共同参与的产业链联盟和创新联合体，推动研发';
    expect(await textOf(`${cut}\n机构链式发展，积极引导研发资源集聚。`)).toContain(`${cut}机构链式发展`);
  });

  it('keeps a standalone label and table rows on their own lines', async () => {
    const text = await textOf('收稿日期: 2024年9月2日; 录用日期: 2024年9月26日; 发布日期: 2024年12月19日\n摘要\n产业协同是区域协同的核心内容。\n地区\t2021\t2022\n成都\t655.2\t582.8\n');
    expect(text.split('\n')).toEqual(expect.arrayContaining(['摘要', '地区\t2021\t2022', '成都\t655.2\t582.8']));
  });

  it('drops licence and tag boilerplate', async () => {
    const text = await textOf('正文第一段的内容在这里，说明产业协同发展。\nCopyright © 2024 by author(s) and Hans Publishers Inc.\nOpen Access\n标签:\n');
    expect(text).toBe('正文第一段的内容在这里，说明产业协同发展。');
  });
});

describe('metadata', () => {
  const article = async (s: string) => (await ingestFile('m.txt', Buffer.from(s))).records[0];

  it('parses the 发文字号 into agency, year and number, and ignores one cited in a sentence', async () => {
    const notice = await article('关于推进职业教育改革的通知\n（渝府发〔2023〕22 号）\n各区县人民政府：\n现将有关事项通知如下。\n');
    expect(notice.docNumber).toBe('渝府发〔2023〕22号');
    expect(notice.docNumberParts).toEqual({ agency: '渝府发', year: 2023, number: 22 });
    const paper = await article('本文依据《指导意见》（发改地区〔2016〕1771号）分析福建与重庆的跨区域合作问题，提出若干建议和对策。\n');
    expect(paper.docNumber).toBeNull();
  });

  it('keeps the 成文, 发布 and source dates apart and dates the article by publication', async () => {
    const r = await article('某某新闻标题在这里\n发布时间：2024-02-19\n正文内容说明会议召开的情况，会议在2月18日举行。\n（来源：重庆日报 2024-02-18）\n');
    expect(r.dates).toEqual({ written: null, published: '2024-02-19', source: '2024-02-18' });
    expect(r.date).toBe('2024-02-19');
  });

  it('warns when the only date has no year, and refuses an impossible date', async () => {
    expect((await article('工作会议召开\n1月24日，市教委召开专题工作会，部署全年工作任务和重点。\n')).warnings.map((w) => w.ruleId)).toContain('date-unparsed');
    const r = await article('标题一则在这里\n正文内容第一段，介绍相关工作安排和要求。\n2023年2月30日\n');
    expect(r.dates.written).toBeNull();
    expect(r.warnings.map((w) => w.ruleId)).toContain('date-invalid');
  });

  it('reads a paper’s abstract and keywords', async () => {
    const r = await article('成渝经济圈职业教育的空间逻辑\n【摘要】成渝经济圈内职业教育呈现出受区域空间特征决定的样态。\n【关键词】成渝经济圈；职业教育；空间逻辑\n一、问题提出\n正文。\n参考文献\n');
    expect(r.abstract).toBe('成渝经济圈内职业教育呈现出受区域空间特征决定的样态。');
    expect(r.keywords).toEqual(['成渝经济圈', '职业教育', '空间逻辑']);
    expect(r.kind).toBe('paper');
  });
});

describe('quality report', () => {
  it('reports site chrome that cleaning left in place', async () => {
    const r = await ingestFile('w.html', Buffer.from('<body><p>关于产教融合的通知正文内容。</p><p>渝ICP备12345678号</p></body>'));
    expect(r.warnings.find((w) => w.ruleId === 'boilerplate-suspected')?.message).toContain('渝ICP备12345678号');
  });
});

describe('footnotes', () => {
  it('takes a footnote out of the sentence it split and keeps it as a note after the paragraph', async () => {
    const raw = [
      '加快推进教育科技人才融合发展',
      '刘宴兵1',
      '教育、科技、人才三者有着天然的、密切的、内在的、本质的逻辑关系，既辩证统一又一体相承，其中我认',
      '',
      '1 重庆市委教育工委书记，市教育委员会主任.',
      ' 为教育是影响发展最持久、最深厚、最磅礴的力量，人才是第一资源。',
    ].join('\n');
    const [r] = (await ingestFile('f.txt', Buffer.from(raw))).records;
    expect(r.text).toContain('其中我认为教育是影响发展最持久');
    expect(r.text).toContain('[注1] 重庆市委教育工委书记，市教育委员会主任.');
    expect(r.authors).toEqual(['刘宴兵']);
  });
});

describe('wrapped headings', () => {
  it('joins the short tail of a heading that filled its line, and keeps the body apart', async () => {
    const body = '职业教育拥有促进区域社会发展的教育价值，并且由于其具有跨界属性而更加明显。';
    const lines = [
      '成渝经济圈职业教育的空间逻辑',
      ...Array.from({ length: 12 }, () => '职业教育拥有促进区域社会发展的教育价值并且由于其'),
      '（一）提效促创：职业教育高质量发展与双城城市化的价值',
      '耦合',
      body,
    ];
    const [r] = (await ingestFile('h.txt', Buffer.from(lines.join('\n')))).records;
    const section = r.sections.find((s) => s.heading?.startsWith('（一）'))!;
    expect(section.heading).toBe('（一）提效促创');
    expect(r.text).toContain('（一）提效促创：职业教育高质量发展与双城城市化的价值耦合\n');
  });
});

describe('traditional characters', () => {
  it('keeps the text as written and finds the same entities, targets and cooperation as in simplified', async () => {
    const text = '關於推進產教聯合體建設的通知\n重慶市教育委員會與四川省教育廳簽署合作協議，到2025年建設10個市域產教聯合體。\n';
    const simplified = '关于推进产教联合体建设的通知\n重庆市教育委员会与四川省教育厅签署合作协议，到2025年建设10个市域产教联合体。\n';
    const [t] = (await ingestFile('t.txt', Buffer.from(text))).records;
    const [s] = (await ingestFile('s.txt', Buffer.from(simplified))).records;
    expect(t.text.startsWith('關於推進')).toBe(true);
    expect(t.entities.map((e) => e.id)).toEqual(s.entities.map((e) => e.id));
    const spans = (r: typeof t) => r.entities.flatMap((e) => e.mentions.map((m) => [m.start, m.end]));
    expect(spans(t)).toEqual(spans(s));
    expect(t.targets.map((x) => x.quantity)).toEqual(s.targets.map((x) => x.quantity));
    expect(t.entities.length).toBeGreaterThan(2);
  });
});

describe('warnings in the records', () => {
  it('gives every article of a file the file-level warnings, as the export shows them', async () => {
    const gbk = Buffer.from([0xd6, 0xd8, 0xc7, 0xec, 0xca, 0xd0, 0xa1, 0xa3]); // 重庆市。
    const { records, warnings } = await ingestFile('gbk.txt', gbk);
    expect(records[0].warnings.map((w) => w.ruleId)).toContain(warnings[0].ruleId);
  });
});

describe('headline block', () => {
  it('keeps a 发文字号 on the line right under a long headline apart from it', async () => {
    const [r] = (await ingestFile('n.txt', Buffer.from('重庆市教育委员会关于印发深化现代职业教育体系改革服务成渝地区双城经济圈建设实施方案的通知\n渝教发〔2024〕5号\n各区县教委：现将方案印发给你们，请认真贯彻执行。\n'))).records;
    expect(r.title).toBe('重庆市教育委员会关于印发深化现代职业教育体系改革服务成渝地区双城经济圈建设实施方案的通知');
    expect(r.docNumber).toBe('渝教发〔2024〕5号');
  });
});
