// The Debian-packaged libraries the server serves under /vendor/ (its --vendor-dir). Each is optional:
// when one is missing the page says so and works without it (plain styling, simple charts).

import { h } from './dom.js';
import { notice } from './notify.js';

const missing = new Set();

const PACKAGES = {
  bootstrap: { name: 'Bootstrap 5', pkg: 'libjs-bootstrap5', file: '/vendor/bootstrap5/css/bootstrap.min.css', effect: 'basic styling is used' },
  dygraphs: { name: 'dygraphs', pkg: 'libjs-dygraphs', file: '/vendor/dygraphs/dygraph.min.js', effect: 'charts are drawn in a simple form' },
  xterm: { name: 'xterm.js', pkg: 'node-xterm', file: '/vendor-node/xterm/lib/', effect: 'the Terminal tab cannot open', dir: '--node-modules-dir' },
};

/**
 * Whether Bootstrap's stylesheet is served. The `<link>` in the page may have failed before this
 * module ran (its error event already gone), so the file is asked for directly; it is cached anyway.
 */
export async function checkBootstrap() {
  let ok = false;
  try {
    ok = (await fetch(PACKAGES.bootstrap.file)).ok;
  } catch {
    ok = false;
  }
  document.documentElement.classList.toggle('no-bootstrap', !ok);
  if (!ok) report('bootstrap');
  return ok;
}

let dygraphs = null;

/** Loads dygraphs once (a classic script that defines `window.Dygraph`); resolves it or null. */
export function loadDygraphs() {
  dygraphs ??= new Promise((resolve) => {
    if (window.Dygraph) return resolve(window.Dygraph);
    const script = h('script', { src: PACKAGES.dygraphs.file });
    script.addEventListener('load', () => resolve(window.Dygraph || null));
    script.addEventListener('error', () => {
      report('dygraphs');
      resolve(null);
    });
    document.head.append(script);
  });
  return dygraphs;
}

/** Tells the page a library could not be loaded (the notice lists every missing one). */
export function reportMissing(key) {
  report(key);
}

/** The libraries found missing so far (for tests and the about box). */
export function missingLibraries() {
  return [...missing];
}

function report(key) {
  missing.add(key);
  const items = [...missing].map((k) => PACKAGES[k]);
  const dirs = [...new Set(items.map((i) => i.dir ?? '--vendor-dir'))];
  notice('vendor', 'warn', [
    h('strong', {}, `${items.map((i) => i.name).join(' and ')} ${items.length > 1 ? 'are' : 'is'} not available`),
    h('span', {}, ` — ${items.map((i) => i.effect).join('; ')}. Install ${items.map((i) => i.pkg).join(' and ')} on the server, or point `,
      dirs.map((d, n) => [n ? ' and ' : '', h('code', {}, d)]), ' at a folder that has ',
      items.map((i) => i.file.replace(/^\/vendor(-node)?\//, '')).join(', '), '.'),
  ], { dismissible: true });
  document.documentElement.dataset.missingVendor = [...missing].join(' ');
}
