/**
 * An entity picker: a combobox over GET /api/entities?q= with keyboard support
 * (↓/↑ move, Enter picks, Escape closes), used for the graph's start, the path ends and
 * the cooperation view.
 */

import { errorMessage, findEntities, isAbortError, type EntitySummary } from './api.ts';
import { debounce, h, replaceChildren } from './dom.ts';
import { entityTypeStyle } from './labels.ts';
import { typeDot } from './render.ts';

const PICKER_DEBOUNCE = 200; // ms
const PICKER_MAX_RESULTS = 12;

export interface PickerOptions {
  placeholder: string;
  label: string;
  /** restricts the search to one entity type */
  type?: string;
  onPick(entity: EntitySummary): void;
  className?: string;
}

export interface EntityPicker {
  element: HTMLElement;
  input: HTMLInputElement;
  /** shows a chosen entity's name in the box (null clears it) */
  setValue(entity: { id: string; name: string } | null): void;
  /** the entity whose name the box shows, if the user has not typed over it */
  value(): { id: string; name: string } | null;
  destroy(): void;
}

let pickerCount = 0;

export function entityPicker(options: PickerOptions): EntityPicker {
  const listId = `picker-list-${++pickerCount}`;
  const input = h('input', {
    type: 'search',
    class: 'picker-input',
    attrs: {
      placeholder: options.placeholder,
      'aria-label': options.label,
      autocomplete: 'off',
      role: 'combobox',
      'aria-autocomplete': 'list',
      'aria-expanded': 'false',
      'aria-controls': listId,
    },
  });
  const list = h('ul', { class: 'picker-results', id: listId, attrs: { role: 'listbox', 'aria-label': options.label } });
  list.hidden = true;
  const element = h('div', { class: `picker ${options.className ?? ''}`.trim() }, input, list);

  let entities: EntitySummary[] = [];
  let active = -1;
  let chosen: { id: string; name: string } | null = null;
  let controller: AbortController | null = null;

  function open(show: boolean): void {
    list.hidden = !show;
    input.setAttribute('aria-expanded', String(show));
    if (!show) input.removeAttribute('aria-activedescendant');
  }

  function setActive(index: number): void {
    const items = [...list.querySelectorAll<HTMLElement>('[role=option]')];
    if (items.length === 0) return;
    active = (index + items.length) % items.length;
    items.forEach((item, i) => item.setAttribute('aria-selected', String(i === active)));
    input.setAttribute('aria-activedescendant', items[active]!.id);
    items[active]!.scrollIntoView({ block: 'nearest' });
  }

  function pick(entity: EntitySummary): void {
    chosen = { id: entity.id, name: entity.name };
    input.value = entity.name;
    open(false);
    options.onPick(entity);
  }

  const lookup = debounce(async (q: string) => {
    controller?.abort();
    if (!q.trim()) {
      open(false);
      return;
    }
    const request = new AbortController();
    controller = request;
    try {
      const found = await findEntities(q.trim(), options.type, request.signal);
      if (request !== controller) return;
      entities = found.entities.slice(0, PICKER_MAX_RESULTS);
      active = -1;
      replaceChildren(
        list,
        ...(entities.length
          ? entities.map((entity, i) => {
              const item = h(
                'li',
                { class: 'entity-option', id: `${listId}-${i}`, attrs: { role: 'option', 'aria-selected': 'false' }, dataset: { entityId: entity.id } },
                typeDot(entity.type),
                h('span', { class: 'option-name', text: entity.name }),
                h('span', {
                  class: 'muted option-meta',
                  text: `${entityTypeStyle(entity.type).label}${entity.mentionCount !== undefined ? ` · ${entity.mentionCount} 次` : ''}`,
                }),
              );
              // mousedown, not click: the input's blur would close the list first
              item.addEventListener('mousedown', (event) => {
                event.preventDefault();
                pick(entity);
              });
              return item;
            })
          : [h('li', { class: 'muted picker-empty', text: `没有名称包含“${q.trim()}”的实体` })]),
      );
      open(true);
    } catch (error) {
      if (isAbortError(error)) return;
      replaceChildren(list, h('li', { class: 'picker-empty picker-error', text: `查找失败：${errorMessage(error)}` }));
      open(true);
    }
  }, PICKER_DEBOUNCE);

  input.addEventListener('input', () => {
    chosen = null;
    lookup(input.value);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (list.hidden) return;
      event.preventDefault();
      setActive(active + (event.key === 'ArrowDown' ? 1 : -1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const entity = entities[active] ?? entities[0];
      if (entity && !list.hidden) pick(entity);
    } else if (event.key === 'Escape') {
      open(false);
    }
  });
  input.addEventListener('blur', () => setTimeout(() => open(false), 100));

  return {
    element,
    input,
    setValue(entity) {
      chosen = entity ? { id: entity.id, name: entity.name } : null;
      input.value = entity?.name ?? '';
    },
    value: () => (chosen && input.value === chosen.name ? chosen : null),
    destroy() {
      lookup.cancel();
      controller?.abort();
    },
  };
}
