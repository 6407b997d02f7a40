// A small ANSI SGR parser: turns "\x1b[1;31merror\x1b[0m" into styled segments. Colours 0–15 become
// classes (the palette follows the light/dark theme), 256-colour and true-colour values inline colours.
// Every other escape sequence (cursor movement, erase, OSC titles and links) is dropped.

// CSI … final byte | OSC … BEL or ST | a lone two-byte escape.
const ESCAPES = /\x1b\[([0-9;:?<=>]*)[ -/]*([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]/g;

/** Whether a line holds escape sequences at all (most do not: they take the fast path). */
export function hasEscapes(text) {
  return text.includes('\x1b');
}

/** The text without escape sequences; for a line redrawn with `\r`, what a terminal would show last. */
export function plainText(text) {
  const plain = hasEscapes(text) ? text.replace(ESCAPES, '') : text;
  const cr = plain.lastIndexOf('\r', plain.length - 2);
  return cr >= 0 ? plain.slice(cr + 1) : plain;
}

/**
 * The segments of a line: `[{ text, cls, style }]`, where `cls` is a class list ('' for none) and
 * `style` an object of CSS properties or null.
 */
export function parseAnsi(text) {
  const segments = [];
  const state = fresh();
  let last = 0;
  ESCAPES.lastIndex = 0;
  for (let match = ESCAPES.exec(text); match; match = ESCAPES.exec(text)) {
    if (match.index > last) push(segments, text.slice(last, match.index), state);
    last = ESCAPES.lastIndex;
    if (match[2] === 'm' && match[0][1] === '[') applySGR(state, match[1]);
  }
  if (last < text.length) push(segments, text.slice(last), state);
  // Like a terminal, a carriage return in the middle means the line was redrawn: keep what came last.
  const cr = segments.findLastIndex((s) => s.text.includes('\r') && s.text.indexOf('\r') < s.text.length - 1);
  if (cr >= 0) {
    const kept = segments.slice(cr);
    kept[0] = { ...kept[0], text: kept[0].text.slice(kept[0].text.lastIndexOf('\r') + 1) };
    return kept;
  }
  return segments;
}

function fresh() {
  return { fg: null, bg: null, bold: false, dim: false, italic: false, underline: false, strike: false, inverse: false };
}

function push(segments, text, s) {
  const classes = [];
  const style = {};
  let fg = s.fg;
  let bg = s.bg;
  if (s.inverse) [fg, bg] = [bg ?? { css: 'var(--log-bg)' }, fg ?? { css: 'var(--log-text)' }];
  if (fg) {
    // Bold with one of the first 8 colours shows the bright variant, as terminals do.
    if (fg.index !== undefined) classes.push(`fg-${s.bold && fg.index < 8 ? fg.index + 8 : fg.index}`);
    else style.color = fg.css;
  }
  if (bg) {
    if (bg.index !== undefined) classes.push(`bg-${bg.index}`);
    else style['background-color'] = bg.css;
  }
  if (s.bold) classes.push('ansi-b');
  if (s.dim) classes.push('ansi-d');
  if (s.italic) classes.push('ansi-i');
  if (s.underline) classes.push('ansi-u');
  if (s.strike) classes.push('ansi-s');
  segments.push({ text, cls: classes.join(' '), style: Object.keys(style).length ? style : null });
}

function applySGR(s, paramText) {
  const params = paramText === '' ? [0] : paramText.split(/[;:]/).map((p) => (p === '' ? 0 : Number(p)));
  for (let i = 0; i < params.length; i += 1) {
    const p = params[i];
    if (p === 0) Object.assign(s, fresh());
    else if (p === 1) s.bold = true;
    else if (p === 2) s.dim = true;
    else if (p === 3) s.italic = true;
    else if (p === 4) s.underline = true;
    else if (p === 7) s.inverse = true;
    else if (p === 9) s.strike = true;
    else if (p === 21 || p === 22) s.bold = s.dim = false;
    else if (p === 23) s.italic = false;
    else if (p === 24) s.underline = false;
    else if (p === 27) s.inverse = false;
    else if (p === 29) s.strike = false;
    else if (p >= 30 && p <= 37) s.fg = { index: p - 30 };
    else if (p === 39) s.fg = null;
    else if (p >= 40 && p <= 47) s.bg = { index: p - 40 };
    else if (p === 49) s.bg = null;
    else if (p >= 90 && p <= 97) s.fg = { index: p - 90 + 8 };
    else if (p >= 100 && p <= 107) s.bg = { index: p - 100 + 8 };
    else if (p === 38 || p === 48) {
      const [color, used] = extendedColor(params, i + 1);
      if (p === 38) s.fg = color;
      else s.bg = color;
      i += used;
    }
  }
}

/** `5;n` (256 colours) or `2;r;g;b` (true colour) after a 38/48; returns [colour, parameters used]. */
function extendedColor(params, at) {
  if (params[at] === 5 && params.length > at + 1) {
    const n = params[at + 1] & 255;
    if (n < 16) return [{ index: n }, 2];
    return [{ css: xterm256(n) }, 2];
  }
  if (params[at] === 2 && params.length > at + 3) {
    const [r, g, b] = params.slice(at + 1, at + 4).map((v) => Math.max(0, Math.min(255, v | 0)));
    return [{ css: `rgb(${r}, ${g}, ${b})` }, 4];
  }
  return [null, params.length - at];
}

/** The xterm 256-colour palette for 16–255: a 6×6×6 cube, then 24 greys. */
function xterm256(n) {
  if (n >= 232) {
    const v = 8 + (n - 232) * 10;
    return `rgb(${v}, ${v}, ${v})`;
  }
  const i = n - 16;
  const level = (x) => (x === 0 ? 0 : 55 + x * 40);
  return `rgb(${level(Math.floor(i / 36))}, ${level(Math.floor(i / 6) % 6)}, ${level(i % 6)})`;
}
