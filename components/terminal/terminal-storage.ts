import { FONT_SIZES } from './terminal-view';

/** What the terminal remembers in this browser: the command per instance, the font size for all. */
const FONT_KEY = 'hangar.terminal.fontSize';
const commandKey = (daemonId: string, project: string, instance: string) =>
  `hangar.terminal.command:${daemonId}:${project}:${instance}`;

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null; // storage disabled: nothing is remembered, nothing breaks
  }
}

function write(key: string, value: string | null): void {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    /* storage disabled or full */
  }
}

export function loadCommand(daemonId: string, project: string, instance: string): string {
  return read(commandKey(daemonId, project, instance)) ?? '';
}

/** An empty command means the default shell, and is stored as nothing. */
export function saveCommand(daemonId: string, project: string, instance: string, command: string): void {
  write(commandKey(daemonId, project, instance), command.trim() || null);
}

export function clampFontSize(size: number): number {
  return Math.min(FONT_SIZES.max, Math.max(FONT_SIZES.min, Math.round(size)));
}

export function loadFontSize(): number {
  const stored = Number(read(FONT_KEY));
  return Number.isFinite(stored) && stored > 0 ? clampFontSize(stored) : FONT_SIZES.initial;
}

export function saveFontSize(size: number): void {
  write(FONT_KEY, String(clampFontSize(size)));
}
