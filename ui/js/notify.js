// Toasts for results and errors, notices for lasting conditions, and the confirm dialog for
// destructive actions.

import { h, append } from './dom.js';

/** Shows a short message in the corner; `kind` is `ok`, `bad` or `info`. Errors stay longer. */
export function toast(kind, title, message = '') {
  const box = document.getElementById('toasts');
  const el = h('div', { class: `toast-msg ${kind}`, role: kind === 'bad' ? 'alert' : 'status' },
    h('div', { class: 'toast-title' }, title), message ? h('div', {}, message) : null);
  box.append(el);
  setTimeout(() => el.remove(), kind === 'bad' ? 9000 : 3500);
  while (box.children.length > 5) box.firstChild.remove();
  return el;
}

/**
 * A lasting notice under the top bar, replaced by id (`kind`: `info`, `warn`, `bad`).
 * `null` content removes it. Returns the element.
 */
export function notice(id, kind, content, { dismissible = false } = {}) {
  const box = document.getElementById('notices');
  const old = box.querySelector(`[data-notice="${id}"]`);
  if (!content) {
    old?.remove();
    return null;
  }
  const el = h('div', { class: `notice ${kind}`, dataset: { notice: id }, role: kind === 'bad' ? 'alert' : 'status' });
  append(el, [content]);
  if (dismissible) el.append(h('button', { class: 'notice-close', title: 'Dismiss', onclick: () => el.remove() }, '×'));
  if (old) old.replaceWith(el);
  else box.append(el);
  return el;
}

/**
 * Asks before a destructive action. `options`: `{ title, body, confirm, danger, checkbox }` where
 * `checkbox` is `{ label, checked }`. Resolves `{ ok, checked }`.
 */
export function confirmAction({ title, body, confirm = 'Confirm', danger = true, checkbox = null }) {
  const dialog = document.getElementById('confirm');
  dialog.querySelector('.confirm-title').textContent = title;
  const bodyEl = dialog.querySelector('.confirm-body');
  bodyEl.replaceChildren();
  append(bodyEl, [typeof body === 'string' ? h('p', {}, body) : body]);
  let box = null;
  if (checkbox) {
    box = h('input', { type: 'checkbox', checked: !!checkbox.checked });
    bodyEl.append(h('label', {}, box, checkbox.label));
  }
  const ok = dialog.querySelector('.confirm-ok');
  ok.textContent = confirm;
  ok.className = `btn btn-sm ${danger ? 'btn-danger' : 'btn-primary'} confirm-ok`;
  dialog.returnValue = 'cancel';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve({ ok: dialog.returnValue === 'ok', checked: box?.checked ?? false }), { once: true });
    dialog.showModal();
    ok.focus();
  });
}
