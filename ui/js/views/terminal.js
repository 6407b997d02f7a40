// The Terminal tab: an interactive shell in the container over the exec WebSocket
// (GET /api/v1/engines/{engine}/containers/{id}/exec). Keystrokes go as binary frames, the terminal's
// output comes back as binary frames; `{"type":"resize","cols","rows"}` follows the window, and the
// server's `started`, `exit` and `error` messages are shown in the status line.
// xterm.js comes from Debian's node-xterm (see terminal/xterm.js); without it the tab says so.

import { auth } from '../auth.js';
import { debounce, h, replace } from '../dom.js';
import { loadXterm } from '../terminal/xterm.js';
import { reportMissing } from '../vendor.js';

/** The log pane's colours (css/logs.css), so the terminal looks like the rest of the page in either theme. */
function terminalTheme() {
  const css = getComputedStyle(document.documentElement);
  const v = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
  const background = v('--log-bg', '#ffffff');
  const foreground = v('--log-text', '#1f2328');
  return { background, foreground, cursor: foreground, cursorAccent: background, selection: 'rgba(68, 147, 248, .35)' };
}

function execURL(engine, id, size) {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const query = new URLSearchParams({ cols: String(size.cols), rows: String(size.rows) });
  return `${scheme}://${location.host}/api/v1/engines/${encodeURIComponent(engine)}/containers/${encodeURIComponent(id)}/exec?${query}`;
}

/** Why a terminal connection closed, as a sentence (close codes of TerminalSession.CloseCode). */
function closeReason(event) {
  switch (event.code) {
    case 1000: return 'The session ended.';
    case 4000: return 'The session was closed after a long time without input or output.';
    case 4001: return `The terminal could not start${event.reason ? `: ${event.reason}` : '.'}`;
    case 4029: return `Too many terminal sessions are open${event.reason ? ` (${event.reason})` : ''}.`;
    case 1011: return `The connection to the Docker engine broke${event.reason ? `: ${event.reason}` : '.'}`;
    default: return event.reason ? `The connection closed: ${event.reason}` : 'The connection to the server was lost.';
  }
}

export function mount(root, params) {
  const status = h('span', { class: 'term-status', dataset: { state: 'loading' } }, 'Loading the terminal…');
  const again = h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary', hidden: true }, 'New session');
  const screen = h('div', { class: 'term-screen', 'data-testid': 'terminal' });
  root.append(h('div', { class: 'term-page' }, h('div', { class: 'toolbar term-bar' }, status, h('span', { class: 'grow' }), again), screen));

  let term = null;
  let fit = null;
  let ws = null;
  let closed = false;
  const encoder = new TextEncoder();
  let decoder = new TextDecoder();

  const setStatus = (state, text) => {
    status.dataset.state = state;
    status.textContent = text;
    again.hidden = !['ended', 'failed'].includes(state);
  };

  const sendSize = () => {
    if (ws?.readyState === WebSocket.OPEN && term) ws.send(JSON.stringify({ type: 'resize', cols: term.cols, rows: term.rows }));
  };

  // Fits the terminal to its box; xterm emits `resize` when the size changed, which is sent on.
  const refit = debounce(() => {
    if (!term || closed || !screen.isConnected || screen.clientWidth === 0) return;
    fit(term);
  }, 60);
  const observer = new ResizeObserver(() => refit());

  function connect() {
    decoder = new TextDecoder();
    setStatus('connecting', 'Connecting…');
    // Browsers cannot set headers on a WebSocket: the token is a subprotocol entry (see live.js).
    const protocols = auth.accessToken ? ['capstan', `bearer.${auth.accessToken}`] : [];
    const socket = new WebSocket(execURL(params.engine, params.id, { cols: term.cols, rows: term.rows }), protocols);
    socket.binaryType = 'arraybuffer';
    ws = socket;
    let ended = false;
    socket.onmessage = (event) => {
      if (socket !== ws) return;
      if (typeof event.data !== 'string') {
        term.write(decoder.decode(new Uint8Array(event.data), { stream: true }));
        return;
      }
      let message;
      try {
        message = JSON.parse(event.data);
      } catch {
        return;
      }
      if (message.type === 'started') {
        setStatus('running', `Connected: ${message.command.join(' ')}`);
        sendSize();
        term.focus();
      } else if (message.type === 'exit') {
        ended = true;
        setStatus('ended', message.code == null ? 'The process ended.' : `The process exited with code ${message.code}.`);
      } else if (message.type === 'error') {
        if (message.fatal) ended = true;
        setStatus(message.fatal ? 'failed' : status.dataset.state, message.message);
      }
    };
    socket.onclose = (event) => {
      if (socket !== ws || closed) return;
      ws = null;
      if (!ended) setStatus(event.code === 1000 ? 'ended' : 'failed', closeReason(event));
    };
  }

  (async () => {
    const xterm = await loadXterm();
    if (closed) return;
    if (!xterm) {
      reportMissing('xterm');
      setStatus('missing', 'The terminal is not available.');
      replace(screen, h('div', { class: 'empty term-missing', role: 'alert' },
        h('strong', {}, 'xterm.js is not installed on the server.'),
        ' The terminal needs it: install Debian’s ', h('code', {}, 'node-xterm'), ' package, or point ',
        h('code', {}, '--node-modules-dir'), ' at a folder that has ', h('code', {}, 'xterm/lib/'), '.'));
      return;
    }
    if (params.container && params.container.state !== 'running') {
      setStatus('failed', `The container is ${params.container.state}: start it to open a terminal.`);
    }
    fit = xterm.fit;
    // The DOM renderer keeps the text in the page (selectable, readable by assistive tools and tests).
    term = new xterm.Terminal({
      rendererType: 'dom', cursorBlink: true, fontSize: 13, scrollback: 5000,
      fontFamily: '"DejaVu Sans Mono", ui-monospace, Menlo, Consolas, monospace', theme: terminalTheme(),
    });
    term.open(screen);
    fit(term);
    term.on('data', (data) => {
      if (ws?.readyState === WebSocket.OPEN) ws.send(encoder.encode(data));
    });
    term.on('resize', sendSize);
    observer.observe(screen);
    window.addEventListener('resize', refit);
    // For the browser tests: the terminal and its current size.
    window.capstanTerminal = term;
    if (!params.container || params.container.state === 'running') connect();
  })();

  again.addEventListener('click', () => {
    term?.reset();
    connect();
  });

  return () => {
    closed = true;
    refit.cancel();
    observer.disconnect();
    window.removeEventListener('resize', refit);
    ws?.close(1000, 'closed the tab');
    ws = null;
    term?.destroy();
    if (window.capstanTerminal === term) window.capstanTerminal = null;
  };
}
