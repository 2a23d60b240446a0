import { describe, expect, it } from 'vitest';
import { typesetRuns } from '../../web/src/typeset.ts';

const kept = (text: string) => typesetRuns(text).filter((r) => r.keep).map((r) => r.text);

describe('typesetRuns', () => {
  it('rejoins to the text', () => {
    const text = '根据渝府发〔2023〕22号，到2025年建成《职业教育法》规定的100个基地，占比90%以上。';
    expect(typesetRuns(text).map((r) => r.text).join('')).toBe(text);
  });

  it('keeps document numbers, numbers with units, dates and codes whole', () => {
    expect(kept('渝府发〔2023〕22号')).toEqual(['渝府发〔2023〕22号']);
    expect(kept('到2025年达到90%以上')).toEqual(['2025年', '90%']);
    expect(kept('2023-12-27印发')).toEqual(['2023-12-27']);
    expect(kept('构建2+6+X产业体系')).toEqual(['2+6+X']);
  });

  it('keeps a short 《》 title whole and lets a long one wrap', () => {
    expect(kept('依据《职业教育法》')).toEqual(['《职业教育法》']);
    expect(kept('印发《深化现代职业教育体系改革服务成渝地区双城经济圈建设实施方案》')).toEqual([]);
  });

  it('does not wrap plain words or single digits', () => {
    expect(kept('OR 和 kind 第3条')).toEqual([]);
  });
});
