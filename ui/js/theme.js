// Light, dark, or whatever the system prefers (the default), remembered per browser.

const KEY = 'capstan.theme';
const MODES = ['auto', 'light', 'dark'];
const query = window.matchMedia('(prefers-color-scheme: dark)');

/** The chosen mode: `auto`, `light` or `dark`. */
export function mode() {
  const saved = localStorage.getItem(KEY);
  return MODES.includes(saved) ? saved : 'auto';
}

/** The theme in effect: `light` or `dark`. */
export function resolved() {
  const m = mode();
  return m === 'auto' ? (query.matches ? 'dark' : 'light') : m;
}

function apply() {
  document.documentElement.dataset.theme = resolved();
  const button = document.getElementById('theme');
  if (button) {
    const m = mode();
    button.textContent = m === 'auto' ? '◐' : m === 'dark' ? '☾' : '☀';
    button.title = `Theme: ${m === 'auto' ? `follows the system (${resolved()})` : m}. Click to change.`;
  }
  document.dispatchEvent(new CustomEvent('themechange', { detail: resolved() }));
}

/** Applies the saved theme and wires the toggle button. */
export function init() {
  apply();
  query.addEventListener('change', () => mode() === 'auto' && apply());
  document.getElementById('theme')?.addEventListener('click', () => {
    localStorage.setItem(KEY, MODES[(MODES.indexOf(mode()) + 1) % MODES.length]);
    apply();
  });
}
