import type { FleetInstance } from '@/lib/api-types';
import type { LiveEvent } from '@/lib/live';
import type { LxdInstanceState } from '@/lib/lxd-types';
import { stateFields } from '../fleet/row';

const TOMBSTONE_MS = 60_000;

/** A running instance's state as the daemon last reported it, and when (epoch ms). */
export interface StateReading {
  state: LxdInstanceState;
  at: number;
}

interface Entry {
  row: FleetInstance;
  /** When an event last told us about it (epoch ms, this process's clock). */
  seenAt: number;
  reading?: StateReading;
}

export interface SnapshotChange {
  /** `usage`: only the usage figures moved (the periodic state refresh). */
  kind: 'created' | 'deleted' | 'changed' | 'usage';
  project: string;
  name: string;
  /** The row as the daemon has it now; absent for deleted instances. */
  row?: FleetInstance;
  /** The status before, for changed instances. */
  before?: string;
}

/**
 * One daemon's instances as Hangar holds them in memory: filled by a full list, kept current by
 * the daemon's events and the periodic state refresh. The fleet list, share links and usage
 * history read it; after a reconnect the daemon's full list shows what changed while nobody was
 * listening.
 */
export class DaemonInstances {
  private readonly entries = new Map<string, Entry>();
  /** Instances an event said were deleted or renamed away, and when; only the last minute matters. */
  private readonly gone = new Map<string, number>();
  private loaded = false;
  private cached: FleetInstance[] | undefined;

  get isLoaded(): boolean {
    return this.loaded;
  }

  /** Every row, in a stable order; the same array until something changes. */
  rows(): FleetInstance[] {
    this.cached ??= [...this.entries.values()].map((e) => e.row);
    return this.cached;
  }

  /** The latest state reading of each running instance. */
  *readings(): Generator<{ project: string; name: string; reading: StateReading }> {
    for (const entry of this.entries.values()) {
      if (entry.reading) yield { project: entry.row.project, name: entry.row.name, reading: entry.reading };
    }
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
    if (event.status && event.status !== known.row.status) {
      const running = event.status === 'Running' || event.status === 'Frozen';
      known.row = { ...known.row, status: event.status, ...(running ? {} : { usage: { cpuSeconds: null, memoryBytes: null, processes: null } }) };
      if (!running) known.reading = undefined;
      this.cached = undefined;
    }
  }

  /** Takes the row (and state) the daemon gave after an event. */
  applyRow(row: FleetInstance, now = Date.now(), state?: LxdInstanceState | null): void {
    const key = keyOf(row.project, row.name);
    this.gone.delete(key);
    this.entries.set(key, { row, seenAt: now, reading: readingOf(state, now) });
    this.cached = undefined;
  }

  /**
   * Replaces the snapshot with the daemon's full list, fetched from `fetchedAt` on, and returns
   * what differs from before. Entries an event updated after `fetchedAt` are newer than the list
   * and are kept as they are. `states` holds the running instances' states, by "project/name".
   */
  reconcile(rows: FleetInstance[], fetchedAt: number, states: ReadonlyMap<string, StateReading> = new Map()): SnapshotChange[] {
    const wasLoaded = this.loaded;
    this.loaded = true;
    const changes: SnapshotChange[] = [];
    const current = new Map(rows.map((row) => [keyOf(row.project, row.name), row]));
    for (const [key, entry] of this.entries) {
      if (current.has(key) || entry.seenAt >= fetchedAt) continue;
      this.entries.delete(key);
      this.cached = undefined;
      changes.push({ kind: 'deleted', project: entry.row.project, name: entry.row.name });
    }
    for (const [key, row] of current) {
      const known = this.entries.get(key);
      if ((known && known.seenAt >= fetchedAt) || (this.gone.get(key) ?? -1) >= fetchedAt) continue;
      const reading = states.get(key);
      if (known && signature(known.row) === signature(row)) {
        // Unchanged apart from usage, perhaps: the row object stays the same when nothing moved.
        if (reading) known.reading = reading;
        if (usageOf(known.row) === usageOf(row)) continue;
        known.row = row;
        this.cached = undefined;
        changes.push({ kind: 'usage', project: row.project, name: row.name, row });
        continue;
      }
      this.entries.set(key, { row, seenAt: 0, reading });
      this.cached = undefined;
      if (!known) changes.push({ kind: 'created', project: row.project, name: row.name, row });
      else changes.push({ kind: 'changed', project: row.project, name: row.name, row, before: known.row.status });
    }
    for (const [key, at] of this.gone) if (at < fetchedAt) this.gone.delete(key);
    return wasLoaded ? changes : [];
  }

  /** The instances whose state changes on its own: the running (and frozen) ones. */
  running(): { project: string; name: string }[] {
    const out: { project: string; name: string }[] = [];
    for (const { row } of this.entries.values()) {
      if (row.status === 'Running' || row.status === 'Frozen') out.push({ project: row.project, name: row.name });
    }
    return out;
  }

  /**
   * Takes fresh states of running instances (the periodic refresh between full lists), read from
   * `fetchedAt` on, and returns what moved: usage and addresses (`usage`), or the status
   * (`changed`). An entry an event touched after `fetchedAt` is newer and kept.
   */
  applyStates(states: ReadonlyMap<string, StateReading>, fetchedAt: number): SnapshotChange[] {
    const changes: SnapshotChange[] = [];
    for (const [key, reading] of states) {
      const entry = this.entries.get(key);
      if (!entry || entry.seenAt >= fetchedAt) continue;
      const row = { ...entry.row, ...stateFields(reading.state.status, reading.state) };
      entry.reading = readingOf(reading.state, reading.at);
      if (JSON.stringify(row) === JSON.stringify(entry.row)) continue;
      const before = entry.row.status;
      entry.row = row;
      this.cached = undefined;
      changes.push({ kind: row.status === before ? 'usage' : 'changed', project: row.project, name: row.name, row, before });
    }
    return changes;
  }

  private forget(key: string, now: number): void {
    if (this.entries.delete(key)) this.cached = undefined;
    this.gone.set(key, now);
    // A list is fetched within seconds; older tombstones can no longer contradict one.
    for (const [k, at] of this.gone) if (at < now - TOMBSTONE_MS) this.gone.delete(k);
  }

  get size(): number {
    return this.entries.size;
  }
}

export function keyOf(project: string, name: string): string {
  return `${project}/${name}`;
}

function readingOf(state: LxdInstanceState | null | undefined, at: number): StateReading | undefined {
  return state && state.pid > 0 ? { state, at } : undefined;
}

/** Everything that identifies a row's state except usage, which changes all the time. */
function signature(row: FleetInstance): string {
  const { usage: _usage, ...rest } = row;
  return JSON.stringify(rest);
}

function usageOf(row: FleetInstance): string {
  return JSON.stringify(row.usage);
}
