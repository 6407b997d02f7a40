// The engine events feed, live: filters by type, action and object (applied by the server), newest
// first, bounded in memory. Events have no resume: after a reconnect a marker says some may be missing.

import { debounce, h, replace } from '../dom.js';
import { dateTime, shortId } from '../format.js';
import { containerHref } from '../router.js';

const MAX_ROWS = 1000;
const TYPES = ['container', 'image', 'volume', 'network', 'daemon', 'plugin'];
const filters = { types: new Set(TYPES.slice(0, 4)), actions: '', object: '', includeExec: false };

export function mount(root, _params, app) {
  const typeBoxes = TYPES.map((t) => {
    const input = h('input', { type: 'checkbox', checked: filters.types.has(t), dataset: { type: t } });
    input.addEventListener('change', () => {
      input.checked ? filters.types.add(t) : filters.types.delete(t);
      resubscribe();
    });
    return h('label', { class: 'check' }, input, t);
  });
  const actions = h('input', { class: 'form-control', type: 'search', placeholder: 'actions: start, die, health…', value: filters.actions, size: 24, 'aria-label': 'Actions (comma-separated prefixes)' });
  const object = h('input', { class: 'form-control', type: 'search', placeholder: 'object name or id', value: filters.object, size: 18, 'aria-label': 'Object' });
  const exec = h('input', { type: 'checkbox', checked: filters.includeExec });
  const pause = h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary', 'aria-pressed': 'false' }, 'Pause');
  const clear = h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary' }, 'Clear');
  const summary = h('span', { class: 'sub' }, 'Waiting for events…');
  const tbody = h('tbody');
  const table = h('table', { class: 'table events' },
    h('thead', {}, h('tr', {}, h('th', {}, 'Time'), h('th', {}, 'Type'), h('th', {}, 'Action'), h('th', {}, 'Object'), h('th', {}, 'Details'), app.live.engines.size > 1 ? h('th', {}, 'Engine') : null)),
    tbody);
  const empty = h('div', { class: 'empty' }, 'No events yet. They appear here as the engine reports them: start or stop a container to see some.');
  root.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Events'), summary),
    h('div', { class: 'toolbar' }, typeBoxes, h('span', { class: 'sep' }), actions, object,
      h('label', { class: 'check', title: 'Healthcheck exec events are hidden unless this is on' }, exec, 'healthcheck execs'),
      h('span', { class: 'grow' }), pause, clear),
    h('div', { class: 'panel scroll stale-aware' }, table, empty));

  let paused = false;
  let received = 0;
  let held = [];
  const multi = () => app.live.engines.size > 1;

  const row = (e) => {
    const when = new Date(Math.floor(e.timeNano / 1e6));
    const name = e.name || shortId(e.objectID);
    const link = e.objectType === 'container' && !['destroy'].includes(e.action)
      ? h('a', { href: containerHref(e.engine, e.objectID) }, name) : h('span', { class: 'cell-main' }, name);
    const interesting = Object.entries(e.attributes || {}).filter(([k]) => !k.startsWith('com.docker.compose.') && k !== 'name');
    return h('tr', { dataset: { type: e.objectType, action: e.action } },
      h('td', { class: 'nowrap mono' }, dateTime(when)),
      h('td', {}, h('span', { class: 'badge plain' }, e.objectType)),
      h('td', { class: 'nowrap' }, h('b', {}, e.action)),
      h('td', {}, link, h('div', { class: 'cell-sub id' }, shortId(e.objectID))),
      h('td', { class: 'muted' }, h('span', { class: 'truncate', style: { 'max-width': '520px' } }, interesting.slice(0, 6).map(([k, v]) => `${k}=${v}`).join('  '))),
      multi() ? h('td', { class: 'muted' }, e.engine) : null);
  };

  const show = (items) => {
    empty.hidden = true;
    const fragment = document.createDocumentFragment();
    for (const item of items.reverse()) fragment.append(item.marker ? markerRow(item.marker) : row(item));
    tbody.prepend(fragment);
    while (tbody.childElementCount > MAX_ROWS) tbody.lastElementChild.remove();
  };
  const markerRow = (text) => h('tr', { class: 'group-row' }, h('td', { colspan: 6 }, text));
  const updateSummary = () => {
    summary.textContent = `${received} event${received === 1 ? '' : 's'} received${paused && held.length ? ` · ${held.length} waiting (paused)` : ''}`;
  };

  let wasConnected = false;
  const sub = app.live.subscribe({
    kind: 'events',
    message: () => ({
      type: 'subscribe_events',
      types: filters.types.size === TYPES.length ? undefined : [...filters.types],
      actions: filters.actions ? filters.actions.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
      object: filters.object || undefined,
      includeExec: filters.includeExec || undefined,
    }),
    onMessage: (msg) => {
      if (msg.type !== 'event') return;
      received += 1;
      const items = msg.dropped ? [{ marker: `${msg.dropped} events were dropped here because the page fell behind` }, msg] : [msg];
      if (paused) held.push(...items);
      else show(items);
      updateSummary();
    },
    onError: (msg) => show([{ marker: msg.code === 'events_dropped' ? msg.message : `The server refused the filter: ${msg.message}` }]),
    onConnection: (state) => {
      if (state === 'live' && wasConnected) show([{ marker: `Reconnected at ${dateTime(new Date())}: events that happened while disconnected are not shown` }]);
      if (state === 'live') wasConnected = true;
    },
  });

  const resubscribe = debounce(() => {
    Object.assign(filters, { actions: actions.value.trim(), object: object.value.trim(), includeExec: exec.checked });
    sub.restart();
  }, 300);
  actions.addEventListener('input', resubscribe);
  object.addEventListener('input', resubscribe);
  exec.addEventListener('change', resubscribe);
  pause.addEventListener('click', () => {
    paused = !paused;
    pause.setAttribute('aria-pressed', String(paused));
    pause.textContent = paused ? 'Resume' : 'Pause';
    if (!paused && held.length) show(held.splice(0));
    updateSummary();
  });
  clear.addEventListener('click', () => {
    replace(tbody);
    empty.hidden = false;
  });
  return () => sub.close();
}
