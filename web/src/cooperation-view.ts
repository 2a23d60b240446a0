/**
 * Region-pair cooperation: which regions cooperate (COOPERATES_WITH relations between
 * regions), how often (the number of articles), on what (the programs and industries the
 * supporting clauses name) and with which clauses, linked into the reader.
 *
 * The matrix comes from GET /api/graph/cooperation, which also counts cooperation between
 * institutions placed in the regions. A server without that endpoint gets the pairs
 * gathered from the graph instead: the cooperation neighbourhood (regions only,
 * COOPERATES_WITH only, 3 hops) of each region not yet reached.
 */

import {
  errorMessage,
  fetchApiPaths,
  fetchCooperation,
  fetchDocument,
  fetchNeighbourhood,
  findEntities,
  isAbortError,
  type CooperationEvidence,
  type EntitySummary,
  type GraphEdgeData,
} from './api.ts';
import { h, replaceChildren, statusBox } from './dom.ts';
import { entitiesInClause, loadEdgeEvidence, topicsOf, type EdgeEvidence } from './edge-evidence.ts';
import { highlighted, typeDot, typeset } from './render.ts';
import { cooperationHref, docHref, graphHref, type CooperationRoute, type View } from './router.ts';
import { UNTITLED } from './labels.ts';

const REGION_LIMIT = 500; // regions read from the entity list
const MATRIX_REGIONS = 14; // most cooperative regions shown in the matrix
const FETCH_CONCURRENCY = 6; // neighbourhood requests at a time
const EVIDENCE_PREVIEW = 8;
const PAIR_EVIDENCE_LIMIT = 30; // evidence clauses asked for one pair
const TOPIC_DOCS = 8; // articles read to find what a pair cooperates on

/** One evidence clause, from either source, with a note when the parties are institutions. */
interface PairEvidence {
  docId: string;
  title: string | null;
  clauseId: string;
  text: string;
  highlights: readonly (readonly number[])[];
  note: string | null;
}

export interface RegionPair {
  a: string;
  b: string;
  /** articles that state the cooperation */
  weight: number;
  /** cooperation facts between institutions located in the two regions (server matrix only) */
  viaInstitutions?: number;
}

/** The pair key, the same whichever way round. */
export function pairKey(a: string, b: string): string {
  return a < b ? `${a}\u0001${b}` : `${b}\u0001${a}`;
}

/** Pairs of distinct regions from COOPERATES_WITH edges, merged across both directions, strongest first. */
export function regionPairs(edges: readonly GraphEdgeData[], isRegion: (id: string) => boolean): RegionPair[] {
  const pairs = new Map<string, RegionPair>();
  for (const edge of edges) {
    if (edge.type !== 'COOPERATES_WITH' || edge.from === edge.to || !isRegion(edge.from) || !isRegion(edge.to)) continue;
    const key = pairKey(edge.from, edge.to);
    const [a, b] = edge.from < edge.to ? [edge.from, edge.to] : [edge.to, edge.from];
    const seen = pairs.get(key);
    // the same merged edge comes back from several neighbourhoods: keep it once
    if (seen) seen.weight = Math.max(seen.weight, edge.weight ?? 1);
    else pairs.set(key, { a, b, weight: edge.weight ?? 1 });
  }
  return [...pairs.values()].sort((x, y) => y.weight - x.weight || (x.a + x.b < y.a + y.b ? -1 : 1));
}

async function gatherPairs(
  regions: readonly EntitySummary[],
  signal: AbortSignal,
  onProgress: (done: number, total: number) => void,
): Promise<GraphEdgeData[]> {
  const reached = new Set<string>();
  const edges: GraphEdgeData[] = [];
  const queue = [...regions];
  let done = 0;
  async function worker(): Promise<void> {
    for (let region = queue.shift(); region; region = queue.shift()) {
      if (reached.has(region.id)) {
        onProgress(++done, regions.length);
        continue;
      }
      reached.add(region.id);
      const hood = await fetchNeighbourhood(region.id, { depth: 3, types: ['region'], relations: ['COOPERATES_WITH'], limit: REGION_LIMIT }, signal);
      for (const node of hood.nodes) reached.add(node.id);
      edges.push(...hood.edges);
      onProgress(++done, regions.length);
    }
  }
  await Promise.all(Array.from({ length: FETCH_CONCURRENCY }, worker));
  return edges;
}

export function mountCooperationView(root: HTMLElement, route: CooperationRoute): View<CooperationRoute> {
  let current = route;
  const matrixBox = h('div', { class: 'coop-matrix-box' });
  const listBox = h('div', { class: 'coop-list-box' });
  const panel = h('aside', { class: 'coop-panel graph-panel', attrs: { 'aria-live': 'polite', 'aria-label': '合作详情' } });
  const view = h(
    'section',
    { class: 'view coop-view' },
    h(
      'header',
      { class: 'coop-header' },
      h('h1', { text: '地区合作' }),
      h('p', { class: 'muted', text: '依据文中抽取的“合作”关系（COOPERATES_WITH）汇总地区两两之间的合作；数字为提到该合作的文档数。点击格子或条目查看合作内容与证据条款。' }),
    ),
    h('div', { class: 'coop-body' }, h('div', { class: 'coop-main' }, matrixBox, listBox), panel),
  );
  replaceChildren(root, view);
  document.title = '地区合作 · 政策知识图谱';

  const controller = new AbortController();
  let panelController: AbortController | null = null;
  let names = new Map<string, string>();
  let pairs: RegionPair[] = [];
  let fromServer = false;
  let unplaced = 0;

  async function load(): Promise<void> {
    replaceChildren(matrixBox, statusBox('loading', '正在汇总地区合作关系…'));
    replaceChildren(panel, h('h2', { class: 'panel-title', text: '合作详情' }), h('p', { class: 'muted', text: '选择一对地区查看它们在哪些方面合作。' }));
    try {
      if ((await fetchApiPaths()).has('/api/graph/cooperation')) {
        const matrix = await fetchCooperation({ evidenceLimit: 1 }, controller.signal);
        fromServer = true;
        names = new Map(matrix.nodes.map((node) => [node.id, node.name ?? node.id]));
        pairs = matrix.pairs
          .map((pair) => ({ a: pair.a, b: pair.b, weight: pair.documents, viaInstitutions: pair.viaInstitutions }))
          .sort((x, y) => y.weight - x.weight || (x.a + x.b < y.a + y.b ? -1 : 1));
        unplaced = matrix.unplaced;
        render();
        void showPair();
        return;
      }
      const { entities } = await findEntities('', 'region', controller.signal, REGION_LIMIT);
      names = new Map(entities.map((e) => [e.id, e.name]));
      const regions = [...entities].sort((a, b) => (b.mentionCount ?? 0) - (a.mentionCount ?? 0));
      const progress = statusBox('loading', '正在汇总地区合作关系…');
      replaceChildren(matrixBox, progress);
      const edges = await gatherPairs(regions, controller.signal, (done, total) => {
        progress.querySelector('.status-message')!.textContent = `正在汇总地区合作关系…（${done} / ${total}）`;
      });
      pairs = regionPairs(edges, (id) => names.has(id) || id.startsWith('region:'));
      render();
      showPair();
    } catch (error) {
      if (isAbortError(error)) return;
      replaceChildren(matrixBox, statusBox('error', `地区合作关系加载失败：${errorMessage(error)}`, '请稍后刷新重试。'));
    }
  }

  const nameOf = (id: string) => names.get(id) ?? id.replace(/^region:/, '');

  function render(): void {
    if (pairs.length === 0) {
      replaceChildren(matrixBox, statusBox('empty', '暂未发现地区之间的合作关系', '上传更多涉及区域合作的政策文件后再来看看。'));
      replaceChildren(listBox);
      return;
    }
    const totals = new Map<string, number>();
    for (const pair of pairs) {
      totals.set(pair.a, (totals.get(pair.a) ?? 0) + pair.weight);
      totals.set(pair.b, (totals.get(pair.b) ?? 0) + pair.weight);
    }
    const regions = [...totals.entries()].sort((x, y) => y[1] - x[1]).slice(0, MATRIX_REGIONS).map(([id]) => id);
    const weightOf = new Map(pairs.map((p) => [pairKey(p.a, p.b), p.weight]));
    const max = Math.max(...pairs.map((p) => p.weight));
    const table = h(
      'table',
      { class: 'coop-matrix' },
      h('caption', { class: 'visually-hidden', text: '地区合作矩阵：行与列为地区，数字为提到合作的文档数' }),
      h('thead', {}, h('tr', {}, h('th', { class: 'corner', attrs: { scope: 'col' } }), ...regions.map((id) => h('th', { attrs: { scope: 'col' } }, h('span', { class: 'col-name', text: nameOf(id), title: nameOf(id) }))))),
      h(
        'tbody',
        {},
        ...regions.map((row) =>
          h(
            'tr',
            {},
            h('th', { attrs: { scope: 'row' }, class: 'row-name', text: nameOf(row), title: nameOf(row) }),
            ...regions.map((col) => {
              if (row === col) return h('td', { class: 'diagonal', attrs: { 'aria-label': '同一地区' } });
              const weight = weightOf.get(pairKey(row, col));
              if (!weight) return h('td', { class: 'empty' });
              const cell = h('button', {
                type: 'button',
                class: 'coop-cell',
                text: String(weight),
                title: `${nameOf(row)} ⇄ ${nameOf(col)}：${weight} 篇文档`,
                attrs: { 'aria-label': `${nameOf(row)}与${nameOf(col)}合作，${weight} 篇文档` },
                dataset: { a: row, b: col },
                on: { click: () => (location.hash = cooperationHref(row, col)) },
              });
              cell.style.setProperty('--strength', String(0.15 + 0.85 * (weight / max)));
              return h('td', {}, cell);
            }),
          ),
        ),
      ),
    );
    replaceChildren(
      matrixBox,
      h('h2', { text: `合作最多的 ${regions.length} 个地区` }),
      h('div', { class: 'coop-matrix-scroll' }, table),
      fromServer
        ? h(
            'p',
            { class: 'muted coop-note' },
            '计数包括位于两地的机构之间的合作（按“位于”关系归属地区）',
            unplaced ? `；另有 ${unplaced} 条合作的一方无法归属到地区，未计入。` : '。',
          )
        : null,
    );
    replaceChildren(
      listBox,
      h('h2', { text: `全部合作地区对（${pairs.length}）` }),
      h(
        'ol',
        { class: 'coop-pairs' },
        ...pairs.map((pair) =>
          h(
            'li',
            {},
            h(
              'a',
              { class: 'coop-pair', href: cooperationHref(pair.a, pair.b), dataset: { a: pair.a, b: pair.b } },
              h('span', { class: 'coop-pair-names' }, typeDot('region'), nameOf(pair.a), h('span', { class: 'muted', text: ' ⇄ ' }), nameOf(pair.b)),
              h('span', { class: 'coop-pair-weight', text: `${pair.weight} 篇`, title: pair.viaInstitutions ? `其中 ${pair.viaInstitutions} 条经由两地的机构` : '' }),
            ),
          ),
        ),
      ),
    );
  }

  function markSelected(): void {
    view.querySelectorAll('[aria-current]').forEach((el) => el.removeAttribute('aria-current'));
    if (!current.a || !current.b) return;
    view.querySelectorAll<HTMLElement>('.coop-cell, .coop-pair').forEach((el) => {
      const { a, b } = el.dataset;
      if (a && b && pairKey(a, b) === pairKey(current.a!, current.b!)) el.setAttribute('aria-current', 'true');
    });
  }

  async function showPair(): Promise<void> {
    markSelected();
    const { a, b } = current;
    if (!a || !b) return;
    panelController?.abort();
    const request = new AbortController();
    panelController = request;
    const pair = pairs.find((p) => pairKey(p.a, p.b) === pairKey(a, b));
    const heading = [
      h('h2', { class: 'panel-title' }, `${nameOf(a)} ⇄ ${nameOf(b)}`),
      h('p', { class: 'muted', text: pair ? `${pair.weight} 篇文档提到两地合作` : '这两个地区之间没有抽取到合作关系。' }),
      h('p', { class: 'panel-actions' }, h('a', { class: 'button subtle', href: graphHref(a, { to: b, relations: ['COOPERATES_WITH'] }), text: '在关系图中查看' })),
    ];
    replaceChildren(panel, ...heading, statusBox('loading', '正在查找合作条款…'));
    try {
      const evidence = fromServer ? await serverEvidence(a, b, request.signal) : await browserEvidence(a, b, request.signal);
      if (request !== panelController) return;
      const topics = await pairTopics(evidence, a, b);
      if (request !== panelController) return;
      replaceChildren(
        panel,
        ...heading,
        h('h3', { text: '合作内容' }),
        topics.length
          ? h(
              'ul',
              { class: 'coop-topics' },
              ...topics.slice(0, 12).map((topic) =>
                h('li', {}, h('a', { class: 'chip', href: graphHref(topic.id), title: `在关系图中查看“${topic.name}”` }, typeDot(topic.type), topic.name, h('span', { class: 'muted', text: ` ${topic.count}` }))),
              ),
            )
          : h('p', { class: 'muted', text: '证据条款中没有识别出具体的项目或产业，请阅读下列条款。' }),
        h('h3', { text: `证据条款（${evidence.length}）` }),
        evidence.length ? evidenceList(evidence, `${nameOf(a)} ${nameOf(b)}`) : h('p', { class: 'muted', text: '没有找到合作的证据条款。' }),
      );
    } catch (error) {
      if (isAbortError(error) || request !== panelController) return;
      replaceChildren(panel, ...heading, statusBox('error', `合作条款加载失败：${errorMessage(error)}`));
    }
  }

  async function serverEvidence(a: string, b: string, signal: AbortSignal): Promise<PairEvidence[]> {
    const matrix = await fetchCooperation({ region: a, evidenceLimit: PAIR_EVIDENCE_LIMIT }, signal);
    const pair = matrix.pairs.find((p) => pairKey(p.a, p.b) === pairKey(a, b));
    return (pair?.evidence ?? []).map((ev: CooperationEvidence) => ({
      docId: ev.docId,
      title: ev.title,
      clauseId: ev.clauseId,
      text: ev.text,
      highlights: ev.highlights,
      note: [ev.from, ev.to].some((id) => !id.startsWith('region:')) ? `经由：${ev.fromName} ⇄ ${ev.toName}` : null,
    }));
  }

  async function browserEvidence(a: string, b: string, signal: AbortSignal): Promise<PairEvidence[]> {
    const evidence = await loadEdgeEvidence({ type: 'COOPERATES_WITH', from: a, to: b }, () => false, signal);
    return evidence.map((item) => ({ ...item, note: null }));
  }

  /** What a pair cooperates on: the programs, industries and policies named in its evidence clauses. */
  async function pairTopics(evidence: readonly PairEvidence[], a: string, b: string) {
    const docIds = [...new Set(evidence.map((item) => item.docId))].slice(0, TOPIC_DOCS);
    const docs = new Map((await Promise.all(docIds.map((id) => fetchDocument(id).catch(() => null)))).filter((d) => d !== null).map((d) => [d.id, d]));
    const items: EdgeEvidence[] = evidence.flatMap((item) => {
      const doc = docs.get(item.docId);
      return doc ? [{ ...item, highlights: [], alsoMentioned: entitiesInClause(doc, item.clauseId) }] : [];
    });
    return topicsOf(items, [a, b]).filter((topic) => topic.type !== 'region' && topic.type !== 'institution' && topic.type !== 'person');
  }

  void load();

  return {
    update(next) {
      current = next;
      if (pairs.length) void showPair();
    },
    destroy() {
      controller.abort();
      panelController?.abort();
      document.title = '政策知识图谱';
    },
  };
}

function evidenceList(evidence: readonly PairEvidence[], q: string): HTMLElement {
  const items = evidence.map((item, index) => {
    const li = h(
      'li',
      { class: 'evidence', dataset: { clauseId: item.clauseId } },
      h('a', { class: 'evidence-title', href: docHref(item.docId, { clause: item.clauseId, q }) }, typeset(item.title || UNTITLED)),
      item.note ? h('p', { class: 'muted evidence-note', text: item.note }) : null,
      h('p', { class: 'evidence-text' }, highlighted(item.text, item.highlights)),
    );
    li.hidden = index >= EVIDENCE_PREVIEW;
    return li;
  });
  const list = h('ol', { class: 'evidence-list' }, ...items);
  if (items.length > EVIDENCE_PREVIEW) {
    list.append(
      h('li', {}, h('button', {
        type: 'button',
        class: 'button subtle',
        text: `显示全部 ${items.length} 条`,
        on: { click: (event) => { items.forEach((li) => (li.hidden = false)); (event.currentTarget as HTMLElement).closest('li')?.remove(); } },
      })),
    );
  }
  return list;
}
