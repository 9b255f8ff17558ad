/** Files inside an instance, as Hangar's files API returns them (shared by server and browser). */
export type FileType = 'file' | 'directory' | 'symlink';

export interface FileStat {
  type: FileType;
  uid: number;
  gid: number;
  /** Octal permission bits as the daemon gives them: "0644". */
  mode: string;
  /** When the daemon says (LXD and Incus send it with each file). */
  modified?: string;
}

export interface FileEntry extends FileStat {
  name: string;
}

export interface FileListing extends FileStat {
  path: string;
  /** Directory entries, directories first; absent for a file or symlink. */
  entries?: FileEntry[];
}

/** Largest file the browser opens in its text editor. */
export const TEXT_EDIT_LIMIT = 512 * 1024;

/** `/a/b` + `c` → `/a/b/c`; the daemon resolves what is left inside the instance. */
export function joinPath(dir: string, name: string): string {
  return `${dir.replace(/\/+$/, '')}/${name}`;
}

/** `/a/b/c` → `/a/b`; `/a` → `/`. */
export function parentPath(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  const cut = trimmed.lastIndexOf('/');
  return cut <= 0 ? '/' : trimmed.slice(0, cut);
}

export function baseName(path: string): string {
  return path.replace(/\/+$/, '').split('/').pop() ?? '';
}

/** "0644" → "rw-r--r--" (with a leading d or l for directories and symlinks). */
export function modeString(stat: Pick<FileStat, 'type' | 'mode'>): string {
  const bits = parseInt(stat.mode, 8) || 0;
  const rwx = ['r', 'w', 'x'];
  let out = stat.type === 'directory' ? 'd' : stat.type === 'symlink' ? 'l' : '-';
  for (let i = 8; i >= 0; i--) out += bits & (1 << i) ? rwx[(8 - i) % 3] : '-';
  return out;
}

/** A mode a person typed ("644", "0755") as the daemon wants it, or null. */
export function parseMode(value: string): string | null {
  return /^0?[0-7]{3,4}$/.test(value) ? value.padStart(4, '0').slice(-4) : null;
}
