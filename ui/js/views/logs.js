// The Logs tab (and the merged project view): history then live lines, following with a pause when
// the reader scrolls up, search with highlight, a server-side regex filter, stream and display
// toggles, download of what is shown, and a streaming indicator with the time of the last line.

import { debounce, download, escapeRegExp, h } from '../dom.js';
import { clock, count } from '../format.js';
import { LogBuffer } from '../logs/buffer.js';
import { ContainerColors } from '../logs/render.js';
import { LogSession } from '../logs/session.js';
import { LogViewer } from '../logs/viewer.js';

const SESSION_CAPACITY = 100_000;
const MAX_DOM_ROWS = 5000;
// Display choices are remembered across pages (the filter and search are per view).
const prefs = JSON.parse(localStorage.getItem('capstan.logs') || '{}');
const savePrefs = () => localStorage.setItem('capstan.logs', JSON.stringify(prefs));

export function mount(root, params, app) {
  const merged = !!params.merged;
  const opts = { tail: prefs.tail ?? 1000, ts: prefs.ts ?? true, ln: prefs.ln ?? true, wrap: prefs.wrap ?? true, stdout: true, stderr: true, regex: '' };
  const buffer = new LogBuffer(SESSION_CAPACITY);
  const pane = h('div', { class: `logpane${merged ? ' merged' : ''}`, tabindex: '0', 'aria-label': 'Log lines' });
  const viewer = new LogViewer(pane, buffer, { maxRows: MAX_DOM_ROWS });
  viewer.renderOpts.colors = merged ? new ContainerColors() : null;

  // Toolbar -------------------------------------------------------------------------------------
  const status = h('span', { class: 'logs-status', dataset: { state: 'connecting' } }, h('span', { class: 'dot' }), h('span', { class: 'state' }, 'Connecting'), h('span', { class: 'last' }));
  const search = h('input', { class: 'form-control', type: 'search', placeholder: 'Search', 'aria-label': 'Search in the lines', size: 16, title: 'Highlight a text in the lines; Enter for the next match' });
  const searchCount = h('span', { class: 'search-count' });
  const prev = h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary', title: 'Previous match (Shift+Enter)' }, '↑');
  const next = h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary', title: 'Next match (Enter)' }, '↓');
  const regex = h('input', { class: 'form-control mono', type: 'search', placeholder: 'Filter: regular expression', 'aria-label': 'Server-side regular expression filter', size: 20, title: 'Only lines matching this regular expression are sent by the server (Enter to apply)' });
  const toggle = (label, key, onchange) => {
    const input = h('input', { type: 'checkbox', checked: opts[key], dataset: { toggle: key } });
    input.addEventListener('change', () => {
      opts[key] = input.checked;
      onchange();
    });
    return h('label', { class: 'check' }, input, label);
  };
  const tailSelect = h('select', { class: 'form-select', 'aria-label': 'Lines of history', title: 'Lines of history loaded first' },
    [100, 1000, 10_000, 100_000].map((n) => h('option', { value: n, selected: n === opts.tail }, `${count(n)} lines`)));
  const follow = h('button', { type: 'button', class: 'btn btn-sm btn-primary follow-btn', hidden: true, onclick: () => viewer.follow() }, 'Follow');
  const error = h('span', { class: 'field-label', role: 'alert' });

  root.append(
    h('div', { class: 'toolbar' },
      status, h('span', { class: 'sep' }),
      h('div', { class: 'search-group' }, search, prev, next), searchCount,
      h('span', { class: 'sep' }), regex, error,
      h('span', { class: 'grow' }),
      toggle('stdout', 'stdout', refilter), toggle('stderr', 'stderr', refilter),
      h('span', { class: 'sep' }),
      toggle('Time', 'ts', display), toggle('Line #', 'ln', display), toggle('Wrap', 'wrap', display),
      tailSelect,
      h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary', onclick: save, title: 'Download the lines shown (with the stream filter applied)' }, 'Download'),
      h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary', onclick: clearShown, title: 'Clear the lines shown (live lines keep coming)' }, 'Clear')),
    h('div', { class: 'logwrap' }, pane, follow));

  // Session -------------------------------------------------------------------------------------
  let session = null;
  // In a merged view a compose service name ("web") says more in less room than the container's name.
  const labels = new Map();
  const labelOf = (cid, name) => {
    if (!labels.has(cid)) {
      const c = app.store.find(params.engine, cid);
      labels.set(cid, c?.composeService ?? name ?? cid);
    }
    return labels.get(cid);
  };
  const start = () => {
    session?.stop();
    buffer.clear();
    viewer.reset();
    viewer.renderOpts.colors = merged ? new ContainerColors() : null;
    session = new LogSession(app.live, {
      engine: params.engine, containers: params.containers, project: params.project, tail: opts.tail, regex: opts.regex,
    });
    session.addEventListener('lines', (e) => {
      if (merged) for (const entry of e.detail) if (entry.cid) entry.name = labelOf(entry.cid, entry.name);
      const indices = e.detail.map((entry) => buffer.push(entry));
      viewer.added(indices);
      if (search.value) recount();
      statusSoon();
    });
    session.addEventListener('state', renderStatus);
    session.addEventListener('error', (e) => {
      if (e.detail.field === 'regex') {
        regex.classList.add('invalid');
        error.textContent = e.detail.message;
      }
      session.note?.('end', `The server refused this view: ${e.detail.message}`);
    });
    session.start();
    renderStatus();
  };

  function renderStatus() {
    let state = session?.state ?? 'connecting';
    // A stopped container's tail waits for it to start again: say so rather than "streaming".
    const c = merged ? null : app.store.find(params.engine, params.id);
    if (state === 'streaming' && c && c.state !== 'running') state = 'stopped';
    status.dataset.state = state;
    const words = {
      connecting: 'Connecting', streaming: 'Streaming', reconnecting: 'Reconnecting', ended: 'Ended', error: 'Error',
      stopped: 'Not running — waiting for a start',
    };
    status.querySelector('.state').textContent = words[state] ?? state;
    const last = session?.lastLineTs;
    status.querySelector('.last').textContent = last ? `· last line ${clock(last).slice(0, 8)} (${relative(last)})` : '· no lines yet';
    status.title = state === 'streaming' ? 'New lines appear as the container writes them.' : (session?.stateMessage ?? '');
  }
  const statusTimer = setInterval(renderStatus, 1000);
  const statusSoon = debounce(renderStatus, 100);

  // Controls ------------------------------------------------------------------------------------
  function display() {
    pane.classList.toggle('hide-ts', !opts.ts);
    pane.classList.toggle('hide-ln', !opts.ln);
    pane.classList.toggle('nowrap', !opts.wrap);
    Object.assign(prefs, { ts: opts.ts, ln: opts.ln, wrap: opts.wrap });
    savePrefs();
  }
  function refilter() {
    viewer.refilter((e) => e.kind === 'note' || (e.stream === 'stderr' ? opts.stderr : opts.stdout));
    updateSearchCount();
  }
  viewer.filter = (e) => e.kind === 'note' || (e.stream === 'stderr' ? opts.stderr : opts.stdout);

  // Search: highlight in the rendered rows, count over the whole session, jump between matches.
  let matchAt = -1;
  const searchRegExp = () => (search.value ? new RegExp(escapeRegExp(search.value), 'gi') : null);
  function updateSearchCount() {
    if (!search.value) {
      searchCount.textContent = '';
      return;
    }
    const re = new RegExp(escapeRegExp(search.value), 'i');
    let n = 0;
    for (const abs of viewer.visible) if (re.test(buffer.at(abs)?.plain ?? '')) n += 1;
    searchCount.textContent = n ? `${matchAt >= 0 ? `${matchIndex(re) + 1}/` : ''}${count(n)}` : 'none';
  }
  const recount = debounce(updateSearchCount, 250);
  const matchIndex = (re) => viewer.visible.filter((abs) => abs <= matchAt && re.test(buffer.at(abs)?.plain ?? '')).length - 1;
  const onSearch = debounce(() => {
    matchAt = -1;
    viewer.renderOpts.search = searchRegExp();
    viewer.renderOpts.current = -1;
    viewer.redraw();
    updateSearchCount();
  }, 150);
  function jump(direction) {
    if (!search.value) return;
    const re = new RegExp(escapeRegExp(search.value), 'i');
    const list = viewer.visible;
    let i = matchAt < 0 ? (direction > 0 ? 0 : list.length - 1) : list.indexOf(matchAt) + direction;
    for (; i >= 0 && i < list.length; i += direction) {
      if (re.test(buffer.at(list[i])?.plain ?? '')) break;
    }
    if (i < 0 || i >= list.length) return;
    matchAt = list[i];
    viewer.renderOpts.current = matchAt;
    viewer.reveal(matchAt);
    viewer.redraw();
    viewer.reveal(matchAt);
    updateSearchCount();
  }
  search.addEventListener('input', onSearch);
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') jump(e.shiftKey ? -1 : 1);
  });
  prev.addEventListener('click', () => jump(-1));
  next.addEventListener('click', () => jump(1));

  regex.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    applyRegex();
  });
  regex.addEventListener('search', () => regex.value === '' && opts.regex && applyRegex());
  function applyRegex() {
    regex.classList.remove('invalid');
    error.textContent = '';
    opts.regex = regex.value;
    start();
  }
  tailSelect.addEventListener('change', () => {
    opts.tail = Number(tailSelect.value);
    prefs.tail = opts.tail;
    savePrefs();
    start();
  });
  viewer.addEventListener('state', (e) => {
    follow.hidden = e.detail.following;
    follow.textContent = e.detail.unseen ? `Follow (${count(e.detail.unseen)} new)` : 'Follow';
    status.dataset.following = e.detail.following;
  });

  function save() {
    const lines = [];
    for (const abs of viewer.visible) {
      const e = buffer.at(abs);
      if (!e) continue;
      if (e.kind === 'note') lines.push(`--- ${e.text}`);
      else lines.push([opts.ts ? e.ts : null, merged ? e.name : null, e.stream === 'stderr' ? '[stderr]' : null, e.plain].filter(Boolean).join(' '));
    }
    const name = params.project ?? params.container?.name ?? params.containers?.[0] ?? 'logs';
    download(`${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.log`, `${lines.join('\n')}\n`);
  }
  function clearShown() {
    buffer.clear();
    viewer.reset();
    updateSearchCount();
  }

  display();
  start();
  // For tests: the session's state and numbers.
  pane.logsView = { buffer, viewer, get session() { return session; } };
  return () => {
    clearInterval(statusTimer);
    session?.stop();
  };
}

function relative(ts) {
  const seconds = Math.max(0, Math.round((Date.now() - new Date(ts).getTime()) / 1000));
  if (seconds < 2) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  return `${Math.floor(seconds / 3600)} h ago`;
}
