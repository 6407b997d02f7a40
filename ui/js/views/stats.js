// The Stats tab: current values in human units and charts of CPU, memory, network and block I/O,
// from the server's history (`stats_history`) and then one sample a second (`stats`).

import { h, replace } from '../dom.js';
import { bytes, percent, rate } from '../format.js';
import { TimeChart } from '../stats/charts.js';

const COLORS = { cpu: ['#3b82f6'], mem: ['#a855f7'], net: ['#10b981', '#f59e0b'], blk: ['#06b6d4', '#ef4444'] };

export function mount(root, params, app) {
  const cards = h('div', { class: 'cards' });
  const note = h('div', { class: 'notice info', hidden: true });
  const box = (title, legend) => {
    const chart = h('div', { class: 'chart' });
    const el = h('div', { class: 'chart-box' }, h('h3', {}, title, legend ? h('span', { class: 'legend' }, legend) : null), chart);
    return [el, chart];
  };
  const legend = (names, colors) => names.map((n, i) => [h('i', { style: { background: colors[i] } }), n]);
  const [cpuBox, cpuEl] = box('CPU');
  const [memBox, memEl] = box('Memory used');
  const [netBox, netEl] = box('Network', legend(['received', 'sent'], COLORS.net));
  const [blkBox, blkEl] = box('Block I/O', legend(['read', 'written'], COLORS.blk));
  cpuEl.dataset.chart = 'cpu';
  memEl.dataset.chart = 'memory';
  netEl.dataset.chart = 'network';
  blkEl.dataset.chart = 'block';
  root.append(note, cards, h('div', { class: 'charts' }, cpuBox, memBox, netBox, blkBox));

  const charts = {
    cpu: new TimeChart(cpuEl, { labels: ['Time', 'CPU'], colors: COLORS.cpu, format: (v) => percent(v), floor: 1 }),
    mem: new TimeChart(memEl, { labels: ['Time', 'Used'], colors: COLORS.mem, format: (v) => bytes(v), floor: 1024 * 1024 }),
    net: new TimeChart(netEl, { labels: ['Time', 'Received', 'Sent'], colors: COLORS.net, format: (v) => rate(v), floor: 1024 }),
    blk: new TimeChart(blkEl, { labels: ['Time', 'Read', 'Written'], colors: COLORS.blk, format: (v) => rate(v), floor: 1024 }),
  };
  let lastTs = '';
  let latest = null;

  const rows = (s) => {
    const t = new Date(s.ts);
    return { cpu: [t, s.cpuPercent], mem: [t, s.memoryUsage], net: [t, s.networkRxRate, s.networkTxRate], blk: [t, s.blockReadRate, s.blockWriteRate] };
  };

  const renderCards = () => {
    const s = latest;
    const card = (label, value, detail, meter) => h('div', { class: 'card-stat', dataset: { card: label.toLowerCase() } },
      h('div', { class: 'label' }, label), h('div', { class: 'value' }, value), h('div', { class: 'detail' }, detail),
      meter !== undefined ? h('div', { class: 'meter' }, h('div', { style: { width: `${Math.min(100, meter)}%` } })) : null);
    if (!s) {
      replace(cards, card('CPU', '—', 'waiting for a sample'), card('Memory', '—', ''), card('Network', '—', ''), card('Block I/O', '—', ''), card('PIDs', '—', ''));
      return;
    }
    replace(cards,
      card('CPU', percent(s.cpuPercent), '100 % = one core'),
      card('Memory', bytes(s.memoryUsage), `of ${bytes(s.memoryLimit)} · ${percent(s.memoryPercent)}`, s.memoryPercent),
      card('Network', `↓ ${rate(s.networkRxRate)}`, `↑ ${rate(s.networkTxRate)} · total ${bytes(s.networkRx)} / ${bytes(s.networkTx)}`),
      card('Block I/O', `R ${rate(s.blockReadRate)}`, `W ${rate(s.blockWriteRate)} · total ${bytes(s.blockRead)} / ${bytes(s.blockWrite)}`),
      card('PIDs', String(s.pids), 'processes'));
  };

  const add = (samples, replaceAll) => {
    const fresh = samples.filter((s) => s.ts && s.ts > lastTs);
    if (replaceAll && !lastTs) {
      for (const [key, chart] of Object.entries(charts)) chart.setRows(fresh.map((s) => rows(s)[key]));
    } else {
      for (const s of fresh) for (const [key, row] of Object.entries(rows(s))) charts[key].push(row);
    }
    if (fresh.length) {
      lastTs = fresh[fresh.length - 1].ts;
      latest = fresh[fresh.length - 1];
      renderCards();
    }
  };

  const renderNote = () => {
    const c = app.store.find(params.engine, params.id);
    const stopped = c && c.state !== 'running';
    note.hidden = !stopped && !note.dataset.error;
    note.textContent = note.dataset.error || (stopped ? `${c.name} is ${c.state}: no new samples until it runs again. The charts keep what was collected.` : '');
  };

  const sub = app.live.subscribe({
    kind: 'stats',
    message: () => ({ type: 'subscribe_stats', engine: params.engine, container: params.id }),
    onMessage: (msg) => {
      if (msg.type === 'stats_history') add(msg.samples || [], true);
      else if (msg.type === 'stats') add([msg.sample], false);
    },
    onError: (msg) => {
      note.dataset.error = msg.code === 'stats_ended' ? `No more samples: ${msg.message}.` : `Stats are not available: ${msg.message}`;
      renderNote();
    },
  });
  app.store.addEventListener('change', renderNote);
  renderCards();
  renderNote();
  return () => {
    sub.close();
    app.store.removeEventListener('change', renderNote);
    for (const chart of Object.values(charts)) chart.destroy();
  };
}
