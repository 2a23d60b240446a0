/**
 * Search workbench (home): search-as-you-type over clauses, facets that add `field:value`
 * filters to the query, pages, keyboard navigation (↓/↑ through hits, Enter opens, / focuses
 * the box), and the document list when the box is empty. The address bar holds the whole
 * state (`#/search?q=…&page=…`), so a search can be shared.
 */

import {
  ApiError,
  CORPUS_CHANGED_EVENT,
  errorMessage,
  fetchDocumentIndex,
  isAbortError,
  SEARCH_PAGE_SIZE,
  searchClauses,
  type DocumentSummary,
  type SearchHit,
  type SearchResult,
} from './api.ts';
import { debounce, h, replaceChildren, statusBox } from './dom.ts';
import { kindLabel, UNTITLED } from './labels.ts';
import { filterTokens, pageWindow, queryTokens, toggleFilter, withoutFilters } from './query-edit.ts';
import { entityChip, formatMs, highlighted, typeset } from './render.ts';
import { docHref, graphHref, replaceHash, searchHref, type SearchRoute, type View } from './router.ts';

const SEARCH_DEBOUNCE = 250; // ms after the last keystroke
const MAX_CHIPS_PER_HIT = 6;
const MAX_FACET_VALUES = 8; // per facet before "more"

const FACET_LABELS: Readonly<Record<string, string>> = {
  kind: '类型',
  year: '年份',
  issuer: '发文机关',
  region: '地区',
  institution: '机构',
  program: '项目/计划',
};
const FACET_ORDER = ['kind', 'year', 'issuer', 'region', 'program', 'institution'];

/** Query syntax, shown in the help panel; each example can be tried with one click. */
const SYNTAX_HELP: readonly { syntax: string; meaning: string; example: string }[] = [
  { syntax: '词 词', meaning: '空格分隔：同时包含所有词', example: '产教联合体 重庆' },
  { syntax: '"短语"', meaning: '引号：按原样连续出现（可含空格）', example: '"双城经济圈"' },
  { syntax: 'A OR B', meaning: '任一：包含 A 或 B', example: '双高计划 OR 产教联合体' },
  { syntax: '-词', meaning: '排除：不含该词的条款', example: '职业教育 -重庆' },
  { syntax: 'kind:类型', meaning: '文档类型：notice 通知、plan 规划/方案、news 新闻等', example: '产教融合 kind:notice' },
  { syntax: 'year:年份', meaning: '年份或区间', example: '职业教育 year:2021-2025' },
  { syntax: 'region: / institution: / program: / issuer:', meaning: '地区、机构、项目、发文机关', example: '产教融合 region:重庆' },
];

/** The last page shown, so coming back from the reader shows it at once, scrolled where it was. */
let lastVisit: { q: string; page: number; result: SearchResult; scrollY: number } | null = null;
// An upload or a delete makes that page stale.
window.addEventListener(CORPUS_CHANGED_EVENT, () => (lastVisit = null));

export function mountSearchView(root: HTMLElement, route: SearchRoute): View<SearchRoute> {
  const input = h('input', {
    type: 'search',
    id: 'search-input',
    class: 'search-input',
    attrs: {
      placeholder: '搜索政策条款，例如 产教联合体、渝府发〔2023〕22号',
      autocomplete: 'off',
      spellcheck: 'false',
      enterkeyhint: 'search',
      'aria-describedby': 'search-help',
      'aria-keyshortcuts': '/',
      'aria-controls': 'search-hits',
    },
  });
  const form = h(
    'form',
    { class: 'search-form', attrs: { role: 'search' } },
    h('label', { class: 'visually-hidden', text: '检索政策条款', attrs: { for: 'search-input' } }),
    input,
  );
  const help = syntaxHelp((example) => {
    input.value = example;
    input.focus();
    schedule.cancel();
    void run(example, 1, 'push');
  });
  const summary = h('p', { class: 'search-summary', attrs: { 'aria-live': 'polite' } });
  const graphButton = h('span', { class: 'graph-from-search' });
  const activeFilters = h('div', { class: 'active-filters' });
  const facets = h('div', { class: 'facets', attrs: { 'aria-label': '按条件筛选' } });
  const facetBox = h(
    'details',
    { class: 'facet-box' },
    h('summary', { class: 'facet-box-title', text: '筛选' }),
    facets,
  );
  // Open beside the hits on wide screens; folded above them on narrow ones, so that hits come first.
  facetBox.open = window.matchMedia('(min-width: 900px)').matches;
  const hitList = h('ol', { class: 'hits', id: 'search-hits', attrs: { 'aria-label': '检索结果' } });
  const pager = h('nav', { class: 'pager', attrs: { 'aria-label': '结果分页' } });
  const message = h('div', { class: 'search-message' });
  const results = h(
    'div',
    { class: 'results' },
    h('div', { class: 'results-head' }, summary, graphButton, activeFilters),
    h('div', { class: 'results-body' }, facetBox, h('div', { class: 'results-main' }, message, hitList, pager)),
  );
  const home = h('section', { class: 'home' });
  const view = h(
    'section',
    { class: 'view search-view' },
    h('div', { class: 'search-top' }, form, help),
    results,
    home,
  );
  replaceChildren(root, view);

  let query = '';
  let page = 1;
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
      const index = await fetchDocumentIndex();
      const list = [...index.values()];
      replaceChildren(home, h('h2', { text: `已收录文档（${list.length}）` }), documentList(list));
    } catch (error) {
      replaceChildren(home, h('h2', { text: '已收录文档' }), statusBox('error', `文档列表加载失败：${errorMessage(error)}`));
    }
  }

  /**
   * Runs a search and shows one page. `history`: `replace` while typing (one entry per
   * search, not per keystroke), `push` for pages and facets (Back undoes them).
   */
  async function run(q: string, pageNumber = 1, history: 'replace' | 'push' | 'none' = 'replace'): Promise<void> {
    controller?.abort();
    query = q;
    page = pageNumber;
    const href = searchHref(q, pageNumber);
    if (history === 'push' && location.hash !== href) {
      location.hash = href; // the hashchange comes back to update(), which sees nothing new
    } else if (history === 'replace') {
      replaceHash(href);
    }
    if (!q.trim()) {
      result = null;
      showHome();
      return;
    }
    home.hidden = true;
    results.hidden = false;
    const current = new AbortController();
    controller = current;
    view.classList.add('is-loading');
    if (!result) replaceChildren(summary, '正在检索…');
    try {
      const found = await searchClauses(q, (pageNumber - 1) * SEARCH_PAGE_SIZE, current.signal);
      if (current !== controller) return;
      result = found;
      renderResult(found);
    } catch (error) {
      if (isAbortError(error) || current !== controller) return;
      result = null;
      replaceChildren(summary);
      replaceChildren(graphButton);
      replaceChildren(facets);
      replaceChildren(hitList);
      replaceChildren(pager);
      renderActiveFilters();
      const badQuery = error instanceof ApiError && error.status === 400;
      replaceChildren(
        message,
        badQuery
          ? statusBox('error', `检索式有误：${errorMessage(error)}`, '可展开上方“检索语法”查看写法。')
          : statusBox('error', `检索出错：${errorMessage(error)}`, '请稍后重试；若问题持续，请联系管理员。'),
      );
    } finally {
      if (current === controller) view.classList.remove('is-loading');
    }
  }

  function pages(current: SearchResult): number {
    return Math.max(1, Math.ceil(current.total / SEARCH_PAGE_SIZE));
  }

  function renderResult(current: SearchResult): void {
    const pageCount = pages(current);
    replaceChildren(summary, `共 ${current.total} 条结果（${formatMs(current.tookMs)} 毫秒）`);
    summary.title = pageCount > 1 ? `第 ${page} / ${pageCount} 页` : '';
    replaceChildren(
      graphButton,
      pageCount > 1 ? h('span', { class: 'muted page-of', text: `第 ${page} / ${pageCount} 页` }) : null,
      current.total > 0
        ? h('a', {
            class: 'button subtle',
            href: graphHref(null, { q: query }),
            text: '关系图',
            title: '在关系图中查看这些结果涉及的实体',
          })
        : null,
    );
    renderActiveFilters();
    renderFacets(current.facets ?? {});
    replaceChildren(message);
    replaceChildren(hitList);
    replaceChildren(pager);
    if (current.hits.length === 0) {
      const filters = filterTokens(query);
      replaceChildren(
        message,
        page > 1 && current.total > 0
          ? statusBox('empty', `第 ${page} 页没有结果`, `共 ${current.total} 条结果，只有 ${pageCount} 页。`)
          : statusBox(
              'empty',
              '未找到匹配的条款',
              filters.length
                ? '去掉部分筛选条件，或换个说法后再试。'
                : '换个说法，或缩短关键词后再试；也可以用 OR 连接近义词。',
            ),
      );
      if (page > 1 && current.total > 0) renderPager(pageCount);
      return;
    }
    hitList.append(...current.hits.map((hit, i) => hitItem(hit, query, (page - 1) * SEARCH_PAGE_SIZE + i + 1)));
    renderPager(pageCount);
  }

  function renderPager(pageCount: number): void {
    if (pageCount <= 1) return;
    const link = (target: number, label: string, rel?: string) =>
      h('a', {
        class: `page-link${target === page ? ' current' : ''}`,
        href: searchHref(query, target),
        text: label,
        attrs: {
          ...(target === page ? { 'aria-current': 'page' } : {}),
          ...(rel ? { rel } : {}),
          'aria-label': rel === 'prev' ? '上一页' : rel === 'next' ? '下一页' : `第 ${target} 页`,
        },
      });
    replaceChildren(
      pager,
      page > 1 ? link(page - 1, '‹ 上一页', 'prev') : h('span', { class: 'page-link disabled', text: '‹ 上一页' }),
      ...pageWindow(page, pageCount).map((item) =>
        item === 'gap' ? h('span', { class: 'page-gap', text: '…' }) : link(item, String(item)),
      ),
      page < pageCount ? link(page + 1, '下一页 ›', 'next') : h('span', { class: 'page-link disabled', text: '下一页 ›' }),
    );
  }

  function renderActiveFilters(): void {
    const filters = filterTokens(query);
    if (filters.length === 0) {
      replaceChildren(activeFilters);
      return;
    }
    replaceChildren(
      activeFilters,
      h('span', { class: 'muted', text: '筛选条件：' }),
      ...filters.map((filter) =>
        h(
          'button',
          {
            type: 'button',
            class: `filter-chip${filter.negated ? ' negated' : ''}`,
            title: `去掉条件 ${filter.token}`,
            on: { click: () => setQuery(queryWithout(filter.token)) },
          },
          `${filter.negated ? '排除 ' : ''}${FACET_LABELS[filter.field] ?? filter.field}：${filter.field === 'kind' ? kindLabel(filter.value) : filter.value}`,
          h('span', { class: 'filter-chip-x', text: '×', attrs: { 'aria-hidden': 'true' } }),
        ),
      ),
      filters.length > 1
        ? h('button', { type: 'button', class: 'link-button', text: '清除全部', on: { click: () => setQuery(withoutFilters(query)) } })
        : null,
    );
  }

  function queryWithout(token: string): string {
    return queryTokens(query)
      .filter((t) => t !== token)
      .join(' ');
  }

  function renderFacets(groups: Record<string, Record<string, number>>): void {
    const fields = [...FACET_ORDER.filter((f) => groups[f]), ...Object.keys(groups).filter((f) => !FACET_ORDER.includes(f))];
    const active = filterTokens(query);
    const rows = fields
      .filter((field) => Object.keys(groups[field] ?? {}).length > 0)
      .map((field) => {
        const values = groups[field]!;
        const entries = Object.entries(values).sort(([a, ca], [b, cb]) =>
          field === 'year' ? b.localeCompare(a) : cb - ca || a.localeCompare(b, 'zh-CN'),
        );
        const buttons = entries.map(([value, count], index) => {
          const on = active.some((f) => !f.negated && f.field === field && f.value === value);
          const button = h(
            'button',
            {
              type: 'button',
              class: `facet${on ? ' active' : ''}`,
              title: on ? `取消筛选 ${field}:${value}` : `只看 ${field}:${value}`,
              attrs: { 'aria-pressed': String(on) },
              on: { click: () => setQuery(toggleFilter(query, field, value)) },
            },
            h('span', { class: 'facet-value' }, typeset(field === 'kind' ? kindLabel(value) : value)),
            h('span', { class: 'facet-count', text: String(count) }),
          );
          button.hidden = index >= MAX_FACET_VALUES && !on;
          return button;
        });
        const hiddenCount = buttons.filter((b) => b.hidden).length;
        const more = hiddenCount
          ? h('button', {
              type: 'button',
              class: 'link-button facet-more',
              text: `更多 ${hiddenCount} 项`,
              on: {
                click: (event) => {
                  buttons.forEach((b) => (b.hidden = false));
                  (event.currentTarget as HTMLElement).remove();
                },
              },
            })
          : null;
        return h(
          'section',
          { class: 'facet-group', attrs: { 'aria-label': FACET_LABELS[field] ?? field } },
          h('h3', { class: 'facet-label', text: FACET_LABELS[field] ?? field }),
          h('div', { class: 'facet-values' }, ...buttons, more),
        );
      });
    replaceChildren(facets, ...(rows.length ? rows : [h('p', { class: 'muted', text: '没有可用的筛选项。' })]));
  }

  /** A facet or filter change: a new search from page 1, and a history entry. */
  function setQuery(next: string): void {
    input.value = next;
    schedule.cancel();
    void run(next, 1, 'push');
  }

  const schedule = debounce((q: string) => void run(q, 1, 'replace'), SEARCH_DEBOUNCE);

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
    if (input.value !== query || !result) void run(input.value, 1, 'replace');
    else focusHit(0);
  });

  // Keyboard: ↓ from the box enters the hits, ↑/↓ move between hits, ↑ on the first goes back.
  const hitLinks = () => [...hitList.querySelectorAll<HTMLAnchorElement>('.hit-title')];
  function focusHit(index: number): void {
    const links = hitLinks();
    const link = links[Math.max(0, Math.min(index, links.length - 1))];
    if (!link) return;
    link.focus();
    link.closest('.hit')?.scrollIntoView({ block: 'nearest' });
  }
  input.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' && !composing && hitLinks().length) {
      event.preventDefault();
      focusHit(0);
    }
  });
  hitList.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const links = hitLinks();
    const at = links.findIndex((link) => link.closest('.hit')?.contains(document.activeElement));
    if (at === -1) return;
    event.preventDefault();
    if (event.key === 'ArrowUp' && at === 0) input.focus();
    else focusHit(at + (event.key === 'ArrowDown' ? 1 : -1));
  });

  // First render: reuse the last page when coming back to the same search.
  input.value = route.q;
  if (route.q.trim() && lastVisit?.q === route.q && lastVisit.page === route.page) {
    query = route.q;
    page = route.page;
    result = lastVisit.result;
    home.hidden = true;
    renderResult(result);
    const scrollY = lastVisit.scrollY;
    requestAnimationFrame(() => window.scrollTo(0, scrollY));
  } else {
    void run(route.q, route.page, 'none');
  }
  if (!route.q) input.focus();

  return {
    update(next) {
      if (next.q === query && next.page === page) return;
      input.value = next.q;
      schedule.cancel();
      void run(next.q, next.page, 'none');
    },
    destroy() {
      schedule.cancel();
      controller?.abort();
      lastVisit = result ? { q: query, page, result, scrollY: window.scrollY } : null;
    },
  };
}

function syntaxHelp(tryExample: (example: string) => void): HTMLElement {
  return h(
    'details',
    { class: 'syntax-help', id: 'search-help' },
    h('summary', { text: '检索语法' }),
    h(
      'table',
      { class: 'syntax-table' },
      h('thead', {}, h('tr', {}, h('th', { text: '写法' }), h('th', { text: '含义' }), h('th', { text: '示例（点击试用）' }))),
      h(
        'tbody',
        {},
        ...SYNTAX_HELP.map((row) =>
          h(
            'tr',
            {},
            h('td', {}, h('code', { text: row.syntax })),
            h('td', { text: row.meaning }),
            h(
              'td',
              {},
              h('button', { type: 'button', class: 'link-button', text: row.example, on: { click: () => tryExample(row.example) } }),
            ),
          ),
        ),
      ),
    ),
    h(
      'p',
      { class: 'muted' },
      '繁简体、全角半角视为相同；检索词至少两个字时，包含它的每一条条款都会被找到。快捷键：/ 聚焦检索框，↓/↑ 在结果间移动，Enter 打开。',
    ),
  );
}

function hitItem(hit: SearchHit, q: string, rank: number): HTMLLIElement {
  const entities = hit.entities;
  const meta: [string, string | null | undefined][] = [
    ['类型', kindLabel(hit.kind)],
    ['发文字号', hit.docNumber],
    ['发文机关', hit.issuers.length ? hit.issuers.join('、') : null],
    ['日期', hit.date],
  ];
  return h(
    'li',
    { class: 'hit', dataset: { clauseId: hit.clauseId, docId: hit.docId }, attrs: { 'aria-posinset': String(rank) } },
    h(
      'a',
      { class: 'hit-title', href: docHref(hit.docId, { clause: hit.clauseId, q }) },
      typeset(hit.title || UNTITLED),
    ),
    h(
      'p',
      { class: 'hit-meta' },
      ...meta
        .filter((part): part is [string, string] => Boolean(part[1]))
        .map(([label, value]) => h('span', { class: 'meta-item', title: label, dataset: { meta: label } }, typeset(value))),
    ),
    h('p', { class: 'hit-text' }, highlighted(hit.text, hit.highlights ?? [])),
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
    return statusBox('empty', '还没有收录任何文档', '管理员可在“文档库”中上传政策文件。');
  }
  const sorted = [...documents].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
  return h(
    'ul',
    { class: 'doc-list' },
    ...sorted.map((doc) =>
      h(
        'li',
        { class: 'doc-item' },
        h('a', { class: 'doc-item-title', href: docHref(doc.id) }, typeset(doc.title || `${UNTITLED} ${doc.file}`)),
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
            .map((part) => h('span', { class: 'meta-item' }, typeset(part))),
        ),
      ),
    ),
  );
}
