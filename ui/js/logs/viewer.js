// The log pane: renders a window of at most `maxRows` entries of the buffer (the DOM stays small
// however many lines the session holds), follows new lines, and stops following as soon as the reader
// scrolls up. While not following, new lines are counted on the "Follow" button instead of moving text
// under the reader's eyes once the window is full.

import { h } from '../dom.js';
import { count } from '../format.js';
import { renderEntry } from './render.js';

const EARLIER_STEP = 1000;
const FLUSH_INTERVAL_MS = 80;

export class LogViewer extends EventTarget {
  constructor(pane, buffer, { maxRows = 5000 } = {}) {
    super();
    this.pane = pane;
    this.buffer = buffer;
    this.maxRows = maxRows;
    /** Absolute indices of the entries that pass the client-side filter, oldest first. */
    this.visible = [];
    this.filter = () => true;
    this.renderOpts = { colors: null, search: null, current: -1 };
    this.following = true;
    this.unseen = 0;
    this.pending = [];
    this.frame = null;
    this.lastFlush = 0;
    this.expectedTop = 0;
    this.more = h('button', { class: 'btn btn-sm btn-outline-secondary log-more', onclick: () => this.showEarlier() });
    this.empty = h('div', { class: 'log-empty' }, 'No lines yet.');
    pane.replaceChildren(this.empty);

    pane.addEventListener('wheel', (e) => {
      if (e.deltaY < 0) this.setFollowing(false);
    }, { passive: true });
    pane.addEventListener('keydown', (e) => {
      if (['PageUp', 'ArrowUp', 'Home'].includes(e.key)) this.setFollowing(false);
    });
    pane.addEventListener('scroll', () => this.onScroll(), { passive: true });
  }

  // Feeding -----------------------------------------------------------------------------------

  /** Takes entries just pushed to the buffer (their absolute indices). */
  added(indices) {
    for (const abs of indices) {
      if (this.filter(this.buffer.at(abs))) {
        this.visible.push(abs);
        this.pending.push(abs);
      }
    }
    this.trimEvicted();
    this.schedule();
  }

  /** Recomputes what passes the filter (stream toggles) and redraws. */
  refilter(filter = this.filter) {
    this.filter = filter;
    this.visible = [];
    for (let abs = this.buffer.first; abs < this.buffer.end; abs += 1) {
      if (filter(this.buffer.at(abs))) this.visible.push(abs);
    }
    this.pending = [];
    if (this.following) this.renderTail();
    else this.renderAround(this.firstRenderedAbs() ?? this.buffer.end);
  }

  /** Forgets everything (a new subscription). */
  reset() {
    this.visible = [];
    this.pending = [];
    this.unseen = 0;
    this.following = true;
    this.pane.replaceChildren(this.empty);
    this.emitState();
  }

  /** Redraws the rendered rows (search highlight or colours changed). */
  redraw() {
    const first = this.firstRenderedAbs();
    if (this.following || first === null) this.renderTail();
    else this.renderAround(first, false);
  }

  // Following ---------------------------------------------------------------------------------

  setFollowing(following) {
    if (this.following === following) return;
    this.following = following;
    if (following) {
      this.unseen = 0;
      if (!this.windowAtEnd()) this.renderTail();
      this.scrollToBottom();
    }
    this.emitState();
  }

  follow() {
    this.setFollowing(true);
    this.scrollToBottom();
  }

  onScroll() {
    if (Math.abs(this.pane.scrollTop - this.expectedTop) < 2) return;
    const atBottom = this.pane.scrollHeight - this.pane.scrollTop - this.pane.clientHeight < 24;
    this.expectedTop = this.pane.scrollTop;
    if (atBottom && this.windowAtEnd()) this.setFollowing(true);
    else if (!atBottom) this.setFollowing(false);
  }

  scrollToBottom() {
    this.pane.scrollTop = this.pane.scrollHeight;
    this.expectedTop = this.pane.scrollTop;
  }

  emitState() {
    this.dispatchEvent(new CustomEvent('state', { detail: { following: this.following, unseen: this.unseen } }));
  }

  // Rendering ---------------------------------------------------------------------------------

  /**
   * Draws pending lines on the next frame, but at most every FLUSH_INTERVAL_MS: during a flood, a
   * few large appends cost far less layout than one small append per frame.
   */
  schedule() {
    if (this.frame !== null) return;
    const wait = Math.max(0, this.lastFlush + FLUSH_INTERVAL_MS - performance.now());
    this.frame = setTimeout(() => requestAnimationFrame(() => {
      this.frame = null;
      this.lastFlush = performance.now();
      this.flush();
    }), wait);
  }

  flush() {
    if (this.pending.length === 0) return;
    const atEnd = this.windowAtEnd();
    const pending = this.pending;
    this.pending = [];
    const rows = this.rows();
    if (!this.following && (!atEnd || rows + pending.length > this.maxRows)) {
      // The reader is elsewhere: count, do not move the text.
      this.unseen += pending.length;
      this.emitState();
      return;
    }
    if (pending.length >= this.maxRows || rows === 0) {
      this.renderTail();
      return;
    }
    this.empty.remove();
    const fragment = document.createDocumentFragment();
    for (const abs of pending) {
      const entry = this.buffer.at(abs);
      if (entry) fragment.append(renderEntry(entry, abs, this.renderOpts));
    }
    this.pane.append(fragment);
    this.trimTop();
    if (this.following) this.scrollToBottom();
  }

  /** Renders the last `maxRows` visible entries. */
  renderTail() {
    this.pending = [];
    this.renderRange(Math.max(0, this.visible.length - this.maxRows), this.visible.length);
    this.unseen = 0;
    if (this.following) this.scrollToBottom();
    this.emitState();
  }

  /** Renders a window that holds `abs` (in its middle when possible). */
  renderAround(abs, center = true) {
    const i = lowerBound(this.visible, abs);
    const start = center ? Math.max(0, i - (this.maxRows >> 1)) : i;
    const end = Math.min(this.visible.length, start + this.maxRows);
    this.renderRange(Math.max(0, end - this.maxRows), end);
  }

  renderRange(start, end) {
    const fragment = document.createDocumentFragment();
    if (start > 0) fragment.append(this.moreButton(start));
    for (let i = start; i < end; i += 1) {
      const abs = this.visible[i];
      const entry = this.buffer.at(abs);
      if (entry) fragment.append(renderEntry(entry, abs, this.renderOpts));
    }
    this.pane.replaceChildren(fragment);
    if (end === start) this.pane.append(this.empty);
  }

  /** Prepends up to EARLIER_STEP earlier entries, trimming the bottom to stay within `maxRows`. */
  showEarlier() {
    const first = this.firstRenderedAbs();
    if (first === null) return;
    const i = lowerBound(this.visible, first);
    const start = Math.max(0, i - EARLIER_STEP);
    const anchor = this.pane.querySelector('[data-abs]');
    const before = anchor.offsetTop;
    const fragment = document.createDocumentFragment();
    for (let k = start; k < i; k += 1) fragment.append(renderEntry(this.buffer.at(this.visible[k]), this.visible[k], this.renderOpts));
    this.more.remove();
    this.pane.prepend(fragment);
    if (start > 0) this.pane.prepend(this.moreButton(start));
    this.setFollowing(false);
    let rows = this.rows();
    while (rows > this.maxRows) {
      this.pane.lastElementChild.remove();
      rows -= 1;
    }
    this.pane.scrollTop += anchor.offsetTop - before;
    this.expectedTop = this.pane.scrollTop;
  }

  moreButton(hidden) {
    this.more.textContent = `Show earlier lines (${count(hidden)} more in this session)`;
    return this.more;
  }

  /** Scrolls to an entry, rendering a window around it first when it is not in the DOM. */
  reveal(abs) {
    let row = this.pane.querySelector(`[data-abs="${abs}"]`);
    if (!row) {
      this.following = false;
      this.renderAround(abs);
      row = this.pane.querySelector(`[data-abs="${abs}"]`);
      this.emitState();
    } else if (this.following) {
      this.setFollowing(false);
    }
    row?.scrollIntoView({ block: 'center' });
    this.expectedTop = this.pane.scrollTop;
  }

  trimTop() {
    let rows = this.rows();
    if (rows <= this.maxRows) return;
    while (rows > this.maxRows) {
      const first = this.pane.querySelector('[data-abs]');
      first.remove();
      rows -= 1;
    }
    const firstAbs = this.firstRenderedAbs();
    const hidden = lowerBound(this.visible, firstAbs);
    if (hidden > 0) {
      if (!this.more.isConnected) this.pane.prepend(this.more);
      this.moreButton(hidden);
    }
  }

  trimEvicted() {
    const first = this.buffer.first;
    if (this.visible.length && this.visible[0] < first) this.visible.splice(0, lowerBound(this.visible, first));
  }

  rows() {
    return this.pane.childElementCount - (this.more.isConnected ? 1 : 0) - (this.empty.isConnected ? 1 : 0);
  }

  firstRenderedAbs() {
    const el = this.pane.querySelector('[data-abs]');
    return el ? Number(el.dataset.abs) : null;
  }

  lastRenderedAbs() {
    const el = this.pane.lastElementChild;
    return el?.dataset?.abs !== undefined ? Number(el.dataset.abs) : null;
  }

  /** Whether the last rendered row is the newest visible entry (not counting those waiting to be drawn). */
  windowAtEnd() {
    const newest = this.visible[this.visible.length - 1 - this.pending.length];
    if (newest === undefined) return true;
    const last = this.lastRenderedAbs();
    return last !== null && last >= newest;
  }
}

/** The first position in a sorted array whose value is >= `value`. */
function lowerBound(array, value) {
  let lo = 0;
  let hi = array.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (array[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
