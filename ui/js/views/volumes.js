// Volumes: driver, size, which are used; remove and prune for those allowed.

import { api, enginePath } from '../api.js';
import { h } from '../dom.js';
import { bytes } from '../format.js';
import { pruneWords, resourcePage } from './resource-page.js';

export function mount(root, _params, app) {
  return resourcePage(root, app, {
    title: 'Volumes',
    eventType: 'volume',
    alsoOn: ['container'],
    path: (engine) => enginePath(engine, 'volumes'),
    key: (v) => v.name,
    summary: (list) => `${list.length} volume${list.length === 1 ? '' : 's'} · ${list.filter((v) => v.inUse).length} in use`,
    empty: 'No volumes on this engine.',
    columns: [
      { label: 'Name', cell: (v) => h('span', { class: 'cell-main mono truncate', title: v.name }, v.name) },
      { label: 'Driver', cell: (v) => v.driver },
      { label: 'Size', cls: 'num', cell: (v) => (v.size === null || v.size === undefined ? h('span', { class: 'muted' }, '—') : bytes(v.size)) },
      { label: 'Used by', cell: (v) => (v.refCount ? `${v.refCount} container${v.refCount === 1 ? '' : 's'}` : h('span', { class: 'muted' }, 'unused')) },
      { label: 'Created', cell: (v) => h('span', { class: 'muted' }, v.createdAt ? new Date(v.createdAt).toLocaleString() : '—') },
      { label: 'Mount point', cell: (v) => h('span', { class: 'mono muted truncate', title: v.mountpoint || '' }, v.mountpoint || '—') },
    ],
    remove: {
      action: 'removeVolume',
      label: (v) => `volume ${v.name.length > 24 ? `${v.name.slice(0, 12)}…` : v.name}`,
      disabled: (v) => (v.inUse ? `In use by ${v.refCount} container${v.refCount === 1 ? '' : 's'}: remove those first` : null),
      confirm: (v) => `Remove the volume ${v.name} and all the data in it? This cannot be undone.`,
      call: (engine, v) => api.del(enginePath(engine, 'volumes', v.name)),
    },
    prune: {
      action: 'prune',
      label: 'Prune volumes',
      confirm: 'Remove every volume no container uses, with its data? This cannot be undone.',
      call: (engine) => api.post(enginePath(engine, 'volumes', 'prune')),
      done: (report) => {
        const words = pruneWords(report, 'volume');
        return `${words.text}; ${bytes(words.bytes)} reclaimed.`;
      },
    },
  });
}
