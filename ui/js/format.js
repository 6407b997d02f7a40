// Numbers and times in the units a person reads: 12.3 MiB, 1.2 MB/s, 3 min ago.

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** Bytes in binary units: `0 B`, `512 B`, `1.5 KiB`, `12.3 MiB`. */
export function bytes(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  let n = Math.max(0, Number(value));
  let unit = 0;
  while (n >= 1024 && unit < BYTE_UNITS.length - 1) {
    n /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || n >= 100 ? 0 : n >= 10 ? 1 : 2;
  return `${n.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

/** A rate in bytes per second: `1.2 MiB/s`. */
export function rate(value) {
  return `${bytes(value)}/s`;
}

/** A percentage with a sensible precision: `0.12 %`, `3.4 %`, `120 %`. */
export function percent(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  const digits = value < 1 ? 2 : value < 100 ? 1 : 0;
  return `${value.toFixed(digits)} %`;
}

/** A whole number with thousands separators. */
export function count(value) {
  return Number(value || 0).toLocaleString('en-US');
}

/** How long ago a Unix time (seconds) was: `12 s`, `5 min`, `3 h`, `2 d`. */
export function ago(unixSeconds, now = Date.now() / 1000) {
  return duration(Math.max(0, now - unixSeconds));
}

/** A duration in seconds, short: `45 s`, `12 min`, `3 h 5 min`, `4 d`. */
export function duration(seconds) {
  const s = Math.floor(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min`;
  if (s < 86400) {
    const m = Math.floor((s % 3600) / 60);
    return m ? `${Math.floor(s / 3600)} h ${m} min` : `${Math.floor(s / 3600)} h`;
  }
  return `${Math.floor(s / 86400)} d`;
}

/** A date and time in the local zone: `2026-11-22 04:19:08`. */
export function dateTime(date) {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) return '—';
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** A clock time with milliseconds from an RFC 3339 timestamp: `04:19:08.123`. */
export function clock(rfc3339) {
  if (!rfc3339) return '';
  const date = new Date(rfc3339);
  if (Number.isNaN(date.getTime())) return rfc3339;
  const pad = (n, w = 2) => String(n).padStart(w, '0');
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** A short id: the first 12 hex digits, without a `sha256:` prefix. */
export function shortId(id) {
  return String(id || '').replace(/^sha256:/, '').slice(0, 12);
}

/** Ports as the docker CLI shows them: `0.0.0.0:8080->80/tcp`, `80/tcp`. */
export function port(p) {
  const inner = `${p.privatePort}/${p.type}`;
  if (!p.publicPort) return inner;
  const host = p.ip && p.ip !== '0.0.0.0' && p.ip !== '::' ? `${p.ip}:` : '';
  return `${host}${p.publicPort}→${inner}`;
}
