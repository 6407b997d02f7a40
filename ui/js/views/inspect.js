// The Inspect tab: the engine's inspect document as a collapsible tree, searchable (matches are
// highlighted and their branches opened), with the raw JSON to copy or download.

import { api, enginePath } from '../api.js';
import { debounce, download, h, replace } from '../dom.js';

export function mount(root, params) {
  const search = h('input', { class: 'form-control', type: 'search', placeholder: 'Search keys and values', 'aria-label': 'Search the document', size: 28 });
  const found = h('span', { class: 'search-count' });
  const tree = h('div', { class: 'json-tree' }, 'Loading…');
  let doc = null;
  const copy = h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary', onclick: async () => {
    await navigator.clipboard?.writeText(JSON.stringify(doc, null, 2));
    copy.textContent = 'Copied';
    setTimeout(() => (copy.textContent = 'Copy JSON'), 1500);
  } }, 'Copy JSON');
  root.append(
    h('div', { class: 'toolbar' }, search, found, h('span', { class: 'grow' }),
      h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary', onclick: () => setOpen(true) }, 'Expand all'),
      h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary', onclick: () => setOpen(false) }, 'Collapse all'),
      copy,
      h('button', { type: 'button', class: 'btn btn-sm btn-outline-secondary', onclick: () => download(`${params.container?.name ?? params.id}-inspect.json`, JSON.stringify(doc, null, 2), 'application/json') }, 'Download')),
    h('div', { class: 'panel scroll', style: { flex: '1' } }, tree));

  const setOpen = (open) => tree.querySelectorAll('details').forEach((d) => { d.open = open; });
  const render = () => {
    const term = search.value.trim().toLowerCase();
    let matches = 0;
    const node = (key, value, depth) => {
      const keyEl = key === null ? null : [h('span', { class: 'k' }, mark(JSON.stringify(key), term)), ': '];
      if (value !== null && typeof value === 'object') {
        const entries = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
        const children = entries.map(([k, v]) => node(Array.isArray(value) ? null : k, v, depth + 1));
        const hit = children.some((c) => c.dataset.hit) || (term && key !== null && String(key).toLowerCase().includes(term));
        const brackets = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
        const details = h('details', { open: depth < 1 || (term && hit), dataset: hit ? { hit: '1' } : {} },
          h('summary', {}, keyEl, brackets[0], h('span', { class: 'count' }, ` ${entries.length} ${Array.isArray(value) ? 'item' : 'key'}${entries.length === 1 ? '' : 's'} `), brackets[1]),
          children);
        if (term && key !== null && String(key).toLowerCase().includes(term)) matches += 1;
        return details;
      }
      const text = JSON.stringify(value);
      const cls = typeof value === 'string' ? 's' : typeof value === 'number' ? 'n' : value === null ? 'z' : 'b';
      const hit = term && (text.toLowerCase().includes(term) || (key !== null && String(key).toLowerCase().includes(term)));
      if (hit) matches += 1;
      return h('div', { class: 'leaf', dataset: hit ? { hit: '1' } : {} }, keyEl, h('span', { class: cls }, mark(text, term)));
    };
    replace(tree, node(null, doc, 0));
    found.textContent = term ? (matches ? `${matches} found` : 'none') : '';
    if (term) tree.querySelector('mark')?.scrollIntoView({ block: 'center' });
  };

  api.get(enginePath(params.engine, 'containers', params.id))
    .then((answer) => {
      doc = answer;
      render();
    })
    .catch((error) => replace(tree, h('div', { class: 'empty' }, `Could not load the inspect document: ${error.message}`)));
  search.addEventListener('input', debounce(() => doc && render(), 150));
}

/** Text with every case-insensitive occurrence of `term` wrapped in <mark>. */
function mark(text, term) {
  if (!term) return text;
  const parts = [];
  const lower = text.toLowerCase();
  let at = 0;
  for (let i = lower.indexOf(term); i >= 0; i = lower.indexOf(term, i + term.length)) {
    parts.push(text.slice(at, i), h('mark', {}, text.slice(i, i + term.length)));
    at = i + term.length;
  }
  parts.push(text.slice(at));
  return parts;
}
