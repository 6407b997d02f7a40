// The REST API: JSON in and out, the bearer token, and errors turned into sentences a person understands.

import { auth, refresh, signInRequired } from './auth.js';

/** An API failure with the server's code and a message for people. */
export class ApiError extends Error {
  constructor(status, code, message, field = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

/** `/api/v1/engines/{engine}/…` with every part percent-encoded (image references contain `/`). */
export function enginePath(engine, ...parts) {
  return ['/api/v1/engines', engine, ...parts].map((p, i) => (i === 0 ? p : encodeURIComponent(p))).join('/');
}

/**
 * Calls the API. Resolves the decoded JSON (null for 204); rejects with an ApiError.
 * A 401 tries one token refresh, then asks for sign-in.
 */
export async function api(method, path, { query, body, signal, retried = false } = {}) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(query || {})) if (v !== undefined && v !== null) url.searchParams.set(k, String(v));
  const headers = { Accept: 'application/json' };
  if (auth.accessToken) headers.Authorization = `Bearer ${auth.accessToken}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  } catch (error) {
    if (error.name === 'AbortError') throw error;
    throw new ApiError(0, 'network', 'Cannot reach the Capstan server. Check that it is running; the page keeps retrying.');
  }
  if (response.status === 401 && !retried && auth.refreshToken && (await refresh())) {
    return api(method, path, { query, body, signal, retried: true });
  }
  if (response.status === 204) return null;
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    const error = toError(response.status, json?.error, text);
    if (response.status === 401) signInRequired(error.message);
    throw error;
  }
  return json;
}

api.get = (path, query, options) => api('GET', path, { ...options, query });
api.post = (path, query, body, options) => api('POST', path, { ...options, query, body });
api.del = (path, query, options) => api('DELETE', path, { ...options, query });
api.patch = (path, body, options) => api('PATCH', path, { ...options, body });
api.put = (path, body, options) => api('PUT', path, { ...options, body });

/** The engine's own phrasing, without its boilerplate prefix. */
function clean(message) {
  return String(message || '').replace(/^Error response from daemon:\s*/i, '').trim();
}

/** An ApiError whose message says what happened and, where it helps, what to do. */
export function toError(status, body, fallbackText = '') {
  const code = body?.code ?? 'error';
  const said = clean(body?.message) || fallbackText.slice(0, 200);
  let message;
  switch (true) {
    case status === 401:
      message = 'Your session has ended: sign in again.';
      break;
    case status === 403:
      message = `Your role does not allow this${auth.user?.role ? ` (you are ${auth.user.role})` : ''}.${said ? ` ${said}` : ''}`;
      break;
    case status === 429:
      message = `Too many requests: wait a moment and try again.${said ? ` (${said})` : ''}`;
      break;
    case code === 'engine_unreachable' || (status === 503 && !!body?.engine):
      message = `The Docker engine${body?.engine ? ` “${body.engine}”` : ''} cannot be reached right now${said ? `: ${said}` : '.'}`;
      break;
    case status === 504:
      message = `The Docker engine took too long to answer${said ? `: ${said}` : '.'}`;
      break;
    case status >= 500:
      message = said && code !== 'internal_error'
        ? `The engine refused: ${said}`
        : 'The server failed to handle this request; its log has the details.';
      break;
    default:
      message = said || `The request failed (HTTP ${status}).`;
  }
  return new ApiError(status, code, message, body?.field ?? null);
}
