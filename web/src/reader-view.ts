/**
 * Document reader: metadata, table of contents, the text clause by clause (each clause
 * element's id is the clause id), entity mentions and query terms marked, and the
 * document's entities with links into the graph explorer.
 */

import {
  errorMessage,
  fetchCitations,
  fetchDocument,
  isAbortError,
  type ArticleRef,
  type Citations,
  type DocEntity,
  type PolicyDocument,
  type Section,
} from './api.ts';
import { h, replaceChildren, statusBox } from './dom.ts';
import { ENTITY_TYPES, entityTypeStyle, kindLabel, UNTITLED } from './labels.ts';
import { extractQueryTerms, findTermRanges } from './query-terms.ts';
import { appendTypeset, graphLink, typeDot, typeset } from './render.ts';
import { docHref, graphHref, replaceHash, searchHref, type DocRoute, type View } from './router.ts';
import { layerRuns, normalizeRanges, pickNonOverlapping, type Range, type Tagged } from './spans.ts';

const ENTITY_LIST_PREVIEW = 15; // entities shown before "show all"
const FLASH_DURATION = 2000; // ms, matches the CSS animation
const SCROLL_SPY_LINE = 0.4; // of the window height from the top: the line that counts as "reading here"

/** A cited policy and the corpus articles holding its text (empty when not in the corpus). */
interface Citation {
  entity: DocEntity;
  documents: ArticleRef[];
  /** the article itself publishes the cited text (关于印发《X》的通知 citing X) */
  self: boolean;
}

export function mountReaderView(root: HTMLElement, route: DocRoute): View<DocRoute> {
  const view = h('section', { class: 'view reader-view' });
  replaceChildren(root, view);

  let current = route;
  let doc: PolicyDocument | null = null;
  let links: Citations | null = null;
  let article: HTMLElement | null = null;
  let controller: AbortController | null = null;
  let stopScrollSpy: (() => void) | null = null;

  async function load(): Promise<void> {
    controller?.abort();
    const request = new AbortController();
    controller = request;
    doc = null;
    replaceChildren(view, statusBox('loading', '正在加载文档…'));
    try {
      const [loaded, citations] = await Promise.all([
        fetchDocument(current.id, request.signal),
        // the text is worth showing even when its citation links cannot be had
        fetchCitations(current.id, request.signal).catch(() => null),
      ]);
      if (request !== controller) return;
      doc = loaded;
      links = citations;
      render();
    } catch (error) {
      if (isAbortError(error) || request !== controller) return;
      replaceChildren(
        view,
        statusBox('error', `文档加载失败：${errorMessage(error)}`, '文档可能已被删除，或链接有误。'),
        h('p', {}, h('a', { href: searchHref(current.q), text: '← 返回检索' })),
      );
    }
  }

  function render(): void {
    if (!doc) return;
    document.title = `${doc.title || UNTITLED} · 政策知识图谱`;
    const citations = citationsOf(doc, links);
    article = renderText(doc, extractQueryTerms(current.q), citations, current.q);
    article.addEventListener('click', onTextClick);
    const side = h(
      'aside',
      { class: 'doc-side', attrs: { 'aria-label': '实体、引用与目标' } },
      entityPanel(doc, article),
      citationPanel(citations, article),
      citedByPanel(links),
      targetPanel(doc, current.q),
      warningPanel(doc),
    );
    const toc = tocPanel(doc, current.q);
    replaceChildren(view, h('div', { class: 'reader-body' }, header(doc, current.q), toc, article, side));
    stopScrollSpy?.();
    stopScrollSpy = scrollSpy(toc, article);
    focusClause(current.clause, false);
  }

  function onTextClick(event: MouseEvent): void {
    const target = event.target as Element;
    if (target.closest('a')) return; // anchors and citation links navigate by themselves
    const mark = target.closest('mark.ent');
    if (mark instanceof HTMLElement && mark.dataset.entity) revealEntityInList(mark.dataset.entity);
    const clause = target.closest('.clause');
    if (clause instanceof HTMLElement && doc && !window.getSelection()?.toString()) {
      current = { ...current, clause: clause.id };
      replaceHash(docHref(doc.id, { clause: clause.id, q: current.q }));
      setCurrentClause(clause);
    }
  }

  function setCurrentClause(element: HTMLElement): void {
    article?.querySelectorAll('.clause.current').forEach((el) => el.classList.remove('current'));
    element.classList.add('current');
  }

  function focusClause(clauseId: string | null, smooth: boolean): void {
    if (!clauseId || !article) return;
    const element = article.querySelector<HTMLElement>(`#${CSS.escape(clauseId)}`);
    if (!element) {
      article.prepend(statusBox('empty', `未在本文中找到条款 ${clauseId}`, '文档可能已重新导入，条款编号已变化。'));
      return;
    }
    setCurrentClause(element);
    element.classList.remove('flash');
    void element.offsetWidth; // restart the animation
    element.classList.add('flash');
    setTimeout(() => element.classList.remove('flash'), FLASH_DURATION);
    requestAnimationFrame(() => element.scrollIntoView({ block: 'center', behavior: smooth ? 'smooth' : 'auto' }));
  }

  function revealEntityInList(entityId: string): void {
    const item = view.querySelector<HTMLElement>(`.entity-item[data-entity-id="${CSS.escape(entityId)}"]`);
    if (!item) return;
    item.hidden = false;
    item.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    item.classList.remove('flash');
    void item.offsetWidth;
    item.classList.add('flash');
  }

  void load();

  return {
    update(next) {
      const sameDoc = next.id === current.id;
      const sameQuery = next.q === current.q;
      current = next;
      if (!sameDoc || !doc) return void load();
      if (!sameQuery) render();
      else focusClause(next.clause, true);
    },
    destroy() {
      controller?.abort();
      stopScrollSpy?.();
      document.title = '政策知识图谱';
    },
  };
}

function header(doc: PolicyDocument, q: string): HTMLElement {
  const facts: [string, string | null][] = [
    ['类型', kindLabel(doc.kind)],
    ['发文机关', doc.issuers?.length ? doc.issuers.join('、') : null],
    ['作者', doc.authors?.length ? doc.authors.join('、') : null],
    ['发文字号', doc.docNumber],
    ['日期', doc.date],
    ['来源', doc.source],
    ['文件', doc.file],
  ];
  const extra = doc as PolicyDocument & { keywords?: string[]; abstract?: string | null };
  return h(
    'header',
    { class: 'doc-header' },
    h(
      'p',
      { class: 'doc-header-links' },
      h('a', { class: 'back-link', href: searchHref(q), text: q ? `← 返回“${q}”的检索结果` : '← 返回检索' }),
      h('a', {
        class: 'button subtle',
        href: graphHref(doc.id),
        text: '关系图',
        title: '在关系图中查看本文涉及的实体',
        dataset: { entityId: doc.id },
      }),
    ),
    h('h1', { class: 'doc-title' }, typeset(doc.title || UNTITLED)),
    h(
      'dl',
      { class: 'doc-facts' },
      ...facts
        .filter((fact): fact is [string, string] => Boolean(fact[1]))
        .map(([label, value]) => h('div', { class: 'fact' }, h('dt', { text: label }), h('dd', {}, typeset(value)))),
    ),
    extra.keywords?.length
      ? h('p', { class: 'doc-keywords' }, h('span', { class: 'muted', text: '关键词：' }), extra.keywords.join('；'))
      : null,
    extra.abstract
      ? h('details', { class: 'doc-abstract' }, h('summary', { text: '摘要' }), h('p', {}, typeset(extra.abstract)))
      : null,
  );
}

interface TocNode {
  section: Section;
  children: TocNode[];
}

/** The heading tree: sections with a heading, nested by `parent` (level 0 is the article itself). */
function headingTree(doc: PolicyDocument): TocNode[] {
  const headed = doc.sections.filter((section) => section.heading?.trim() && section.level > 0);
  const byId = new Map(headed.map((section) => [section.id, { section, children: [] as TocNode[] }]));
  const roots: TocNode[] = [];
  for (const section of [...headed].sort((a, b) => a.start - b.start)) {
    const node = byId.get(section.id)!;
    // climb to the nearest ancestor that is in the tree (a parent without heading is skipped)
    let parentId = section.parent;
    let parent: TocNode | undefined;
    while (parentId && !(parent = byId.get(parentId))) {
      parentId = doc.sections.find((s) => s.id === parentId)?.parent ?? null;
    }
    (parent ? parent.children : roots).push(node);
  }
  return roots;
}

function tocPanel(doc: PolicyDocument, q: string): HTMLElement {
  const clauses = [...doc.clauses].sort((a, b) => a.start - b.start);
  const firstClause = (section: Section) =>
    clauses.find((clause) => clause.sectionId === section.id) ??
    clauses.find((clause) => clause.start >= section.start && clause.start < section.end);
  const renderLevel = (nodes: TocNode[], depth: number): HTMLElement =>
    h(
      'ol',
      { class: depth === 1 ? 'toc-list' : 'toc-sublist' },
      ...nodes.map(({ section, children }) => {
        const first = firstClause(section);
        const label = section.heading!.trim();
        return h(
          'li',
          { class: `toc-item level-${Math.min(depth, 3)}` },
          first
            ? h('a', { href: docHref(doc.id, { clause: first.id, q }), title: label, dataset: { clause: first.id } }, typeset(label))
            : h('span', { title: label }, typeset(label)),
          children.length ? renderLevel(children, depth + 1) : null,
        );
      }),
    );
  const tree = headingTree(doc);
  const details = h(
    'details',
    { class: 'panel toc' },
    h('summary', { text: '目录' }),
    tree.length ? renderLevel(tree, 1) : h('p', { class: 'muted', text: '本文没有识别出章节标题。' }),
  );
  // Open on wide screens; on narrow ones the table of contents stays folded above the text.
  details.open = window.matchMedia('(min-width: 1100px)').matches;
  return h('nav', { class: 'toc-nav', attrs: { 'aria-label': '目录' } }, details);
}

/** Marks the table-of-contents entry of the section being read. Returns the cleanup. */
function scrollSpy(toc: HTMLElement, article: HTMLElement): () => void {
  const links = [...toc.querySelectorAll<HTMLAnchorElement>('a[data-clause]')];
  const targets = links.map((link) => ({ link, element: article.querySelector<HTMLElement>(`#${CSS.escape(link.dataset.clause!)}`) }));
  let frame = 0;
  let active: HTMLAnchorElement | null = null;
  const update = () => {
    frame = 0;
    let current: HTMLAnchorElement | null = null;
    for (const { link, element } of targets) {
      if (element && element.getBoundingClientRect().top <= window.innerHeight * SCROLL_SPY_LINE) current = link;
    }
    if (current === active) return;
    active?.removeAttribute('aria-current');
    current?.setAttribute('aria-current', 'location');
    active = current;
  };
  const onScroll = () => {
    if (!frame) frame = requestAnimationFrame(update);
  };
  window.addEventListener('scroll', onScroll, { passive: true });
  requestAnimationFrame(update);
  return () => {
    window.removeEventListener('scroll', onScroll);
    if (frame) cancelAnimationFrame(frame);
  };
}

/** The article's cited policies, with the corpus articles the server found for each. */
function citationsOf(doc: PolicyDocument, links: Citations | null): Citation[] {
  const found = new Map((links?.cites ?? []).map((c) => [c.entity.id, c]));
  return doc.entities
    .filter((entity) => entity.type === 'policy_document')
    .map((entity) => ({ entity, documents: found.get(entity.id)?.articles ?? [], self: found.get(entity.id)?.self ?? false }))
    .sort((a, b) => a.entity.mentions[0]!.start - b.entity.mentions[0]!.start);
}

/**
 * The text as paragraphs of inline clause elements. Text between clauses is kept: a
 * gap holding a section heading becomes a heading, a blank line a paragraph break.
 * Every clause carries an anchor link; a cited policy that is in the corpus links to it.
 */
function renderText(doc: PolicyDocument, queryTerms: string[], citations: readonly Citation[], q: string): HTMLElement {
  const text = doc.text;
  const article = h('article', { class: 'doc-text', attrs: { lang: 'zh-CN', 'aria-label': '正文' } });
  const mentions = pickNonOverlapping<MentionTag>(
    doc.entities.flatMap((entity) => entity.mentions.map((m) => ({ start: m.start, end: m.end, tag: { entity } }))),
  );
  const queryRanges = normalizeRanges(findTermRanges(text, queryTerms), text.length);
  const headingAt = new Map<number, Section>();
  for (const section of doc.sections) if (section.heading?.trim()) headingAt.set(section.start, section);
  const citedDocs = new Map(
    citations.filter((c) => c.documents.length > 0).map((c) => [c.entity.id, c.documents[0]!] as const),
  );
  const targetClauses = new Set((doc.targets ?? []).map((target) => target.clauseId).filter(Boolean));

  let paragraph: HTMLElement | null = null;
  const para = (): HTMLElement => {
    if (!paragraph) {
      paragraph = h('p', { class: 'para' });
      article.append(paragraph);
    }
    return paragraph;
  };
  const annotate = (parent: HTMLElement, start: number, end: number) =>
    appendAnnotated(parent, text, start, end, mentions, queryRanges, citedDocs);
  const anchor = (clauseId: string) =>
    h('a', {
      class: 'clause-anchor',
      href: docHref(doc.id, { clause: clauseId, q }),
      title: '本条链接',
      attrs: { 'aria-label': '本条链接', tabindex: '-1' },
    });

  const renderGap = (start: number, end: number): void => {
    // Walk the gap line by line: newlines end paragraphs, heading lines become headings.
    let lineStart = start;
    while (lineStart < end) {
      const newline = text.indexOf('\n', lineStart);
      const lineEnd = newline === -1 || newline >= end ? end : newline;
      const line = text.slice(lineStart, lineEnd);
      if (line.trim()) {
        const section = [...headingAt.entries()].find(([at]) => at >= lineStart && at < Math.max(lineEnd, lineStart + 1))?.[1];
        if (section) {
          const level = Math.min(Math.max(section.level, 0), 3) + 2;
          const heading = h(`h${level}` as 'h2', { class: 'sec-heading', id: section.id });
          const lead = lineStart + (line.length - line.trimStart().length);
          annotate(heading, lead, lineEnd);
          article.append(heading);
          paragraph = null;
        } else {
          const span = h('span', { class: 'gap' });
          annotate(span, lineStart, lineEnd);
          para().append(span);
        }
      } else if (line) {
        paragraph?.append(line);
      }
      if (lineEnd < end) paragraph = null; // a newline: next text starts a new paragraph
      lineStart = lineEnd + 1;
    }
  };

  const clauses = [...doc.clauses].filter((c) => c.end > c.start).sort((a, b) => a.start - b.start);
  let cursor = 0;
  let lastSection: string | null = null;
  for (const clause of clauses) {
    if (clause.start > cursor) renderGap(cursor, clause.start);
    if (lastSection !== null && clause.sectionId !== lastSection) paragraph = null;
    lastSection = clause.sectionId;
    const section = headingClause(text, clause, headingAt.get(clause.start));
    const from = Math.max(clause.start, cursor);
    const hasTarget = targetClauses.has(clause.id);
    if (section && standsAlone(text, clause)) {
      // A heading on its own line: a real heading element, still addressable as a clause.
      const level = Math.min(Math.max(section.level, 0), 3) + 2;
      const element = h(`h${level}` as 'h2', { class: 'clause sec-heading', id: clause.id, dataset: { clause: clause.id } });
      element.append(anchor(clause.id));
      annotate(element, from, clause.end);
      article.append(element);
      paragraph = null;
    } else {
      const element = h('span', {
        class: `clause${section ? ' inline-heading' : ''}${hasTarget ? ' has-target' : ''}`,
        id: clause.id,
        dataset: { clause: clause.id },
      });
      element.append(anchor(clause.id));
      annotate(element, from, clause.end);
      para().append(element);
    }
    cursor = Math.max(cursor, clause.end);
  }
  if (cursor < text.length) renderGap(cursor, text.length);
  if (!article.hasChildNodes()) article.append(statusBox('empty', '本文没有正文。'));
  keepCiteLinksAfterTitleMarks(article);
  return article;
}

/**
 * A mention of a cited policy is the name inside 《》, so its ↗ link would sit before the
 * closing 》 and could start a line with it. Moves the 》 before the link and keeps the two
 * together.
 */
function keepCiteLinksAfterTitleMarks(article: HTMLElement): void {
  for (const link of article.querySelectorAll<HTMLAnchorElement>('a.cite-link')) {
    const next = link.nextSibling;
    if (next?.nodeType !== Node.TEXT_NODE || !next.textContent?.startsWith('》')) continue;
    next.textContent = next.textContent.slice(1);
    const keep = h('span', { class: 'nw' }, '》');
    link.replaceWith(keep);
    keep.append(link);
  }
}

/** One entity mention; each mention is its own object, so adjacent mentions stay separate marks. */
interface MentionTag {
  entity: DocEntity;
}

/** The section whose heading this clause is, if it is one. */
function headingClause(text: string, clause: { start: number; end: number }, section: Section | undefined): Section | null {
  const heading = section?.heading?.trim();
  if (!section || !heading) return null;
  const body = text.slice(clause.start, clause.end).trim().replace(/[。：:]$/, '');
  return body === heading || body.startsWith(heading) ? section : null;
}

/** True when nothing but whitespace shares the clause's line. */
function standsAlone(text: string, clause: { start: number; end: number }): boolean {
  const lineStart = text.lastIndexOf('\n', clause.start - 1) + 1;
  const newline = text.indexOf('\n', clause.end);
  const lineEnd = newline === -1 ? text.length : newline;
  return !text.slice(lineStart, clause.start).trim() && !text.slice(clause.end, lineEnd).trim();
}

/**
 * Appends text[start, end) with entity mentions as `<mark class="ent">` and query terms as
 * `<mark class="q">`; a mention of a cited policy in the corpus is followed by a link to it.
 */
function appendAnnotated(
  parent: HTMLElement,
  text: string,
  start: number,
  end: number,
  mentions: readonly Tagged<MentionTag>[],
  queryRanges: readonly Range[],
  citedDocs: ReadonlyMap<string, ArticleRef>,
): void {
  let entityMark: HTMLElement | null = null;
  let markedMention: MentionTag | null = null;
  for (const run of layerRuns(start, end, mentions, queryRanges)) {
    const piece = text.slice(run.start, run.end);
    let node: Node;
    if (run.marked) {
      node = h('mark', { class: 'q' });
      appendTypeset(node, piece);
    } else {
      node = document.createDocumentFragment();
      appendTypeset(node, piece);
    }
    if (!run.tag) {
      entityMark = null;
      markedMention = null;
      parent.append(node);
      continue;
    }
    if (!entityMark || markedMention !== run.tag) {
      const { entity } = run.tag;
      const cited = citedDocs.get(entity.id);
      entityMark = h('mark', {
        class: `ent ent-${entity.type}`,
        title: `${entityTypeStyle(entity.type).label}：${entity.name}${cited ? '（已收录，可点击右侧箭头打开）' : ''}`,
        dataset: { entity: entity.id },
      });
      markedMention = run.tag;
      parent.append(entityMark);
      if (cited) {
        parent.append(
          h('a', {
            class: 'cite-link',
            href: docHref(cited.id),
            title: `打开被引文件：${cited.title ?? entity.name}`,
            attrs: { 'aria-label': `打开被引文件：${cited.title ?? entity.name}` },
            dataset: { citedDoc: cited.id },
          }),
        );
      }
    }
    entityMark.append(node);
  }
}

function citationPanel(citations: readonly Citation[], article: HTMLElement): HTMLElement | null {
  if (citations.length === 0) return null;
  const inCorpus = citations.filter((c) => c.documents.length > 0).length;
  return h(
    'section',
    { class: 'panel citations-panel' },
    h('h2', { text: `引用的政策文件（${citations.length}）` }),
    h('p', { class: 'muted panel-note', text: inCorpus ? `其中 ${inCorpus} 份已收录，可直接打开。` : '被引文件均未收录在本库中。' }),
    h(
      'ul',
      { class: 'citation-list' },
      ...citations.map(({ entity, documents, self }) => {
        const jump = h(
          'button',
          { type: 'button', class: 'citation-name', title: '跳到文中引用处' },
          typeset(`《${entity.name}》`),
        );
        jump.addEventListener('click', () => {
          const mark = article.querySelector<HTMLElement>(`mark.ent[data-entity="${CSS.escape(entity.id)}"]`);
          if (!mark) return;
          mark.scrollIntoView({ block: 'center', behavior: 'smooth' });
          mark.classList.remove('flash');
          void mark.offsetWidth;
          mark.classList.add('flash');
        });
        return h(
          'li',
          { class: 'citation-item', dataset: { entityId: entity.id } },
          jump,
          documents.length
            ? h(
                'span',
                { class: 'citation-docs' },
                ...documents.map((d) =>
                  h('a', { class: 'citation-doc', href: docHref(d.id), title: d.title ?? '', dataset: { citedDoc: d.id } }, '打开已收录文件'),
                ),
              )
            : self
              ? h('span', { class: 'muted citation-state', text: '即本文所印发的文件' })
              : h('span', { class: 'muted citation-state', text: '未收录' }),
          graphLink(entity),
        );
      }),
    ),
  );
}

/** Articles of the corpus that cite this one, by title or 发文字号. */
function citedByPanel(links: Citations | null): HTMLElement | null {
  if (!links?.citedBy.length) return null;
  return h(
    'section',
    { class: 'panel cited-by-panel' },
    h('h2', { text: `引用本文的文件（${links.citedBy.length}）` }),
    h(
      'ul',
      { class: 'citation-list' },
      ...links.citedBy.map(({ article }) =>
        h(
          'li',
          { class: 'citation-item' },
          h('a', { class: 'citing-doc', href: docHref(article.id), dataset: { citingDoc: article.id } }, typeset(article.title || UNTITLED)),
          article.docNumber ? h('span', { class: 'muted doc-number', text: article.docNumber }) : null,
        ),
      ),
    ),
  );
}

function entityPanel(doc: PolicyDocument, article: HTMLElement): HTMLElement {
  const entities = [...doc.entities].sort(
    (a, b) => b.mentions.length - a.mentions.length || a.name.localeCompare(b.name, 'zh-CN'),
  );
  const panel = h('section', { class: 'panel entities-panel' }, h('h2', { text: `实体（${entities.length}）` }));
  if (entities.length === 0) {
    panel.append(h('p', { class: 'muted', text: '本文没有识别出实体。' }));
    return panel;
  }

  const counts = new Map<string, number>();
  for (const entity of entities) counts.set(entity.type, (counts.get(entity.type) ?? 0) + 1);
  const types = [...ENTITY_TYPES.filter((type) => counts.has(type)), ...[...counts.keys()].filter((t) => !ENTITY_TYPES.includes(t))];
  const legend = h(
    'ul',
    { class: 'legend', attrs: { 'aria-label': '图例：点击可隐藏或显示该类标注' } },
    ...types.map((type) => {
      const button = h(
        'button',
        { type: 'button', class: 'legend-item', attrs: { 'aria-pressed': 'true' }, title: '点击隐藏/显示该类标注' },
        h('mark', { class: `ent ent-${type}`, text: entityTypeStyle(type).label }),
        h('span', { class: 'legend-count', text: String(counts.get(type)) }),
      );
      button.addEventListener('click', () => {
        const hidden = article.classList.toggle(`hide-${type}`);
        button.setAttribute('aria-pressed', String(!hidden));
      });
      return h('li', {}, button);
    }),
  );

  const filter = h('input', {
    type: 'search',
    class: 'entity-filter',
    attrs: { placeholder: '筛选实体', 'aria-label': '筛选实体' },
  });
  const nextMention = new Map<string, number>();
  const items = entities.map((entity) => {
    const jump = h(
      'button',
      { type: 'button', class: 'entity-name', title: `跳到下一处提及（共 ${entity.mentions.length} 处）` },
      typeDot(entity.type),
      entity.name,
    );
    jump.addEventListener('click', () => {
      const marks = article.querySelectorAll<HTMLElement>(`mark.ent[data-entity="${CSS.escape(entity.id)}"]`);
      if (marks.length === 0) return;
      const index = (nextMention.get(entity.id) ?? 0) % marks.length;
      nextMention.set(entity.id, index + 1);
      const mark = marks[index]!;
      mark.scrollIntoView({ block: 'center', behavior: 'smooth' });
      mark.classList.remove('flash');
      void mark.offsetWidth;
      mark.classList.add('flash');
    });
    return h(
      'li',
      { class: 'entity-item', dataset: { entityId: entity.id, type: entity.type } },
      jump,
      h('span', { class: 'entity-count', text: `${entity.mentions.length} 处` }),
      graphLink(entity),
    );
  });
  const list = h('ul', { class: 'entity-list' }, ...items);
  let expanded = entities.length <= ENTITY_LIST_PREVIEW;
  const toggle = h('button', { type: 'button', class: 'button subtle' });
  const applyFilter = () => {
    const needle = filter.value.trim().toLowerCase();
    items.forEach((item, index) => {
      const entity = entities[index]!;
      const matches = !needle || entity.name.toLowerCase().includes(needle) || entity.aliases?.some((a) => a.toLowerCase().includes(needle));
      item.hidden = !matches || (!needle && !expanded && index >= ENTITY_LIST_PREVIEW);
    });
    toggle.hidden = Boolean(needle) || entities.length <= ENTITY_LIST_PREVIEW;
    toggle.textContent = expanded ? '收起' : `显示全部 ${entities.length} 个实体`;
  };
  toggle.addEventListener('click', () => {
    expanded = !expanded;
    applyFilter();
  });
  filter.addEventListener('input', applyFilter);
  applyFilter();
  panel.append(legend, filter, list, toggle);
  return panel;
}

function targetPanel(doc: PolicyDocument, q: string): HTMLElement | null {
  if (!doc.targets?.length) return null;
  const targets = [...doc.targets].sort((a, b) => a.start - b.start);
  const panel = h(
    'details',
    { class: 'panel targets-panel' },
    h('summary', { text: `目标指标（${targets.length}）` }),
    h(
      'ul',
      { class: 'target-list' },
      ...targets.map((target) =>
        h(
          'li',
          { class: 'target-item', dataset: { clause: target.clauseId ?? '' } },
          h(
            'span',
            { class: 'target-figures' },
            target.quantity ? h('span', { class: 'target-quantity' }, typeset(target.quantity)) : null,
            target.year ? h('span', { class: 'target-year' }, typeset(`${target.year}年`)) : null,
          ),
          target.clauseId
            ? h('a', { class: 'target-text', href: docHref(doc.id, { clause: target.clauseId, q }), title: '跳到该条款' }, typeset(target.text))
            : h('span', { class: 'target-text' }, typeset(target.text)),
          target.subject ? h('span', { class: 'muted target-subject' }, typeset(`指标：${target.subject}`)) : null,
        ),
      ),
    ),
  );
  panel.open = true;
  return panel;
}

function warningPanel(doc: PolicyDocument): HTMLElement | null {
  if (!doc.warnings?.length) return null;
  return h(
    'details',
    { class: 'panel warnings-panel' },
    h('summary', { text: `解析提示（${doc.warnings.length}）` }),
    h(
      'ul',
      {},
      ...doc.warnings.map((warning) => h('li', { text: typeof warning === 'string' ? warning : warning.message })),
    ),
  );
}
