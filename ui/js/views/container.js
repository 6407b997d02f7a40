// A container's page: its live header (state, actions) and the Logs, Stats, Inspect and Terminal tabs.
// The Terminal tab is shown only to a role that may exec (admin by default; the server decides anyway).

import { can } from '../auth.js';
import { h, replace, stateBadge } from '../dom.js';
import { ago, liveStatus, port, shortId } from '../format.js';
import { containerHref, projectHref } from '../router.js';
import { actionButtons } from './container-row.js';

const TABS = {
  logs: { label: 'Logs', load: () => import('./logs.js') },
  stats: { label: 'Stats', load: () => import('./stats.js') },
  inspect: { label: 'Inspect', load: () => import('./inspect.js') },
  terminal: { label: 'Terminal', load: () => import('./terminal.js'), allowed: () => can('exec') },
};

/** The tabs the signed-in user may open. */
function visibleTabs() {
  return Object.entries(TABS).filter(([, t]) => !t.allowed || t.allowed());
}

export function mount(root, params, app) {
  const { store } = app;
  const tab = visibleTabs().some(([key]) => key === params.tab) ? params.tab : 'logs';
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
      h('h1', {}, c.name), stateBadge(c.state, c.health), h('span', { class: 'muted', dataset: { status: '' } }, liveStatus(c)),
      h('span', { class: 'spacer', style: { flex: '1' } }), actionButtons(c));
    replace(meta,
      h('span', {}, 'Image ', h('b', { class: 'mono' }, c.image)),
      h('span', {}, 'ID ', h('b', { class: 'mono' }, shortId(c.id))),
      h('span', {}, 'Created ', h('b', { dataset: { created: c.created } }, `${ago(c.created)} ago`)),
      c.ports?.length ? h('span', {}, 'Ports ', c.ports.map((p) => h('span', { class: 'port' }, port(p)))) : null,
      c.composeProject ? h('span', {}, 'Project ', h('a', { href: projectHref(c.engine, c.composeProject) }, c.composeProject), c.composeService ? ` / ${c.composeService}` : '') : null,
      store.engines.size > 1 ? h('span', {}, 'Engine ', h('b', {}, c.engine)) : null);
    replace(tabs, visibleTabs().map(([key, t]) =>
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
  // The status text and the age move on between changes (see format.js liveStatus).
  const tick = setInterval(() => {
    if (!container) return;
    const status = head.querySelector('[data-status]');
    if (status) status.textContent = liveStatus(container);
    const created = meta.querySelector('[data-created]');
    if (created) created.textContent = `${ago(container.created)} ago`;
  }, 5_000);
  return () => {
    clearInterval(tick);
    store.removeEventListener('change', onChange);
    mountedFor = null;
    unmountTab?.();
  };
}
