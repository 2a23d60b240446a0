/** Entry point: the app shell, the health line, and the hash router that mounts views. */

import './style.css';
import { CORPUS_CHANGED_EVENT, errorMessage, fetchHealth } from './api.ts';
import { replaceChildren, statusBox } from './dom.ts';
import { mountReaderView } from './reader-view.ts';
import { parseRoute, type Route, type View } from './router.ts';
import { mountSearchView } from './search-view.ts';

const main = document.getElementById('main')!;
const healthLine = document.getElementById('health')!;

let currentName: Route['name'] | null = null;
let currentView: View<Route> | null = null;
let navigation = 0;

async function mount(route: Route): Promise<View<Route>> {
  switch (route.name) {
    case 'search':
      return mountSearchView(main, route);
    case 'doc':
      return mountReaderView(main, route);
    case 'graph': {
      replaceChildren(main, statusBox('loading', '正在加载关系图组件…'));
      const { mountGraphView } = await import('./graph-view.ts');
      return mountGraphView(main, route);
    }
    case 'cooperation': {
      replaceChildren(main, statusBox('loading', '正在加载地区合作视图…'));
      const { mountCooperationView } = await import('./cooperation-view.ts');
      return mountCooperationView(main, route);
    }
    case 'library': {
      replaceChildren(main, statusBox('loading', '正在加载文档库…'));
      const { mountLibraryView } = await import('./library-view.ts');
      return mountLibraryView(main, route);
    }
  }
}

async function onRouteChange(): Promise<void> {
  const route = parseRoute(location.hash);
  if (!route) {
    // A plain #anchor (e.g. a clause id): scroll to it if it is on the page.
    document.getElementById(decodeURIComponent(location.hash.slice(1)))?.scrollIntoView({ block: 'center' });
    return;
  }
  document.querySelectorAll<HTMLAnchorElement>('[data-nav]').forEach((link) => {
    const active = link.dataset.nav === (route.name === 'doc' ? 'search' : route.name);
    if (active) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  });
  if (currentView && currentName === route.name) {
    currentView.update(route);
    return;
  }
  const myNavigation = ++navigation;
  currentView?.destroy();
  currentView = null;
  currentName = null;
  window.scrollTo(0, 0);
  try {
    const view = await mount(route);
    if (myNavigation !== navigation) {
      view.destroy();
      return;
    }
    currentView = view;
    currentName = route.name;
  } catch (error) {
    if (myNavigation !== navigation) return;
    console.error(error);
    replaceChildren(main, statusBox('error', `页面加载失败：${errorMessage(error)}`, '请刷新页面后重试。'));
  }
}

async function showHealth(): Promise<void> {
  try {
    const health = await fetchHealth();
    healthLine.textContent = `${health.documents} 篇文档 · ${health.clauses} 条条款 · ${health.entities} 个实体`;
    healthLine.title = `服务状态：${health.status}；图存储：${health.backend === 'neo4j' ? 'Neo4j' : '内置'}`;
    healthLine.classList.remove('health-down');
  } catch (error) {
    healthLine.textContent = '服务未连接';
    healthLine.title = errorMessage(error);
    healthLine.classList.add('health-down');
  }
}

// "/" focuses the search box, as on most search sites.
document.addEventListener('keydown', (event) => {
  const target = event.target as HTMLElement;
  if (event.key !== '/' || event.ctrlKey || event.metaKey || target.closest('input, textarea, select, [contenteditable]')) return;
  const box = document.querySelector<HTMLInputElement>('input[type=search]');
  if (box) {
    event.preventDefault();
    box.focus();
    box.select();
  }
});

window.addEventListener('hashchange', () => void onRouteChange());
window.addEventListener(CORPUS_CHANGED_EVENT, () => void showHealth());
void onRouteChange();
void showHealth();
