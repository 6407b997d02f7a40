// A whole compose project: its containers' merged logs (a colour each; containers that join the project
// later join the view too, the server follows the project label) and project-wide start, stop and
// restart for the roles that may use them.

import { api, enginePath } from '../api.js';
import { can } from '../auth.js';
import { h } from '../dom.js';
import { confirmAction, toast } from '../notify.js';
import { mount as mountLogs } from './logs.js';

const ACTIONS = [
  { action: 'start', label: 'Start all', done: 'Started' },
  { action: 'restart', label: 'Restart all', done: 'Restarted', confirm: true },
  { action: 'stop', label: 'Stop all', done: 'Stopped', confirm: true },
];

export function mount(root, params, app) {
  const members = () => app.store.all().filter((c) => c.engine === params.engine && c.composeProject === params.project);
  const sub = h('span', { class: 'sub' });
  const buttons = ACTIONS.filter((a) => can(a.action)).map((a) =>
    h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary', dataset: { action: a.action }, onclick: () => act(a) }, a.label));
  root.append(h('div', { class: 'detail-head' },
    h('a', { class: 'crumb', href: '#/containers' }, 'Containers'), h('span', { class: 'crumb' }, '/'),
    h('h1', {}, `Project ${params.project}`), sub, h('span', { class: 'spacer' }), buttons));
  const body = h('div', { class: 'logs-page' });
  root.append(body);
  const renderSub = () => {
    const list = members();
    const running = list.filter((c) => c.state === 'running').length;
    sub.textContent = list.length ? `${list.length} containers, ${running} running: ${list.map((c) => c.name).join(', ')}` : '';
  };

  async function act({ action, label, done, confirm }) {
    if (confirm) {
      const answer = await confirmAction({
        title: `${label.replace(' all', '')} project ${params.project}?`,
        body: `Every container of ${params.project} (${members().length}) is ${action === 'stop' ? 'stopped' : 'restarted'}.`,
        confirm: label,
      });
      if (!answer.ok) return;
    }
    for (const b of buttons) b.disabled = true;
    try {
      const report = await api.post(enginePath(params.engine, 'projects', params.project, action));
      const failed = (report?.results || []).filter((r) => r.ok === false);
      if (failed.length) {
        toast('bad', `${label}: ${failed.length} of ${report.results.length} failed`, failed.map((r) => `${r.name}: ${r.error?.message ?? 'failed'}`).join('; '));
      } else {
        toast('ok', `${done} project ${params.project}`);
      }
    } catch (error) {
      toast('bad', `${label} failed`, error.message);
    } finally {
      for (const b of buttons) b.disabled = false;
    }
  }

  app.store.addEventListener('change', renderSub);
  renderSub();
  const unmount = mountLogs(body, { engine: params.engine, project: params.project, merged: true }, app);
  return () => {
    app.store.removeEventListener('change', renderSub);
    unmount?.();
  };
}
