// A tiny CommonJS loader for the Node modules the server serves under /vendor-node/ (Debian ships
// xterm.js 3.8 only as the CommonJS files of `node-xterm`). The server wraps each file as
// `capstanModules.define(path, function (exports, require, module) {…})` (CommonJSModule.swift): the
// page's Content-Security-Policy forbids eval and blob: scripts, so the browser cannot wrap them.
//
// `load(entry)` adds one classic <script> per file, reads each file's `require("…")` calls from its
// factory's source to fetch what it needs (in parallel), and once every file is in, runs the entry the
// way Node would (each module once, relative paths resolved against the requiring file).

const BASE = '/vendor-node/';
const factories = new Map(); // path → factory
const modules = new Map(); // path → module ({ exports })
const requested = new Map(); // path → Promise (the script's load)

window.capstanModules = {
  define(path, factory) {
    factories.set(path, factory);
  },
};

/** `./Buffer` from `xterm/lib/Terminal.js` → `xterm/lib/Buffer.js`. */
export function resolve(from, name) {
  if (!name.startsWith('.')) throw new Error(`only relative requires are supported, not '${name}'`);
  const parts = from.split('/').slice(0, -1);
  for (const part of name.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  const path = parts.join('/');
  return path.endsWith('.js') ? path : `${path}.js`;
}

function script(path) {
  if (!requested.has(path)) {
    requested.set(path, new Promise((done, fail) => {
      const el = document.createElement('script');
      el.src = BASE + path;
      el.async = true;
      el.onload = () => (factories.has(path) ? done() : fail(new Error(`${path} did not define a module`)));
      el.onerror = () => fail(new Error(`${BASE}${path} could not be loaded`));
      document.head.append(el);
    }));
  }
  return requested.get(path);
}

// Only string-literal requires exist in these compiled files; comments mentioning require are harmless
// (a file that does not exist would fail the load loudly, not silently).
const REQUIRE = /\brequire\(\s*["']([^"']+)["']\s*\)/g;

async function fetchWithDependencies(path, seen = new Set()) {
  if (seen.has(path)) return;
  seen.add(path);
  await script(path);
  const deps = [...factories.get(path).toString().matchAll(REQUIRE)].map((m) => resolve(path, m[1]));
  await Promise.all(deps.map((dep) => fetchWithDependencies(dep, seen)));
}

function run(path) {
  if (modules.has(path)) return modules.get(path).exports;
  const module = { exports: {} };
  // Registered before running: circular requires get the partial exports, as in Node.
  modules.set(path, module);
  factories.get(path).call(module.exports, module.exports, (name) => run(resolve(path, name)), module);
  return module.exports;
}

/** Loads a CommonJS module and everything it requires; resolves its exports. */
export async function load(path) {
  await fetchWithDependencies(path);
  return run(path);
}
