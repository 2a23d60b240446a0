/** Search (home): search-as-you-type over clauses, facets, paging; the document list when idle. */

import {
  errorMessage,
  fetchDocuments,
  isAbortError,
  searchClauses,
  type DocumentSummary,
  type SearchHit,
  type SearchResult,
} from './api.ts';
import { debounce, h, replaceChildren, statusBox } from './dom.ts';
import { kindLabel, UNTITLED } from './labels.ts';
import { entityChip, formatMs, highlighted } from './render.ts';
import { docHref, replaceHash, searchHref, type SearchRoute, type View } from './router.ts';

const SEARCH_DEBOUNCE = 250; // ms after the last keystroke
const MAX_CHIPS_PER_HIT = 6;
const MAX_FACET_VALUES = 12;

const FACET_LABELS: Readonly<Record<string, string>> = {
  kind: '类型',
  year: '年份',
  region: '地区',
  institution: '机构',
  program: '项目',
  issuer: '发文机关',
};

/** The last result, so coming back from the reader shows it at once, scrolled where it was. */
let lastVisit: { q: string; result: SearchResult; scrollY: number } | null = null;

export function mountSearchView(root: HTMLElement, route: SearchRoute): View<SearchRoute> {
  const input = h('input', {
    type: 'search',
    id: 'search-input',
    class: 'search-input',
    attrs: {
      placeholder: '搜索政策条款，例如 产教联合体',
      autocomplete: 'off',
      spellcheck: 'false',
      enterkeyhint: 'search',
      'aria-describedby': 'search-help',
    },
  });
  const form = h(
    'form',
    { class: 'search-form', attrs: { role: 'search' } },
    h('label', { class: 'visually-hidden', text: '检索政策条款', attrs: { for: 'search-input' } }),
    input,
  );
  const help = h(
    'p',
    { class: 'search-help', id: 'search-help' },
    '空格分隔表示同时包含；"…" 精确短语；A OR B 任一；-词 排除；可用 kind:notice、year:2023、region:重庆 等条件筛选。',
  );
  const summary = h('p', { class: 'search-summary', attrs: { 'aria-live': 'polite' } });
  const facets = h('div', { class: 'facets' });
  const hitList = h('ol', { class: 'hits' });
  const more = h('div', { class: 'more' });
  const results = h('div', { class: 'results' }, summary, facets, hitList, more);
  const home = h('section', { class: 'home' });
  const view = h('section', { class: 'view search-view' }, form, help, results, home);
  replaceChildren(root, view);

  let query = '';
  let result: SearchResult | null = null;
  let controller: AbortController | null = null;
  let composing = false;
  let homeLoaded = false;

  function showHome(): void {
    results.hidden = true;
    home.hidden = false;
    if (!homeLoaded) {
      homeLoaded = true;
      void loadHome();
    }
  }

  async function loadHome(): Promise<void> {
    replaceChildren(home, h('h2', { text: '已收录文档' }), statusBox('loading', '正在加载文档列表…'));
    try {
      const { documents } = await fetchDocuments();
      replaceChildren(home, h('h2', { text: `已收录文档（${documents.length}）` }), documentList(documents));
    } catch (error) {
      replaceChildren(home, h('h2', { text: '已收录文档' }), statusBox('error', `文档列表加载失败：${errorMessage(error)}`));
    }
  }

  async function run(q: string, offset = 0): Promise<void> {
    controller?.abort();
    query = q;
    if (!q.trim()) {
      result = null;
      replaceHash(searchHref(''));
      showHome();
      return;
    }
    home.hidden = true;
    results.hidden = false;
    if (offset === 0) replaceHash(searchHref(q));
    const current = new AbortController();
    controller = current;
    view.classList.add('is-loading');
    if (!result) replaceChildren(summary, '正在检索…');
    try {
      const page = await searchClauses(q, offset, current.signal);
      if (current !== controller) return;
      result = offset === 0 ? page : { ...page, hits: [...(result?.hits ?? []), ...page.hits] };
      renderResult(result, offset === 0 ? 0 : offset);
    } catch (error) {
      if (isAbortError(error) || current !== controller) return;
      if (offset === 0) {
        result = null;
        replaceChildren(summary);
        replaceChildren(facets);
        replaceChildren(hitList);
        replaceChildren(more, statusBox('error', `检索出错：${errorMessage(error)}`, '请检查检索式后重试。'));
      } else {
        replaceChildren(more, statusBox('error', `加载更多结果失败：${errorMessage(error)}`), loadMoreButton());
      }
    } finally {
      if (current === controller) view.classList.remove('is-loading');
    }
  }

  function renderResult(current: SearchResult, renderFrom: number): void {
    replaceChildren(
      summary,
      `共 ${current.total} 条结果（${formatMs(current.tookMs)} 毫秒）`,
    );
    renderFacets(current.facets ?? {});
    if (renderFrom === 0) replaceChildren(hitList);
    if (current.hits.length === 0) {
      replaceChildren(
        more,
        statusBox('empty', '未找到匹配的条款', '换个说法，或缩短关键词、去掉筛选条件后再试。'),
      );
      return;
    }
    hitList.append(...current.hits.slice(renderFrom).map((hit) => hitItem(hit, query)));
    replaceChildren(more, current.hits.length < current.total ? loadMoreButton() : null);
  }

  function loadMoreButton(): HTMLButtonElement {
    const shown = result?.hits.length ?? 0;
    return h('button', {
      type: 'button',
      class: 'button',
      text: `加载更多（已显示 ${shown} / ${result?.total ?? shown}）`,
      on: { click: () => void run(query, shown) },
    });
  }

  function renderFacets(groups: Record<string, Record<string, number>>): void {
    const tokens = new Set(query.split(/\s+/).filter(Boolean));
    const rows = Object.entries(groups)
      .filter(([, values]) => Object.keys(values).length > 0)
      .map(([field, values]) => {
        const entries = Object.entries(values).sort(([a, ca], [b, cb]) =>
          field === 'year' ? b.localeCompare(a) : cb - ca || a.localeCompare(b),
        );
        return h(
          'div',
          { class: 'facet-row' },
          h('span', { class: 'facet-label', text: FACET_LABELS[field] ?? field }),
          ...entries.slice(0, MAX_FACET_VALUES).map(([value, count]) => {
            const token = `${field}:${value}`;
            const active = tokens.has(token);
            return h(
              'button',
              {
                type: 'button',
                class: `facet${active ? ' active' : ''}`,
                title: active ? `取消筛选 ${token}` : `只看 ${token}`,
                attrs: { 'aria-pressed': String(active) },
                on: { click: () => toggleToken(token) },
              },
              field === 'kind' ? kindLabel(value) : value,
              h('span', { class: 'facet-count', text: String(count) }),
            );
          }),
        );
      });
    replaceChildren(facets, ...rows);
  }

  function toggleToken(token: string): void {
    const tokens = query.split(/\s+/).filter(Boolean);
    const next = tokens.includes(token) ? tokens.filter((t) => t !== token) : [...tokens, token];
    input.value = next.join(' ');
    schedule.cancel();
    void run(input.value);
  }

  const schedule = debounce((q: string) => void run(q), SEARCH_DEBOUNCE);

  input.addEventListener('compositionstart', () => (composing = true));
  input.addEventListener('compositionend', () => {
    composing = false;
    schedule(input.value);
  });
  input.addEventListener('input', () => {
    // Wait for the IME to commit: pinyin letters are not the query.
    if (!composing) schedule(input.value);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    schedule.cancel();
    void run(input.value);
  });

  // First render: reuse the last result when coming back to the same query.
  input.value = route.q;
  if (route.q.trim() && lastVisit?.q === route.q) {
    query = route.q;
    result = lastVisit.result;
    home.hidden = true;
    renderResult(result, 0);
    const scrollY = lastVisit.scrollY;
    requestAnimationFrame(() => window.scrollTo(0, scrollY));
  } else {
    void run(route.q);
  }
  if (!route.q) input.focus();

  return {
    update(next) {
      if (next.q === query) return;
      input.value = next.q;
      schedule.cancel();
      result = null;
      void run(next.q);
    },
    destroy() {
      schedule.cancel();
      controller?.abort();
      lastVisit = result ? { q: query, result, scrollY: window.scrollY } : null;
    },
  };
}

function hitItem(hit: SearchHit, q: string): HTMLLIElement {
  const meta = [kindLabel(hit.kind), hit.docNumber, hit.date].filter((part): part is string => Boolean(part));
  const entities = hit.entities ?? [];
  return h(
    'li',
    { class: 'hit', dataset: { clauseId: hit.clauseId, docId: hit.docId } },
    h('a', { class: 'hit-title', href: docHref(hit.docId, { clause: hit.clauseId, q }), text: hit.title || UNTITLED }),
    h('p', { class: 'hit-text' }, highlighted(hit.text, hit.highlights ?? [])),
    meta.length || hit.kind
      ? h('p', { class: 'hit-meta' }, ...meta.map((part) => h('span', { class: 'meta-item', text: part })))
      : null,
    entities.length
      ? h(
          'div',
          { class: 'hit-entities' },
          h('span', { class: 'hit-entities-label', text: '相关实体' }),
          ...entities.slice(0, MAX_CHIPS_PER_HIT).map(entityChip),
          entities.length > MAX_CHIPS_PER_HIT
            ? h('span', { class: 'chip-more', text: `+${entities.length - MAX_CHIPS_PER_HIT}` })
            : null,
        )
      : null,
  );
}

function documentList(documents: DocumentSummary[]): HTMLElement {
  if (documents.length === 0) {
    return statusBox('empty', '还没有收录任何文档', '请先导入政策文件（npx policy-kg ingest）。');
  }
  const sorted = [...documents].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
  return h(
    'ul',
    { class: 'doc-list' },
    ...sorted.map((doc) =>
      h(
        'li',
        { class: 'doc-item' },
        h('a', { class: 'doc-item-title', href: docHref(doc.id), text: doc.title || `${UNTITLED} ${doc.file}` }),
        h(
          'p',
          { class: 'doc-item-meta' },
          ...[
            kindLabel(doc.kind),
            doc.issuers?.length ? doc.issuers.join('、') : null,
            doc.docNumber,
            doc.date,
            doc.clauseCount !== undefined ? `${doc.clauseCount} 条条款` : null,
            doc.entityCount !== undefined ? `${doc.entityCount} 个实体` : null,
          ]
            .filter((part): part is string => Boolean(part))
            .map((part) => h('span', { class: 'meta-item', text: part })),
        ),
      ),
    ),
  );
}
