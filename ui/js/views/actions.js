// Container actions: which apply to a container in its state, who may use them, and running them
// (with a confirmation for the destructive ones and a message a person understands either way).

import { api, enginePath } from '../api.js';
import { can } from '../auth.js';
import { h } from '../dom.js';
import { confirmAction, toast } from '../notify.js';

export const ACTIONS = {
  start: { label: 'Start', past: 'started' },
  stop: { label: 'Stop', past: 'stopped' },
  restart: { label: 'Restart', past: 'restarted' },
  pause: { label: 'Pause', past: 'paused' },
  unpause: { label: 'Unpause', past: 'unpaused' },
  kill: { label: 'Kill', past: 'killed', danger: true },
  remove: { label: 'Remove', past: 'removed', danger: true },
};

/** The actions that make sense for a container in its current state (before role checks). */
export function applicable(container) {
  switch (container.state) {
    case 'running': return ['stop', 'restart', 'pause', 'kill', 'remove'];
    case 'paused': return ['unpause', 'kill', 'remove'];
    case 'restarting': return ['stop', 'kill', 'remove'];
    case 'removing': return [];
    default: return ['start', 'remove'];
  }
}

/** The actions the current user may use on this container. */
export function allowed(container) {
  return applicable(container).filter((a) => can(a));
}

/**
 * Runs `action` on `containers` (one or many). Asks first for destructive actions and for any
 * action on more than one container. Resolves true when it went ahead.
 */
export async function runAction(action, containers) {
  const list = containers.filter((c) => applicable(c).includes(action));
  if (!list.length) {
    toast('info', `Nothing to ${action}`, 'None of the selected containers is in a state where this applies.');
    return false;
  }
  const names = list.map((c) => c.name);
  const what = list.length === 1 ? `“${names[0]}”` : `${list.length} containers`;
  let options = {};
  if (action === 'remove' || action === 'kill' || list.length > 1) {
    const answer = await ask(action, list, what);
    if (!answer) return false;
    options = answer;
  }
  const results = await Promise.allSettled(list.map((c) => call(action, c, options)));
  const failed = results.map((r, i) => [r, list[i]]).filter(([r]) => r.status === 'rejected');
  if (failed.length === 0) {
    toast('ok', `${capitalize(ACTIONS[action].past)} ${what}`);
  } else {
    for (const [r, c] of failed.slice(0, 3)) toast('bad', `Could not ${action} “${c.name}”`, r.reason.message);
    if (failed.length > 3) toast('bad', `${failed.length - 3} more failed`, 'See the messages above.');
  }
  return true;
}

async function ask(action, list, what) {
  const running = list.filter((c) => c.state === 'running' || c.state === 'paused' || c.state === 'restarting');
  if (action === 'remove') {
    const body = h('div', {},
      h('p', {}, `Remove ${what}? This cannot be undone.`),
      running.length ? h('p', {}, `${running.length === list.length ? 'It is' : `${running.length} of them are`} running and will be killed first.`) : null,
      list.length > 1 ? h('p', { class: 'muted' }, list.map((c) => c.name).join(', ')) : null);
    const answer = await confirmAction({
      title: list.length === 1 ? 'Remove container' : 'Remove containers', body, confirm: 'Remove',
      checkbox: { label: `Also remove ${list.length === 1 ? 'its' : 'their'} anonymous volumes` },
    });
    return answer.ok ? { force: running.length > 0, volumes: answer.checked } : null;
  }
  if (action === 'kill') {
    const select = h('select', { class: 'form-select' },
      ['SIGKILL', 'SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'].map((s) => h('option', { value: s }, s)));
    const body = h('div', {}, h('p', {}, `Send a signal to ${what}? SIGKILL ends the process at once, without cleanup.`),
      h('label', {}, 'Signal ', select));
    const answer = await confirmAction({ title: 'Kill containers', body, confirm: 'Send signal' });
    return answer.ok ? { signal: select.value } : null;
  }
  const answer = await confirmAction({
    title: `${ACTIONS[action].label} ${list.length} containers`,
    body: h('div', {}, h('p', {}, `${ACTIONS[action].label} ${what}?`), h('p', { class: 'muted' }, list.map((c) => c.name).join(', '))),
    confirm: ACTIONS[action].label,
    danger: false,
  });
  return answer.ok ? {} : null;
}

function call(action, c, options) {
  const path = enginePath(c.engine, 'containers', c.id);
  if (action === 'remove') return api.del(path, { force: options.force || undefined, volumes: options.volumes || undefined });
  if (action === 'kill') return api.post(`${path}/kill`, { signal: options.signal });
  return api.post(`${path}/${action}`);
}

function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
