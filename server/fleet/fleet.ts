import type { FleetInstance } from '@/lib/api-types';
import type { LxdInstance, LxdInstanceState } from '@/lib/lxd-types';
import type { LxdClient } from '../lxd/client';
import { LxdError } from '../lxd/errors';
import { keyOf, type StateReading } from '../events/snapshot';
import { toFleetInstance } from './row';

export interface FleetFilter {
  daemon?: string;
  project?: string;
  status?: string;
  q?: string;
  /** A cluster member: only the instances it runs. */
  location?: string;
}

/** One daemon's instances as the live model takes them in: rows, and the running ones' states. */
export interface DaemonFleet {
  rows: FleetInstance[];
  states: Map<string, StateReading>;
}

const LIST_TIMEOUT_MS = 30_000;
const STATE_TIMEOUT_MS = 10_000;
/** State requests in flight per daemon during a refresh: enough to be quick, few enough to leave room. */
const STATE_CONCURRENCY = 4;

/**
 * All of a daemon's instances: `recursion=1` lists them cheaply (config, status, no state), and
 * the state is asked only of the running ones, the only ones whose state changes on its own.
 */
export async function fetchDaemonFleet(client: LxdClient, daemon: { id: string; name: string }): Promise<DaemonFleet> {
  const list = await client.get<LxdInstance[]>('/1.0/instances?recursion=1&all-projects=true', LIST_TIMEOUT_MS, 'background');
  const running = list
    .filter((i) => i.status === 'Running' || i.status === 'Frozen')
    .map((i) => ({ project: i.project || 'default', name: i.name }));
  const states = await fetchStates(client, running);
  const rows = list.map((instance) => {
    const reading = states.get(keyOf(instance.project || 'default', instance.name));
    return toFleetInstance(daemon, reading ? { ...instance, state: reading.state } : instance);
  });
  return { rows, states };
}

/**
 * The state of each of these instances, by "project/name", a few requests at a time on the
 * background lane. One stopped or deleted meanwhile is left out (its own event says so).
 */
export async function fetchStates(client: LxdClient, instances: { project: string; name: string }[]): Promise<Map<string, StateReading>> {
  const states = new Map<string, StateReading>();
  let next = 0;
  const worker = async () => {
    while (next < instances.length) {
      const { project, name } = instances[next++];
      const path = `/1.0/instances/${encodeURIComponent(name)}/state?project=${encodeURIComponent(project)}`;
      try {
        const state = await client.get<LxdInstanceState>(path, STATE_TIMEOUT_MS, 'background');
        states.set(keyOf(project, name), { state, at: Date.now() });
      } catch (error) {
        // Other failures fail the refresh.
        if (!(error instanceof LxdError && (error.status === 404 || error.status === 400))) throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(STATE_CONCURRENCY, instances.length) }, worker));
  return states;
}

/** Rows matching the list's filters (daemon already chosen). */
export function matchesFilter(i: FleetInstance, filter: FleetFilter): boolean {
  const status = filter.status?.toLowerCase();
  const q = filter.q?.toLowerCase();
  return (
    (!filter.project || i.project === filter.project) &&
    (!status || i.status.toLowerCase() === status) &&
    (!filter.location || i.location === filter.location) &&
    (!q || [i.name, i.daemon.name, i.project, i.image, i.location, ...i.ipv4].some((v) => v.toLowerCase().includes(q)))
  );
}
