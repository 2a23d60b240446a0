/**
 * Graph explorer: the neighbourhood of an entity drawn by cytoscape (fcose layout).
 * Clicking a node shows its details and expands its neighbours in place. Loaded lazily:
 * cytoscape is most of the bundle and the search page does not need it.
 */

import cytoscape, { type Core, type ElementDefinition, type EventObject, type NodeSingular } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import {
  errorMessage,
  fetchEntity,
  fetchNeighbourhood,
  findEntities,
  isAbortError,
  type EntitySummary,
  type Evidence,
  type GraphEdgeData,
  type GraphNodeData,
  type Neighbourhood,
} from './api.ts';
import { debounce, h, replaceChildren, statusBox } from './dom.ts';
import { ENTITY_TYPE_STYLES, ENTITY_TYPES, entityTypeStyle, relationLabel, UNTITLED } from './labels.ts';
import { highlighted, typeDot } from './render.ts';
import { docHref, graphHref, MAX_GRAPH_DEPTH, searchHref, type GraphRoute, type View } from './router.ts';

cytoscape.use(fcose);

const PICKER_DEBOUNCE = 200; // ms
const PICKER_MAX_RESULTS = 12;
const STARTER_ENTITIES = 24;
const EVIDENCE_PREVIEW = 10; // evidence clauses shown before "show more"
const EXPAND_RING_RADIUS = 90; // px, where new neighbours start before the layout
const CJK_FONTS = '"PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif';
/** Relations that read one way (the others are symmetric). */
const DIRECTED_RELATIONS = new Set(['ISSUED_BY', 'CITES', 'LOCATED_IN', 'PART_OF']);
const RELATION_COLORS: Readonly<Record<string, string>> = {
  COOPERATES_WITH: '#e07b12',
  ISSUED_BY: '#d1343f',
  CITES: '#8a4fd0',
  LOCATED_IN: '#2f6fdb',
  PART_OF: '#2f6fdb',
  CO_OCCURS: '#a3acb9',
};

function isDocumentNode(node: GraphNodeData): boolean {
  return node.label === 'Document' || node.type === 'document' || (!node.type && node.label !== 'Entity');
}

function nodeDefinition(node: GraphNodeData, position?: cytoscape.Position): ElementDefinition {
  const isDoc = isDocumentNode(node);
  const type = isDoc ? 'document' : node.type ?? 'unknown';
  const label = node.name || (node.label && node.label !== 'Entity' && node.label !== 'Document' ? node.label : '') || node.id;
  return {
    group: 'nodes',
    data: { id: node.id, label: isDoc && !node.name ? UNTITLED : label, type, color: entityTypeStyle(type).color, size: 28 },
    position: position ? { ...position } : undefined,
    classes: isDoc ? 'doc' : undefined,
  };
}

function edgeDefinition(edge: GraphEdgeData): ElementDefinition {
  return {
    group: 'edges',
    data: {
      id: `${edge.from}\u0000${edge.type}\u0000${edge.to}`,
      source: edge.from,
      target: edge.to,
      type: edge.type,
      weight: edge.weight ?? 1,
      color: RELATION_COLORS[edge.type] ?? '#a3acb9',
      width: 1.5,
    },
    classes: DIRECTED_RELATIONS.has(edge.type) ? 'directed' : undefined,
  };
}

function graphStyle(): cytoscape.StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        'background-color': 'data(color)',
        width: 'data(size)',
        height: 'data(size)',
        label: 'data(label)',
        'font-family': CJK_FONTS,
        'font-size': 11,
        color: '#1f2937',
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-wrap': 'ellipsis',
        'text-max-width': '120px',
        'text-outline-color': '#ffffff',
        'text-outline-width': 2,
        'border-width': 2,
        'border-color': '#ffffff',
        'overlay-opacity': 0,
      },
    },
    { selector: 'node.doc', style: { shape: 'round-rectangle' } },
    { selector: 'node.root', style: { 'border-width': 4, 'border-color': '#111827', 'font-size': 13, 'font-weight': 'bold' } },
    { selector: 'node.expanded', style: { 'border-style': 'double', 'border-width': 5, 'border-color': '#374151' } },
    { selector: 'node:selected', style: { 'overlay-color': '#2563eb', 'overlay-opacity': 0.18, 'overlay-padding': 6, 'overlay-shape': 'ellipse' } },
    {
      selector: 'edge',
      style: {
        width: 'data(width)',
        'line-color': 'data(color)',
        'target-arrow-color': 'data(color)',
        'curve-style': 'bezier',
        opacity: 0.75,
      },
    },
    { selector: 'edge.directed', style: { 'target-arrow-shape': 'triangle', 'arrow-scale': 0.8 } },
    { selector: 'edge:selected', style: { opacity: 1, 'line-style': 'solid', 'underlay-color': '#2563eb', 'underlay-opacity': 0.2, 'underlay-padding': 3 } },
    { selector: '.faded', style: { opacity: 0.15 } },
  ];
}

/** Node size by degree and edge width by weight, relative to what is on screen. */
function refreshSizes(cy: Core): void {
  cy.batch(() => {
    cy.nodes().forEach((node) => {
      node.data('size', Math.round(22 + 7 * Math.sqrt(node.degree(false))));
    });
    const weights = cy.edges().map((edge) => Number(edge.data('weight')) || 1);
    const maxLog = Math.log1p(Math.max(1, ...weights));
    cy.edges().forEach((edge) => {
      const weight = Number(edge.data('weight')) || 1;
      edge.data('width', +(1 + 6 * (Math.log1p(weight) / maxLog)).toFixed(2));
    });
  });
}

/** One item per clause: the API may list a clause once per mention. */
function mergeEvidence(evidence: readonly Evidence[]): Evidence[] {
  const byClause = new Map<string, Evidence>();
  for (const item of evidence) {
    const seen = byClause.get(item.clauseId);
    if (seen) seen.highlights = [...seen.highlights, ...(item.highlights ?? [])];
    else byClause.set(item.clauseId, { ...item, highlights: [...(item.highlights ?? [])] });
  }
  return [...byClause.values()];
}

export function mountGraphView(root: HTMLElement, route: GraphRoute): View<GraphRoute> {
  let current = route;

  // Toolbar: entity picker, depth, type filter, view buttons.
  const pickerInput = h('input', {
    type: 'search',
    class: 'picker-input',
    attrs: { placeholder: '查找实体，例如 重庆、教育部', 'aria-label': '查找实体', autocomplete: 'off' },
  });
  const pickerResults = h('ul', { class: 'picker-results', attrs: { role: 'listbox' } });
  pickerResults.hidden = true;
  const picker = h('div', { class: 'picker' }, pickerInput, pickerResults);

  const depthSelect = h(
    'select',
    { class: 'depth-select', attrs: { 'aria-label': '展开深度' } },
    ...Array.from({ length: MAX_GRAPH_DEPTH }, (_, i) => h('option', { attrs: { value: String(i + 1) }, text: `${i + 1} 度关系` })),
  );
  depthSelect.value = String(current.depth);
  depthSelect.addEventListener('change', () => navigate({ depth: Number(depthSelect.value) }));

  const typeBoxes = ENTITY_TYPES.map((type) => {
    const box = h('input', { type: 'checkbox', attrs: { value: type } });
    box.checked = current.types.includes(type);
    box.addEventListener('change', () =>
      navigate({ types: typeBoxes.filter((b) => b.checked).map((b) => b.value) }),
    );
    const chip = h('label', { class: 'type-filter', title: `只看${ENTITY_TYPE_STYLES[type]!.label}（不选则显示全部类型）` }, box, typeDot(type), ENTITY_TYPE_STYLES[type]!.label);
    return Object.assign(box, { chip });
  });
  const fitButton = h('button', { type: 'button', class: 'button subtle', text: '适应画布' });
  const relayoutButton = h('button', { type: 'button', class: 'button subtle', text: '重新布局' });
  const toolbar = h(
    'div',
    { class: 'graph-toolbar' },
    picker,
    depthSelect,
    h('fieldset', { class: 'type-filters' }, h('legend', { class: 'visually-hidden', text: '实体类型' }), ...typeBoxes.map((b) => b.chip)),
    h('span', { class: 'toolbar-spacer' }),
    fitButton,
    relayoutButton,
  );

  const canvas = h('div', {
    id: 'graph-canvas',
    class: 'graph-canvas',
    attrs: { 'aria-label': '实体关系图，点击节点展开其关联实体', role: 'img' },
    dataset: { nodeCount: '0', edgeCount: '0', status: 'idle' },
  });
  const overlay = h('div', { class: 'graph-overlay' });
  const hint = h('p', { class: 'graph-hint', text: '点击节点：查看详情并展开关联；拖动节点可调整位置；滚轮缩放。' });
  const legend = h(
    'ul',
    { class: 'graph-legend' },
    ...[...ENTITY_TYPES, 'document'].map((type) => h('li', {}, typeDot(type), entityTypeStyle(type).label)),
  );
  const stage = h('div', { class: 'graph-stage' }, canvas, overlay, legend);
  const intro = statusBox('empty', '选择一个实体开始探索', '在上方输入实体名称，或从常见实体中选择；点击节点可逐步展开关系。');
  const panel = h('aside', { class: 'graph-panel', attrs: { 'aria-live': 'polite' } });
  const view = h(
    'section',
    { class: 'view graph-view' },
    toolbar,
    h('div', { class: 'graph-main' }, h('div', { class: 'graph-column' }, intro, stage, hint), panel),
  );
  replaceChildren(root, view);

  const cy = cytoscape({
    container: canvas,
    style: graphStyle(),
    minZoom: 0.2,
    maxZoom: 3,
    boxSelectionEnabled: false,
  });
  const resizeObserver = new ResizeObserver(() => cy.resize());
  resizeObserver.observe(canvas);

  const expanded = new Set<string>();
  let loadController: AbortController | null = null;
  let panelController: AbortController | null = null;
  let generation = 0;

  function setStatus(status: 'idle' | 'loading' | 'ready' | 'error'): void {
    canvas.dataset.status = status;
    canvas.dataset.nodeCount = String(cy.nodes().length);
    canvas.dataset.edgeCount = String(cy.edges().length);
  }

  function showOverlay(...content: (HTMLElement | null)[]): void {
    replaceChildren(overlay, ...content);
    overlay.hidden = content.every((c) => !c);
  }

  function navigate(change: Partial<Pick<GraphRoute, 'depth' | 'types'>> & { entity?: string }): void {
    location.hash = graphHref(change.entity ?? current.entity, {
      depth: change.depth ?? current.depth,
      types: change.types ?? current.types,
    });
  }

  /** Adds what is not on screen yet; new nodes start on a ring around `around`. Returns the new nodes. */
  function addNeighbourhood(data: Neighbourhood, around?: NodeSingular): cytoscape.NodeCollection {
    const fresh = data.nodes.filter((node) => cy.getElementById(node.id).empty());
    const centre = around?.position();
    const definitions: ElementDefinition[] = fresh.map((node, i) =>
      nodeDefinition(
        node,
        centre && {
          x: centre.x + EXPAND_RING_RADIUS * Math.cos((2 * Math.PI * i) / fresh.length),
          y: centre.y + EXPAND_RING_RADIUS * Math.sin((2 * Math.PI * i) / fresh.length),
        },
      ),
    );
    const known = new Set([...cy.nodes().map((n) => n.id()), ...fresh.map((n) => n.id)]);
    for (const edge of data.edges) {
      if (!known.has(edge.from) || !known.has(edge.to)) continue;
      const definition = edgeDefinition(edge);
      if (cy.getElementById(definition.data.id!).empty()) definitions.push(definition);
    }
    const added = cy.add(definitions);
    refreshSizes(cy);
    return added.nodes();
  }

  function runLayout(incremental: boolean, fixed: cytoscape.NodeCollection | null): Promise<void> {
    return new Promise((resolve) => {
      if (cy.nodes().length < 2) {
        cy.fit(undefined, 80);
        resolve();
        return;
      }
      const options = {
        name: 'fcose',
        quality: incremental ? 'proof' : 'default',
        randomize: !incremental,
        animate: true,
        animationDuration: 450,
        fit: !incremental,
        padding: 40,
        packComponents: false,
        nodeRepulsion: () => 9000,
        idealEdgeLength: () => 110,
        fixedNodeConstraint: fixed?.map((node) => ({ nodeId: node.id(), position: { ...node.position() } })),
      } as cytoscape.LayoutOptions;
      try {
        const layout = cy.layout(options);
        layout.one('layoutstop', () => resolve());
        layout.run();
      } catch (error) {
        console.warn('graph layout failed; keeping the current positions', error);
        resolve();
      }
    });
  }

  async function load(): Promise<void> {
    loadController?.abort();
    panelController?.abort();
    const request = new AbortController();
    loadController = request;
    const myGeneration = ++generation;
    cy.elements().remove();
    expanded.clear();
    depthSelect.value = String(current.depth);
    typeBoxes.forEach((box) => (box.checked = current.types.includes(box.value)));
    if (!current.entity) {
      setStatus('idle');
      document.title = '关系图谱 · 政策知识图谱';
      showOverlay(null);
      stage.hidden = true;
      hint.hidden = true;
      intro.hidden = false;
      void showStarters();
      return;
    }
    stage.hidden = false;
    hint.hidden = false;
    intro.hidden = true;
    setStatus('loading');
    showOverlay(statusBox('loading', '正在加载关系图…'));
    void showDetails(current.entity);
    try {
      const data = await fetchNeighbourhood(current.entity, current.depth, current.types, request.signal);
      if (myGeneration !== generation) return;
      addNeighbourhood(data);
      const rootNode = cy.getElementById(current.entity);
      rootNode.addClass('root');
      if (current.depth === 1) {
        rootNode.addClass('expanded');
        expanded.add(current.entity);
      }
      rootNode.select();
      document.title = `${rootNode.data('label') ?? current.entity} · 关系图谱`;
      if (cy.nodes().length === 0) {
        showOverlay(statusBox('empty', '未找到该实体的关系数据', '请换一个实体，或放宽类型筛选。'));
      } else if (cy.edges().length === 0) {
        showOverlay(statusBox('empty', '该实体暂无关联关系', current.types.length ? '可以取消类型筛选后再试。' : undefined));
      } else {
        showOverlay(null);
      }
      await runLayout(false, null);
      if (myGeneration === generation) setStatus('ready');
    } catch (error) {
      if (isAbortError(error) || myGeneration !== generation) return;
      setStatus('error');
      showOverlay(statusBox('error', `关系图加载失败：${errorMessage(error)}`));
    }
  }

  async function expand(node: NodeSingular): Promise<void> {
    const id = node.id();
    if (expanded.has(id) || !current.entity) return;
    expanded.add(id);
    node.addClass('expanded');
    const myGeneration = generation;
    setStatus('loading');
    try {
      const data = await fetchNeighbourhood(id, 1, current.types);
      if (myGeneration !== generation) return;
      const placed = cy.nodes();
      const fresh = addNeighbourhood(data, node);
      if (fresh.nonempty()) {
        showOverlay(null);
        await runLayout(true, placed);
        if (myGeneration !== generation) return;
        cy.animate({ center: { eles: node }, duration: 300 });
      }
      setStatus('ready');
    } catch (error) {
      if (myGeneration !== generation) return;
      expanded.delete(id);
      node.removeClass('expanded');
      setStatus('ready');
      showOverlay(statusBox('error', `展开“${node.data('label')}”失败：${errorMessage(error)}`));
    }
  }

  async function showDetails(id: string): Promise<void> {
    panelController?.abort();
    const request = new AbortController();
    panelController = request;
    const node = cy.getElementById(id);
    if (node.nonempty() && node.data('type') === 'document') {
      replaceChildren(
        panel,
        h('h2', { class: 'panel-title', text: node.data('label') }),
        h('p', { class: 'muted', text: '文档' }),
        h('p', {}, h('a', { class: 'button', href: docHref(id), text: '打开文档' })),
      );
      return;
    }
    replaceChildren(panel, statusBox('loading', '正在加载实体详情…'));
    try {
      const detail = await fetchEntity(id, request.signal);
      if (request !== panelController) return;
      const { entity } = detail;
      const style = entityTypeStyle(entity.type);
      const evidence = mergeEvidence(detail.evidence ?? []);
      const evidenceList = h(
        'ol',
        { class: 'evidence-list' },
        ...evidence.map((item, index) => {
          const li = h(
            'li',
            { class: 'evidence' },
            h('a', { class: 'evidence-title', href: docHref(item.docId, { clause: item.clauseId }), text: item.title || UNTITLED }),
            h('p', { class: 'evidence-text' }, highlighted(item.text, item.highlights ?? [])),
          );
          li.hidden = index >= EVIDENCE_PREVIEW;
          return li;
        }),
      );
      const showAll =
        evidence.length > EVIDENCE_PREVIEW
          ? h('button', {
              type: 'button',
              class: 'button subtle',
              text: `显示全部 ${evidence.length} 条`,
              on: {
                click: (event) => {
                  evidenceList.querySelectorAll('li').forEach((li) => (li.hidden = false));
                  (event.currentTarget as HTMLElement).remove();
                },
              },
            })
          : null;
      replaceChildren(
        panel,
        h('h2', { class: 'panel-title' }, typeDot(entity.type), entity.name),
        h(
          'p',
          { class: 'entity-facts' },
          h('span', { class: 'badge', text: style.label }),
          h('span', { text: `提及 ${detail.mentionCount} 次` }),
          h('span', { text: `${detail.documents?.length ?? 0} 篇文档` }),
        ),
        h(
          'p',
          { class: 'panel-actions' },
          entity.id !== current.entity
            ? h('a', { class: 'button', href: graphHref(entity.id, { depth: current.depth, types: current.types }), text: '以此为中心' })
            : null,
          h('a', { class: 'button subtle', href: searchHref(entity.name), text: '检索相关条款' }),
        ),
        detail.documents?.length
          ? h(
              'details',
              { class: 'panel-docs' },
              h('summary', { text: `出现的文档（${detail.documents.length}）` }),
              h('ul', {}, ...detail.documents.map((doc) => h('li', {}, h('a', { href: docHref(doc.id), text: doc.title || UNTITLED })))),
            )
          : null,
        h('h3', { text: `证据条款（${evidence.length}）` }),
        evidence.length ? evidenceList : h('p', { class: 'muted', text: '暂无证据条款。' }),
        showAll,
      );
    } catch (error) {
      if (isAbortError(error) || request !== panelController) return;
      replaceChildren(panel, statusBox('error', `实体详情加载失败：${errorMessage(error)}`));
    }
  }

  function showEdge(edge: cytoscape.EdgeSingular): void {
    panelController?.abort();
    const name = (id: string) => cy.getElementById(id).data('label') ?? id;
    replaceChildren(
      panel,
      h('h2', { class: 'panel-title', text: relationLabel(edge.data('type')) }),
      h('p', {}, `${name(edge.data('source'))} → ${name(edge.data('target'))}`),
      h('p', { class: 'muted', text: `关系类型 ${edge.data('type')} · 权重 ${edge.data('weight')}` }),
    );
  }

  async function showStarters(): Promise<void> {
    replaceChildren(panel, h('h2', { class: 'panel-title', text: '从一个实体开始' }), statusBox('loading', '正在加载常见实体…'));
    try {
      const { entities } = await findEntities('', undefined);
      const top = [...entities].sort((a, b) => (b.mentionCount ?? 0) - (a.mentionCount ?? 0)).slice(0, STARTER_ENTITIES);
      replaceChildren(
        panel,
        h('h2', { class: 'panel-title', text: '从一个实体开始' }),
        h('p', { class: 'muted', text: '在上方输入实体名称，或选择下列常见实体：' }),
        top.length ? h('ul', { class: 'starter-list' }, ...top.map((e) => h('li', {}, entityOption(e)))) : statusBox('empty', '暂无实体数据'),
      );
    } catch (error) {
      replaceChildren(panel, h('h2', { class: 'panel-title', text: '从一个实体开始' }), statusBox('error', `实体列表加载失败：${errorMessage(error)}`));
    }
  }

  function entityOption(entity: EntitySummary): HTMLAnchorElement {
    return h(
      'a',
      { class: 'entity-option', href: graphHref(entity.id, { depth: current.depth, types: current.types }) },
      typeDot(entity.type),
      h('span', { class: 'option-name', text: entity.name }),
      h('span', { class: 'muted', text: `${entityTypeStyle(entity.type).label}${entity.mentionCount !== undefined ? ` · ${entity.mentionCount}` : ''}` }),
    );
  }

  // Entity picker
  let pickerController: AbortController | null = null;
  const lookup = debounce(async (q: string) => {
    pickerController?.abort();
    if (!q.trim()) {
      pickerResults.hidden = true;
      return;
    }
    const request = new AbortController();
    pickerController = request;
    try {
      const { entities } = await findEntities(q.trim(), undefined, request.signal);
      if (request !== pickerController) return;
      replaceChildren(
        pickerResults,
        ...(entities.length
          ? entities.slice(0, PICKER_MAX_RESULTS).map((e) => h('li', { attrs: { role: 'option' } }, entityOption(e)))
          : [h('li', { class: 'muted picker-empty', text: '没有匹配的实体' })]),
      );
      pickerResults.hidden = false;
    } catch (error) {
      if (isAbortError(error)) return;
      replaceChildren(pickerResults, h('li', { class: 'picker-empty', text: `查找失败：${errorMessage(error)}` }));
      pickerResults.hidden = false;
    }
  }, PICKER_DEBOUNCE);
  pickerInput.addEventListener('input', () => lookup(pickerInput.value));
  pickerInput.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      pickerResults.querySelector<HTMLAnchorElement>('a.entity-option')?.click();
    } else if (event.key === 'Escape') {
      pickerResults.hidden = true;
    }
  });
  pickerResults.addEventListener('click', () => {
    pickerResults.hidden = true;
    pickerInput.value = '';
  });
  const closePicker = (event: MouseEvent) => {
    if (!picker.contains(event.target as Node)) pickerResults.hidden = true;
  };
  document.addEventListener('click', closePicker);

  // Graph interaction
  cy.on('tap', 'node', (event: EventObject) => {
    const node = event.target as NodeSingular;
    void showDetails(node.id());
    void expand(node);
  });
  cy.on('tap', 'edge', (event: EventObject) => showEdge(event.target));
  cy.on('mouseover', 'node', (event: EventObject) => {
    cy.elements().addClass('faded');
    (event.target as NodeSingular).closedNeighborhood().removeClass('faded');
  });
  cy.on('mouseout', 'node', () => cy.elements().removeClass('faded'));
  fitButton.addEventListener('click', () => cy.animate({ fit: { eles: cy.elements(), padding: 40 }, duration: 300 }));
  relayoutButton.addEventListener('click', () => void runLayout(false, null));

  void load();

  return {
    update(next) {
      const changed =
        next.entity !== current.entity || next.depth !== current.depth || next.types.join(',') !== current.types.join(',');
      current = next;
      if (changed) void load();
    },
    destroy() {
      generation++;
      loadController?.abort();
      panelController?.abort();
      pickerController?.abort();
      lookup.cancel();
      resizeObserver.disconnect();
      document.removeEventListener('click', closePicker);
      document.title = '政策知识图谱';
      cy.destroy();
    },
  };
}
