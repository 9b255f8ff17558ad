/**
 * How live messages change a cached fleet list (pure, so it is easy to test): only the one row
 * concerned is replaced, added, removed or given its new status; every other row stays the same
 * object. Each function returns the new list, or null when nothing changes.
 */
import type { FleetInstance, FleetResponse } from './api-types';
import { instanceKey, type LiveEvent, type LiveInstanceUpdate } from './live';

const sameInstance = (row: FleetInstance, daemon: string, project: string, name: string) =>
  row.daemon.id === daemon && row.project === project && row.name === name;

/** A lifecycle event: a deleted or renamed-away row goes, a status change shows at once. */
export function applyEventToFleet(data: FleetResponse, event: LiveEvent): FleetResponse | null {
  if (event.type !== 'lifecycle' || !event.instance) return null;
  const { daemon, project } = event;
  const oldName = event.context?.old_name;
  const gone =
    event.action === 'instance-deleted' ? event.instance : event.action === 'instance-renamed' && typeof oldName === 'string' ? oldName : undefined;
  if (gone !== undefined) {
    const kept = data.instances.filter((row) => !sameInstance(row, daemon, project, gone));
    return kept.length === data.instances.length ? null : { ...data, instances: kept };
  }
  const index = data.instances.findIndex((row) => sameInstance(row, daemon, project, event.instance!));
  if (index < 0 || !event.status || data.instances[index].status === event.status) return null;
  const current = data.instances[index];
  const running = event.status === 'Running' || event.status === 'Frozen';
  const patched: FleetInstance = {
    ...current,
    status: event.status,
    usage: running ? current.usage : { cpuSeconds: null, memoryBytes: null, processes: null },
  };
  return { ...data, instances: data.instances.map((row, i) => (i === index ? patched : row)) };
}

/** The instance's fresh row from the server: replaces its row, or adds it when it is new. */
export function applyRowToFleet(data: FleetResponse, update: LiveInstanceUpdate): FleetResponse {
  return applyRowsToFleet(data, [update]);
}


/** Many fresh rows at once (a state refresh sends one per running instance): one pass over the list. */
export function applyRowsToFleet(data: FleetResponse, updates: LiveInstanceUpdate[]): FleetResponse {
  const fresh = new Map(updates.map((u) => [instanceKey(u.daemon, u.project, u.instance), u.row]));
  const instances = data.instances.map((row) => {
    const key = instanceKey(row.daemon.id, row.project, row.name);
    const next = fresh.get(key);
    if (!next) return row;
    fresh.delete(key);
    return next;
  });
  return { ...data, instances: fresh.size > 0 ? [...instances, ...fresh.values()] : instances };
}
