/**
 * How one live event changes a cached fleet list (pure, so it is easy to test): the one row it is
 * about is replaced, added, removed or given its new status; every other row stays the same object.
 */
import type { FleetInstance, FleetResponse } from './api-types';
import type { LiveEvent } from './live';

export type FleetPatch =
  /** Nothing in the list changes. */
  | { kind: 'unchanged' }
  | { kind: 'patched'; data: FleetResponse }
  /** The event says something changed but not enough to patch the row: ask the server. */
  | { kind: 'refetch' };

const sameInstance = (row: FleetInstance, daemon: string, project: string, name: string) =>
  row.daemon.id === daemon && row.project === project && row.name === name;

export function patchFleet(data: FleetResponse, event: LiveEvent): FleetPatch {
  if (event.type !== 'lifecycle' || !event.instance) return { kind: 'unchanged' };
  const { daemon, project, instance } = event;
  let rows = data.instances;
  let changed = false;

  const remove = (name: string) => {
    const kept = rows.filter((row) => !sameInstance(row, daemon, project, name));
    if (kept.length !== rows.length) {
      rows = kept;
      changed = true;
    }
  };

  if (event.action === 'instance-deleted') {
    remove(instance);
  } else {
    const oldName = event.context?.old_name;
    if (event.action === 'instance-renamed' && typeof oldName === 'string') remove(oldName);
    const index = rows.findIndex((row) => sameInstance(row, daemon, project, instance));
    if (event.row) {
      rows = index >= 0 ? rows.map((row, i) => (i === index ? event.row! : row)) : [...rows, event.row];
      changed = true;
    } else if (index < 0) {
      // A new or renamed instance the server could not describe: only a fetch can add it.
      if (event.action === 'instance-created' || event.action === 'instance-renamed') return { kind: 'refetch' };
    } else if (event.status && rows[index].status !== event.status) {
      const running = event.status === 'Running' || event.status === 'Frozen';
      const patched: FleetInstance = {
        ...rows[index],
        status: event.status,
        usage: running ? rows[index].usage : { cpuSeconds: null, memoryBytes: null, processes: null },
      };
      rows = rows.map((row, i) => (i === index ? patched : row));
      changed = true;
    }
  }
  return changed ? { kind: 'patched', data: { ...data, instances: rows } } : { kind: 'unchanged' };
}
