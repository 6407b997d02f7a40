// Networks: driver, scope, flags; remove (not the engine's own) and prune for those allowed.

import { api, enginePath } from '../api.js';
import { h } from '../dom.js';
import { shortId } from '../format.js';
import { pruneWords, resourcePage } from './resource-page.js';

export function mount(root, _params, app) {
  return resourcePage(root, app, {
    title: 'Networks',
    eventType: 'network',
    path: (engine) => enginePath(engine, 'networks'),
    key: (n) => n.id,
    summary: (list) => `${list.length} network${list.length === 1 ? '' : 's'} · ${list.filter((n) => !n.predefined).length} user-defined`,
    empty: 'No networks on this engine.',
    columns: [
      { label: 'Name', cell: (n) => h('span', { class: 'cell-main' }, n.name) },
      { label: 'ID', cell: (n) => h('span', { class: 'id' }, shortId(n.id)) },
      { label: 'Driver', cell: (n) => n.driver || '—' },
      { label: 'Scope', cell: (n) => n.scope || '—' },
      { label: 'Flags', cell: (n) => [n.predefined ? h('span', { class: 'badge plain' }, 'built-in') : null, n.internal ? h('span', { class: 'badge plain' }, 'internal') : null] },
      { label: 'Created', cell: (n) => h('span', { class: 'muted' }, n.created ? new Date(n.created).toLocaleString() : '—') },
    ],
    remove: {
      action: 'removeNetwork',
      label: (n) => `network ${n.name}`,
      disabled: (n) => (n.predefined ? 'One of the engine’s own networks: it cannot be removed' : null),
      confirm: (n) => `Remove the network ${n.name}? Containers attached to it must be disconnected first.`,
      call: (engine, n) => api.del(enginePath(engine, 'networks', n.id)),
    },
    prune: {
      action: 'prune',
      label: 'Prune networks',
      confirm: 'Remove every user-defined network no container is attached to?',
      call: (engine) => api.post(enginePath(engine, 'networks', 'prune')),
      done: (report) => `${pruneWords(report, 'network').text}.`,
    },
  });
}
