/** Rendering pieces shared by the views. */

import type { EntityRef } from './api.ts';
import { h } from './dom.ts';
import { entityTypeStyle } from './labels.ts';
import { graphHref } from './router.ts';
import { splitByRanges } from './spans.ts';
import { typesetRuns } from './typeset.ts';

/** Appends `text` as text nodes, numbers, 文号 and short 《》 titles in unbreakable spans. */
export function appendTypeset(parent: Node, text: string): void {
  for (const run of typesetRuns(text)) {
    parent.appendChild(run.keep ? h('span', { class: 'nw', text: run.text }) : document.createTextNode(run.text));
  }
}

/** `text` typeset as one fragment (see appendTypeset). */
export function typeset(text: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  appendTypeset(fragment, text);
  return fragment;
}

/** `text` with each range wrapped in `<mark>`, built from text nodes only. */
export function highlighted(text: string, ranges: readonly (readonly number[])[]): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const run of splitByRanges(text, ranges)) {
    if (run.marked) fragment.appendChild(h('mark', {}, typeset(run.text)));
    else appendTypeset(fragment, run.text);
  }
  return fragment;
}

/** A coloured dot for an entity type. */
export function typeDot(type: string | null | undefined): HTMLElement {
  const style = entityTypeStyle(type);
  const dot = h('span', { class: 'type-dot', title: style.label, attrs: { 'aria-hidden': 'true' } });
  dot.style.setProperty('--type-color', style.color);
  return dot;
}

/** The link that opens the graph explorer at an entity (CONTRACT.md UI hook: labelled 图谱). */
export function graphLink(entity: EntityRef, className = 'graph-link'): HTMLAnchorElement {
  return h('a', {
    class: className,
    href: graphHref(entity.id),
    text: '图谱',
    title: `在关系图谱中查看“${entity.name}”`,
    dataset: { entityId: entity.id },
  });
}

/** An entity chip: type dot, name, and a 图谱 link. */
export function entityChip(entity: EntityRef): HTMLElement {
  const style = entityTypeStyle(entity.type);
  return h(
    'span',
    { class: 'chip', title: `${style.label}：${entity.name}` },
    typeDot(entity.type),
    h('span', { class: 'chip-name', text: entity.name }),
    graphLink(entity, 'chip-graph'),
  );
}

/** Formats a server timing: one decimal below 10 ms, whole numbers above. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '—';
  return ms < 10 ? ms.toFixed(1) : String(Math.round(ms));
}
