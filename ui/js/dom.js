// Small DOM helpers: element creation without innerHTML (so no markup injection and no inline styles
// that a Content-Security-Policy would refuse), and a few shared bits.

/**
 * Creates an element. `attrs` keys: `class`, `dataset` (object), `style` (object, applied through the
 * CSSOM), `on…` (listeners), `hidden`/`disabled`/`checked`/`value`/`selected` (properties), others as
 * attributes. Children may be strings, nodes, arrays, null/false (skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'style') for (const [p, v] of Object.entries(value)) el.style.setProperty(p, v);
    else if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (['hidden', 'disabled', 'checked', 'value', 'selected', 'open', 'indeterminate'].includes(key)) el[key] = value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** Appends children (strings, nodes, nested arrays; null/false skipped). */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** Replaces an element's children. */
export function replace(parent, ...children) {
  parent.replaceChildren();
  return append(parent, children);
}

/** A debounced function: runs `fn` once `ms` after the last call. */
export function debounce(fn, ms) {
  let timer = null;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}

/** Escapes a string for use inside a RegExp. */
export function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Saves text as a file the browser downloads. */
export function download(filename, text, type = 'text/plain') {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const a = h('a', { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A state badge for a container (`running`, `exited`, …) with its health. */
export function stateBadge(state, health) {
  const label = health && state === 'running' ? `${state} · ${health}` : state;
  const cls = health && state === 'running' && health !== 'healthy' ? `h-${health}` : `s-${state}`;
  return h('span', { class: `badge ${cls}`, title: health ? `health: ${health}` : '' }, label);
}
