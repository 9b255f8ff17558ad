import type { FleetInstance, FleetResponse } from '@/lib/api-types';
import { limitsOf } from '@/lib/limit-keys';
import type { LxdInstance } from '@/lib/lxd-types';
import { fanOut } from '../daemons/fan-out';
import type { DaemonRegistry, DaemonRow } from '../daemons/registry';

export interface FleetFilter {
  daemon?: string;
  project?: string;
  status?: string;
  q?: string;
  /** A cluster member: only the instances it runs. */
  location?: string;
}

const FLEET_TIMEOUT_MS = 8000;

/**
 * Every instance of every daemon and project, asked of all daemons in parallel. A daemon that
 * fails is reported in `errors` and the others are listed all the same.
 */
export async function listFleet(registry: DaemonRegistry, filter: FleetFilter): Promise<FleetResponse> {
  const { items: instances, errors } = await fanOut(registry, filter.daemon, (row) =>
    daemonInstances(registry, row, filter.project),
  );
  const status = filter.status?.toLowerCase();
  const q = filter.q?.toLowerCase();
  return {
    instances: instances.filter(
      (i) =>
        (!status || i.status.toLowerCase() === status) &&
        (!filter.location || i.location === filter.location) &&
        (!q || [i.name, i.daemon.name, i.project, i.image, i.location, ...i.ipv4].some((v) => v.toLowerCase().includes(q))),
    ),
    errors,
  };
}

async function daemonInstances(registry: DaemonRegistry, row: DaemonRow, project?: string): Promise<FleetInstance[]> {
  const scope = project ? `project=${encodeURIComponent(project)}` : 'all-projects=true';
  const list = await registry.client(row).get<LxdInstance[]>(`/1.0/instances?recursion=2&${scope}`, FLEET_TIMEOUT_MS);
  return list.map((instance) => toFleetInstance(row, instance));
}

export function toFleetInstance(row: Pick<DaemonRow, 'id' | 'name'>, i: LxdInstance): FleetInstance {
  const running = i.state && i.state.pid > 0;
  const addresses = Object.entries(i.state?.network ?? {})
    .filter(([nic]) => nic !== 'lo')
    .flatMap(([, n]) => n.addresses.filter((a) => a.scope !== 'local' && a.scope !== 'link'));
  const config = i.config ?? {};
  return {
    daemon: { id: row.id, name: row.name },
    project: i.project ?? 'default',
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
      cpuSeconds: running ? i.state!.cpu.usage / 1e9 : null,
      memoryBytes: running ? i.state!.memory.usage : null,
      processes: running && i.state!.processes >= 0 ? i.state!.processes : null,
    },
  };
}
