// The merged logs of a whole compose project: every container's lines in one view, a colour each.
// Containers that join the project later join the view too (the server follows the project label).

import { h } from '../dom.js';
import { mount as mountLogs } from './logs.js';

export function mount(root, params, app) {
  const members = () => app.store.all().filter((c) => c.engine === params.engine && c.composeProject === params.project);
  const sub = h('span', { class: 'sub' });
  root.append(h('div', { class: 'detail-head' },
    h('a', { class: 'crumb', href: '#/containers' }, 'Containers'), h('span', { class: 'crumb' }, '/'),
    h('h1', {}, `Project ${params.project}`), sub));
  const body = h('div', { class: 'logs-page' });
  root.append(body);
  const renderSub = () => {
    const list = members();
    sub.textContent = list.length ? `${list.length} containers: ${list.map((c) => c.name).join(', ')}` : '';
  };
  app.store.addEventListener('change', renderSub);
  renderSub();
  const unmount = mountLogs(body, { engine: params.engine, project: params.project, merged: true }, app);
  return () => {
    app.store.removeEventListener('change', renderSub);
    unmount?.();
  };
}
