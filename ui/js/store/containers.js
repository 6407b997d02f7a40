// The live container list of every engine, kept from `initial_state` and `status_change`.
//
// Changes carry a per-engine `seq`: one already applied is skipped (no duplicates), one that skips a
// number means something was lost, and the list is fetched again. After a reconnect the subscription
// resumes from the last seq of each engine and receives only the changes it missed.

export class ContainerStore extends EventTarget {
  constructor(live) {
    super();
    this.live = live;
    /** engine → Map(id → ContainerView) */
    this.engines = new Map();
    /** engine → last applied seq */
    this.seq = new Map();
    this.loaded = false;
  }

  start() {
    this.sub = this.live.subscribe({
      kind: 'containers',
      message: (resuming) => ({
        type: 'subscribe_containers',
        resume: resuming && this.seq.size ? Object.fromEntries(this.seq) : undefined,
      }),
      onMessage: (msg) => this.onMessage(msg),
      onError: (msg) => this.dispatchEvent(new CustomEvent('error', { detail: msg })),
    });
  }

  /** Every container, newest first. */
  all() {
    const list = [];
    for (const map of this.engines.values()) list.push(...map.values());
    return list.sort((a, b) => b.created - a.created || a.name.localeCompare(b.name));
  }

  /** A container by engine and full id, id prefix or name. */
  find(engine, ref) {
    const map = this.engines.get(engine);
    if (!map) return null;
    if (map.has(ref)) return map.get(ref);
    for (const c of map.values()) if (c.name === ref || c.id.startsWith(ref)) return c;
    return null;
  }

  onMessage(msg) {
    if (msg.type === 'initial_state') {
      const map = this.engines.get(msg.engine) ?? new Map();
      const touched = [];
      if (!msg.resumed) {
        map.clear();
        for (const c of msg.containers || []) map.set(c.id, stamped(c, this.live.clockOffset));
      } else {
        for (const change of msg.changes || []) {
          if (change.seq <= (this.seq.get(msg.engine) ?? 0)) continue;
          this.apply(map, change);
          touched.push(change);
        }
      }
      this.engines.set(msg.engine, map);
      this.seq.set(msg.engine, msg.seq);
      this.loaded = true;
      this.emit({ engine: msg.engine, full: !msg.resumed, changes: touched, resync: msg.resyncRequired });
    } else if (msg.type === 'status_change') {
      const last = this.seq.get(msg.engine) ?? 0;
      if (msg.seq <= last) return;
      if (msg.seq !== last + 1) {
        // A change was lost: start this subscription over with a full snapshot.
        this.seq.clear();
        this.sub.restart();
        return;
      }
      const map = this.engines.get(msg.engine) ?? new Map();
      this.engines.set(msg.engine, map);
      this.apply(map, msg);
      this.seq.set(msg.engine, msg.seq);
      this.emit({ engine: msg.engine, full: false, changes: [msg] });
    }
  }

  apply(map, change) {
    if (change.change === 'removed') map.delete(change.containerID);
    else if (change.container) map.set(change.containerID, stamped(change.container, this.live.clockOffset));
  }

  emit(detail) {
    this.dispatchEvent(new CustomEvent('change', { detail }));
  }
}

/**
 * Notes when the engine's status text ("Up 5 minutes") was read: the engine only sends it again when
 * something changes, so the page ages it by itself (format.js `liveStatus`) instead of polling. The
 * server says when it read the text (`statusAt`, its clock; `offset` is this browser's lead on it): a
 * snapshot's row can be minutes old. Without it, the time it arrived.
 */
function stamped(container, offset = 0) {
  container.statusAt = typeof container.statusAt === 'number' ? Math.min(Date.now(), container.statusAt + offset) : Date.now();
  return container;
}
