// Pulling an image (admin): the reference, then the engine's progress streamed as it comes — one line
// per layer with its bytes — and the outcome. The error when no registry answers is the server's, as is.

import { auth } from '../auth.js';
import { enginePath, toError } from '../api.js';
import { h, replace } from '../dom.js';
import { bytes } from '../format.js';
import { toast } from '../notify.js';

/** The pull form; `engine()` names the engine to pull on, `done()` runs after a successful pull. */
export function pullForm(engine, done) {
  const reference = h('input', {
    class: 'form-control', placeholder: 'image to pull, e.g. registry:5000/app:v1', 'aria-label': 'Image to pull', size: 36, required: true,
  });
  const submit = h('button', { type: 'submit', class: 'btn btn-sm btn-primary' }, 'Pull');
  const layers = h('ul', { class: 'pull-layers' });
  const outcome = h('div', { class: 'pull-outcome', role: 'status' });
  const form = h('form', { class: 'toolbar image-pull' }, reference, submit);
  const panel = h('div', { class: 'pull-panel' }, form, outcome, layers);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const image = reference.value.trim();
    if (!image) return;
    submit.disabled = true;
    replace(layers);
    outcome.className = 'pull-outcome';
    outcome.textContent = `Pulling ${image}…`;
    const rows = new Map();
    try {
      const last = await pull(engine(), image, (line) => {
        if (line.type === 'progress') {
          let row = rows.get(line.layer);
          if (!row) {
            row = h('li', { dataset: { layer: line.layer } });
            rows.set(line.layer, row);
            layers.append(row);
          }
          const amount = line.total ? ` ${bytes(line.current ?? 0)} / ${bytes(line.total)}` : '';
          row.textContent = `${line.layer}: ${line.status}${amount}`;
        } else if (line.type === 'status') {
          outcome.textContent = line.status;
        }
      });
      if (last?.type === 'done') {
        outcome.classList.add('ok');
        outcome.textContent = last.upToDate ? `${last.image} is up to date.` : `Pulled ${last.image}.`;
        toast('ok', `Pulled ${last.image}`);
        done();
      } else {
        throw new Error(last?.type === 'error' ? last.message : 'the pull ended without an outcome');
      }
    } catch (error) {
      outcome.classList.add('bad');
      outcome.textContent = `Pull failed: ${error.message}`;
    } finally {
      submit.disabled = false;
    }
  });
  return panel;
}

/** Streams `POST …/images/pull` and calls `onLine` per NDJSON line; returns the last line. */
async function pull(engine, image, onLine) {
  const url = new URL(enginePath(engine, 'images', 'pull'), location.origin);
  url.searchParams.set('image', image);
  const response = await fetch(url, {
    method: 'POST', headers: auth.accessToken ? { Authorization: `Bearer ${auth.accessToken}`, Accept: 'application/x-ndjson' } : {},
  });
  if (!response.ok) {
    const text = await response.text();
    let body = null;
    try { body = JSON.parse(text); } catch { body = null; }
    throw toError(response.status, body?.error, text);
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let pending = '';
  let last = null;
  for (;;) {
    const { value, done } = await reader.read();
    pending += decoder.decode(value ?? new Uint8Array(), { stream: !done });
    let newline;
    while ((newline = pending.indexOf('\n')) >= 0) {
      const text = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (!text) continue;
      last = JSON.parse(text);
      onLine(last);
    }
    if (done) break;
  }
  if (pending.trim()) {
    last = JSON.parse(pending);
    onLine(last);
  }
  return last;
}
