/**
 * LXD's byte units, as the daemon parses them (shared/units in LXD): decimal suffixes kB, MB,
 * GB, TB, PB, EB and binary KiB, MiB, GiB, TiB, PiB, EiB, case-sensitive, optional "B" alone.
 */
const DECIMAL: Record<string, number> = { kB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, PB: 1e15, EB: 1e18 };
const BINARY: Record<string, number> = {
  KiB: 2 ** 10,
  MiB: 2 ** 20,
  GiB: 2 ** 30,
  TiB: 2 ** 40,
  PiB: 2 ** 50,
  EiB: 2 ** 60,
};
const MULTIPLIERS: Record<string, number> = { '': 1, B: 1, ...DECIMAL, ...BINARY };

export const BYTE_UNITS = Object.keys(MULTIPLIERS).filter((u) => u !== '');

/** Parses "256MB", "1GiB", "512" into bytes; returns null for anything LXD would refuse. */
export function parseByteSize(input: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*([A-Za-z]*)$/.exec(input.trim());
  if (!match) return null;
  const multiplier = MULTIPLIERS[match[2]];
  if (multiplier === undefined) return null;
  const value = Number(match[1]) * multiplier;
  return Number.isFinite(value) ? Math.round(value) : null;
}

/** Formats bytes for people: binary units, at most one decimal. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}

/** Formats a duration in seconds as "1h 2m", "3m 4s" or "5.2s". */
export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)}s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m}m ${Math.floor(seconds % 60)}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}
