// Hash routes: `#/containers`, `#/c/{engine}/{id}/{tab}`, `#/project/{engine}/{name}`, `#/events`, …
// Each route names a view module; a view is `mount(root, params, app) → unmount()`.

const ROUTES = [
  { pattern: /^\/?$/, view: 'containers', nav: 'containers' },
  { pattern: /^\/containers$/, view: 'containers', nav: 'containers' },
  { pattern: /^\/c\/([^/]+)\/([^/]+)(?:\/([a-z]+))?$/, view: 'container', nav: 'containers', keys: ['engine', 'id', 'tab'] },
  { pattern: /^\/project\/([^/]+)\/([^/]+)$/, view: 'project', nav: 'containers', keys: ['engine', 'project'] },
  { pattern: /^\/events$/, view: 'events', nav: 'events' },
  { pattern: /^\/images$/, view: 'images', nav: 'images' },
  { pattern: /^\/volumes$/, view: 'volumes', nav: 'volumes' },
  { pattern: /^\/networks$/, view: 'networks', nav: 'networks' },
  { pattern: /^\/users$/, view: 'users', nav: 'users' },
  { pattern: /^\/audit$/, view: 'audit', nav: 'audit' },
  { pattern: /^\/signin$/, view: 'signin', nav: null },
  // The first-run link the server prints: `http://host:port/#setup=<one-time token>`.
  { pattern: /^\/?setup=([A-Za-z0-9_-]+)$/, view: 'signin', nav: null, keys: ['setupToken'] },
];

/** The route for the current hash: `{ view, nav, params }`, or null. */
export function currentRoute() {
  const path = decodeURI(location.hash.replace(/^#/, '').split('?')[0]);
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    const params = {};
    (route.keys || []).forEach((key, i) => {
      if (match[i + 1] !== undefined) params[key] = decodeURIComponent(match[i + 1]);
    });
    return { view: route.view, nav: route.nav, params };
  }
  return null;
}

/** The hash of a container page. */
export function containerHref(engine, id, tab = 'logs') {
  return `#/c/${encodeURIComponent(engine)}/${encodeURIComponent(id.slice(0, 12))}/${tab}`;
}

/** The hash of a compose project's merged logs. */
export function projectHref(engine, project) {
  return `#/project/${encodeURIComponent(engine)}/${encodeURIComponent(project)}`;
}
