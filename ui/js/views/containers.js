// The container list: every container of every engine, live from the WebSocket (no polling), with
// search, filters, grouping by compose project, multi-select and bulk actions.

import { debounce, h, replace } from '../dom.js';
import { ago, count, liveStatus } from '../format.js';
import { projectHref } from '../router.js';
import { ACTIONS, applicable, runAction } from './actions.js';
import { auth, can } from '../auth.js';
import { containerRow } from './container-row.js';

// Kept while the page lives, so coming back to the list keeps the reader's filters.
const filters = { text: '', state: 'all', project: '', label: '', group: false };
const selected = new Set();

const STATES = {
  all: () => true,
  running: (c) => c.state === 'running',
  stopped: (c) => ['exited', 'created', 'dead'].includes(c.state),
  paused: (c) => c.state === 'paused',
  unhealthy: (c) => c.health === 'unhealthy',
  restarting: (c) => c.state === 'restarting',
};

export function mount(root, _params, app) {
  const { store } = app;
  const search = h('input', { class: 'form-control', type: 'search', placeholder: 'Search name, image, id, project…', title: 'Press / to search', value: filters.text, 'aria-label': 'Search containers', size: 30 });
  const state = h('select', { class: 'form-select', 'aria-label': 'State' },
    Object.keys(STATES).map((s) => h('option', { value: s, selected: filters.state === s }, s === 'all' ? 'All states' : s)));
  const project = h('select', { class: 'form-select', 'aria-label': 'Compose project' });
  const label = h('input', { class: 'form-control', type: 'search', placeholder: 'label or key=value', value: filters.label, 'aria-label': 'Label filter', size: 16 });
  const group = h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary', 'aria-pressed': String(filters.group), title: 'Group by compose project' }, 'Group by project');
  const summary = h('span', { class: 'sub' });
  const bulk = h('div', { class: 'bulkbar', hidden: true });
  const headBox = h('input', { type: 'checkbox', 'aria-label': 'Select all shown' });
  const tbody = h('tbody');
  const table = h('table', { class: 'table containers' });
  const panel = h('div', { class: 'panel scroll stale-aware' }, table);
  const empty = h('div', { class: 'empty', hidden: true });

  root.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Containers'), summary, h('span', { class: 'spacer' })),
    h('div', { class: 'toolbar' }, search, state, project, label, group),
    bulk, panel, empty);

  let multiEngine = null;
  let frame = null;
  const flashes = new Set();
  // Rows are kept and reused while what they show is unchanged, so a click never lands on a row that
  // is being replaced, an open menu stays open, and a change redraws only its own row.
  const rowCache = new Map();
  const rowFor = (key, signature, make) => {
    const hit = rowCache.get(key);
    if (hit && hit.signature === signature) return hit.el;
    const el = make();
    rowCache.set(key, { signature, el });
    return el;
  };

  const render = () => {
    frame = null;
    const all = store.all();
    if (multiEngine !== store.engines.size > 1) {
      multiEngine = store.engines.size > 1;
      rowCache.clear();
      replace(table, header(), tbody);
    }
    fillProjects(project, all);
    const shown = all.filter(matches);
    const running = all.filter((c) => c.state === 'running').length;
    summary.textContent = store.loaded
      ? `${count(all.length)} containers · ${count(running)} running${shown.length !== all.length ? ` · ${count(shown.length)} shown` : ''}`
      : 'Loading…';
    for (const id of [...selected]) if (!all.some((c) => c.id === id)) selected.delete(id);
    const ctx = { selected, multiEngine, onSelect };
    const role = document.documentElement.dataset.role;
    const rows = [];
    for (const [name, items] of filters.group ? groups(shown) : [[null, shown]]) {
      if (name !== null) {
        const up = items.filter((c) => c.state === 'running').length;
        rows.push(rowFor(`group:${name}`, `${items.length}/${up}`, () => groupRow(name, items, multiEngine)));
      }
      for (const c of items) {
        const signature = JSON.stringify([c.name, c.state, c.status, c.health, c.image, c.ports, c.composeProject, c.composeService, c.created, role]);
        const tr = rowFor(c.id, signature, () => containerRow(c, ctx));
        const on = selected.has(c.id);
        tr.classList.toggle('selected', on);
        tr.querySelector('td.sel input').checked = on;
        if (flashes.has(c.id)) {
          tr.classList.remove('flash');
          void tr.offsetWidth; // restart the animation
          tr.classList.add('flash');
        }
        rows.push(tr);
      }
    }
    let cursor = tbody.firstChild;
    for (const el of rows) {
      if (el === cursor) cursor = cursor.nextSibling;
      else tbody.insertBefore(el, cursor);
    }
    while (cursor) {
      const next = cursor.nextSibling;
      cursor.remove();
      cursor = next;
    }
    const keep = new Set(rows);
    for (const [key, { el }] of rowCache) if (!keep.has(el)) rowCache.delete(key);
    flashes.clear();
    empty.hidden = shown.length > 0 || !store.loaded;
    empty.textContent = all.length ? 'No container matches these filters.' : 'No containers on this engine yet.';
    panel.hidden = !empty.hidden;
    headBox.checked = shown.length > 0 && shown.every((c) => selected.has(c.id));
    headBox.indeterminate = !headBox.checked && shown.some((c) => selected.has(c.id));
    headBox.onchange = () => {
      for (const c of shown) headBox.checked ? selected.add(c.id) : selected.delete(c.id);
      schedule();
    };
    renderBulk(all);
  };

  const schedule = () => {
    frame ??= requestAnimationFrame(render);
  };

  function onSelect(id, on) {
    on ? selected.add(id) : selected.delete(id);
    schedule();
  }

  function header() {
    return h('thead', {}, h('tr', {},
      h('th', { class: 'sel' }, headBox), h('th', {}, 'Name'), h('th', {}, 'State'), h('th', {}, 'Status'), h('th', {}, 'Image'),
      h('th', {}, 'Ports'), h('th', {}, 'Project'), h('th', {}, 'Created'), multiEngine ? h('th', {}, 'Engine') : null, h('th', {}, '')));
  }

  function renderBulk(all) {
    const chosen = all.filter((c) => selected.has(c.id));
    bulk.hidden = chosen.length === 0;
    if (!chosen.length) return;
    const actions = Object.keys(ACTIONS).filter((a) => can(a) && chosen.some((c) => applicable(c).includes(a)));
    replace(bulk,
      h('span', { class: 'count' }, `${chosen.length} selected`),
      actions.map((a) => h('button', {
        type: 'button', class: `btn btn-sm ${ACTIONS[a].danger ? 'btn-outline-danger' : 'btn-outline-secondary'}`, dataset: { bulk: a },
        onclick: async () => {
          if (await runAction(a, chosen) && a === 'remove') selected.clear();
          schedule();
        },
      }, ACTIONS[a].label)),
      h('span', { class: 'grow' }),
      h('button', { type: 'button', class: 'btn btn-sm btn-link', onclick: () => { selected.clear(); schedule(); } }, 'Clear selection'));
  }

  const onChange = (e) => {
    for (const change of e.detail.changes || []) flashes.add(change.containerID);
    schedule();
  };
  store.addEventListener('change', onChange);
  auth.events.addEventListener('user', schedule);
  const refilter = debounce(() => {
    Object.assign(filters, { text: search.value.trim().toLowerCase(), state: state.value, project: project.value, label: label.value.trim() });
    schedule();
  }, 80);
  for (const el of [search, label]) el.addEventListener('input', refilter);
  for (const el of [state, project]) el.addEventListener('change', refilter);
  group.addEventListener('click', () => {
    filters.group = !filters.group;
    group.setAttribute('aria-pressed', String(filters.group));
    schedule();
  });
  // "Created … ago" and "Up …" move on by themselves (the engine sends a status only when it changes).
  const tick = setInterval(() => {
    for (const td of tbody.querySelectorAll('td[data-created]')) td.textContent = `${ago(Number(td.dataset.created))} ago`;
    for (const span of tbody.querySelectorAll('td.status[data-id] > span')) {
      const c = store.all().find((x) => x.id === span.parentElement.dataset.id);
      if (c) span.textContent = liveStatus(c) || '—';
    }
  }, 5_000);
  render();
  // "/" jumps to the search box, as in many list UIs.
  const onKey = (e) => {
    if (e.key === '/' && !['INPUT', 'SELECT', 'TEXTAREA'].includes(document.activeElement?.tagName)) {
      e.preventDefault();
      search.focus();
    }
  };
  document.addEventListener('keydown', onKey);

  return () => {
    store.removeEventListener('change', onChange);
    auth.events.removeEventListener('user', schedule);
    document.removeEventListener('keydown', onKey);
    clearInterval(tick);
    if (frame) cancelAnimationFrame(frame);
  };
}

function matches(c) {
  if (!STATES[filters.state](c)) return false;
  if (filters.project === '\u0000none' ? c.composeProject : filters.project && c.composeProject !== filters.project) return false;
  if (filters.text) {
    const hay = `${c.name} ${c.image} ${c.id} ${c.composeProject || ''} ${c.composeService || ''} ${c.status}`.toLowerCase();
    if (!filters.text.split(/\s+/).every((word) => hay.includes(word))) return false;
  }
  if (filters.label) {
    const [key, ...value] = filters.label.split('=');
    if (!(key in (c.labels || {}))) return false;
    if (value.length && c.labels[key] !== value.join('=')) return false;
  }
  return true;
}

function fillProjects(select, all) {
  const names = [...new Set(all.map((c) => c.composeProject).filter(Boolean))].sort();
  const wanted = ['', ...names, '\u0000none'].join('|');
  if (select.dataset.options === wanted) return;
  select.dataset.options = wanted;
  replace(select,
    h('option', { value: '' }, 'All projects'),
    names.map((n) => h('option', { value: n, selected: filters.project === n }, n)),
    h('option', { value: '\u0000none', selected: filters.project === '\u0000none' }, 'No project'));
}

function groups(list) {
  const byProject = new Map();
  for (const c of list) {
    const key = c.composeProject || '';
    if (!byProject.has(key)) byProject.set(key, []);
    byProject.get(key).push(c);
  }
  return [...byProject.entries()].sort(([a], [b]) => (a === '') - (b === '') || a.localeCompare(b));
}

function groupRow(name, items, multiEngine) {
  const running = items.filter((c) => c.state === 'running').length;
  const cols = multiEngine ? 10 : 9;
  return h('tr', { class: 'group-row', dataset: { project: name } }, h('td', { colspan: cols },
    name || 'Not in a compose project',
    h('span', { class: 'sub' }, `${items.length} container${items.length === 1 ? '' : 's'} · ${running} running`),
    name ? h('a', { class: 'sub', href: projectHref(items[0].engine, name) }, 'merged logs →') : null));
}
