// The page: checks who is signed in, opens the live connection, and shows the view of the current
// hash route. Views are loaded on first use and given `app` (live client, container store).

import { auth, clearTokens, setUser } from './auth.js';
import { api } from './api.js';
import { LiveClient } from './live.js';
import { currentRoute } from './router.js';
import { ContainerStore } from './store/containers.js';
import { checkBootstrap } from './vendor.js';
import { toast } from './notify.js';
import * as theme from './theme.js';
import { connectionIndicator } from './views/connection.js';

const VIEWS = {
  containers: () => import('./views/containers.js'),
  container: () => import('./views/container.js'),
  project: () => import('./views/project.js'),
  events: () => import('./views/events.js'),
  images: () => import('./views/images.js'),
  volumes: () => import('./views/volumes.js'),
  networks: () => import('./views/networks.js'),
  signin: () => import('./views/signin.js'),
  users: () => import('./views/users.js'),
  audit: () => import('./views/audit.js'),
};

const live = new LiveClient();
const store = new ContainerStore(live);
const app = { live, store, loadMe, signedIn };
// For tests and for poking around from the browser console.
window.capstan = app;

let unmount = null;
let returnTo = '#/containers';
let started = false;

async function render() {
  const route = currentRoute();
  if (!route) {
    location.replace('#/containers');
    return;
  }
  if (route.view !== 'signin' && live.state === 'unauthorized') {
    location.replace('#/signin');
    return;
  }
  for (const a of document.querySelectorAll('#mainnav a')) a.classList.toggle('active', a.dataset.nav === route.nav);
  document.getElementById('mainnav').hidden = route.view === 'signin';
  const root = document.getElementById('view');
  unmount?.();
  unmount = null;
  root.replaceChildren();
  root.dataset.view = route.view;
  const token = (render.token = (render.token || 0) + 1);
  const module = await VIEWS[route.view]();
  if (token !== render.token) return;
  unmount = module.mount(root, route.params, app) || null;
}

/** Asks the server who we are: 404 means it has no users yet (everything allowed). */
async function loadMe() {
  try {
    setUser(await api.get('/api/v1/auth/me'));
    auth.supported = true;
  } catch (error) {
    if (error.status === 404) {
      auth.supported = false;
      setUser(null);
    } else if (error.status === 401) {
      auth.supported = true;
    }
  }
  renderUser();
}

function renderUser() {
  const box = document.getElementById('user');
  box.hidden = !auth.user;
  document.getElementById('user-name').textContent = auth.user?.name ?? '';
  const role = document.getElementById('user-role');
  role.textContent = auth.user?.role ?? '';
  role.hidden = !auth.user?.role;
  document.documentElement.dataset.role = auth.user?.role ?? 'none';
  for (const link of document.querySelectorAll('#mainnav [data-admin]')) link.hidden = auth.user?.role !== 'admin';
}

/** Called by the sign-in page once tokens are stored. */
async function signedIn() {
  await loadMe();
  startLive();
  live.retryNow();
  location.hash = returnTo === '#/signin' ? '#/containers' : returnTo;
}

function startLive() {
  if (started) return;
  started = true;
  live.start();
  store.start();
}

async function signOut() {
  try {
    if (auth.refreshToken) await api.post('/api/v1/auth/logout', undefined, { refreshToken: auth.refreshToken });
  } catch {
    // Signing out locally matters more than telling the server.
  }
  clearTokens();
  renderUser();
  location.hash = '#/signin';
  toast('info', 'Signed out');
}

auth.events.addEventListener('unauthorized', () => {
  if (!started) live.setState('unauthorized');
  if (currentRoute()?.view === 'signin') return;
  returnTo = location.hash || '#/containers';
  location.hash = '#/signin';
});
auth.events.addEventListener('user', renderUser);

async function main() {
  theme.init();
  connectionIndicator(live);
  document.getElementById('signout').addEventListener('click', signOut);
  window.addEventListener('hashchange', render);
  checkBootstrap();
  await loadMe();
  if (currentRoute()?.view === 'signin' && auth.supported === false) location.replace('#/containers');
  if (currentRoute()?.view !== 'signin') startLive();
  render();
}

main();
