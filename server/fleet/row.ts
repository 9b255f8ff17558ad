import type { FleetInstance } from '@/lib/api-types';
import { limitsOf } from '@/lib/limit-keys';
import type { LxdInstance, LxdInstanceState } from '@/lib/lxd-types';

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
  const config = i.config ?? {};
  return {
    daemon: { id: row.id, name: row.name },
    project: i.project || 'default',
    name: i.name,
    type: i.type,
    location: i.location ?? '',
    image:
      config['image.description'] ||
      [config['image.os'], config['image.release']].filter(Boolean).join(' ') ||
      '',
    profiles: i.profiles ?? [],
    createdAt: i.created_at,
    limits: limitsOf(i.expanded_config ?? config),
    ...stateFields(i.status, i.state),
  };
}

/** What a row takes from the instance's state: status, addresses and usage. */
export function stateFields(status: string, state: LxdInstanceState | null | undefined): Pick<FleetInstance, 'status' | 'ipv4' | 'ipv6' | 'usage'> {
  const running = state && state.pid > 0;
  const usage = running ? reportedUsage(state) : undefined;
  const addresses = Object.entries(state?.network ?? {})
    .filter(([nic]) => nic !== 'lo')
    .flatMap(([, n]) => n.addresses.filter((a) => a.scope !== 'local' && a.scope !== 'link'));
  return {
    status,
    ipv4: addresses.filter((a) => a.family === 'inet').map((a) => a.address),
    ipv6: addresses.filter((a) => a.family === 'inet6').map((a) => a.address),
    usage: {
      cpuSeconds: usage?.cpuNs != null ? usage.cpuNs / 1e9 : null,
      memoryBytes: usage?.memoryBytes ?? null,
      processes: usage?.processes ?? null,
    },
  };
}
