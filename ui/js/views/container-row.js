// One row of the container list, and the per-row action buttons.

import { append, h, stateBadge } from '../dom.js';
import { ago, liveStatus, port, shortId } from '../format.js';
import { containerHref, projectHref } from '../router.js';
import { ACTIONS, allowed, runAction } from './actions.js';

/** A `<tr>` for a container. `ctx`: `{ selected: Set, multiEngine, onSelect(id, on), stale }`. */
export function containerRow(c, ctx) {
  const tr = h('tr', { dataset: { id: c.id, name: c.name, state: c.state, engine: c.engine }, class: ctx.selected.has(c.id) ? 'selected' : '' });
  const box = h('input', {
    type: 'checkbox', checked: ctx.selected.has(c.id), 'aria-label': `Select ${c.name}`,
    onchange: (e) => ctx.onSelect(c.id, e.target.checked),
  });
  const service = c.composeService ? h('span', { class: 'cell-sub' }, c.composeService, ' · ') : null;
  append(tr, [
    h('td', { class: 'sel' }, box),
    h('td', {},
      h('a', { class: 'cell-main', href: containerHref(c.engine, c.id) }, c.name),
      h('div', { class: 'cell-sub' }, service, h('span', { class: 'id' }, shortId(c.id)))),
    h('td', { class: 'nowrap' }, stateBadge(c.state, c.health)),
    h('td', { class: 'status', dataset: { id: c.id } }, h('span', { class: 'truncate', title: c.status }, liveStatus(c) || '—')),
    h('td', {}, h('span', { class: 'truncate mono', title: c.image }, c.image)),
    h('td', { class: 'ports' }, c.ports?.length ? c.ports.slice(0, 3).map((p) => h('span', { class: 'port' }, port(p))) : h('span', { class: 'muted' }, '—'),
      c.ports?.length > 3 ? h('span', { class: 'muted', title: c.ports.map(port).join(', ') }, ` +${c.ports.length - 3}`) : null),
    h('td', {}, c.composeProject ? h('a', { href: projectHref(c.engine, c.composeProject), title: 'Merged logs of this project' }, c.composeProject) : h('span', { class: 'muted' }, '—')),
    h('td', { class: 'nowrap muted', dataset: { created: c.created }, title: new Date(c.created * 1000).toLocaleString() }, `${ago(c.created)} ago`),
    ctx.multiEngine ? h('td', { class: 'muted' }, c.engine) : null,
    h('td', { class: 'actions' }, actionButtons(c)),
  ]);
  return tr;
}

/** The buttons of a row: the main lifecycle action(s) visible, the rest in a small menu. */
export function actionButtons(c) {
  const actions = allowed(c);
  if (!actions.length) return h('span', {});
  const primary = actions.filter((a) => ['start', 'stop', 'unpause', 'restart'].includes(a)).slice(0, 2);
  const rest = actions.filter((a) => !primary.includes(a));
  const button = (a) => h('button', {
    type: 'button',
    class: `btn btn-xs ${ACTIONS[a].danger ? 'btn-outline-danger' : 'btn-outline-secondary'}`,
    dataset: { action: a },
    title: `${ACTIONS[a].label} ${c.name}`,
    onclick: (e) => {
      e.currentTarget.closest('details')?.removeAttribute('open');
      runAction(a, [c]);
    },
  }, ACTIONS[a].label);
  const group = h('div', { class: 'row-actions' }, primary.map(button));
  if (rest.length) {
    group.append(h('details', { class: 'menu' },
      h('summary', { class: 'btn btn-xs btn-outline-secondary', title: 'More actions', 'aria-label': `More actions for ${c.name}` }, '⋯'),
      h('div', { class: 'menu-items' }, rest.map(button))));
  }
  return group;
}
