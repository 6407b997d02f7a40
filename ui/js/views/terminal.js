// The Terminal tab: for the exec WebSocket (GET /api/v1/engines/{engine}/containers/{id}/exec, binary
// frames both ways, a JSON `resize` message). Not shown yet (EXEC_AVAILABLE in container.js): it needs
// xterm.js in the browser, and /usr/share/javascript/xterm/xterm.js of Debian 12 (libjs-xterm 3.8.1) is
// a stub that calls require() — the library itself is CommonJS only (node-xterm).

import { h } from '../dom.js';

export function mount(root) {
  root.append(h('div', { class: 'empty' }, 'The terminal needs the exec endpoint, which this server does not have yet.'));
}
