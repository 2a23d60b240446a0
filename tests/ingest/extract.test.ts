import { describe, expect, it } from 'vitest';
import { extractKnowledge } from '../../ingest/internal/extract.js';
import type { Clause } from '../../ingest/record.js';
import { defaultSegmenter } from '../../lang/index.js';

const segmenter = defaultSegmenter();

/** One article of the given clauses (one clause a line). */
function extract(text: string, authors: string[] = []) {
  const clauses: Clause[] = [];
  let at = 0;
  text.split('\n').forEach((line, i) => {
    clauses.push({ id: `d#${i}`, sectionId: 's', start: at, end: at + line.length });
    at += line.length + 1;
  });
  return extractKnowledge(text, clauses, { segmenter, docId: 'd', issuers: [], authors });
}

const names = (r: ReturnType<typeof extract>, type: string) => r.entities.filter((e) => e.type === type).map((e) => e.name);
const pairs = (r: ReturnType<typeof extract>) =>
  r.relations.filter((x) => x.type === 'COOPERATES_WITH').map((x) => [x.from, x.to].sort().join(' ~ '));

describe('extractKnowledge: institutions', () => {
  it('stops a name at prepositions and verbs, so two bodies joined by 与 stay two', () => {
    const r = extract('杭州海关与宁波港务局签署合作协议，支持浙江大学建设研究院。');
    expect(names(r, 'institution')).toEqual(expect.arrayContaining(['宁波港务局', '浙江大学']));
    expect(names(r, 'institution')).not.toContain('支持浙江大学');
  });

  it('takes a name without a proper word when it stands in a list next to a body of the same kind', () => {
    const r = extract('引导西南大学、重庆大学、电子科技大学参与。推动研究型大学和应用型大学分类发展。');
    expect(names(r, 'institution')).toEqual(expect.arrayContaining(['西南大学', '重庆大学', '电子科技大学']));
    expect(names(r, 'institution')).not.toContain('研究型大学');
    expect(names(r, 'institution')).not.toContain('应用型大学');
  });

  it('names a leading group after its task, verbs included, and keeps 综合 inside a body name', () => {
    const r = extract('近日召开的四川省推进乡村振兴战略实施领导小组办公室会议指出。\n省综合经济研究院院长表示，要加快推进。');
    expect(names(r, 'institution')).toEqual(expect.arrayContaining(['四川省推进乡村振兴战略实施领导小组办公室', '省综合经济研究院']));
  });

  it('names the government of one city or prefecture, but not of a pair of places, a city centre or a count of labs', () => {
    const r = extract('近日，湘西土家族苗族自治州人民政府与长沙市人民政府签署协议，支持遵义医科大学发展。\n川渝两地政府联合发布。构建以成都中心城区为核心的格局，建成4个重庆实验室。\n二是技术进步的推动。经省政府同意，现提出意见。\n各市、州、县人民政府：');
    expect(names(r, 'institution').sort()).toEqual(['湘西土家族苗族自治州人民政府', '遵义医科大学', '长沙市人民政府', '省政府'].sort());
  });

  it('keeps a body with its parts (university → faculty, commission → division)', () => {
    const r = extract('（来源：市教委发展规划处）\n本文作者单位为武汉大学经济与管理学院。');
    expect(names(r, 'institution')).toContain('市教委发展规划处');
  });

  it('takes the names listed before 等企业 / 等高校 for bodies, not the places listed before 等城市', () => {
    const r = extract('吸引华为、博世、宁德时代等企业落户，与清华、北大等高校合作。重庆、成都等城市和长安汽车等企业参与。');
    expect(names(r, 'institution').sort()).toEqual(['北大', '博世', '华为', '宁德时代', '清华', '长安汽车'].sort());
    expect(names(r, 'region')).toEqual(['重庆', '成都']);
  });

  it('does not make the article’s place a party when the sentence opens on a name it does not know', () => {
    const named = pairs(extract('重庆市推进汽车产业发展。\n2024年，赛力斯将加强核心技术攻关，加强与华为、博世等企业合作。'));
    expect(named.filter((p) => p.includes('region:重庆'))).toEqual([]);
    const unnamed = pairs(extract('重庆市推进汽车产业发展。\n要加强与华为、博世等企业合作。'));
    expect(unnamed).toEqual(expect.arrayContaining(['institution:华为 ~ region:重庆', 'institution:博世 ~ region:重庆']));
  });

  it('does not read a body out of a longer word (教育部门 is departments, not 教育部)', () => {
    const r = extract('川渝两地教育部门和各级财政部门加大投入，财政部给予支持。');
    expect(names(r, 'institution')).toEqual(['财政部']);
  });

  it('does not take generic or purely descriptive words for bodies', () => {
    const r = extract('鼓励高校、企业和政府协同，建设一批研究型大学和职业教育集团，组建绿色生态发展研究院。');
    expect(names(r, 'institution')).toEqual([]);
  });

  it('does not take a place’s goal label or a hotel hall for a body', () => {
    const r = extract('加快建设西部金融中心，会议在渝州宾馆中华厅举行。');
    expect(names(r, 'institution')).toEqual([]);
  });

  it('expands 市教委 to the municipality the article is about, and links it there', () => {
    const r = extract('重庆市推进职业教育改革。\n市教委召开专题会议，重庆各区县参加。');
    expect(names(r, 'institution')).toContain('重庆市教育委员会');
    expect(r.relations).toContainEqual(expect.objectContaining({ type: 'LOCATED_IN', from: 'institution:重庆市教育委员会', to: 'region:重庆' }));
  });

  it('keeps 市教委 as written when the article names no municipality', () => {
    expect(names(extract('市教委召开专题会议。'), 'institution')).toEqual(['市教委']);
  });

  it('names an alias group by the fullest form the article writes', () => {
    expect(names(extract('教育部印发通知。'), 'institution')).toEqual(['教育部']);
    const both = extract('中华人民共和国教育部发布通知，教育部有关负责人解读。');
    expect(names(both, 'institution')).toEqual(['中华人民共和国教育部']);
    expect(both.entities[0].aliases).toContain('教育部');
  });

  it('reads bodies written with a bare 省/市 and companies with a brand name', () => {
    const r = extract('省人力资源社会保障厅与比亚迪股份有限公司签署合作协议。');
    expect(names(r, 'institution')).toEqual(['省人力资源社会保障厅', '比亚迪股份有限公司']);
  });

  it('splits 省委省政府 into the two bodies', () => {
    const r = extract('四川省委省政府高度重视。');
    expect(names(r, 'institution')).toEqual(expect.arrayContaining(['四川省委', '四川省政府']));
  });
});

describe('extractKnowledge: programs', () => {
  it('starts a named construct at a code of letters and digits (G60科创走廊), not at 5G or AI', () => {
    expect(names(extract('要加快建设G60科创走廊，推动5G应用平台和AI创新平台建设。'), 'program')).toEqual(['G60科创走廊']);
  });

  it('walks over a suffix jieba splits off its word (产教融合|型|企业) to the start of a named platform', () => {
    expect(names(extract('搭建四川省产教融合型企业建设信息服务平台，遴选企业。'), 'program')).toEqual(['四川省产教融合型企业建设信息服务平台']);
  });

  it('takes a quoted name run as an activity or project, or standing beside a known program, and not a quoted slogan', () => {
    const r = extract('举办“非遗进校园”活动，开展“送教下乡”、技术推广等项目。\n推进高职“双高”、中职“双精”建设。\n坚持“以人为本”的理念，开展“结对式”融通试点。');
    expect(names(r, 'program')).toEqual(expect.arrayContaining(['非遗进校园', '送教下乡', '双高', '双精']));
    expect(names(r, 'program')).not.toContain('以人为本');
    expect(names(r, 'program')).not.toContain('结对式');
  });

  it('gives a counted suffix to each name it counts (三大战略), and to none when the count is off', () => {
    expect(names(extract('深入实施乡村振兴、区域协调发展两大战略。'), 'program')).toEqual(['乡村振兴战略', '区域协调发展战略']);
    expect(names(extract('把握科教兴国、人才强国、创新驱动发展的三大战略有效联动。'), 'program')).toEqual(['科教兴国战略', '人才强国战略', '创新驱动发展战略']);
    expect(names(extract('推进科技、教育、人才两大工程。'), 'program')).toEqual([]);
  });

  it('reads the names a launch verb governs, one per list item', () => {
    const r = extract('实施乡村教师支持计划、县域高中振兴行动，开展一批重大项目。');
    expect(names(r, 'program')).toEqual(expect.arrayContaining(['乡村教师支持计划', '县域高中振兴行动']));
    expect(names(r, 'program')).not.toContain('一批重大项目');
  });

  it('reads quoted codes with their noun phrase and registers the bare code as the same program', () => {
    const r = extract('构建“246”现代产业体系。\n“246”是全省发展的主线。');
    expect(names(r, 'program')).toEqual(['246现代产业体系']);
    expect(r.entities.find((e) => e.type === 'program')!.mentions).toHaveLength(2);
  });

  it('reads layout slogans but not teaching models or set phrases', () => {
    const r = extract('构建“一核两翼三带”格局，推行“3+2”贯通培养，坚持“三位一体”。');
    expect(names(r, 'program')).toEqual(['一核两翼三带']);
  });

  it('reads platforms and alliances that carry a place, from the place on', () => {
    const r = extract('大力推广运用湖北技术转移公共服务平台，加入粤港澳大湾区职业教育合作联盟。');
    expect(names(r, 'program')).toEqual(expect.arrayContaining(['湖北技术转移公共服务平台', '粤港澳大湾区职业教育合作联盟']));
  });

  it('types named zones as regions', () => {
    const r = extract('依托川渝高竹新区建设产业园。');
    expect(names(r, 'region')).toContain('川渝高竹新区');
  });
});

describe('extractKnowledge: industries', () => {
  it('reads a sector jieba joins to 产业 (汽车产业), and a rank is no part of its name (世界级汽车产业集群)', () => {
    expect(names(extract('打造世界级汽车产业集群。'), 'industry')).toEqual(['汽车']);
  });

  it('reads a sector that jieba joined to a measure of it (新能源汽车|产量, 汽车|行业), but not one inside another word', () => {
    expect(names(extract('力争新能源汽车产量达到50万辆以上。'), 'industry')).toEqual(['新能源汽车']);
    expect(names(extract('当前我国新能源汽车行业竞争日趋激烈。'), 'industry')).toEqual(['新能源汽车']);
    expect(names(extract('编写新教材料理课程。'), 'industry')).toEqual([]);
  });

  it('keeps the longest specific form of a sector compound', () => {
    const r = extract('已形成钢铁材料、能源化工和生态畜牧业等优势领域。');
    expect(names(r, 'industry')).toEqual(expect.arrayContaining(['钢铁材料', '能源化工', '生态畜牧业']));
    expect(names(r, 'industry')).not.toContain('钢铁');
  });

  it('names X产业 by its sector and drops generic ones', () => {
    const r = extract('发展电子信息产业和文化产业，培育新兴产业和支柱产业。');
    expect(names(r, 'industry')).toEqual(expect.arrayContaining(['电子信息', '文化产业']));
    expect(names(r, 'industry')).not.toContain('新兴产业');
    expect(names(r, 'industry')).not.toContain('支柱产业');
  });

  it('does not count a sector word that only modifies another noun', () => {
    expect(names(extract('建设大数据融合应用创新中心。'), 'industry')).toEqual([]);
  });

  it('names a sector listed in an enumeration by the whole item', () => {
    const r = extract('在集成电路、新型显示、核心零部件等领域具有优势，布局水下机器人和无人机领域。');
    expect(names(r, 'industry')).toEqual(expect.arrayContaining(['核心零部件', '水下机器人']));
    expect(names(r, 'industry')).not.toContain('零部件');
    expect(names(r, 'industry')).not.toContain('机器人');
  });

  it('takes the other items of a list of sectors after a verb of developing, or closed by 等领域', () => {
    const r = extract('重点发展茶叶加工、竹木精深加工及生态畜牧业。\n推动电信、互联网、影视制作等领域开放。');
    expect(names(r, 'industry')).toEqual(expect.arrayContaining(['茶叶加工', '竹木精深加工', '生态畜牧业', '影视制作']));
  });

  it('leaves an enumeration alone that says nothing of sectors', () => {
    const r = extract('提升教育、医疗、社区服务覆盖能力，加强人才、资金交流。');
    expect(names(r, 'industry')).toEqual([]);
  });
});

describe('extractKnowledge: persons', () => {
  it('finds a name written right after a body and before a role (…学院张军教授认为)', () => {
    const r = extract('浙江大学管理学院王宁教授认为，要加快建设。市教委相关负责人介绍，主要是在三个方面。');
    expect(names(r, 'person')).toEqual(['王宁']);
    expect(r.entities.find((e) => e.name === '王宁')?.role).toBe('教授');
  });

  it('finds names next to roles and speech verbs, with the role', () => {
    const r = extract('市发展改革委主任王晓明说，今年要抓好三件事。\n张伟指出，要加快推进。');
    const wang = r.entities.find((e) => e.name === '王晓明');
    expect(wang?.type).toBe('person');
    expect(wang?.role).toBe('主任');
  });

  it('reads byline clauses and foreign names with a separator dot', () => {
    const r = extract('李明3赵芳4\n亚当•斯密认为分工提高效率。');
    expect(names(r, 'person')).toEqual(expect.arrayContaining(['李明', '赵芳', '亚当·斯密']));
  });

  it('does not take ordinary words after a role for names', () => {
    expect(names(extract('总书记强调，作者单位：某大学。'), 'person')).toEqual([]);
  });
});

describe('extractKnowledge: targets', () => {
  it('counts 万亿元 as one unit (突破2万亿元)', () => {
    const r = extract('到2027年，两地装备制造业营业收入将突破2万亿元，培育专精特新企业200家以上。');
    expect(r.targets.map((t) => t.quantity)).toEqual(['2万亿元', '200家以上']);
  });

  it('takes the rates a plan sets as goals, not the rate a year reached', () => {
    const r = extract('2024年，全市地区生产总值增长6.1%。\n今年的主要预期目标是：地区生产总值增长6%左右，城镇新增就业70万人以上，城镇调查失业率5.5%左右。');
    expect(r.targets.map((t) => t.quantity)).toEqual(['6%左右', '70万人以上', '5.5%左右']);
  });

  it('counts a list with the verb before the whole list, and reads 现有 as existing unless it counts', () => {
    const r = extract('全市将聚焦协调发展，打造先进材料、生物医药两大千亿级产业集群，依托现有国家级高新区推进。\n全市现有高职院校40所，新建实训基地5个。');
    expect(r.targets.map((t) => [t.quantity, t.text])).toEqual([['两大千亿级', '打造先进材料、生物医药两大千亿级产业集群']]);
  });

  it('splits a goal sentence into one target per quantity, with year, qualifier and subject', () => {
    const r = extract('到2027年，建设省级精品课程200门左右、虚拟仿真实训基地20个以上，本科招生规模不低于高职招生规模的15%。');
    expect(r.targets.map((t) => [t.year, t.quantity])).toEqual([
      [2027, '200门左右'],
      [2027, '20个以上'],
      [2027, '不低于15%'],
    ]);
    expect(r.targets[1].subject).toBeTruthy();
  });

  it('takes a building verb with an approximate count as a goal even without a year', () => {
    const r = extract('打造两大万亿级优势产业集群，建设示范课程100门左右。');
    expect(r.targets.map((t) => t.quantity)).toEqual(['两大万亿级', '100门左右']);
  });

  it('ignores past statistics and enumerations', () => {
    const r = extract('2023年全市GDP达到3.01万亿元，增长6.1%。\n建强东部职教联盟等5个联盟。');
    expect(r.targets).toEqual([]);
  });

  it('carries the year of a sentence across clauses joined by ；', () => {
    const r = extract('2026年，该企业将扩大产能；\n力争产量达到20万辆以上。');
    expect(r.targets).toHaveLength(1);
    expect(r.targets[0]).toMatchObject({ year: 2026, quantity: '20万辆以上' });
  });

  it('attaches a target to the program of its clause', () => {
    const r = extract('实施校园安全提升工程，到2026年达标学校比例达到95%以上。');
    expect(r.targets[0].owner).toBe('program:校园安全提升工程');
  });
});

describe('extractKnowledge: cooperation', () => {
  it('pairs every party on one side of 与 with every party on the other, in lists longer than four', () => {
    const r = extract('推动杭州、宁波、温州与安徽、江西开展职业教育协作。');
    expect(pairs(r)).toHaveLength(6);
    expect(pairs(r)).toContain('region:安徽 ~ region:温州');
    expect(pairs(r)).not.toContain('region:宁波 ~ region:杭州');
  });

  it('knows a brand alone for the company the article named, and makes it the party of the sentence it opens', () => {
    const r = extract('岚图汽车负责人表示，2025年，岚图将加快新品研发，确保交付，加强与华为、宁德时代等企业合作推出新车。');
    const lantu = r.entities.find((e) => e.name === '岚图汽车');
    expect(lantu?.type).toBe('institution');
    expect(lantu?.mentions).toHaveLength(2);
    expect(pairs(r).sort()).toEqual(['institution:华为 ~ institution:岚图汽车', 'institution:宁德时代 ~ institution:岚图汽车']);
  });

  it('pairs two named parties joined by 与 with a cue', () => {
    expect(pairs(extract('江苏省与四川省签署战略合作协议。'))).toEqual(['region:四川 ~ region:江苏']);
  });

  it('pairs each party of a list with the party on the other side of 与', () => {
    const r = extract('武汉大学、华中科技大学等与湖北工业职业技术学院开展交流合作。');
    expect(pairs(r).sort()).toEqual([
      'institution:华中科技大学 ~ institution:湖北工业职业技术学院',
      'institution:武汉大学 ~ institution:湖北工业职业技术学院',
    ]);
  });

  it('resolves pair names (川渝) and does not pair a list without a cue', () => {
    expect(pairs(extract('川渝两地联合开展职业技能大赛。'))).toEqual(['region:四川 ~ region:重庆']);
    expect(pairs(extract('京津冀、长三角、珠三角在产业协同发展中面临困境。'))).toEqual([]);
  });

  it('takes the article’s place as the party of 与X合作 with no written subject', () => {
    const r = extract('重庆市加快开放。\n重庆要加强与东盟国家在数字贸易方面的合作。');
    expect(pairs(r)).toContain('region:东盟国家 ~ region:重庆');
  });
});

describe('extractKnowledge: evidence', () => {
  it('gives every mention the clause and the offsets of its surface form', () => {
    const text = '到2025年，组建3个市级产教联合体。\n重庆海事局与洋浦海事局签署合作协议。';
    const r = extract(text);
    for (const e of r.entities) {
      for (const m of e.mentions) {
        expect([e.name, ...e.aliases]).toContain(text.slice(m.start, m.end));
        expect(m.clauseId).toMatch(/^d#\d$/);
      }
    }
    for (const rel of r.relations.filter((x) => x.type === 'COOPERATES_WITH')) expect(rel.evidence).not.toBeNull();
  });

  it('skips reference lists and parenthetical citations', () => {
    const r = extract('区域协调发展日益重要（王小明，2020）。\n参考文献\n[1] 张三. 区域经济研究[J]. 经济学报, 2020.');
    expect(names(r, 'person')).toEqual([]);
  });
});

describe('extractKnowledge: regions', () => {
  it('reads a run of province abbreviations as those provinces, keeps 京津冀 whole, and leaves 新晋 alone', () => {
    const r = extract('推动沪苏浙皖协同创新，对接京津冀。新晋国家级高新区。');
    expect(names(r, 'region').sort()).toEqual(['上海', '京津冀', '安徽', '江苏', '浙江'].sort());
    expect(pairs(r)).toContain('region:上海 ~ region:安徽');
  });

  it('knows an autonomous prefecture by its place and 州, and where it lies', () => {
    const r = extract('鼓励黔东南州、恩施州与广东省开展东西部协作。');
    expect(names(r, 'region')).toEqual(['黔东南州', '恩施州', '广东']);
    expect(r.relations.filter((x) => x.type === 'PART_OF').map((x) => [x.from, x.to])).toEqual(expect.arrayContaining([['region:黔东南州', 'region:贵州'], ['region:恩施州', 'region:湖北']]));
  });

  it('reads a zone named for a public service as a pilot program, and other zones as places', () => {
    const r = extract('共建川渝职业教育协同发展示范区，支持遂潼一体化发展先行区建设。');
    expect(names(r, 'program')).toContain('川渝职业教育协同发展示范区');
    expect(names(r, 'region')).not.toContain('川渝职业教育协同发展示范区');
    expect(names(r, 'region')).toContain('遂潼一体化发展先行区');
  });

  it('does not start a zone name at a one-character verb (以赋|能|经济圈), and knows 万达开 and 泸永江', () => {
    const r = extract('构建区域职业院校联动机制以赋能经济圈城市协同发展。\n依托万达开川渝统筹发展示范区、泸永江融合发展示范区建设联合体。');
    expect(names(r, 'region')).not.toContain('以赋能经济圈');
    expect(names(r, 'region')).toEqual(expect.arrayContaining(['万达开川渝统筹发展示范区', '泸永江融合发展示范区']));
  });

  it('reads named zones with unknown words and parenthesised places in them', () => {
    const r = extract('依托万达开川渝统筹发展示范区和西部（重庆）科学城建设基地。');
    expect(names(r, 'region')).toEqual(expect.arrayContaining(['万达开川渝统筹发展示范区', '西部（重庆）科学城']));
  });

  it('reads short park names listed before 等…园区', () => {
    const r = extract('推动成果在光谷、东湖等重点科创园区转化。');
    expect(names(r, 'region')).toEqual(expect.arrayContaining(['光谷', '东湖']));
  });

  it('gives the places a joint name joins, and their cooperation', () => {
    const r = extract('共建川西、渝西教育共同体。');
    expect(names(r, 'region')).toEqual(expect.arrayContaining(['川西', '渝西']));
    expect(pairs(r)).toContain('region:川西 ~ region:渝西');
  });

  it('does not take bare directions or collectives for places', () => {
    const r = extract('东部地区与西部加强合作，两地高校共建平台。');
    expect(names(r, 'region')).toEqual(['东部地区']);
  });
});

describe('extractKnowledge: PART_OF', () => {
  it('links a region to the region the text places it in', () => {
    const r = extract('成都是成渝地区双城经济圈的核心城市。\n绵阳和成都在产业上互补。');
    expect(r.relations).toContainEqual(expect.objectContaining({ type: 'PART_OF', from: 'region:成都', to: 'region:成渝地区双城经济圈' }));
    expect(r.relations).not.toContainEqual(expect.objectContaining({ type: 'PART_OF', from: 'region:绵阳', to: 'region:成都' }));
  });
});

describe('extractKnowledge: region data', () => {
  it('keeps provinces apart from districts of the same short name (河北 vs 天津河北区)', () => {
    const r = extract('北京、天津、河北三地签署职业教育协同发展框架协议。');
    expect(r.relations.filter((x) => x.type === 'PART_OF')).toEqual([]);
    expect(pairs(r)).toHaveLength(3);
  });
});
