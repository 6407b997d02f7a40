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

// Docker's status texts ("Up 5 minutes", "Exited (3) About an hour ago") name a duration in the words of
// go-units' HumanDuration; these turn it into seconds and back, so the text can move on as time passes.
const UNIT_SECONDS = { second: 1, minute: 60, hour: 3600, day: 86400, week: 604800, month: 2592000, year: 31536000 };

/** Seconds named by a HumanDuration text, or null when the text is not one. */
export function parseHumanDuration(text) {
  const t = text.trim().toLowerCase();
  if (t === 'less than a second') return 0;
  if (t === 'about a minute') return 60;
  if (t === 'about an hour') return 3600;
  const m = /^(\d+) (second|minute|hour|day|week|month|year)s?$/.exec(t);
  return m ? Number(m[1]) * UNIT_SECONDS[m[2]] : null;
}

/** A duration in seconds as go-units' HumanDuration words it (what `docker ps` shows). */
export function humanDuration(seconds) {
  const s = Math.floor(seconds);
  const minutes = Math.floor(s / 60);
  const hours = Math.floor(s / 3600);
  if (s < 1) return 'Less than a second';
  if (s === 1) return '1 second';
  if (s < 60) return `${s} seconds`;
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(hours / 24 / 365)} years`;
}

/**
 * A container's status text aged by the time since it was received (`statusAt`, set by the store):
 * "Up 5 minutes" read 3 minutes ago is "Up 8 minutes" now. Texts it cannot read are returned as they are.
 */
export function liveStatus(container, now = Date.now()) {
  const text = container?.status ?? '';
  if (!container?.statusAt) return text;
  const elapsed = Math.max(0, (now - container.statusAt) / 1000);
  const up = /^Up (.+?)( \(.*\))?$/.exec(text);
  if (up) {
    const s = parseHumanDuration(up[1]);
    return s === null ? text : `Up ${humanDuration(s + elapsed)}${up[2] ?? ''}`;
  }
  const exited = /^(Exited \(-?\d+\)) (.+) ago$/.exec(text);
  if (exited) {
    const s = parseHumanDuration(exited[2]);
    return s === null ? text : `${exited[1]} ${humanDuration(s + elapsed)} ago`;
  }
  return text;
}
