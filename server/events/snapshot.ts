import type { FleetInstance } from '@/lib/api-types';
import type { LiveEvent } from '@/lib/live';

const TOMBSTONE_MS = 60_000;

interface Entry {
  row: FleetInstance;
  /** When an event last told us about it (epoch ms, this process's clock). */
  seenAt: number;
}

export interface SnapshotChange {
  kind: 'created' | 'deleted' | 'changed';
  project: string;
  name: string;
  /** The row as the daemon has it now; absent for deleted instances. */
  row?: FleetInstance;
  /** The status before, for changed instances. */
  before?: string;
}

/**
 * What Hangar last knew of one daemon's instances, kept current by its events, so that after a
 * reconnect the daemon's full list shows what changed while nobody was listening.
 */
export class InstanceSnapshot {
  private readonly entries = new Map<string, Entry>();
  /** Instances an event said were deleted or renamed away, and when; only the last minute matters. */
  private readonly gone = new Map<string, number>();
  private loaded = false;

  get isLoaded(): boolean {
    return this.loaded;
  }

  /** Follows one lifecycle event: deletions, renames and the status it implies. */
  apply(event: LiveEvent, now = Date.now()): void {
    if (event.type !== 'lifecycle' || !event.instance) return;
    const key = keyOf(event.project, event.instance);
    if (event.action === 'instance-deleted') {
      this.forget(key, now);
      return;
    }
    const oldName = event.context?.old_name;
    if (event.action === 'instance-renamed' && typeof oldName === 'string') {
      this.forget(keyOf(event.project, oldName), now);
    }
    const known = this.entries.get(key);
    if (!known) return;
    known.seenAt = now;
    if (event.status) known.row = { ...known.row, status: event.status };
  }

  /** Takes the row the daemon gave after an event. */
  applyRow(row: FleetInstance, now = Date.now()): void {
    const key = keyOf(row.project, row.name);
    this.gone.delete(key);
    this.entries.set(key, { row, seenAt: now });
  }

  /**
   * Replaces the snapshot with the daemon's full list, fetched from `fetchedAt` on, and returns
   * what differs from before. Entries an event updated after `fetchedAt` are newer than the list
   * and are kept as they are.
   */
  reconcile(rows: FleetInstance[], fetchedAt: number): SnapshotChange[] {
    const wasLoaded = this.loaded;
    this.loaded = true;
    const changes: SnapshotChange[] = [];
    const current = new Map(rows.map((row) => [keyOf(row.project, row.name), row]));
    for (const [key, entry] of this.entries) {
      if (current.has(key) || entry.seenAt >= fetchedAt) continue;
      this.entries.delete(key);
      changes.push({ kind: 'deleted', project: entry.row.project, name: entry.row.name });
    }
    for (const [key, row] of current) {
      const known = this.entries.get(key);
      if ((known && known.seenAt >= fetchedAt) || (this.gone.get(key) ?? -1) >= fetchedAt) continue;
      this.entries.set(key, { row, seenAt: 0 });
      if (!known) changes.push({ kind: 'created', project: row.project, name: row.name, row });
      else if (signature(known.row) !== signature(row)) {
        changes.push({ kind: 'changed', project: row.project, name: row.name, row, before: known.row.status });
      }
    }
    for (const [key, at] of this.gone) if (at < fetchedAt) this.gone.delete(key);
    return wasLoaded ? changes : [];
  }

  private forget(key: string, now: number): void {
    this.entries.delete(key);
    this.gone.set(key, now);
    // A list is fetched within seconds; older tombstones can no longer contradict one.
    for (const [k, at] of this.gone) if (at < now - TOMBSTONE_MS) this.gone.delete(k);
  }

  get size(): number {
    return this.entries.size;
  }
}

function keyOf(project: string, name: string): string {
  return `${project}/${name}`;
}

/** Everything that identifies a row's state except usage, which changes all the time. */
function signature(row: FleetInstance): string {
  const { usage: _usage, ...rest } = row;
  return JSON.stringify(rest);
}
