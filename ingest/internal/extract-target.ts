import type { Target } from '../record.js';
import type { ClauseView } from './extract-tokens.js';

const TARGET =
  /(?:到|至|截至)?(20\d{2})年[^。；]{0,60}?(?:达到|达|超过|提高到|提升至|提升到|增至|建设|建成|组建|打造|培育|遴选|开设|新增|累计|不低于|不少于)[^。；\d]{0,20}?(\d+(?:\.\d+)?)\s*(%|％|个|所|门|家|项|名|人|万人|亿元|万元|万亩|条|支|套|本|种|批|座)(左右|以上|以内|以下)?/g;

/** Explicit quantitative goals: "到2025年…比例达到90%以上", "建设…100门左右". */
export function extractTargets(views: ClauseView[]): Target[] {
  const targets: Target[] = [];
  for (const clause of views) {
    const s = clause.text;
    for (const m of s.matchAll(TARGET)) {
      const quantity = `${m[2]}${m[3].replace('％', '%')}${m[4] ?? ''}`;
      const start = clause.offset + m.index!;
      const verb = s.slice(m.index!, m.index! + m[0].length).match(/(?:建设|建成|组建|打造|培育|遴选|开设|新增)([^\d，,]{0,20})$/);
      targets.push({
        id: `${clause.id}/t${targets.length}`,
        clauseId: clause.id,
        text: s.slice(m.index!, m.index! + m[0].length),
        year: Number(m[1]),
        quantity,
        subject: verb?.[1]?.trim() || null,
        start,
        end: start + m[0].length,
      });
    }
  }
  return targets;
}
