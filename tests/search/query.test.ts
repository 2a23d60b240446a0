import { describe, expect, it } from 'vitest';
import { parseQuery, QueryError } from '../../search/index.js';

describe('parseQuery', () => {
  it('reads space as AND, OR as alternatives, - as exclusion and field:value as filters', () => {
    expect(parseQuery('产教联合体 双高计划 OR 鲁班工坊 -重庆 kind:notice')).toEqual({
      groups: [['产教联合体'], ['双高计划', '鲁班工坊']],
      exclude: ['重庆'],
      filters: [[{ field: 'kind', value: 'notice' }]],
      excludeFilters: [],
    });
  });

  it('keeps spaces inside quoted phrases (ASCII and Chinese quotes) and normalises every term', () => {
    expect(parseQuery('"big  data" “產教 融合”').groups).toEqual([['big data'], ['产教融合']]);
    expect(parseQuery('３３６１８ ＡＩ').groups).toEqual([['33618'], ['ai']]);
  });

  it('treats ideographic spaces as separators and full-width syntax like ASCII', () => {
    const q = parseQuery('产教　-重庆　region：四川');
    expect(q.groups).toEqual([['产教']]);
    expect(q.exclude).toEqual(['重庆']);
    expect(q.filters).toEqual([[{ field: 'region', value: '四川' }]]);
  });

  it('reads OR between filters, -field:value exclusions, kind names in Chinese and year ranges', () => {
    const q = parseQuery('职业教育 kind:通知 OR kind:plan -region:重庆 year:2021-2025');
    expect(q.filters).toEqual([
      [
        { field: 'kind', value: 'notice' },
        { field: 'kind', value: 'plan' },
      ],
      [{ field: 'year', value: '2021-2025', from: 2021, to: 2025 }],
    ]);
    expect(q.excludeFilters).toEqual([{ field: 'region', value: '重庆' }]);
  });

  it('keeps words with colons that are not filters as terms, and a quoted OR as a term', () => {
    expect(parseQuery('http://www.moe.gov.cn').groups).toEqual([['http：／／www．moe．gov．cn']]);
    expect(parseQuery('"OR" 产教').groups).toEqual([['or'], ['产教']]);
  });

  it.each([
    ['"产教', '查询中的引号不成对，请补全引号，或去掉引号。'],
    ['“产教融合', '查询中的引号不成对，请补全引号，或去掉引号。'],
    ['产教"融合', '查询中的引号不成对，请补全引号，或去掉引号。'],
    ['产"教"融合', '引号应放在短语两端，例如 "产教融合"，而不是 产"教"融合。'],
    ['"产教"融合', '引号后面请留一个空格再写下一个检索词（第 5 个字符处）。'],
    ['""', '引号中没有检索词，请在引号之间写上要查找的短语。'],
    ['', '请输入检索词。'],
    ['   ', '请输入检索词。'],
    ['kind:notice', '请在筛选条件之外输入至少一个检索词。'],
    ['-重庆', '只有排除条件时无法检索，请至少输入一个要查找的检索词，例如 产教融合 -重庆。'],
    ['产教 - 重庆', '排除符号 - 后面缺少检索词；要排除某个词，请紧接着写，例如 -重庆。'],
    ['OR 产教', 'OR 两侧都需要检索词，例如 双高计划 OR 鲁班工坊。要检索英文单词 OR 本身，请加引号："OR"。'],
    ['产教 OR', 'OR 两侧都需要检索词，例如 双高计划 OR 鲁班工坊。要检索英文单词 OR 本身，请加引号："OR"。'],
    ['产教 OR OR 融合', 'OR 两侧都需要检索词，例如 双高计划 OR 鲁班工坊。要检索英文单词 OR 本身，请加引号："OR"。'],
    ['产教 OR -重庆', '排除条件（以 - 开头）不能用 OR 连接；请分别写出，例如 -福建 -四川。'],
    ['产教 OR kind:notice', 'OR 只能连接同类条件：检索词和检索词，或筛选条件和筛选条件，例如 双高计划 OR 鲁班工坊、kind:notice OR kind:plan。'],
    ['产教 region:', '筛选条件 region: 后面缺少取值，例如 region:重庆。'],
    ['产教 kind:law', '未知的文档类型 kind:law。可用的类型：notice（通知）、plan（规划/方案）、opinion（意见）、news（新闻）、commentary（评论）、paper（论文）、web-article（网络文章）、other（其他）。'],
    ['产教 year:23', 'year: 的取值应为四位年份（如 year:2023）或年份区间（如 year:2021-2025），而不是 “23”。'],
    ['产教 year:2025-2021', '年份区间 year:2025-2021 的起始年份晚于结束年份，请写成 year:2021-2025。'],
    ['"\u200b"', '检索词 “\u200b” 只含空白或不可见字符，请换一个检索词。'],
  ])('refuses %j with a Chinese message', (query, message) => {
    expect(() => parseQuery(query)).toThrow(new QueryError(message));
  });

  it('refuses an over-long query and too many terms', () => {
    expect(() => parseQuery('产'.repeat(1001))).toThrow('检索式过长（1001 个字符），请缩短到 1000 个字符以内。');
    expect(() => parseQuery(Array.from({ length: 33 }, (_, i) => `词${i}`).join(' '))).toThrow('检索式中的检索词和筛选条件过多，最多 32 个。');
  });

  it('throws QueryError with code bad_query and status 400', () => {
    try {
      parseQuery('"产教');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(QueryError);
      expect(e).toMatchObject({ code: 'bad_query', status: 400 });
    }
  });
});
