// The one WebSocket of the page (`/api/v1/ws`): connects, keeps every subscription alive across
// reconnects, and hands each message to the subscription it belongs to.
//
// Reconnects use capped exponential backoff with jitter (so a restarted server is not hit by every
// browser at the same instant). On each new connection every subscription is sent again with
// `resuming = true`, so its owner can ask for what it missed (the container list's seq per engine, the
// last line seq per container) instead of starting over.

import { auth, refresh, signInRequired } from './auth.js';

const INITIAL_BACKOFF_MS = 500;
const MAX_BACKOFF_MS = 15_000;
const PING_EVERY_MS = 20_000;
const PONG_TIMEOUT_MS = 10_000;

export class LiveClient extends EventTarget {
  constructor(path = '/api/v1/ws') {
    super();
    this.path = path;
    /** `connecting`, `live`, `reconnecting`, `unauthorized` or `stopped`. */
    this.state = 'connecting';
    /** engine name → `{ engine, status, error }` from `welcome` and `engine_status`. */
    this.engines = new Map();
    /** This browser's clock minus the server's, from the last `welcome`. */
    this.clockOffset = 0;
    this.limits = {};
    this.attempt = 0;
    this.retryAt = null;
    this.subs = new Map();
    this.nextId = 0;
    this.ws = null;
    this.timers = {};
    this.connectedOnce = false;
    window.addEventListener('online', () => this.retryNow());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && this.state === 'reconnecting') this.retryNow();
    });
    auth.events.addEventListener('tokens', () => {
      if (this.state === 'unauthorized' && auth.accessToken) this.retryNow();
      // Signed out: this connection still carries the old token; end it (the reconnect asks for sign-in).
      else if (!auth.accessToken && this.ws) this.ws.close(1000, 'signed out');
      // A refreshed token is handed to the open connection, which the server would otherwise close
      // when the old one expires (issue 4's `authenticate` message).
      else if (this.state === 'live' && auth.accessToken && auth.supported) this.send({ type: 'authenticate', token: auth.accessToken });
    });
  }

  /** Opens the connection (once; later reconnects are automatic). */
  start() {
    this.connect();
  }

  /**
   * Adds a subscription that survives reconnects.
   * spec: `{ kind, message(resuming) → object, onMessage(msg), onError?(msg), onConnection?(state) }`.
   * Returns `{ id, close(), restart() }`; `restart()` sends it again as new (a fresh snapshot).
   */
  subscribe(spec) {
    const id = `${spec.kind || 's'}${++this.nextId}`;
    const entry = { id, spec, sentOn: null };
    this.subs.set(id, entry);
    if (this.isOpen()) this.sendSubscription(entry);
    return {
      id,
      close: () => {
        if (!this.subs.delete(id)) return;
        if (this.isOpen() && entry.sentOn === this.ws) this.send({ type: 'unsubscribe', sub: id });
      },
      restart: () => {
        if (!this.subs.has(id) || !this.isOpen()) return;
        if (entry.sentOn === this.ws) this.send({ type: 'unsubscribe', sub: id });
        entry.sentOn = null;
        this.sendSubscription(entry, false);
      },
    };
  }

  /** Reconnects now instead of waiting for the backoff. */
  retryNow() {
    if (this.state === 'live' || this.state === 'connecting') return;
    clearTimeout(this.timers.retry);
    this.connect();
  }

  isOpen() {
    return this.ws && this.ws.readyState === WebSocket.OPEN && this.state === 'live';
  }

  send(message) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  // Connection ------------------------------------------------------------------------------

  url() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    return `${scheme}://${location.host}${this.path}`;
  }

  /**
   * Browsers cannot set an Authorization header on a WebSocket: the token travels as a subprotocol
   * entry `bearer.<token>` (not in the URL, so it stays out of access logs), next to `capstan`, which
   * the server echoes back as the protocol it speaks.
   */
  protocols() {
    return auth.accessToken ? ['capstan', `bearer.${auth.accessToken}`] : [];
  }

  connect() {
    this.setState(this.connectedOnce ? 'reconnecting' : 'connecting', { connecting: true });
    let ws;
    try {
      ws = new WebSocket(this.url(), this.protocols());
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    let welcomed = false;
    ws.onmessage = (event) => {
      this.lastMessageAt = Date.now();
      let msg;
      try {
        msg = JSON.parse(event.data);
      } catch {
        return;
      }
      if (msg.type === 'welcome') {
        welcomed = true;
        this.onWelcome(ws, msg);
      } else {
        this.dispatchMessage(msg);
      }
    };
    const lost = (event) => {
      if (this.ws !== ws) return;
      this.stopPing();
      this.ws = null;
      for (const entry of this.subs.values()) entry.spec.onConnection?.('reconnecting');
      this.closeInfo = { code: event.code, reason: event.reason, at: Date.now() };
      this.handleClose(welcomed, event);
    };
    ws.onclose = lost;
    // Gives up on a connection that no longer answers. Its close handshake is not waited for: with a
    // peer that stopped answering, the browser waits up to a minute before `close` fires.
    ws.abandon = (reason) => {
      ws.onmessage = null;
      ws.onclose = null;
      try {
        ws.close(4000, reason);
      } catch {
        // Already closing: nothing more to ask of it.
      }
      lost({ code: 4000, reason });
    };
  }

  onWelcome(ws, msg) {
    this.attempt = 0;
    this.retryAt = null;
    this.limits = msg.limits || {};
    // How far this browser's clock is ahead of the server's, to read the server's times (`statusAt`).
    this.clockOffset = typeof msg.serverTime === 'number' ? Date.now() - msg.serverTime : 0;
    this.engines = new Map((msg.engines || []).map((e) => [e.engine, e]));
    const reconnected = this.connectedOnce;
    this.connectedOnce = true;
    this.setState('live', { reconnected });
    this.dispatchEvent(new Event('engines'));
    for (const entry of this.subs.values()) this.sendSubscription(entry);
    this.startPing(ws);
  }

  async handleClose(welcomed, event) {
    // A refused handshake shows up as a close before any message. If the server now wants a
    // signed-in user, ask for one instead of retrying forever.
    if (!welcomed || event.code === 1008 || event.code === 4001 || event.code === 4401) {
      if (await this.needsSignIn()) return;
    }
    this.scheduleReconnect();
  }

  async needsSignIn() {
    if (auth.supported === false) return false;
    try {
      const headers = auth.accessToken ? { Authorization: `Bearer ${auth.accessToken}` } : {};
      const response = await fetch('/api/v1/auth/me', { headers });
      if (response.status !== 401) return false;
    } catch {
      return false;
    }
    if (await refresh()) return false;
    this.setState('unauthorized');
    signInRequired('Sign in to see live data.');
    return true;
  }

  scheduleReconnect() {
    const ceiling = Math.min(MAX_BACKOFF_MS, INITIAL_BACKOFF_MS * 2 ** this.attempt);
    // "Equal jitter": at least half the ceiling, at most all of it.
    const delay = Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
    this.attempt += 1;
    this.retryAt = Date.now() + delay;
    this.setState('reconnecting');
    clearTimeout(this.timers.retry);
    this.timers.retry = setTimeout(() => this.connect(), delay);
  }

  startPing(ws) {
    this.stopPing();
    this.timers.ping = setInterval(() => {
      if (ws.readyState !== WebSocket.OPEN) return;
      const sentAt = Date.now();
      this.send({ type: 'ping', id: `ping${sentAt}` });
      clearTimeout(this.timers.pong);
      this.timers.pong = setTimeout(() => {
        // Nothing at all came back: the connection is dead even if the socket does not know yet.
        if ((this.lastMessageAt || 0) < sentAt) ws.abandon('no answer to ping');
      }, PONG_TIMEOUT_MS);
    }, PING_EVERY_MS);
  }

  stopPing() {
    clearInterval(this.timers.ping);
    clearTimeout(this.timers.pong);
  }

  setState(state, detail = {}) {
    this.state = state;
    this.dispatchEvent(new CustomEvent('state', { detail: { state, ...detail } }));
  }

  // Messages ---------------------------------------------------------------------------------

  sendSubscription(entry, resuming = entry.sentOn !== null) {
    const message = { ...entry.spec.message(resuming), sub: entry.id, id: `${entry.id}.${++this.nextId}` };
    entry.sentOn = this.ws;
    this.send(message);
    entry.spec.onConnection?.('live');
  }

  dispatchMessage(msg) {
    switch (msg.type) {
      case 'engine_status':
        this.engines.set(msg.engine, msg);
        this.dispatchEvent(new Event('engines'));
        return;
      case 'pong':
        return;
      case 'ok':
        if (msg.sub) this.subs.get(msg.sub)?.spec.onOk?.(msg);
        return;
      case 'error': {
        const entry = msg.sub ? this.subs.get(msg.sub) : null;
        if (entry) entry.spec.onError?.(msg);
        else if (msg.code === 'token_expired') refresh();
        else this.dispatchEvent(new CustomEvent('servererror', { detail: msg }));
        return;
      }
      default: {
        const entry = msg.sub ? this.subs.get(msg.sub) : null;
        entry?.spec.onMessage(msg);
      }
    }
  }
}
