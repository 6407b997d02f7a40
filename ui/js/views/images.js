// Images: tags, size, age and which are used; remove and prune for those allowed.

import { api, enginePath } from '../api.js';
import { h } from '../dom.js';
import { ago, bytes, shortId } from '../format.js';
import { pullForm } from './image-pull.js';
import { pruneWords, resourcePage } from './resource-page.js';

export function mount(root, _params, app) {
  return resourcePage(root, app, {
    title: 'Images',
    eventType: 'image',
    path: (engine) => enginePath(engine, 'images'),
    key: (i) => i.id,
    summary: (list) => `${list.length} image${list.length === 1 ? '' : 's'} · ${bytes(list.reduce((n, i) => n + i.size, 0))} · ${list.filter((i) => i.inUse).length} in use`,
    empty: 'No images on this engine.',
    extra: { action: 'pull', render: pullForm },
    columns: [
      { label: 'Tags', cell: (i) => (i.tags.length ? i.tags.map((t) => h('span', { class: 'tag' }, t)) : h('span', { class: 'muted' }, '<none> (dangling)')) },
      { label: 'ID', cell: (i) => h('span', { class: 'id' }, shortId(i.id)) },
      { label: 'Size', cls: 'num', cell: (i) => bytes(i.size) },
      { label: 'Created', cell: (i) => h('span', { class: 'muted', title: new Date(i.created * 1000).toLocaleString() }, `${ago(i.created)} ago`) },
      { label: 'Used by', cell: (i) => (i.containers ? `${i.containers} container${i.containers === 1 ? '' : 's'}` : h('span', { class: 'muted' }, 'unused')) },
    ],
    remove: {
      action: 'removeImage',
      label: (i) => (i.tags[0] ? `image ${i.tags[0]}` : `image ${shortId(i.id)}`),
      confirm: (i) => h('div', {},
        h('p', {}, `Remove ${i.tags.length ? i.tags.join(', ') : shortId(i.id)}? Other tags of the same image keep it.`),
        i.containers ? h('p', {}, `${i.containers} container${i.containers === 1 ? ' uses' : 's use'} it: the engine refuses unless forced.`) : null),
      checkbox: (i) => ({ label: 'Force (even if containers use it)', checked: false }),
      call: (engine, i, force) => api.del(enginePath(engine, 'images', i.tags[0] ?? i.id), { force: force || undefined }),
    },
    prune: {
      action: 'prune',
      label: 'Prune images',
      confirm: 'Remove dangling images (those without a tag)? Images used by a container are never removed.',
      checkbox: { label: 'Also remove every image no container uses', checked: false },
      call: (engine, all) => api.post(enginePath(engine, 'images', 'prune'), { all: all || undefined }),
      done: (report) => {
        const words = pruneWords(report, 'image');
        return `${words.text}; ${bytes(words.bytes)} reclaimed.`;
      },
    },
  });
}
