// What the Images, Volumes and Networks pages share: an engine picker, a table loaded from the REST
// API and reloaded when the engine reports a change of that kind (no polling), remove and prune.

import { api } from '../api.js';
import { can } from '../auth.js';
import { append, debounce, h, replace } from '../dom.js';
import { confirmAction, toast } from '../notify.js';

/**
 * `spec`: `{ title, eventType, columns: [{ label, cell(item), cls? }], path(engine), key(item),
 * remove?: { action, label(item), confirm(item), call(engine, item, checked), disabled?(item), checkbox? },
 * prune?: { action, label, confirm, checkbox?, call(engine, checked), done(report) }, summary(list), empty,
 * extra?: { action, render(engine(), reload) } }` — `extra` is shown under the heading to those allowed its action.
 */
export function resourcePage(root, app, spec) {
  const engines = () => [...app.live.engines.keys()];
  let engine = engines()[0] ?? 'local';
  const picker = h('select', { class: 'form-select', 'aria-label': 'Engine' });
  const summary = h('span', { class: 'sub' });
  const refresh = h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary', onclick: () => load() }, 'Refresh');
  const prune = spec.prune && can(spec.prune.action)
    ? h('button', { type: 'button', class: 'btn btn-sm btn-outline-danger', dataset: { action: 'prune' }, onclick: () => doPrune() }, spec.prune.label)
    : null;
  const tbody = h('tbody');
  const table = h('table', { class: `table ${spec.eventType}s` },
    h('thead', {}, h('tr', {}, spec.columns.map((c) => h('th', { class: c.cls || '' }, c.label)), spec.remove ? h('th', {}, '') : null)), tbody);
  const empty = h('div', { class: 'empty', hidden: true }, spec.empty);
  append(root, [
    h('div', { class: 'page-head' }, h('h1', {}, spec.title), summary, h('span', { class: 'spacer' }), picker, refresh, prune),
    spec.extra && can(spec.extra.action) ? spec.extra.render(() => engine, () => load()) : null,
    h('div', { class: 'panel scroll stale-aware' }, table, empty)]);

  const renderPicker = () => {
    const names = engines();
    picker.hidden = names.length < 2;
    replace(picker, names.map((n) => h('option', { value: n, selected: n === engine }, n)));
  };
  picker.addEventListener('change', () => {
    engine = picker.value;
    load();
  });

  let generation = 0;
  async function load() {
    const mine = ++generation;
    try {
      const list = await api.get(spec.path(engine));
      if (mine !== generation) return;
      render(list || []);
    } catch (error) {
      if (mine !== generation) return;
      replace(tbody);
      empty.hidden = false;
      empty.textContent = `Could not load the ${spec.title.toLowerCase()} of “${engine}”: ${error.message}`;
    }
  }

  function render(list) {
    summary.textContent = spec.summary(list);
    empty.hidden = list.length > 0;
    empty.textContent = spec.empty;
    replace(tbody, list.map((item) => h('tr', { dataset: { key: spec.key(item) } },
      spec.columns.map((c) => h('td', { class: c.cls || '' }, c.cell(item))),
      spec.remove ? h('td', { class: 'actions' }, removeButton(item)) : null)));
  }

  function removeButton(item) {
    if (!can(spec.remove.action)) return null;
    const disabled = spec.remove.disabled?.(item);
    return h('button', {
      type: 'button', class: 'btn btn-xs btn-outline-danger', dataset: { action: 'remove' }, disabled: !!disabled,
      title: disabled || `Remove ${spec.remove.label(item)}`,
      onclick: async () => {
        const answer = await confirmAction({ title: `Remove ${spec.remove.label(item)}`, body: spec.remove.confirm(item), confirm: 'Remove', checkbox: spec.remove.checkbox?.(item) });
        if (!answer.ok) return;
        try {
          await spec.remove.call(engine, item, answer.checked);
          toast('ok', `Removed ${spec.remove.label(item)}`);
        } catch (error) {
          toast('bad', `Could not remove ${spec.remove.label(item)}`, error.message);
        }
        load();
      },
    }, 'Remove');
  }

  async function doPrune() {
    const answer = await confirmAction({ title: spec.prune.label, body: spec.prune.confirm, confirm: spec.prune.label, checkbox: spec.prune.checkbox });
    if (!answer.ok) return;
    try {
      toast('ok', spec.prune.label, spec.prune.done(await spec.prune.call(engine, answer.checked)));
    } catch (error) {
      toast('bad', `${spec.prune.label} failed`, error.message);
    }
    load();
  }

  // The list changes when the engine says so: reload on its events of this kind.
  const reload = debounce(load, 400);
  const sub = app.live.subscribe({
    kind: spec.eventType,
    message: () => ({ type: 'subscribe_events', types: [spec.eventType, ...(spec.alsoOn || [])] }),
    onMessage: (msg) => msg.type === 'event' && (!msg.engine || msg.engine === engine) && reload(),
    onConnection: (state) => state === 'live' && reload(),
  });
  const onEngines = () => {
    if (engines().length && !engines().includes(engine)) {
      engine = engines()[0];
      load();
    }
    renderPicker();
  };
  app.live.addEventListener('engines', onEngines);
  renderPicker();
  load();
  return () => {
    sub.close();
    reload.cancel();
    app.live.removeEventListener('engines', onEngines);
  };
}

/** `{ reclaimed, removed }` of a prune report, in words. */
export function pruneWords(report, noun) {
  const removed = report?.deleted?.length ?? 0;
  const bytes = report?.spaceReclaimed ?? 0;
  return { removed, bytes, text: removed ? `${removed} ${noun}${removed === 1 ? '' : 's'} removed` : `No unused ${noun}s to remove` };
}
