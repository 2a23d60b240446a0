/**
 * Graph explorer: the neighbourhood of an entity (or the entities of a search) drawn by
 * cytoscape with the fcose layout. Clicking a node shows its evidence and expands its
 * neighbours around it while every placed node keeps its position; clicking an edge shows
 * the clauses behind it. Entity and relation types filter the view in place, nodes can be
 * coloured by community, a shortest path between two entities is drawn over the graph,
 * and the view exports as PNG or GraphML. Loaded lazily: cytoscape is most of the bundle.
 */

import cytoscape, {
  type Core,
  type EdgeSingular,
  type ElementDefinition,
  type EventObject,
  type NodeSingular,
} from 'cytoscape';
import fcose from 'cytoscape-fcose';
import {
  errorMessage,
  fetchApiPaths,
  fetchCommunities,
  fetchCooccurring,
  fetchEntity,
  fetchNeighbourhood,
  fetchPath,
  findEntities,
  isAbortError,
  searchClauses,
  type EntityRef,
  type EntitySummary,
  type Evidence,
  type GraphEdgeData,
  type GraphNodeData,
  type Neighbourhood,
} from './api.ts';
import { communityColor, detectCommunities } from './communities.ts';
import { debounce, h, replaceChildren, statusBox } from './dom.ts';
import { loadEdgeEvidence, SYMMETRIC_RELATIONS, topicsOf } from './edge-evidence.ts';
import { entityPicker } from './entity-picker.ts';
import { toGraphml } from './graphml.ts';
import { ENTITY_TYPES, entityTypeStyle, relationLabel, UNTITLED } from './labels.ts';
import { highlighted, typeDot } from './render.ts';
import {
  cooperationHref,
  docHref,
  graphHref,
  MAX_GRAPH_DEPTH,
  replaceHash,
  searchHref,
  type GraphRoute,
  type View,
} from './router.ts';

cytoscape.use(fcose);

const STARTER_ENTITIES = 24;
const EVIDENCE_PREVIEW = 8; // evidence clauses shown before "show all"
const NEIGHBOUR_PREVIEW = 12; // neighbours listed in the panel before "show all"
const COOCCURRING_SHOWN = 10; // entities in the "named together" list
const EXPAND_RING_RADIUS = 90; // px, where new neighbours start before the layout
const LARGE_GRAPH = 250; // nodes: above this the layout is faster and not animated, panning uses textures
const SMALL_GRAPH = 40; // nodes: up to this every label is large
const HUB_SHARE = 0.12; // of the nodes, by degree, whose labels stay readable when zoomed out
const HUB_MIN_DEGREE = 3;
const OVERLAP_ROUNDS = 12; // pushes per new node out of the nodes it overlaps
const SEARCH_SEED_HITS = 100; // hits read to seed a graph from a search
const SEARCH_SEEDS = 8; // entities of those hits that seed the graph
const SEED_NEIGHBOURS = 25; // nodes fetched around each seed
const CJK_FONTS = '"PingFang SC", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif';

/** Relation types in legend order, with their line colours. */
const RELATION_COLORS: Readonly<Record<string, string>> = {
  COOPERATES_WITH: '#e07b12',
  CO_OCCURS: '#a3acb9',
  LOCATED_IN: '#2f6fdb',
  PART_OF: '#11917a',
  CITES: '#8a4fd0',
  PUBLISHES: '#b0489c',
  ISSUED_BY: '#d1343f',
};
const RELATION_TYPES = Object.keys(RELATION_COLORS);

/** Node shapes per type, so that types stay readable when colour shows communities. */
const TYPE_SHAPES: Readonly<Record<string, { shape: string; glyph: string }>> = {
  region: { shape: 'ellipse', glyph: '●' },
  institution: { shape: 'round-rectangle', glyph: '■' },
  program: { shape: 'diamond', glyph: '◆' },
  policy_document: { shape: 'round-tag', glyph: '▶' },
  industry: { shape: 'hexagon', glyph: '⬢' },
  person: { shape: 'round-triangle', glyph: '▲' },
  document: { shape: 'rectangle', glyph: '▬' },
};
const shapeOf = (type: string) => TYPE_SHAPES[type] ?? { shape: 'ellipse', glyph: '●' };

function isDocumentNode(node: GraphNodeData): boolean {
  return node.label === 'Document' || node.type === 'document' || (!node.type && node.label !== 'Entity');
}

function nodeDefinition(node: GraphNodeData, position?: cytoscape.Position): ElementDefinition {
  const isDoc = isDocumentNode(node);
  const type = isDoc ? 'document' : (node.type ?? 'unknown');
  const label = node.name || (node.label && node.label !== 'Entity' && node.label !== 'Document' ? node.label : '') || node.id;
  const color = entityTypeStyle(type).color;
  return {
    group: 'nodes',
    data: { id: node.id, label: isDoc && !node.name ? UNTITLED : label, type, color, typeColor: color, size: 28, fontSize: 11, shape: shapeOf(type).shape },
    position: position ? { ...position } : undefined,
    classes: isDoc ? 'doc' : undefined,
  };
}

function edgeId(edge: { from: string; to: string; type: string }): string {
  return `${edge.from}|${edge.type}|${edge.to}`;
}

function edgeDefinition(edge: GraphEdgeData): ElementDefinition {
  return {
    group: 'edges',
    data: {
      id: edgeId(edge),
      source: edge.from,
      target: edge.to,
      type: edge.type,
      weight: edge.weight ?? 1,
      color: RELATION_COLORS[edge.type] ?? '#a3acb9',
      width: 1.5,
    },
    classes: SYMMETRIC_RELATIONS.has(edge.type) ? 'symmetric' : 'directed',
  };
}

function graphStyle(): cytoscape.StylesheetJson {
  return [
    {
      selector: 'node',
      style: {
        'background-color': 'data(color)',
        shape: 'data(shape)' as never,
        width: 'data(size)',
        height: 'data(size)',
        label: 'data(label)',
        'font-family': CJK_FONTS,
        // hubs get larger labels, and labels too small at the current zoom are not drawn:
        // a zoomed-out big graph shows the hubs' names only (and draws faster)
        'font-size': 'data(fontSize)',
        'min-zoomed-font-size': 11, // cytoscape compares with the font size times the zoom rounded up to a power of 2
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
    { selector: 'node.root', style: { 'border-width': 4, 'border-color': '#111827', 'font-size': 14, 'font-weight': 'bold', 'min-zoomed-font-size': 0 } },
    { selector: 'node.expanded', style: { 'border-style': 'double', 'border-width': 5, 'border-color': '#374151' } },
    { selector: 'node:selected', style: { 'overlay-color': '#2563eb', 'overlay-opacity': 0.18, 'overlay-padding': 6, 'overlay-shape': 'ellipse', 'min-zoomed-font-size': 0 } },
    {
      selector: 'edge',
      style: {
        width: 'data(width)',
        'line-color': 'data(color)',
        'target-arrow-color': 'data(color)',
        opacity: 0.7,
      },
    },
    { selector: 'edge.symmetric', style: { 'curve-style': 'haystack', 'haystack-radius': 0.3 } },
    { selector: 'edge.directed', style: { 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', 'arrow-scale': 0.8 } },
    { selector: 'edge:selected', style: { opacity: 1, 'underlay-color': '#2563eb', 'underlay-opacity': 0.25, 'underlay-padding': 4 } },
    { selector: 'node.hover', style: { 'min-zoomed-font-size': 0, 'z-index': 10 } },
    { selector: '.filtered', style: { display: 'none' } },
    { selector: '.faded', style: { opacity: 0.12 } },
    { selector: 'node.on-path', style: { 'underlay-color': '#f59e0b', 'underlay-opacity': 0.55, 'underlay-padding': 7, 'underlay-shape': 'ellipse', 'font-weight': 'bold', 'min-zoomed-font-size': 0 } },
    { selector: 'edge.on-path', style: { opacity: 1, 'underlay-color': '#f59e0b', 'underlay-opacity': 0.6, 'underlay-padding': 4 } },
  ];
}

/** Node size by degree and edge width by weight (log scale), relative to what is on screen. */
function refreshSizes(cy: Core): void {
  cy.batch(() => {
    // Labels: the best-connected nodes (top HUB_SHARE, at least HUB_MIN_DEGREE) get a larger font,
    // which stays above min-zoomed-font-size when zoomed out; the others appear on zooming in.
    const degrees = cy.nodes().map((node) => node.degree(false)).sort((a, b) => b - a);
    const hubDegree = Math.max(HUB_MIN_DEGREE, degrees[Math.floor(degrees.length * HUB_SHARE)] ?? 0);
    cy.nodes().forEach((node) => {
      const degree = node.degree(false);
      node.data('size', Math.round(22 + 7 * Math.sqrt(degree)));
      node.data('fontSize', degree >= hubDegree || cy.nodes().length <= SMALL_GRAPH ? 13 : 10);
    });
    const weights = cy.edges().map((edge) => Number(edge.data('weight')) || 1);
    const maxLog = Math.log1p(Math.max(1, ...weights));
    cy.edges().forEach((edge) => {
      const weight = Number(edge.data('weight')) || 1;
      edge.data('width', +(1 + 7 * (Math.log1p(weight) / maxLog)).toFixed(2));
    });
  });
}

/**
 * Moves each of `fresh` out of any node it overlaps (fcose may pull a new node with many
 * ties into a crowded spot it cannot push the fixed nodes out of). Only `fresh` moves.
 */
function separateNewNodes(cy: Core, fresh: cytoscape.NodeCollection): void {
  const MARGIN = 8; // px between node borders
  const others = cy.nodes();
  fresh.forEach((node) => {
    for (let round = 0; round < OVERLAP_ROUNDS; round++) {
      const p = node.position();
      const radius = Number(node.data('size')) / 2;
      const blocker = others.filter((other) => {
        if (other.same(node)) return false;
        const q = other.position();
        return Math.hypot(p.x - q.x, p.y - q.y) < radius + Number(other.data('size')) / 2 + MARGIN;
      })[0];
      if (!blocker) break;
      const q = blocker.position();
      const distance = Math.hypot(p.x - q.x, p.y - q.y) || 1;
      const needed = radius + Number(blocker.data('size')) / 2 + MARGIN;
      // push straight away from the blocker (any direction when exactly on top of it)
      const [dx, dy] = distance > 1 ? [(p.x - q.x) / distance, (p.y - q.y) / distance] : [Math.cos(round), Math.sin(round)];
      node.position({ x: q.x + dx * needed, y: q.y + dy * needed });
    }
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

/** Saves a blob under a file name (an `<a download>` click; no server round trip). */
function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, attrs: { download: fileName } });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** An evidence clause as a list item linked into the reader at that clause. */
function evidenceItem(item: { docId: string; clauseId: string; title: string | null; text: string; highlights: readonly (readonly number[])[] }, q: string): HTMLLIElement {
  return h(
    'li',
    { class: 'evidence', dataset: { clauseId: item.clauseId } },
    h('a', {
      class: 'evidence-title',
      href: docHref(item.docId, { clause: item.clauseId, q }),
      text: item.title || UNTITLED,
      title: '在阅读器中打开这一条款',
    }),
    h('p', { class: 'evidence-text' }, highlighted(item.text, item.highlights ?? [])),
  );
}

function evidenceList(items: HTMLLIElement[]): HTMLElement[] {
  const list = h('ol', { class: 'evidence-list' }, ...items);
  items.forEach((li, index) => (li.hidden = index >= EVIDENCE_PREVIEW));
  const more =
    items.length > EVIDENCE_PREVIEW
      ? h('button', {
          type: 'button',
          class: 'button subtle',
          text: `显示全部 ${items.length} 条`,
          on: {
            click: (event) => {
              items.forEach((li) => (li.hidden = false));
              (event.currentTarget as HTMLElement).remove();
            },
          },
        })
      : null;
  return more ? [list, more] : [list];
}

export function mountGraphView(root: HTMLElement, route: GraphRoute): View<GraphRoute> {
  let current = route;

  // ---------- toolbar ----------
  const startPicker = entityPicker({
    placeholder: '查找实体，例如 重庆、教育部',
    label: '从实体开始',
    className: 'start-picker',
    onPick: (entity) => {
      location.hash = graphHref(entity.id, { ...routeOptions(), to: null, from: null });
    },
  });

  const depthSelect = h(
    'select',
    { class: 'depth-select', attrs: { 'aria-label': '展开深度' } },
    ...Array.from({ length: MAX_GRAPH_DEPTH }, (_, i) => h('option', { attrs: { value: String(i + 1) }, text: `${i + 1} 度关系` })),
  );
  depthSelect.addEventListener('change', () => {
    location.hash = graphHref(current.entity, { ...routeOptions(), depth: Number(depthSelect.value) });
  });

  const colourButtons = (['type', 'community'] as const).map((mode) =>
    h('button', {
      type: 'button',
      class: 'segment',
      text: mode === 'type' ? '按类型' : '按社区',
      title: mode === 'type' ? '节点颜色表示实体类型' : '节点颜色表示社区（Louvain 社区发现，按当前图计算）',
      dataset: { colour: mode },
      on: { click: () => setLocal({ color: mode }) },
    }),
  );
  const colourSwitch = h('div', { class: 'segmented', attrs: { role: 'group', 'aria-label': '节点着色' } }, h('span', { class: 'segmented-label', text: '着色' }), ...colourButtons);

  const fitButton = h('button', { type: 'button', class: 'button subtle', text: '适应画布', title: '缩放到显示全部节点' });
  const relayoutButton = h('button', { type: 'button', class: 'button subtle', text: '重新布局', title: '重新计算全部节点的位置' });
  const pngButton = h('button', { type: 'button', class: 'menu-item', text: '当前视图 PNG 图片', title: '把当前图保存为图片（2 倍分辨率）' });
  const graphmlButton = h('button', { type: 'button', class: 'menu-item', text: '当前视图 GraphML', title: '可见的节点与关系，含类型、社区和位置；可用 Gephi、yEd 打开' });
  const serverExport = h('div', { class: 'menu-group' });
  serverExport.hidden = true;
  const exportMenu = h(
    'details',
    { class: 'menu export-menu' },
    h('summary', { class: 'button subtle', text: '导出' }),
    h('div', { class: 'menu-list', attrs: { role: 'menu' } }, pngButton, graphmlButton, serverExport),
  );

  const fromPicker = entityPicker({ placeholder: '起点实体', label: '路径起点', className: 'path-picker', onPick: () => undefined });
  const toPicker = entityPicker({ placeholder: '终点实体', label: '路径终点', className: 'path-picker', onPick: () => findPathFromForm() });
  const pathButton = h('button', { type: 'button', class: 'button', text: '查找路径' });
  const clearPathButton = h('button', { type: 'button', class: 'button subtle', text: '清除路径' });
  const pathMessage = h('span', { class: 'path-message', attrs: { 'aria-live': 'polite' } });
  const pathBar = h(
    'div',
    { class: 'path-bar', attrs: { role: 'group', 'aria-label': '最短路径' } },
    h('span', { class: 'toolbar-label', text: '最短路径' }),
    fromPicker.element,
    h('span', { class: 'path-arrow', text: '→', attrs: { 'aria-hidden': 'true' } }),
    toPicker.element,
    pathButton,
    clearPathButton,
    pathMessage,
  );

  const toolbar = h(
    'div',
    { class: 'graph-toolbar' },
    h(
      'div',
      { class: 'toolbar-row' },
      startPicker.element,
      depthSelect,
      colourSwitch,
      h('span', { class: 'toolbar-spacer' }),
      h('a', { class: 'button subtle', href: cooperationHref(), text: '地区合作', title: '哪些地区之间有合作，合作什么' }),
      fitButton,
      relayoutButton,
      exportMenu,
    ),
    pathBar,
  );

  // ---------- stage ----------
  const canvas = h('div', {
    id: 'graph-canvas',
    class: 'graph-canvas',
    attrs: { 'aria-label': '实体关系图。点击节点展开其关联实体；右侧面板列出关联实体与证据，可用键盘操作。', role: 'img' },
    dataset: { nodeCount: '0', edgeCount: '0', visibleNodeCount: '0', visibleEdgeCount: '0', status: 'idle', colouring: 'type', path: '' },
  });
  const overlay = h('div', { class: 'graph-overlay' });
  const stats = h('p', { class: 'graph-stats', attrs: { 'aria-live': 'polite' } });
  const typeLegend = h('div', { class: 'legend-group', attrs: { role: 'group', 'aria-label': '实体类型（点击隐藏或显示）' } });
  const relationLegend = h('div', { class: 'legend-group', attrs: { role: 'group', 'aria-label': '关系类型（点击隐藏或显示）' } });
  const communityLegend = h('div', { class: 'legend-group community-legend', attrs: { 'aria-label': '社区' } });
  const legend = h('div', { class: 'graph-legend' }, typeLegend, relationLegend, communityLegend);
  const stage = h('div', { class: 'graph-stage' }, canvas, overlay, stats);
  const intro = h('div', { class: 'graph-intro' });
  const hint = h('p', { class: 'graph-hint', text: '点击节点：查看证据并展开关联（已放置的节点保持不动）；点击连线：查看支撑该关系的条款；点击图例可隐藏或显示某类实体与关系。' });
  const panel = h('aside', { class: 'graph-panel', attrs: { 'aria-live': 'polite', 'aria-label': '详情' } });
  const view = h(
    'section',
    { class: 'view graph-view' },
    toolbar,
    h('div', { class: 'graph-main' }, h('div', { class: 'graph-column' }, intro, stage, legend, hint), panel),
  );
  replaceChildren(root, view);

  const cy = cytoscape({
    container: canvas,
    style: graphStyle(),
    minZoom: 0.1,
    maxZoom: 3,
    boxSelectionEnabled: false,
    motionBlur: false,
  });
  const resizeObserver = new ResizeObserver(() => cy.resize());
  resizeObserver.observe(canvas);

  const expanded = new Set<string>();
  let loadController: AbortController | null = null;
  let panelController: AbortController | null = null;
  let generation = 0;
  let serverCommunities: { of: Map<string, number>; hubs: Map<number, string>; names: Map<string, string> } | null = null;
  let serverCommunityState: 'unknown' | 'loading' | 'ready' | 'unavailable' = 'unknown';
  let pathNodes: string[] = [];
  let pathEdges: string[] = [];
  let pathKey = '';

  function routeOptions() {
    return {
      q: current.q,
      depth: current.depth,
      types: current.types,
      relations: current.relations,
      color: current.color,
      from: current.from,
      to: current.to,
    };
  }

  /** A change that the view applies in place (no reload): filters, colouring, path. */
  function setLocal(change: Partial<GraphRoute>): void {
    current = { ...current, ...change };
    replaceHash(graphHref(current.entity, routeOptions()));
    applyView();
  }

  function setStatus(status: 'idle' | 'loading' | 'ready' | 'error'): void {
    canvas.dataset.status = status;
    updateCounts();
  }

  /** Nodes not hidden by the type filter. */
  function shownNodes(): cytoscape.NodeCollection {
    return cy.nodes().filter((node) => !node.hasClass('filtered'));
  }

  /** Edges not hidden by the relation filter and whose ends are both shown. */
  function shownEdges(): cytoscape.EdgeCollection {
    return cy.edges().filter((edge) => !edge.hasClass('filtered') && !edge.source().hasClass('filtered') && !edge.target().hasClass('filtered'));
  }

  function updateCounts(): void {
    const visibleNodes = shownNodes();
    const visibleEdges = shownEdges();
    canvas.dataset.nodeCount = String(cy.nodes().length);
    canvas.dataset.edgeCount = String(cy.edges().length);
    canvas.dataset.visibleNodeCount = String(visibleNodes.length);
    canvas.dataset.visibleEdgeCount = String(visibleEdges.length);
    const hiddenNodes = cy.nodes().length - visibleNodes.length;
    const hiddenEdges = cy.edges().length - visibleEdges.length;
    stats.textContent = cy.nodes().length
      ? `${visibleNodes.length} 个节点 · ${visibleEdges.length} 条关系${hiddenNodes || hiddenEdges ? `（已隐藏 ${hiddenNodes} 个节点、${hiddenEdges} 条关系）` : ''}`
      : '';
  }

  function showOverlay(...content: (HTMLElement | null)[]): void {
    replaceChildren(overlay, ...content);
    overlay.hidden = content.every((c) => !c);
  }

  // ---------- legend: filters ----------
  function legendButton(label: string, pressed: boolean, swatch: HTMLElement, onToggle: () => void, count: number): HTMLButtonElement {
    return h(
      'button',
      {
        type: 'button',
        class: 'legend-toggle',
        attrs: { 'aria-pressed': String(pressed) },
        title: pressed ? `隐藏${label}` : `显示${label}`,
        on: { click: onToggle },
      },
      swatch,
      label,
      h('span', { class: 'legend-count', text: String(count) }),
    );
  }

  function renderLegend(): void {
    const typeCounts = new Map<string, number>();
    cy.nodes().forEach((node) => {
      typeCounts.set(node.data('type'), (typeCounts.get(node.data('type')) ?? 0) + 1);
    });
    const relationCounts = new Map<string, number>();
    cy.edges().forEach((edge) => {
      relationCounts.set(edge.data('type'), (relationCounts.get(edge.data('type')) ?? 0) + 1);
    });
    const types = [...ENTITY_TYPES, 'document', ...[...typeCounts.keys()].filter((t) => !ENTITY_TYPES.includes(t) && t !== 'document')];
    const byType = current.color === 'type';
    replaceChildren(
      typeLegend,
      h('span', { class: 'legend-title', text: '实体' }),
      ...types
        .filter((type) => typeCounts.has(type))
        .map((type) => {
          const glyph = h('span', { class: 'legend-glyph', text: shapeOf(type).glyph, attrs: { 'aria-hidden': 'true' } });
          glyph.style.color = byType ? entityTypeStyle(type).color : '#6b7280';
          const shown = current.types.length === 0 || current.types.includes(type);
          return legendButton(entityTypeStyle(type).label, shown, glyph, () => toggleType(type), typeCounts.get(type) ?? 0);
        }),
    );
    replaceChildren(
      relationLegend,
      h('span', { class: 'legend-title', text: '关系' }),
      ...[...RELATION_TYPES, ...[...relationCounts.keys()].filter((t) => !RELATION_TYPES.includes(t))]
        .filter((type) => relationCounts.has(type))
        .map((type) => {
          const line = h('span', { class: 'legend-line', attrs: { 'aria-hidden': 'true' } });
          line.style.background = RELATION_COLORS[type] ?? '#a3acb9';
          const shown = current.relations.length === 0 || current.relations.includes(type);
          return legendButton(relationLabel(type), shown, line, () => toggleRelation(type), relationCounts.get(type) ?? 0);
        }),
    );
  }

  function toggleIn(list: readonly string[], value: string, all: readonly string[]): string[] {
    const shown = list.length ? list : all;
    const next = shown.includes(value) ? shown.filter((v) => v !== value) : [...shown, value];
    return next.length === all.length || next.length === 0 ? [] : next;
  }

  function toggleType(type: string): void {
    const present = [...new Set(cy.nodes().map((n) => String(n.data('type'))))];
    setLocal({ types: toggleIn(current.types, type, present) });
  }

  function toggleRelation(type: string): void {
    const present = [...new Set(cy.edges().map((e) => String(e.data('type'))))];
    setLocal({ relations: toggleIn(current.relations, type, present) });
  }

  // ---------- view state: filters, colours, path ----------
  function applyView(withPath = true): void {
    depthSelect.value = String(current.depth);
    colourButtons.forEach((button) => button.setAttribute('aria-pressed', String(button.dataset.colour === current.color)));
    canvas.dataset.colouring = current.color;
    cy.batch(() => {
      cy.nodes().forEach((node) => {
        const keep = node.hasClass('root') || node.hasClass('on-path') || node.selected();
        const hide = current.types.length > 0 && !current.types.includes(node.data('type')) && !keep;
        node.toggleClass('filtered', hide);
      });
      cy.edges().forEach((edge) => {
        const hide = current.relations.length > 0 && !current.relations.includes(edge.data('type')) && !edge.hasClass('on-path');
        edge.toggleClass('filtered', hide);
      });
    });
    applyColouring();
    renderLegend();
    updateCounts();
    const wantedPath = current.to ? `${current.from ?? current.entity}→${current.to}` : '';
    if (withPath && wantedPath !== pathKey) void showPath();
  }

  /**
   * Communities of the whole entity graph from the server (stable while the view grows),
   * once GET /api/graph/communities answers; until then, or without that endpoint, Louvain
   * runs here over the subgraph on screen.
   */
  async function loadServerCommunities(): Promise<void> {
    serverCommunityState = 'loading';
    const paths = await fetchApiPaths();
    if (!paths.has('/api/graph/communities')) {
      serverCommunityState = 'unavailable';
      return;
    }
    try {
      const answer = await fetchCommunities();
      serverCommunities = {
        of: new Map(answer.nodes.map((node) => [node.id, node.community])),
        hubs: new Map(answer.communities.map((c) => [c.id, c.hub])),
        names: new Map(answer.nodes.map((node) => [node.id, node.name ?? node.id])),
      };
      serverCommunityState = 'ready';
    } catch (error) {
      console.warn('communities from the server failed; colouring in the browser', error);
      serverCommunityState = 'unavailable';
    }
    if (current.color === 'community') applyColouring();
  }

  function applyColouring(): void {
    if (current.color !== 'community') {
      cy.batch(() =>
        cy.nodes().forEach((node) => {
          node.data('color', node.data('typeColor'));
          node.data('community', null);
        }),
      );
      replaceChildren(communityLegend);
      communityLegend.hidden = true;
      delete canvas.dataset.communitySource;
      return;
    }
    if (serverCommunityState === 'unknown') void loadServerCommunities();
    let raw: ReadonlyMap<string, number>;
    if (serverCommunities) {
      raw = serverCommunities.of;
      canvas.dataset.communitySource = 'server';
    } else {
      const edges = shownEdges().map((edge) => ({
        source: edge.source().id(),
        target: edge.target().id(),
        weight: Number(edge.data('weight')) || 1,
      }));
      raw = detectCommunities(shownNodes().map((n) => n.id()), edges).of;
      canvas.dataset.communitySource = 'browser';
    }
    // Colours go to the communities with most nodes on screen, so that what is seen differs.
    const counts = new Map<number, number>();
    shownNodes().forEach((node) => {
      const community = raw.get(node.id());
      if (community !== undefined) counts.set(community, (counts.get(community) ?? 0) + 1);
    });
    const ranked = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const rankOf = new Map(ranked.map(([community], index) => [community, index]));
    cy.batch(() =>
      cy.nodes().forEach((node) => {
        const community = raw.get(node.id());
        const rank = community === undefined ? undefined : rankOf.get(community);
        node.data('color', rank === undefined ? '#d1d5db' : communityColor(rank));
        node.data('community', community ?? null);
      }),
    );
    renderCommunityLegend(ranked);
  }

  function renderCommunityLegend(ranked: readonly [number, number][]): void {
    const groups = ranked.filter(([, size]) => size > 1).slice(0, 8);
    communityLegend.hidden = false;
    const source = serverCommunities ? '全图 Louvain' : '当前图 Louvain';
    replaceChildren(
      communityLegend,
      h('span', { class: 'legend-title', text: `社区（${ranked.filter(([, size]) => size > 1).length}）`, title: source }),
      ...groups.map(([community, size], rank) => {
        const members = cy
          .nodes(`[community = ${community}]`)
          .filter((node) => !node.hasClass('filtered'))
          .sort((a, b) => (b as NodeSingular).degree(false) - (a as NodeSingular).degree(false));
        const hub = serverCommunities?.hubs.get(community);
        const label = (hub && serverCommunities?.names.get(hub)) || members[0]?.data('label') || `社区 ${rank + 1}`;
        const swatch = h('span', { class: 'legend-swatch', attrs: { 'aria-hidden': 'true' } });
        swatch.style.background = communityColor(rank);
        return h(
          'button',
          {
            type: 'button',
            class: 'legend-toggle',
            title: `${source}：${members.map((n) => n.data('label')).slice(0, 12).join('、')}（点击选中这些节点）`,
            on: {
              click: () => {
                cy.elements().unselect();
                members.select();
                cy.animate({ fit: { eles: members, padding: 60 }, duration: 300 });
              },
            },
          },
          swatch,
          `${label}等`,
          h('span', { class: 'legend-count', text: String(size) }),
        );
      }),
    );
  }

  // ---------- loading ----------
  /** Adds what is not on screen yet; new nodes start on a ring around `around`. Returns the new nodes. */
  function addSubgraph(data: Neighbourhood, around?: NodeSingular): cytoscape.NodeCollection {
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

  /**
   * Lays the graph out. Incremental: every node in `fixed` keeps its exact position
   * (fcose fixed-node constraints), only the others move.
   */
  function runLayout(incremental: boolean, fixed: cytoscape.NodeCollection | null): Promise<void> {
    return new Promise((resolve) => {
      if (cy.nodes().length < 2) {
        cy.fit(undefined, 80);
        resolve();
        return;
      }
      const large = cy.nodes().length > LARGE_GRAPH;
      const options = {
        name: 'fcose',
        quality: incremental ? 'proof' : large ? 'draft' : 'default',
        randomize: !incremental,
        animate: !large,
        animationDuration: 450,
        fit: !incremental,
        padding: 40,
        packComponents: !incremental,
        nodeRepulsion: () => 9000,
        idealEdgeLength: () => (large ? 70 : 110),
        numIter: large ? 1200 : 2500,
        fixedNodeConstraint: fixed?.nonempty() ? fixed.map((node) => ({ nodeId: node.id(), position: { ...node.position() } })) : undefined,
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

  function configureRenderer(): void {
    // Large graphs: draw a texture while panning and zooming, and skip hover fading.
    // cytoscape reads these options once, at start; its renderer keeps them as plain fields.
    const large = cy.nodes().length > LARGE_GRAPH;
    const renderer = (cy as unknown as { renderer(): { textureOnViewport?: boolean; hideEdgesOnViewport?: boolean } | null }).renderer();
    if (renderer) {
      renderer.textureOnViewport = large;
      renderer.hideEdgesOnViewport = large;
    }
  }

  async function load(): Promise<void> {
    loadController?.abort();
    panelController?.abort();
    const request = new AbortController();
    loadController = request;
    const myGeneration = ++generation;
    cy.elements().remove();
    expanded.clear();
    pathNodes = [];
    pathEdges = [];
    pathKey = '';
    depthSelect.value = String(current.depth);
    if (!current.entity && !current.q.trim()) {
      setStatus('idle');
      document.title = '关系图谱 · 政策知识图谱';
      showOverlay(null);
      stage.hidden = true;
      legend.hidden = true;
      hint.hidden = true;
      intro.hidden = false;
      renderIntro();
      void showStarters();
      applyView();
      return;
    }
    stage.hidden = false;
    legend.hidden = false;
    hint.hidden = false;
    intro.hidden = true;
    setStatus('loading');
    showOverlay(statusBox('loading', current.entity ? '正在加载关系图…' : `正在读取“${current.q}”的检索结果…`));
    try {
      if (current.entity) {
        replaceChildren(panel, statusBox('loading', '正在加载实体详情…'));
        const data = await fetchNeighbourhood(current.entity, { depth: current.depth }, request.signal);
        if (myGeneration !== generation) return;
        addSubgraph(data);
        void showNode(current.entity);
        const rootNode = cy.getElementById(current.entity);
        rootNode.addClass('root');
        if (current.depth === 1) {
          rootNode.addClass('expanded');
          expanded.add(current.entity);
        }
        rootNode.select();
        const name = rootNode.data('label') ?? current.entity;
        document.title = `${name} · 关系图谱`;
        if (!current.from) fromPicker.setValue({ id: current.entity, name });
      } else {
        const seeds = await seedFromSearch(current.q, request.signal);
        if (myGeneration !== generation) return;
        document.title = `“${current.q}”的关系图 · 关系图谱`;
        showSearchSeeds(seeds);
      }
      configureRenderer();
      if (cy.nodes().length === 0) {
        showOverlay(statusBox('empty', current.entity ? '未找到该实体的关系数据' : `“${current.q}”的检索结果中没有识别出实体`, '请换一个实体或检索词。'));
      } else if (cy.edges().length === 0) {
        showOverlay(statusBox('empty', '暂无关联关系', '可以换一个实体，或提高展开深度。'));
      } else {
        showOverlay(null);
      }
      applyView(false);
      await runLayout(false, null);
      if (myGeneration !== generation) return;
      setStatus('ready');
      applyView(); // now the path, if the address asks for one
    } catch (error) {
      if (isAbortError(error) || myGeneration !== generation) return;
      setStatus('error');
      showOverlay(statusBox('error', `关系图加载失败：${errorMessage(error)}`, '请稍后重试，或换一个实体。'));
    }
  }

  /** Seeds the graph with the entities the hits of a search mention most, and their neighbours. */
  async function seedFromSearch(q: string, signal: AbortSignal): Promise<{ entity: EntityRef; hits: number }[]> {
    const result = await searchClauses(q, 0, signal, SEARCH_SEED_HITS);
    const counts = new Map<string, { entity: EntityRef; hits: number }>();
    for (const hit of result.hits) {
      for (const entity of hit.entities ?? []) {
        const seen = counts.get(entity.id) ?? { entity, hits: 0 };
        seen.hits++;
        counts.set(entity.id, seen);
      }
    }
    const seeds = [...counts.values()].sort((a, b) => b.hits - a.hits).slice(0, SEARCH_SEEDS);
    const hoods = await Promise.all(
      seeds.map(({ entity }) => fetchNeighbourhood(entity.id, { depth: 1, limit: SEED_NEIGHBOURS }, signal).catch(() => null)),
    );
    for (const hood of hoods) if (hood) addSubgraph(hood);
    for (const { entity } of seeds) cy.getElementById(entity.id).addClass('root');
    return seeds;
  }

  async function expand(node: NodeSingular): Promise<void> {
    const id = node.id();
    if (expanded.has(id) || node.data('type') === 'document') return;
    expanded.add(id);
    node.addClass('expanded');
    const myGeneration = generation;
    setStatus('loading');
    try {
      const data = await fetchNeighbourhood(id, { depth: 1 });
      if (myGeneration !== generation) return;
      const placed = cy.nodes();
      const fresh = addSubgraph(data, node);
      if (fresh.nonempty()) {
        showOverlay(null);
        applyView();
        configureRenderer();
        await runLayout(true, placed);
        if (myGeneration !== generation) return;
        separateNewNodes(cy, fresh);
        // Show the node with its new neighbours (the viewport moves, the nodes do not).
        cy.animate({ fit: { eles: node.union(fresh), padding: 50 }, duration: 300 });
      } else {
        applyView();
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

  // ---------- shortest path ----------
  function findPathFromForm(): void {
    const from = fromPicker.value()?.id ?? current.entity;
    const to = toPicker.value()?.id;
    if (!from) {
      pathMessage.textContent = '请先选择起点实体。';
      return;
    }
    if (!to) {
      pathMessage.textContent = '请从下拉列表中选择终点实体。';
      return;
    }
    if (!current.entity) {
      // no graph yet: start one at the path's origin
      location.hash = graphHref(from, { ...routeOptions(), to, from });
      return;
    }
    pathKey = '';
    setLocal({ from: from === current.entity ? null : from, to });
  }

  function clearPath(): void {
    cy.elements('.on-path').removeClass('on-path');
    cy.elements().removeClass('faded');
    pathNodes = [];
    pathEdges = [];
    pathKey = '';
    canvas.dataset.path = '';
    pathMessage.textContent = '';
  }

  async function showPath(): Promise<void> {
    clearPath();
    const from = current.from ?? current.entity;
    const to = current.to;
    if (!from || !to) return;
    const key = `${from}→${to}`;
    pathKey = key;
    const myGeneration = generation;
    pathMessage.textContent = '正在查找最短路径…';
    try {
      const path = await fetchPath(from, to);
      if (myGeneration !== generation || pathKey !== key) return;
      // Place new path nodes next to a path neighbour that is already on screen.
      const placed = cy.nodes();
      const fresh = path.nodes.filter((node) => cy.getElementById(node.id).empty());
      const definitions: ElementDefinition[] = [];
      const position = new Map<string, cytoscape.Position>();
      placed.forEach((node) => {
        position.set(node.id(), node.position());
      });
      const box = placed.nonempty() ? placed.boundingBox() : { x2: 0, y1: 0, y2: 0 };
      for (let pass = 0; pass < 2; pass++) {
        const order = pass === 0 ? path.nodes : [...path.nodes].reverse();
        order.forEach((node, i) => {
          if (position.has(node.id)) return;
          const previous = order[i - 1] && position.get(order[i - 1]!.id);
          if (previous || pass === 1) {
            const base = previous ?? { x: box.x2 + 80, y: (box.y1 + box.y2) / 2 };
            position.set(node.id, { x: base.x + 90, y: base.y + (i % 2 ? 50 : -50) });
          }
        });
      }
      for (const node of fresh) definitions.push(nodeDefinition(node, position.get(node.id)));
      const freshNodes = cy.add(definitions).nodes();
      addSubgraph({ nodes: [], edges: path.edges });
      pathNodes = path.nodes.map((n) => n.id);
      pathEdges = path.edges.map(edgeId).filter((id) => cy.getElementById(id).nonempty());
      // A path edge may be stored the other way round (symmetric relations): match by pair.
      for (const edge of path.edges) {
        if (cy.getElementById(edgeId(edge)).empty()) {
          const twin = cy.edges(`[source = "${CSS.escape(edge.to)}"][target = "${CSS.escape(edge.from)}"]`).filter((e) => e.data('type') === edge.type);
          if (twin.nonempty()) pathEdges.push(twin.id());
        }
      }
      cy.batch(() => {
        for (const id of pathNodes) cy.getElementById(id).addClass('on-path');
        for (const id of pathEdges) cy.getElementById(id).addClass('on-path');
        cy.elements().not('.on-path').addClass('faded');
      });
      canvas.dataset.path = String(pathNodes.length);
      const ends = [path.nodes[0], path.nodes[path.nodes.length - 1]];
      if (ends[0]) fromPicker.setValue({ id: ends[0].id, name: ends[0].name || ends[0].id });
      if (ends[1]) toPicker.setValue({ id: ends[1].id, name: ends[1].name || ends[1].id });
      applyView();
      if (fresh.length) {
        await runLayout(true, placed);
        separateNewNodes(cy, freshNodes);
      }
      const onPath = cy.elements('.on-path');
      cy.animate({ fit: { eles: onPath, padding: 80 }, duration: 350 });
      pathMessage.textContent = `找到 ${Math.max(0, pathNodes.length - 1)} 步路径`;
      renderPathPanel(path);
    } catch (error) {
      if (myGeneration !== generation || pathKey !== key) return;
      canvas.dataset.path = '0';
      const notFound = (error as { code?: string }).code === 'path_not_found';
      pathMessage.textContent = notFound ? '两者之间没有路径（4 步以内）。' : `查找路径失败：${errorMessage(error)}`;
    }
  }

  function renderPathPanel(path: Neighbourhood): void {
    panelController?.abort();
    const steps: HTMLElement[] = [];
    path.nodes.forEach((node, i) => {
      steps.push(
        h(
          'li',
          { class: 'path-node' },
          h('button', { type: 'button', class: 'link-button', on: { click: () => selectNode(node.id) } }, typeDot(isDocumentNode(node) ? 'document' : node.type), node.name || node.id),
        ),
      );
      const next = path.nodes[i + 1];
      if (!next) return;
      // a step may hold several relations between the same two entities
      const between = path.edges.filter((e) => (e.from === node.id && e.to === next.id) || (e.from === next.id && e.to === node.id));
      if (between.length === 0) return;
      steps.push(
        h(
          'li',
          { class: 'path-edge' },
          ...between.map((edge) =>
            h('button', {
              type: 'button',
              class: 'path-edge-button',
              text: `${relationLabel(edge.type)}${edge.weight ? ` · ${edge.weight}` : ''}　查看证据`,
              title: '查看支撑这一步关系的条款',
              on: { click: () => selectEdge(edgeId(edge), edge) },
            }),
          ),
        ),
      );
    });
    replaceChildren(
      panel,
      h('h2', { class: 'panel-title', text: '最短路径' }),
      h('p', { class: 'muted', text: `${path.nodes[0]?.name ?? ''} → ${path.nodes[path.nodes.length - 1]?.name ?? ''}，共 ${Math.max(0, path.nodes.length - 1)} 步。点击每一步查看证据条款。` }),
      h('ol', { class: 'path-steps' }, ...steps),
    );
  }

  // ---------- side panel ----------
  function selectNode(id: string): void {
    const node = cy.getElementById(id);
    if (node.nonempty()) {
      cy.elements().unselect();
      node.select();
      cy.animate({ center: { eles: node }, duration: 250 });
    }
    void showNode(id);
  }

  function selectEdge(id: string, data?: GraphEdgeData): void {
    const edge = cy.getElementById(id);
    if (edge.nonempty()) {
      cy.elements().unselect();
      edge.select();
      void showEdge(edge);
    } else if (data) {
      void showEdgeData(data);
    }
  }

  function neighbourList(id: string): HTMLDetailsElement | null {
    const node = cy.getElementById(id);
    if (node.empty()) return null;
    const rows = node
      .connectedEdges()
      .filter((edge) => !edge.hasClass('filtered') && !edge.source().hasClass('filtered') && !edge.target().hasClass('filtered'))
      .sort((a, b) => Number(b.data('weight')) - Number(a.data('weight')))
      .map((element) => {
        const edge = element as EdgeSingular;
        const other = edge.source().id() === id ? edge.target() : edge.source();
        return h(
          'li',
          { class: 'neighbour' },
          h(
            'button',
            { type: 'button', class: 'link-button neighbour-name', title: `选中“${other.data('label')}”并展开`, on: { click: () => { selectNode(other.id()); void expand(other); } } },
            typeDot(other.data('type')),
            other.data('label'),
          ),
          h('button', {
            type: 'button',
            class: 'neighbour-relation',
            text: `${relationLabel(edge.data('type'))} ${edge.data('weight')}`,
            title: '查看这条关系的证据条款',
            on: { click: () => selectEdge(edge.id()) },
          }),
        );
      });
    if (rows.length === 0) return null;
    rows.forEach((row, i) => (row.hidden = i >= NEIGHBOUR_PREVIEW));
    const list = h('ul', { class: 'neighbour-list' }, ...rows);
    return h(
      'details',
      { class: 'panel-neighbours' },
      h('summary', { text: `图中的关联（${rows.length}）` }),
      list,
      rows.length > NEIGHBOUR_PREVIEW
        ? h('button', {
            type: 'button',
            class: 'link-button',
            text: `显示全部 ${rows.length} 个`,
            on: { click: (event) => { rows.forEach((r) => (r.hidden = false)); (event.currentTarget as HTMLElement).remove(); } },
          })
        : null,
    );
  }

  async function showNode(id: string): Promise<void> {
    panelController?.abort();
    const request = new AbortController();
    panelController = request;
    const node = cy.getElementById(id);
    if (node.nonempty() && node.data('type') === 'document') {
      replaceChildren(
        panel,
        h('h2', { class: 'panel-title' }, typeDot('document'), node.data('label')),
        h('p', { class: 'muted', text: '文档' }),
        h('p', { class: 'panel-actions' }, h('a', { class: 'button', href: docHref(id), text: '打开文档' })),
        neighbourList(id),
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
      const details = h(
        'details',
        { class: 'panel-docs' },
        h('summary', { text: `出现的文档（${detail.documents?.length ?? 0}）` }),
        h('ul', {}, ...(detail.documents ?? []).map((doc) => h('li', {}, h('a', { href: docHref(doc.id, { q: entity.name }), text: doc.title || UNTITLED })))),
      );
      const neighbours = neighbourList(entity.id);
      if (neighbours) neighbours.open = window.matchMedia('(min-width: 900px)').matches;
      const cooccurring = h('details', { class: 'panel-neighbours panel-cooccurring' });
      cooccurring.hidden = true;
      void showCooccurring(entity, cooccurring, request.signal);
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
            ? h('a', { class: 'button', href: graphHref(entity.id, { depth: current.depth, types: current.types, relations: current.relations, color: current.color }), text: '以此为中心' })
            : null,
          h('a', { class: 'button subtle', href: searchHref(`"${entity.name}"`), text: '检索相关条款' }),
          h('button', {
            type: 'button',
            class: 'button subtle',
            text: '设为路径起点',
            on: { click: () => { fromPicker.setValue(entity); toPicker.input.focus(); } },
          }),
          h('button', {
            type: 'button',
            class: 'button subtle',
            text: '设为路径终点',
            on: { click: () => { toPicker.setValue(entity); findPathFromForm(); } },
          }),
        ),
        detail.documents?.length ? details : null,
        neighbours,
        cooccurring,
        h('h3', { text: `证据条款（${evidence.length}）` }),
        ...(evidence.length ? evidenceList(evidence.map((item) => evidenceItem(item, entity.name))) : [h('p', { class: 'muted', text: '暂无证据条款。' })]),
      );
    } catch (error) {
      if (isAbortError(error) || request !== panelController) return;
      replaceChildren(panel, statusBox('error', `实体详情加载失败：${errorMessage(error)}`));
    }
  }

  /** The entities most often named with this one across the corpus (GET /api/entities/:id/cooccurring). */
  async function showCooccurring(entity: EntityRef, box: HTMLDetailsElement, signal: AbortSignal): Promise<void> {
    if (!(await fetchApiPaths()).has('/api/entities/{id}/cooccurring')) return;
    try {
      const answer = await fetchCooccurring(entity.id, COOCCURRING_SHOWN, signal);
      if (signal.aborted || answer.items.length === 0) return;
      replaceChildren(
        box,
        h('summary', { text: `常一起出现的实体（全库 ${answer.total} 个）` }),
        h(
          'ul',
          { class: 'neighbour-list' },
          ...answer.items.map((item) =>
            h(
              'li',
              { class: 'neighbour' },
              h('a', { class: 'neighbour-name', href: graphHref(item.id, { depth: current.depth, color: current.color }), title: `以“${item.name}”为中心` }, typeDot(item.type), item.name),
              h('button', {
                type: 'button',
                class: 'neighbour-relation',
                text: `共现 ${item.weight} · ${item.documents} 篇`,
                title: '查看两者共同出现的条款',
                on: { click: () => selectEdge(edgeId({ from: entity.id, to: item.id, type: 'CO_OCCURS' }), { type: 'CO_OCCURS', from: entity.id, to: item.id, weight: item.weight }) },
              }),
            ),
          ),
        ),
      );
      box.hidden = false;
    } catch (error) {
      if (!isAbortError(error)) console.warn('co-occurring entities failed', error);
    }
  }

  function showEdge(edge: EdgeSingular): Promise<void> {
    return showEdgeData({ type: edge.data('type'), from: edge.source().id(), to: edge.target().id(), weight: edge.data('weight') });
  }

  /** The clauses behind an edge, read from the articles both ends appear in. */
  async function showEdgeData(edge: GraphEdgeData): Promise<void> {
    panelController?.abort();
    const request = new AbortController();
    panelController = request;
    const name = (id: string) => cy.getElementById(id).data('label') ?? id.replace(/^[a-z_]+:/, '');
    const arrow = SYMMETRIC_RELATIONS.has(edge.type) ? '⇄' : '→';
    const heading = [
      h('h2', { class: 'panel-title', text: `${relationLabel(edge.type)}关系` }),
      h('p', { class: 'edge-ends' }, h('strong', { text: name(edge.from) }), ` ${arrow} `, h('strong', { text: name(edge.to) })),
      h('p', { class: 'muted', text: `关系类型 ${edge.type} · 权重 ${edge.weight ?? 1}${edge.type === 'CO_OCCURS' ? '（共同出现的次数）' : '（涉及的文档数）'}` }),
      pathNodes.length
        ? h('p', {}, h('button', { type: 'button', class: 'link-button', text: '← 返回路径', on: { click: () => void showPath() } }))
        : null,
    ];
    replaceChildren(panel, ...heading, statusBox('loading', '正在查找支撑这条关系的条款…'));
    try {
      const evidence = await loadEdgeEvidence(edge, (id) => cy.getElementById(id).data('type') === 'document', request.signal);
      if (request !== panelController) return;
      const q = [edge.from, edge.to].map((id) => cy.getElementById(id).data('type') === 'document' ? '' : name(id)).filter(Boolean).join(' ');
      const topics = topicsOf(evidence, [edge.from, edge.to]);
      replaceChildren(
        panel,
        ...heading,
        topics.length
          ? h('p', { class: 'edge-topics' }, h('span', { class: 'muted', text: '条款中同时提到：' }), ...topics.slice(0, 8).map((t) => h('a', { class: 'chip', href: graphHref(t.id), title: `以“${t.name}”为中心` }, typeDot(t.type), t.name)))
          : null,
        h('h3', { text: `证据条款（${evidence.length}）` }),
        ...(evidence.length
          ? evidenceList(evidence.map((item) => evidenceItem(item, q)))
          : [h('p', { class: 'muted', text: '在两者共同出现的文档中没有找到这条关系的证据条款。' })]),
      );
    } catch (error) {
      if (isAbortError(error) || request !== panelController) return;
      replaceChildren(panel, ...heading, statusBox('error', `证据加载失败：${errorMessage(error)}`));
    }
  }

  function renderIntro(): void {
    const form = h('form', { class: 'intro-search' });
    const box = h('input', { type: 'text', class: 'picker-input', attrs: { placeholder: '输入检索词，如 产教融合', 'aria-label': '从检索开始' } });
    form.append(box, h('button', { type: 'submit', class: 'button', text: '查看关系图' }));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (box.value.trim()) location.hash = graphHref(null, { q: box.value });
    });
    replaceChildren(
      intro,
      statusBox('empty', '选择一个实体开始探索', '在上方输入实体名称，或从右侧常见实体中选择；也可以输入检索词，查看检索结果涉及的实体。'),
      form,
    );
  }

  function showSearchSeeds(seeds: { entity: EntityRef; hits: number }[]): void {
    replaceChildren(
      panel,
      h('h2', { class: 'panel-title', text: `“${current.q}”涉及的实体` }),
      h('p', { class: 'muted', text: `取检索结果前 ${SEARCH_SEED_HITS} 条中出现最多的 ${seeds.length} 个实体及其关联。点击节点查看证据。` }),
      seeds.length
        ? h(
            'ul',
            { class: 'starter-list' },
            ...seeds.map(({ entity, hits }) =>
              h(
                'li',
                {},
                h(
                  'button',
                  { type: 'button', class: 'entity-option', on: { click: () => selectNode(entity.id) } },
                  typeDot(entity.type),
                  h('span', { class: 'option-name', text: entity.name }),
                  h('span', { class: 'muted', text: `${hits} 条结果` }),
                ),
              ),
            ),
          )
        : statusBox('empty', '检索结果中没有识别出实体'),
      h('p', {}, h('a', { href: searchHref(current.q), text: '← 返回检索结果' })),
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
        h('p', { class: 'muted', text: '选择下列常见实体：' }),
        top.length ? h('ul', { class: 'starter-list' }, ...top.map((e) => h('li', {}, entityLink(e)))) : statusBox('empty', '暂无实体数据'),
      );
    } catch (error) {
      replaceChildren(panel, h('h2', { class: 'panel-title', text: '从一个实体开始' }), statusBox('error', `实体列表加载失败：${errorMessage(error)}`));
    }
  }

  function entityLink(entity: EntitySummary): HTMLAnchorElement {
    return h(
      'a',
      { class: 'entity-option', href: graphHref(entity.id, { depth: current.depth, color: current.color }) },
      typeDot(entity.type),
      h('span', { class: 'option-name', text: entity.name }),
      h('span', { class: 'muted', text: `${entityTypeStyle(entity.type).label}${entity.mentionCount !== undefined ? ` · ${entity.mentionCount}` : ''}` }),
    );
  }

  // ---------- export ----------
  function exportPng(): void {
    if (cy.nodes().empty()) return;
    const blob = cy.png({ output: 'blob', bg: '#ffffff', full: true, scale: 2, maxWidth: 6000, maxHeight: 6000 }) as unknown as Blob;
    download(blob, `${fileStem()}.png`);
  }

  function exportGraphml(): void {
    const nodes = shownNodes();
    const edges = shownEdges();
    const xml = toGraphml(
      nodes.map((node) => ({
        id: node.id(),
        label: String(node.data('label')),
        type: String(node.data('type')),
        community: node.data('community') ?? null,
        x: node.position().x,
        y: node.position().y,
      })),
      edges.map((element) => {
        const edge = element as EdgeSingular;
        return {
          id: edge.id(),
          source: edge.source().id(),
          target: edge.target().id(),
          type: String(edge.data('type')),
          weight: Number(edge.data('weight')) || 1,
          directed: edge.hasClass('directed'),
        };
      }),
    );
    download(new Blob([xml], { type: 'application/graphml+xml' }), `${fileStem()}.graphml`);
  }

  function fileStem(): string {
    const centre = current.entity ? String(cy.getElementById(current.entity).data('label') ?? current.entity) : current.q;
    return `policy-kg-${centre || 'graph'}`.replace(/[\\/:*?"<>|\s]+/g, '_');
  }

  /** The server's exports (whole graph, or this neighbourhood), offered when GET /api/graph/export exists. */
  async function offerServerExport(): Promise<void> {
    const paths = await fetchApiPaths();
    if (!paths.has('/api/graph/export')) return;
    const link = (text: string, params: Record<string, string>, title: string) =>
      h('a', { class: 'menu-item', href: `/api/graph/export?${new URLSearchParams(params)}`, text, title, attrs: { download: '' } });
    const render = () =>
      replaceChildren(
        serverExport,
        h('p', { class: 'menu-heading', text: '由服务器导出' }),
        current.entity
          ? link('此实体邻域 GraphML', { format: 'graphml', entity: current.entity, depth: String(current.depth) }, '以当前中心实体为起点、当前深度的邻域')
          : null,
        link('全库 GraphML', { format: 'graphml' }, '整个实体图'),
        link('全库 CSV（neo4j-admin 导入格式，zip）', { format: 'csv' }, 'nodes.csv 与 edges.csv，可用 neo4j-admin database import 导入'),
      );
    render();
    exportMenu.addEventListener('toggle', render);
    serverExport.hidden = false;
  }

  // ---------- interaction ----------
  cy.on('tap', 'node', (event: EventObject) => {
    const node = event.target as NodeSingular;
    void showNode(node.id());
    void expand(node);
  });
  cy.on('tap', 'edge', (event: EventObject) => void showEdge(event.target as EdgeSingular));
  cy.on('mouseover', 'node', (event: EventObject) => {
    (event.target as NodeSingular).addClass('hover');
    if (cy.nodes().length > LARGE_GRAPH || pathNodes.length) return;
    cy.batch(() => {
      cy.elements().addClass('faded');
      (event.target as NodeSingular).closedNeighborhood().removeClass('faded');
    });
  });
  cy.on('mouseout', 'node', (event: EventObject) => {
    (event.target as NodeSingular).removeClass('hover');
    if (cy.nodes().length > LARGE_GRAPH || pathNodes.length) return;
    cy.batch(() => cy.elements().removeClass('faded'));
  });
  fitButton.addEventListener('click', () => cy.animate({ fit: { eles: cy.elements().not('.filtered'), padding: 40 }, duration: 300 }));
  relayoutButton.addEventListener('click', () => void runLayout(false, null));
  pngButton.addEventListener('click', () => {
    exportPng();
    exportMenu.open = false;
  });
  graphmlButton.addEventListener('click', () => {
    exportGraphml();
    exportMenu.open = false;
  });
  const closeMenu = (event: MouseEvent) => {
    if (!exportMenu.contains(event.target as Node)) exportMenu.open = false;
  };
  document.addEventListener('click', closeMenu);
  pathButton.addEventListener('click', findPathFromForm);
  clearPathButton.addEventListener('click', () => {
    toPicker.setValue(null);
    setLocal({ from: null, to: null });
    clearPath();
  });

  const onResize = debounce(() => cy.resize(), 100);
  window.addEventListener('resize', onResize);

  void offerServerExport();
  void load();

  return {
    update(next) {
      const reload = next.entity !== current.entity || next.q !== current.q || next.depth !== current.depth;
      current = next;
      if (reload) void load();
      else applyView();
    },
    destroy() {
      generation++;
      loadController?.abort();
      panelController?.abort();
      startPicker.destroy();
      fromPicker.destroy();
      toPicker.destroy();
      onResize.cancel();
      window.removeEventListener('resize', onResize);
      document.removeEventListener('click', closeMenu);
      resizeObserver.disconnect();
      document.title = '政策知识图谱';
      cy.destroy();
    },
  };
}
