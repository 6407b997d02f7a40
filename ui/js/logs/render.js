// One log row (or note) as DOM: line number, time, container, and the text with ANSI colours and
// search highlights. Built with nodes, never innerHTML: log text is untrusted.

import { clock } from '../format.js';
import { hasEscapes, parseAnsi } from './ansi.js';

const PALETTE = ['#3b82f6', '#10b981', '#f59e0b', '#ef4444', '#a855f7', '#06b6d4', '#ec4899', '#84cc16', '#f97316', '#14b8a6'];

/** Colours for the containers of a merged view, in order of appearance. */
export class ContainerColors {
  constructor() {
    this.map = new Map();
  }

  of(container) {
    if (!this.map.has(container)) this.map.set(container, PALETTE[this.map.size % PALETTE.length]);
    return this.map.get(container);
  }
}

/**
 * A row for `entry` at absolute index `abs`. `opts`: `{ colors, search (RegExp with g flag) , current }`.
 */
export function renderEntry(entry, abs, opts) {
  if (entry.kind === 'note') {
    const note = document.createElement('div');
    note.className = `log-note ${entry.cls || ''}`;
    note.dataset.abs = abs;
    note.textContent = entry.text;
    return note;
  }
  const row = document.createElement('div');
  row.className = entry.stream === 'stderr' ? 'log-row stderr' : 'log-row';
  row.dataset.abs = abs;
  if (entry.seq !== null) row.dataset.seq = entry.seq;
  row.dataset.cid = entry.cid;
  if (abs === opts.current) row.classList.add('current');

  const ln = document.createElement('span');
  ln.className = 'ln';
  ln.textContent = entry.ln ?? '·';
  const ts = document.createElement('span');
  ts.className = 'ts';
  ts.textContent = clock(entry.ts);
  if (entry.ts) ts.title = entry.ts;
  row.append(ln, ts);
  if (opts.colors) {
    const color = opts.colors.of(entry.cid);
    row.style.setProperty('--c', color);
    const bar = document.createElement('span');
    bar.className = 'bar';
    const src = document.createElement('span');
    src.className = 'src';
    src.textContent = entry.name || entry.cid;
    row.append(bar, src);
  }
  const msg = document.createElement('span');
  msg.className = 'msg';
  fillMessage(msg, entry, opts.search, abs === opts.current);
  row.append(msg);
  return row;
}

function fillMessage(msg, entry, search, current) {
  const ansi = hasEscapes(entry.text);
  if (!ansi && !search) {
    msg.textContent = entry.text;
    return;
  }
  const segments = ansi ? parseAnsi(entry.text) : [{ text: entry.plain, cls: '', style: null }];
  const ranges = search ? matchRanges(entry.plain, search) : [];
  let offset = 0;
  let r = 0;
  for (const seg of segments) {
    const end = offset + seg.text.length;
    let pos = offset;
    while (pos < end) {
      while (r < ranges.length && ranges[r][1] <= pos) r += 1;
      const range = ranges[r];
      let stop = end;
      let marked = false;
      if (range && range[0] <= pos) {
        stop = Math.min(end, range[1]);
        marked = true;
      } else if (range && range[0] < end) {
        stop = range[0];
      }
      msg.append(piece(seg, seg.text.slice(pos - offset, stop - offset), marked, current));
      pos = stop;
    }
    offset = end;
  }
}

function piece(seg, text, marked, current) {
  let node = document.createTextNode(text);
  if (seg.cls || seg.style) {
    const span = document.createElement('span');
    if (seg.cls) span.className = seg.cls;
    if (seg.style) for (const [k, v] of Object.entries(seg.style)) span.style.setProperty(k, v);
    span.append(node);
    node = span;
  }
  if (!marked) return node;
  const mark = document.createElement('mark');
  if (current) mark.className = 'current';
  mark.append(node);
  return mark;
}

/** [start, end) of every match of a global RegExp in `text`. */
function matchRanges(text, search) {
  const ranges = [];
  search.lastIndex = 0;
  for (let m = search.exec(text); m; m = search.exec(text)) {
    if (m[0].length === 0) {
      search.lastIndex += 1;
      continue;
    }
    ranges.push([m.index, m.index + m[0].length]);
  }
  return ranges;
}
