import type { FleetInstance } from '@/lib/api-types';
import { limitsOf } from '@/lib/limit-keys';
import type { LxdInstance, LxdInstanceState } from '@/lib/lxd-types';
import type { LxdClient } from '../lxd/client';
import { LxdError } from '../lxd/errors';
import { keyOf, type StateReading } from '../events/snapshot';

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
  const running = list.filter((i) => i.status === 'Running' || i.status === 'Frozen');
  const states = new Map<string, StateReading>();
  let next = 0;
  const worker = async () => {
    while (next < running.length) {
      const instance = running[next++];
      const project = instance.project || 'default';
      const path = `/1.0/instances/${encodeURIComponent(instance.name)}/state?project=${encodeURIComponent(project)}`;
      try {
        const state = await client.get<LxdInstanceState>(path, STATE_TIMEOUT_MS, 'background');
        states.set(keyOf(project, instance.name), { state, at: Date.now() });
      } catch (error) {
        // Stopped or deleted since the list: its own event says so. Other failures fail the refresh.
        if (!(error instanceof LxdError && (error.status === 404 || error.status === 400))) throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(STATE_CONCURRENCY, running.length) }, worker));
  const rows = list.map((instance) => {
    const reading = states.get(keyOf(instance.project || 'default', instance.name));
    return toFleetInstance(daemon, reading ? { ...instance, state: reading.state } : instance);
  });
  return { rows, states };
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

/**
 * A running instance's figures as the daemon reported them. A daemon that could not read one
 * (a cgroup it cannot see) reports 0 or -1: that is a gap, never a real zero.
 */
export function reportedUsage(state: LxdInstanceState): { cpuNs: number | null; memoryBytes: number | null; processes: number | null } {
  return {
    cpuNs: state.cpu && state.cpu.usage > 0 ? state.cpu.usage : null,
    memoryBytes: state.memory && state.memory.usage > 0 ? state.memory.usage : null,
    processes: state.processes > 0 ? state.processes : null,
  };
}

export function toFleetInstance(row: { id: string; name: string }, i: LxdInstance): FleetInstance {
  const running = i.state && i.state.pid > 0;
  const usage = running ? reportedUsage(i.state!) : undefined;
  const addresses = Object.entries(i.state?.network ?? {})
    .filter(([nic]) => nic !== 'lo')
    .flatMap(([, n]) => n.addresses.filter((a) => a.scope !== 'local' && a.scope !== 'link'));
  const config = i.config ?? {};
  return {
    daemon: { id: row.id, name: row.name },
    project: i.project || 'default',
    name: i.name,
    type: i.type,
    status: i.status,
    location: i.location ?? '',
    image:
      config['image.description'] ||
      [config['image.os'], config['image.release']].filter(Boolean).join(' ') ||
      '',
    profiles: i.profiles ?? [],
    ipv4: addresses.filter((a) => a.family === 'inet').map((a) => a.address),
    ipv6: addresses.filter((a) => a.family === 'inet6').map((a) => a.address),
    createdAt: i.created_at,
    limits: limitsOf(i.expanded_config ?? config),
    usage: {
      cpuSeconds: usage?.cpuNs != null ? usage.cpuNs / 1e9 : null,
      memoryBytes: usage?.memoryBytes ?? null,
      processes: usage?.processes ?? null,
    },
  };
}
