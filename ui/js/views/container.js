// A container's page: its live header (state, actions) and the Logs, Stats and Inspect tabs.
// The Terminal tab stays hidden: the server's exec WebSocket (issue 5) needs xterm.js in the browser,
// and Debian 12's libjs-xterm (3.8.1) ships only CommonJS modules that a page cannot load as they are.

import { h, replace, stateBadge } from '../dom.js';
import { ago, port, shortId } from '../format.js';
import { containerHref, projectHref } from '../router.js';
import { actionButtons } from './container-row.js';

/** Whether the Terminal tab is shown (see above: it waits for a browser build of xterm.js). */
export const EXEC_AVAILABLE = false;

const TABS = {
  logs: { label: 'Logs', load: () => import('./logs.js') },
  stats: { label: 'Stats', load: () => import('./stats.js') },
  inspect: { label: 'Inspect', load: () => import('./inspect.js') },
  ...(EXEC_AVAILABLE ? { terminal: { label: 'Terminal', load: () => import('./terminal.js') } } : {}),
};

export function mount(root, params, app) {
  const { store } = app;
  const tab = TABS[params.tab] ? params.tab : 'logs';
  const head = h('div', { class: 'detail-head' });
  const meta = h('div', { class: 'detail-meta' });
  const tabs = h('nav', { class: 'tabs' });
  const body = h('div', { class: 'logs-page' });
  root.append(head, meta, tabs, body);

  let container = null;
  let unmountTab = null;
  let mountedFor = null;

  const renderHead = () => {
    container = store.find(params.engine, params.id);
    if (!container) {
      replace(head, h('a', { class: 'crumb', href: '#/containers' }, 'Containers'), h('span', { class: 'crumb' }, '/'), h('h1', {}, params.id));
      replace(meta, store.loaded ? h('span', { class: 'muted' }, `No container “${params.id}” on engine “${params.engine}”: it may have been removed.`) : 'Loading…');
      return;
    }
    const c = container;
    replace(head,
      h('a', { class: 'crumb', href: '#/containers' }, 'Containers'), h('span', { class: 'crumb' }, '/'),
      h('h1', {}, c.name), stateBadge(c.state, c.health), h('span', { class: 'muted' }, c.status),
      h('span', { class: 'spacer', style: { flex: '1' } }), actionButtons(c));
    replace(meta,
      h('span', {}, 'Image ', h('b', { class: 'mono' }, c.image)),
      h('span', {}, 'ID ', h('b', { class: 'mono' }, shortId(c.id))),
      h('span', {}, 'Created ', h('b', {}, `${ago(c.created)} ago`)),
      c.ports?.length ? h('span', {}, 'Ports ', c.ports.map((p) => h('span', { class: 'port' }, port(p)))) : null,
      c.composeProject ? h('span', {}, 'Project ', h('a', { href: projectHref(c.engine, c.composeProject) }, c.composeProject), c.composeService ? ` / ${c.composeService}` : '') : null,
      store.engines.size > 1 ? h('span', {}, 'Engine ', h('b', {}, c.engine)) : null);
    replace(tabs, Object.entries(TABS).map(([key, t]) =>
      h('a', { href: containerHref(c.engine, c.id, key), class: key === tab ? 'active' : '', dataset: { tab: key } }, t.label)));
    if (mountedFor !== c.id) mountTab(c);
  };

  async function mountTab(c) {
    mountedFor = c.id;
    const module = await TABS[tab].load();
    if (mountedFor !== c.id || !root.isConnected) return;
    unmountTab?.();
    body.replaceChildren();
    unmountTab = module.mount(body, { engine: c.engine, id: c.id, container: c, containers: [c.id] }, app) || null;
  }

  const onChange = (e) => {
    if (e.detail.engine !== params.engine) return;
    renderHead();
  };
  store.addEventListener('change', onChange);
  renderHead();
  return () => {
    store.removeEventListener('change', onChange);
    mountedFor = null;
    unmountTab?.();
  };
}
