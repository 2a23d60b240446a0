import { beforeAll, describe, expect, it } from 'vitest';
import { loadSeedRecords, randomOf } from '../../bench/scale-corpus.js';
import { matchFormOf, matchFormWithOrigin, normalizeForMatch } from '../../lang/index.js';

let texts: string[];
beforeAll(async () => {
  texts = (await loadSeedRecords()).flatMap((r) => r.clauses.map((c) => r.text.slice(c.start, c.end)));
  texts.push('到 2025 年，ＡＩ  應用 big  data\u200b 乾隆 “雙高計劃” 3.5%');
});

describe('normalizeForMatch', () => {
  it('folds width, case and traditional characters one unit for one unit', () => {
    expect(normalizeForMatch('產教聯合體３３６１８ＡＩ')).toBe('产教联合体33618ai');
    expect(normalizeForMatch('a,b:c')).toBe('a，b：c');
    for (const t of texts) expect(normalizeForMatch(t)).toHaveLength(t.length);
  });
});

describe('matchFormOf', () => {
  it('drops whitespace next to Chinese and at the ends, and keeps one space between Latin words', () => {
    expect(matchFormOf(' 到 2025 年，ＡＩ  应用 ')).toBe('到2025年，ai应用');
    expect(matchFormOf('Big \t Data')).toBe('big data');
    expect(matchFormOf('重庆\u200b市\u3000教委')).toBe('重庆市教委');
  });

  it('is idempotent', () => {
    for (const t of texts) expect(matchFormOf(matchFormOf(t))).toBe(matchFormOf(t));
  });

  it('maps any substring of a text to a substring of the text’s form', () => {
    const random = randomOf(7);
    for (let i = 0; i < 2000; i++) {
      const t = texts[Math.floor(random() * texts.length)];
      const at = Math.floor(random() * t.length);
      const s = t.slice(at, at + 1 + Math.floor(random() * 12));
      expect(matchFormOf(t).includes(matchFormOf(s)), JSON.stringify([t, s])).toBe(true);
    }
  });
});

describe('matchFormWithOrigin', () => {
  it('gives the same form and the original offset of each of its characters', () => {
    for (const t of texts) {
      const { form, origin } = matchFormWithOrigin(t);
      expect(form).toBe(matchFormOf(t));
      expect(origin[form.length]).toBe(t.length);
      for (let i = 0; i < form.length; i++) {
        if (form[i] !== ' ') expect(normalizeForMatch(t[origin[i]])).toBe(form[i]);
        if (i > 0) expect(origin[i]).toBeGreaterThan(origin[i - 1]);
      }
    }
  });
});
