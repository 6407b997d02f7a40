// Time-series charts: dygraphs when the server has it (libjs-dygraphs), otherwise a plain canvas
// line drawing, so the Stats tab still shows trends. Either way `data-points` on the element counts
// the samples drawn.

import { loadDygraphs } from '../vendor.js';

const MAX_POINTS = 600;

export class TimeChart {
  /**
   * `options`: `{ labels: ['Time', 'A', 'B'], colors: ['#…'], format(v) → text, floor }` where `floor` is
   * the least top of the y axis (so an idle container's zero line does not get an axis of 0–1 byte).
   */
  constructor(el, options) {
    this.el = el;
    this.options = options;
    this.rows = [];
    this.graph = null;
    this.canvas = null;
    this.ready = loadDygraphs().then((Dygraph) => this.create(Dygraph));
    this.onTheme = () => this.restyle();
    document.addEventListener('themechange', this.onTheme);
  }

  create(Dygraph) {
    if (!Dygraph) {
      this.canvas = document.createElement('canvas');
      this.canvas.className = 'spark';
      this.el.replaceChildren(this.canvas);
      this.draw();
      return;
    }
    const { labels, colors, format } = this.options;
    const style = getComputedStyle(document.documentElement);
    this.graph = new Dygraph(this.el, this.rows.length ? this.rows : [[new Date(), ...labels.slice(1).map(() => null)]], {
      labels,
      colors,
      strokeWidth: 1.6,
      fillGraph: true,
      fillAlpha: 0.12,
      includeZero: true,
      legend: 'onmouseover',
      labelsSeparateLines: false,
      labelsKMB: false,
      rightGap: 4,
      axisLabelFontSize: 11,
      xAxisHeight: 18,
      yLabelWidth: 14,
      gridLineColor: style.getPropertyValue('--border').trim(),
      axisLineColor: style.getPropertyValue('--border-strong').trim(),
      axes: {
        y: { valueFormatter: format, axisLabelFormatter: format, axisLabelWidth: 64, pixelsPerLabel: 26 },
        x: { axisLabelFormatter: (d) => d.toTimeString().slice(0, 8), pixelsPerLabel: 70, drawGrid: false },
      },
      interactionModel: Dygraph.defaultInteractionModel,
    });
    this.el.dataset.points = this.rows.length;
  }

  /** Replaces all points (a history). */
  setRows(rows) {
    this.rows = rows.slice(-MAX_POINTS);
    this.redraw();
  }

  /** Adds one point. */
  push(row) {
    this.rows.push(row);
    if (this.rows.length > MAX_POINTS) this.rows.splice(0, this.rows.length - MAX_POINTS);
    this.redraw();
  }

  /** The top of the y axis: a little above the largest value, at least `floor`. */
  top() {
    let max = 0;
    for (const row of this.rows) for (let s = 1; s < row.length; s += 1) max = Math.max(max, row[s] ?? 0);
    return Math.max(this.options.floor ?? 0, max * 1.15);
  }

  redraw() {
    this.el.dataset.points = this.rows.length;
    if (this.graph && this.rows.length) this.graph.updateOptions({ file: this.rows, valueRange: [0, this.top() || null] });
    else if (this.canvas) this.draw();
  }

  restyle() {
    if (!this.graph) return this.draw();
    const style = getComputedStyle(document.documentElement);
    this.graph.updateOptions({ gridLineColor: style.getPropertyValue('--border').trim(), axisLineColor: style.getPropertyValue('--border-strong').trim() });
  }

  /** The fallback: lines over the last points, scaled to the largest value, with that value written. */
  draw() {
    const canvas = this.canvas;
    if (!canvas) return;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || 400;
    const height = canvas.clientHeight || 160;
    canvas.width = width * ratio;
    canvas.height = height * ratio;
    const ctx = canvas.getContext('2d');
    ctx.scale(ratio, ratio);
    ctx.clearRect(0, 0, width, height);
    const series = this.options.labels.length - 1;
    const max = this.top();
    const style = getComputedStyle(document.documentElement);
    ctx.fillStyle = style.getPropertyValue('--muted').trim();
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillText(this.rows.length ? `max ${this.options.format(max)}` : 'waiting for samples…', 4, 12);
    if (this.rows.length < 2 || max === 0) return;
    const t0 = this.rows[0][0].getTime();
    const span = Math.max(1, this.rows[this.rows.length - 1][0].getTime() - t0);
    for (let s = 1; s <= series; s += 1) {
      ctx.strokeStyle = this.options.colors[s - 1];
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      this.rows.forEach((row, i) => {
        const x = ((row[0].getTime() - t0) / span) * (width - 4) + 2;
        const y = height - 4 - ((row[s] ?? 0) / max) * (height - 22);
        if (i === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      });
      ctx.stroke();
    }
  }

  destroy() {
    document.removeEventListener('themechange', this.onTheme);
    this.graph?.destroy();
  }
}
