// The audit log (admin): who did what, when, from where, with what result; filtered on the server,
// paged newest first, exported as CSV or JSON lines.

import { api } from '../api.js';
import { auth } from '../auth.js';
import { debounce, download, h, replace } from '../dom.js';
import { dateTime } from '../format.js';
import { toast } from '../notify.js';

// Seconds between 1970 and 2001: a `time` sent as a bare number counts from 2001 (Foundation's default).
const REFERENCE_DATE = 978_307_200;
// The server answers at most this many rows per request, exports included.
const EXPORT_LIMIT = 1000;

export function mount(root) {
  const field = (placeholder, label, size = 14) => h('input', { class: 'form-control', type: 'search', placeholder, 'aria-label': label, size });
  const user = field('user', 'User');
  const action = field('action (container.stop…)', 'Action', 20);
  const object = field('object id', 'Object');
  const result = h('select', { class: 'form-select', 'aria-label': 'Result' },
    ['', 'success', 'failure', 'denied'].map((r) => h('option', { value: r }, r || 'any result')));
  const since = h('input', { class: 'form-control', type: 'datetime-local', 'aria-label': 'Since' });
  const until = h('input', { class: 'form-control', type: 'datetime-local', 'aria-label': 'Until' });
  const tbody = h('tbody');
  const more = h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary log-more', hidden: true, onclick: () => load(true) }, 'Older entries');
  const summary = h('span', { class: 'sub' });
  root.append(
    h('div', { class: 'page-head' }, h('h1', {}, 'Audit log'), summary, h('span', { class: 'spacer' }),
      h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary', title: `The newest ${EXPORT_LIMIT} entries matching the filters`, onclick: () => exportAs('csv') }, 'Export CSV'),
      h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary', title: `The newest ${EXPORT_LIMIT} entries matching the filters`, onclick: () => exportAs('json') }, 'Export JSON')),
    h('div', { class: 'toolbar' }, user, action, object, result, h('span', { class: 'field-label' }, 'from'), since, h('span', { class: 'field-label' }, 'to'), until),
    h('div', { class: 'panel scroll' }, h('table', { class: 'table audit' },
      h('thead', {}, h('tr', {}, ['Time', 'User', 'Action', 'Object', 'Result', 'From', 'Details'].map((t) => h('th', {}, t)))), tbody), more));

  let next = null;
  let shown = 0;
  const query = () => ({
    user: user.value.trim() || undefined, action: action.value.trim() || undefined, object: object.value.trim() || undefined,
    result: result.value || undefined,
    since: since.value ? new Date(since.value).toISOString() : undefined, until: until.value ? new Date(until.value).toISOString() : undefined,
  });

  async function load(older = false) {
    try {
      const page = await api.get('/api/v1/audit', { ...query(), limit: 100, after: older ? next : undefined });
      if (!older) {
        replace(tbody);
        shown = 0;
      }
      for (const e of page.entries || []) tbody.append(row(e));
      shown += page.entries?.length ?? 0;
      next = page.next ?? null;
      more.hidden = next === null;
      summary.textContent = `${shown} entr${shown === 1 ? 'y' : 'ies'} shown${next !== null ? ', more below' : ''}`;
    } catch (error) {
      replace(tbody, h('tr', {}, h('td', { colspan: 7, class: 'empty' }, `Could not load the audit log: ${error.message}`)));
    }
  }

  function row(e) {
    const time = typeof e.time === 'number' ? new Date((e.time + REFERENCE_DATE) * 1000) : new Date(e.time);
    const params = Object.entries(e.parameters || {}).map(([k, v]) => `${k}=${v}`).join(' ');
    const cls = e.result === 'success' ? 's-running' : e.result === 'denied' ? 's-paused' : 's-dead';
    return h('tr', { dataset: { action: e.action, result: e.result } },
      h('td', { class: 'nowrap mono' }, dateTime(time)),
      h('td', {}, h('span', { class: 'cell-main' }, e.user ?? '—'), e.role ? h('span', { class: 'cell-sub' }, ` ${e.role}`) : null),
      h('td', { class: 'nowrap' }, h('b', {}, e.action)),
      h('td', {}, objectCell(e)),
      h('td', {}, h('span', { class: `badge ${cls}` }, e.result)),
      h('td', { class: 'muted mono' }, e.clientAddress ?? ''),
      h('td', { class: 'muted' }, h('span', { class: 'truncate', style: { 'max-width': '380px' }, title: `${params} ${e.error ?? ''}` }, [params, e.error].filter(Boolean).join(' · '))));
  }

  function objectCell(e) {
    const hex = (text) => /^[0-9a-f]{16,}$/i.test(text ?? '');
    const name = e.objectName && !hex(e.objectName) ? e.objectName : null;
    const id = e.objectID ?? (hex(e.objectName) ? e.objectName : null);
    return [
      name ? h('span', { class: 'cell-main' }, name) : null,
      id ? h('div', { class: name ? 'cell-sub id' : 'id', title: id }, hex(id) ? id.slice(0, 12) : id) : null,
      e.engine ? h('div', { class: 'cell-sub' }, `engine ${e.engine}`) : null,
    ];
  }

  async function exportAs(format) {
    // A plain link cannot carry the bearer token: fetch it, then hand the browser the file.
    const url = new URL('/api/v1/audit', location.origin);
    for (const [k, v] of Object.entries({ ...query(), format, limit: EXPORT_LIMIT })) if (v !== undefined) url.searchParams.set(k, v);
    try {
      const response = await fetch(url, { headers: auth.accessToken ? { Authorization: `Bearer ${auth.accessToken}` } : {} });
      if (!response.ok) throw new Error(`the server answered ${response.status}`);
      download(`capstan-audit.${format === 'csv' ? 'csv' : 'jsonl'}`, await response.text(), format === 'csv' ? 'text/csv' : 'application/x-ndjson');
    } catch (error) {
      toast('bad', 'Export failed', error.message);
    }
  }

  const reload = debounce(() => load(), 300);
  for (const el of [user, action, object]) el.addEventListener('input', reload);
  for (const el of [result, since, until]) el.addEventListener('change', reload);
  load();
}
