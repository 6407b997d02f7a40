// Who is signed in, their tokens, and what their role may do.
//
// Until the server has users (issue 4), `GET /api/v1/auth/me` answers 404: the UI then runs without
// sign-in and shows every action (the server decides anyway). Once it answers 401, the UI shows the
// sign-in page; once it answers a user with a role, actions are shown by role.

const ACCESS_KEY = 'capstan.accessToken'; // sessionStorage: this tab only
const REFRESH_KEY = 'capstan.refreshToken'; // localStorage: survives a reload or a new tab

const RANK = { viewer: 1, operator: 2, admin: 3 };

/** The least role each UI action needs (mirrors the server's policy; the server enforces it). */
export const ACTION_ROLE = {
  start: 'operator', stop: 'operator', restart: 'operator', kill: 'operator', pause: 'operator', unpause: 'operator',
  remove: 'admin', rename: 'admin', prune: 'admin', exec: 'admin',
  removeImage: 'admin', removeVolume: 'admin', removeNetwork: 'admin', pull: 'admin',
};

export const auth = {
  /** The signed-in user: `{ name, role }`, or null when unknown or when the server has no users. */
  user: null,
  /** Whether the server knows users: null until asked, false when `me` is 404. */
  supported: null,
  accessToken: sessionStorage.getItem(ACCESS_KEY),
  refreshToken: localStorage.getItem(REFRESH_KEY),
  events: new EventTarget(),
};

let refreshTimer = null;
let refreshing = null;

/** Stores the tokens of a sign-in or refresh answer (camelCase or snake_case field names). */
export function setTokens(answer) {
  const access = answer?.accessToken ?? answer?.access_token ?? answer?.token ?? null;
  const refresh = answer?.refreshToken ?? answer?.refresh_token ?? null;
  if (access) {
    auth.accessToken = access;
    sessionStorage.setItem(ACCESS_KEY, access);
  }
  if (refresh) {
    auth.refreshToken = refresh;
    localStorage.setItem(REFRESH_KEY, refresh);
  }
  if (answer?.user) setUser(answer.user);
  scheduleRefresh(answer?.expiresIn ?? answer?.expires_in);
  auth.events.dispatchEvent(new Event('tokens'));
}

/** Forgets the tokens and the user. */
export function clearTokens() {
  auth.accessToken = null;
  auth.refreshToken = null;
  auth.user = null;
  sessionStorage.removeItem(ACCESS_KEY);
  localStorage.removeItem(REFRESH_KEY);
  clearTimeout(refreshTimer);
  auth.events.dispatchEvent(new Event('tokens'));
}

/** Sets the user from a `me` answer (`{name|username, role}` or `{user: {...}}`). */
export function setUser(answer) {
  const u = answer?.user ?? answer;
  auth.user = u ? { name: u.name ?? u.username ?? u.login ?? '?', role: u.role ?? null } : null;
  auth.events.dispatchEvent(new Event('user'));
}

/** Whether the current user's role may do `action`; everyone may when the server names no role. */
export function can(action) {
  const role = auth.user?.role;
  if (!role) return true;
  const needed = ACTION_ROLE[action];
  if (!needed) return true;
  return (RANK[role] ?? 0) >= RANK[needed];
}

/** The `exp` of a JWT in milliseconds, or null. */
function tokenExpiry(token) {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return typeof payload.exp === 'number' ? payload.exp * 1000 : null;
  } catch {
    return null;
  }
}

/** Refreshes the access token a minute before it expires (or at 80 % of its life when shorter). */
function scheduleRefresh(expiresInSeconds) {
  clearTimeout(refreshTimer);
  if (!auth.refreshToken || !auth.accessToken) return;
  const expiry = tokenExpiry(auth.accessToken) ?? (expiresInSeconds ? Date.now() + expiresInSeconds * 1000 : null);
  if (!expiry) return;
  const life = expiry - Date.now();
  const wait = Math.max(5_000, Math.min(life - 60_000, life * 0.8));
  refreshTimer = setTimeout(() => refresh().catch(() => {}), wait);
}

/**
 * Trades the refresh token for new tokens (refresh tokens rotate: the answer carries a new one).
 * Concurrent callers share one request. Resolves true when it worked.
 */
export function refresh() {
  if (!auth.refreshToken) return Promise.resolve(false);
  refreshing ??= (async () => {
    try {
      const response = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ refreshToken: auth.refreshToken }),
      });
      if (!response.ok) {
        if (response.status === 401 || response.status === 400) clearTokens();
        return false;
      }
      setTokens(await response.json());
      return true;
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

/** Tells the app the server wants a signed-in user (it shows the sign-in page). */
export function signInRequired(reason) {
  auth.events.dispatchEvent(new CustomEvent('unauthorized', { detail: reason }));
}

// A token from a previous page load may be close to expiry: plan its refresh now.
scheduleRefresh();
