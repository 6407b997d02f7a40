// xterm.js and its fit addon from Debian's node-xterm (served at /vendor-node/xterm/), loaded once.
// Resolves `{ Terminal, fit }`, or null when the package is missing (the caller shows a notice).

import { load } from './commonjs.js';

const CSS = '/vendor-node/xterm/lib/xterm.css';
let loading = null;

function stylesheet() {
  if (document.querySelector(`link[href="${CSS}"]`)) return;
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = CSS;
  document.head.append(link);
}

export function loadXterm() {
  loading ??= (async () => {
    try {
      const [terminal, fit] = await Promise.all([load('xterm/lib/public/Terminal.js'), load('xterm/lib/addons/fit/fit.js')]);
      stylesheet();
      return { Terminal: terminal.Terminal, fit: fit.fit, proposeGeometry: fit.proposeGeometry };
    } catch (error) {
      console.warn('xterm.js is not available:', error);
      loading = null; // a later visit may find it installed
      return null;
    }
  })();
  return loading;
}
