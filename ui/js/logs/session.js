// One logs subscription: history then live lines, across reconnects, without duplicates.
//
// Every line has a `seq`, increasing per container. After a reconnect the subscription is sent again
// with `resume: { container: last seq }` and the server answers with what was missed. Within one
// connection the server's order is trusted. Right after a resume each container's lines are also
// checked against the last one shown (time and text), because a restarted server numbers its lines
// anew: lines already shown are dropped, and when the server cannot continue from our last line (a
// `log_gap`, or a numbering that went backwards) and what it sends does not reach back to it, the hole
// is fetched once from the REST logs endpoint — nothing lost, nothing repeated. Line numbers shown are
// counted from the first line this view received and go on across such renumberings.

import { api, enginePath } from '../api.js';
import { plainText } from './ansi.js';
import { count } from '../format.js';

/** The most lines one repair asks the engine for (the server's cap on `GET …/logs`, 10,000 by default). */
const REPAIR_LINES = 10_000;

export class LogSession extends EventTarget {
  /** `options`: `{ engine, containers?, project?, tail, regex? }`. */
  constructor(live, options) {
    super();
    this.live = live;
    this.options = options;
    /** container (12 chars) → `{ seq, ts, texts, verifying }` */
    this.last = new Map();
    this.ended = new Map();
    this.names = new Map();
    this.holding = null;
    this.state = 'connecting';
    this.lastLineTs = null;
    this.lines = 0;
    /** Lines the server announced as dropped (`log_gap`). */
    this.dropped = 0;
  }

  start() {
    const { engine, containers, project, tail, regex } = this.options;
    this.sub = this.live.subscribe({
      kind: 'logs',
      message: (resuming) => {
        // A merged view gets one history per container: hold them until the server says the
        // subscription is complete (`ok`), then interleave them by time.
        if (this.isMerged()) this.snapshotHold = [];
        return {
        type: 'subscribe_logs',
        engine,
        containers,
        project,
        tail,
        regex: regex || undefined,
        resume: resuming ? this.resumePoints() : undefined,
        };
      },
      onMessage: (msg) => this.onMessage(msg),
      onOk: () => this.releaseSnapshots(),
      onError: (msg) => {
        this.releaseSnapshots();
        this.onError(msg);
      },
      onConnection: (state) => this.onConnection(state),
    });
  }

  isMerged() {
    const { containers, project, labels } = this.options;
    return !!project || !!labels?.length || (containers?.length ?? 0) > 1;
  }

  releaseSnapshots() {
    const held = this.snapshotHold;
    this.snapshotHold = null;
    if (held?.length) this.ingest(interleave(held));
  }

  stop() {
    this.sub?.close();
    this.sub = null;
  }

  resumePoints() {
    const points = {};
    for (const [container, last] of this.last) if (last.seq !== null) points[container] = last.seq;
    return Object.keys(points).length ? points : undefined;
  }

  onConnection(state) {
    if (state === 'reconnecting') {
      for (const last of this.last.values()) last.verifying = true;
      this.setState('reconnecting');
    }
  }

  onError(msg) {
    this.setState('error', msg.message);
    this.dispatchEvent(new CustomEvent('error', { detail: msg }));
  }

  onMessage(msg) {
    switch (msg.type) {
      case 'log_snapshot':
      case 'new_logs':
        if (this.state !== 'ended') this.setState('streaming');
        if (this.snapshotHold) this.snapshotHold.push(...(msg.lines || []));
        else this.ingest(msg.lines || []);
        break;
      case 'log_gap': {
        const ranges = Object.entries(msg.ranges || {});
        const size = ([, [a, b]]) => b - a + 1;
        const resuming = ranges.filter(([c]) => this.last.get(c)?.verifying);
        // Right after a resume, a gap means the server could not continue from our last line (it no
        // longer holds it, or it restarted and numbers anew). What it sends next decides: if our last
        // line is among it, nothing was missed; if not, the hole is fetched from the engine, and only
        // what that cannot bring back counts as dropped (see repair).
        for (const range of resuming) {
          const last = this.last.get(range[0]);
          last.gapAtResume = true;
          last.gapMissed = (last.gapMissed ?? 0) + size(range);
        }
        const live = ranges.filter(([c]) => !this.last.get(c)?.verifying);
        if (live.length) {
          const count = live.reduce((n, range) => n + size(range), 0);
          this.dropped += count;
          this.note('gap', `${count} line${count === 1 ? ' was' : 's were'} dropped here because the page fell behind (${live.map(([c]) => this.nameOf(c)).join(', ')}).`);
        }
        break;
      }
      case 'log_end': {
        this.ended.set(msg.container, msg.reason);
        const name = this.nameOf(msg.container);
        this.note('end', msg.reason === 'removed' ? `${name} was removed: its log ends here.` : `${name}: the log ended (${msg.reason}).`);
        if (!this.options.project) this.setState('ended', msg.reason);
        break;
      }
      default:
        break;
    }
  }

  // Lines --------------------------------------------------------------------------------------

  ingest(lines) {
    if (this.holding) {
      this.holding.push(...lines);
      return;
    }
    const accepted = [];
    for (let i = 0; i < lines.length; i += 1) {
      const line = lines[i];
      const verdict = this.check(line);
      if (verdict === 'drop') continue;
      if (verdict === 'repair') {
        this.emitLines(accepted);
        this.holding = lines.slice(i);
        this.repair(line);
        return;
      }
      accepted.push(this.record(line));
    }
    this.emitLines(accepted);
  }

  /**
   * `ok`, `drop` (already shown) or `repair` (the first new line after a resume, with a hole before
   * it that the server could not fill). Within one connection the server is trusted; right after a
   * resume, lines at or before the last one shown are dropped by time and text.
   */
  check(line) {
    const last = this.last.get(line.container);
    if (!last || !last.verifying) return 'ok';
    if (line.ts && last.ts) {
      if (line.ts < last.ts || (line.ts === last.ts && last.texts.has(textKey(line)))) {
        last.proven = true;
        return 'drop';
      }
      if (line.ts === last.ts) return 'ok';
      // The first line newer than ours. A seq that does not move forward is a restarted numbering.
      if (line.seq <= last.seq || (last.gapAtResume && !last.proven)) return 'repair';
      return 'ok';
    }
    return line.seq <= last.seq ? 'drop' : 'ok';
  }

  /** Remembers a line as shown and returns its entry, with its line number. */
  record(line) {
    let last = this.last.get(line.container);
    if (!last) {
      // Line numbers count from the first line this view received: the server's seq is only an order.
      last = { seq: null, ts: null, texts: new Set(), verifying: false, ln: 0, offset: 1 - (line.seq ?? 1) };
      this.last.set(line.container, last);
    }
    if (last.verifying && (!line.ts || !last.ts || line.ts > last.ts)) {
      // The first new line after a resume: if the numbering changed, go on counting where we were.
      if (last.gapAtResume || (typeof line.seq === 'number' && last.seq !== null && line.seq <= last.seq)) {
        last.offset = last.ln + 1 - (line.seq ?? 0);
      }
      last.verifying = false;
      last.gapAtResume = false;
      last.gapMissed = null;
      last.proven = false;
    }
    const numbered = typeof line.seq === 'number';
    const ln = numbered ? line.seq + last.offset : last.ln + 1;
    if (numbered) last.seq = line.seq;
    last.ln = ln;
    if (line.ts && line.ts !== last.ts) last.texts.clear();
    if (line.ts) last.ts = line.ts;
    last.texts.add(textKey(line));
    if (line.name && this.names.get(line.container) !== line.name) this.names.set(line.container, line.name);
    return toEntry(line, ln);
  }

  /** Fetches from the engine the lines between the last one shown and `first`, the first after a hole. */
  async repair(first) {
    const last = this.last.get(first.container);
    const repaired = [];
    // How many lines the server said it no longer had (null when it could not say: it restarted).
    const missed = last.gapMissed ?? null;
    last.gapMissed = null;
    try {
      const answer = await api.get(enginePath(this.options.engine, 'containers', first.container, 'logs'), {
        since: unixSeconds(last.ts), until: unixSeconds(first.ts), timestamps: true, tail: REPAIR_LINES,
      });
      const pattern = safeRegExp(this.options.regex);
      for (const l of answer?.lines || []) {
        if (!l.ts || l.ts <= last.ts || l.ts >= first.ts) continue;
        if (pattern && !pattern.test(l.text)) continue;
        if (this.options.stream && l.stream !== this.options.stream) continue;
        repaired.push({ seq: null, container: first.container, name: first.name, ts: l.ts, stream: l.stream, text: l.text });
      }
      // The engine answers the newest lines of the hole; a hole larger than one answer loses its oldest.
      const unfetched = missed !== null ? Math.max(0, missed - repaired.length) : 0;
      if (unfetched) {
        this.dropped += unfetched;
        this.note('gap', `${count(unfetched)} line${unfetched === 1 ? ' was' : 's were'} missed while the page was disconnected and could not be fetched again.`);
      } else if (missed === null && (answer?.lines?.length ?? 0) >= REPAIR_LINES) {
        this.note('gap', `Lines written before ${clockOf(answer.lines[0].ts)} while the page was disconnected may be missing: only the last ${count(REPAIR_LINES)} were fetched.`);
      }
      if (repaired.length) this.note('info', `${count(repaired.length)} line${repaired.length === 1 ? '' : 's'} written while disconnected, fetched from the engine:`);
    } catch (error) {
      if (missed) this.dropped += missed;
      this.note('gap', `Lines written between ${clockOf(last.ts)} and ${clockOf(first.ts)} may be missing: they could not be fetched (${error.message}).`);
    }
    // Numbered on from the last line shown; the line after the hole then continues the count.
    last.verifying = false;
    last.gapAtResume = false;
    last.proven = false;
    this.emitLines(repaired.map((line) => this.record(line)));
    last.offset = last.ln + 1 - first.seq;
    last.seq = first.seq - 1;
    const held = this.holding;
    this.holding = null;
    this.ingest(held);
  }

  emitLines(entries) {
    if (!entries.length) return;
    this.lines += entries.length;
    this.lastLineTs = entries[entries.length - 1].ts ?? this.lastLineTs;
    this.dispatchEvent(new CustomEvent('lines', { detail: entries }));
  }

  note(cls, text) {
    this.dispatchEvent(new CustomEvent('lines', { detail: [{ kind: 'note', cls, text }] }));
  }

  nameOf(container) {
    return this.names.get(container) ?? container;
  }

  setState(state, message = '') {
    this.state = state;
    this.stateMessage = message;
    this.dispatchEvent(new CustomEvent('state', { detail: { state, message } }));
  }
}

function toEntry(line, ln) {
  return {
    kind: 'line', seq: line.seq ?? null, ln, cid: line.container, name: line.name, ts: line.ts, stream: line.stream,
    text: line.text, plain: plainText(line.text),
  };
}

/**
 * Lines of several containers in time order, each container's own order kept (its timestamps may tie
 * or, across stdout and stderr, step back a little): a merge of the per-container runs.
 */
export function interleave(lines) {
  const runs = new Map();
  for (const line of lines) {
    if (!runs.has(line.container)) runs.set(line.container, []);
    runs.get(line.container).push(line);
  }
  if (runs.size < 2) return lines;
  const queues = [...runs.values()];
  const heads = queues.map(() => 0);
  const out = [];
  for (;;) {
    let best = -1;
    for (let q = 0; q < queues.length; q += 1) {
      const line = queues[q][heads[q]];
      if (!line) continue;
      if (best < 0 || (line.ts ?? '') < (queues[best][heads[best]].ts ?? '')) best = q;
    }
    if (best < 0) return out;
    out.push(queues[best][heads[best]]);
    heads[best] += 1;
  }
}

function clockOf(ts) {
  return ts ? ts.slice(11, 19) : '?';
}

function textKey(line) {
  return `${line.stream}\u0000${line.text}`;
}

/** `2026-11-22T04:19:08.123456789Z` → `1795321148.123456789` (what the REST API's since/until take). */
export function unixSeconds(rfc3339) {
  const seconds = Math.floor(Date.parse(`${rfc3339.slice(0, 19)}Z`) / 1000);
  const fraction = /\.(\d+)/.exec(rfc3339)?.[1] ?? '0';
  return `${seconds}.${fraction}`;
}

function safeRegExp(source) {
  if (!source) return null;
  try {
    return new RegExp(source);
  } catch {
    return null;
  }
}
