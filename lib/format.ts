/** Small display helpers shared by the console's pages. */

/** The message of anything thrown: ApiRequestError carries the server's or the daemon's own words. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return typeof error === 'string' ? error : 'Something went wrong';
}

/** "479e5ba2…adb4925d": enough of a fingerprint to recognise it. */
export function shortFingerprint(fingerprint: string): string {
  return fingerprint.length > 20 ? `${fingerprint.slice(0, 8)}…${fingerprint.slice(-8)}` : fingerprint;
}

/** A standalone daemon reports its location as "none". */
export function locationLabel(location: string | null | undefined): string {
  return !location || location === 'none' ? '—' : location;
}

const RELATIVE = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const STEPS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** "3 hours ago"; "—" for LXD's zero time (never used) or anything unparsable. */
export function relativeTime(iso: string | null | undefined, now = Date.now()): string {
  const t = iso ? Date.parse(iso) : NaN;
  if (!Number.isFinite(t) || t <= 0 || iso!.startsWith('0001-') || iso!.startsWith('1970-')) return '—';
  const seconds = Math.round((t - now) / 1000);
  for (const [unit, size] of STEPS) {
    if (Math.abs(seconds) >= size || unit === 'second') return RELATIVE.format(Math.round(seconds / size), unit);
  }
  return '—';
}

/** "2026-11-22 04:41 UTC", for tooltips and detail pages. */
export function absoluteTime(iso: string | null | undefined): string {
  const t = iso ? Date.parse(iso) : NaN;
  if (!Number.isFinite(t) || t <= 0 || iso!.startsWith('0001-') || iso!.startsWith('1970-')) return '—';
  return `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Same-site path for a redirect after login; anything else (other hosts, "//x", "/\\x") falls back to the dashboard. */
export function safeCallbackPath(value: string | null | undefined, fallback = '/'): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  if (/[\x00-\x1f]/.test(value) || value.startsWith('/login')) return fallback;
  return value;
}
