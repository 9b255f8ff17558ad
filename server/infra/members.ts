import type { FleetMember, FleetMembersResponse } from '@/lib/api-types';
import type { LxdClusterMember, LxdInstance } from '@/lib/lxd-types';
import { fanOut } from '../daemons/fan-out';
import type { DaemonRegistry, DaemonRow } from '../daemons/registry';
import type { LxdClient } from '../lxd/client';

export const INFRA_TIMEOUT_MS = 8000;
const COUNT_TIMEOUT_MS = 5000;

export type ClusterMember = LxdClusterMember & { description?: string; failure_domain?: string; groups?: string[] };

/** The members of a clustered daemon; none for a standalone one. */
export async function clusterMembers(client: LxdClient, row: DaemonRow): Promise<ClusterMember[]> {
  if (row.clustered !== 1) return [];
  return client.get<ClusterMember[]>('/1.0/cluster/members?recursion=1', INFRA_TIMEOUT_MS);
}

interface LxdResources {
  cpu: { total: number };
  memory: { used: number; total: number };
}

/** Every member of every clustered daemon, with its CPU and memory; standalone daemons have none. */
export async function listMembers(registry: DaemonRegistry, filter: { daemon?: string }): Promise<FleetMembersResponse> {
  const { items, errors } = await fanOut(registry, filter.daemon, (row) => daemonMembers(registry, row));
  return { members: items, errors };
}

async function daemonMembers(registry: DaemonRegistry, row: DaemonRow): Promise<FleetMember[]> {
  const client = registry.client(row);
  const [members, instances] = await Promise.all([
    clusterMembers(client, row),
    // Only a count per member: a busy cluster that is slow to list its instances loses the counts, not the members.
    row.clustered === 1
      ? client
          .get<Pick<LxdInstance, 'location'>[]>('/1.0/instances?recursion=1&all-projects=true', COUNT_TIMEOUT_MS)
          .catch(() => null)
      : Promise.resolve(null),
  ]);
  return Promise.all(
    members.map(async (m) => {
      const resources = await client
        .get<LxdResources>(`/1.0/resources?target=${encodeURIComponent(m.server_name)}`, INFRA_TIMEOUT_MS)
        .then((r) => ({ cpuThreads: r.cpu.total, memoryUsedBytes: r.memory.used, memoryTotalBytes: r.memory.total }))
        .catch(() => undefined);
      return {
        daemon: { id: row.id, name: row.name },
        name: m.server_name,
        url: m.url,
        status: m.status,
        roles: m.roles ?? [],
        message: m.message ?? '',
        architecture: m.architecture ?? '',
        description: m.description ?? '',
        failureDomain: m.failure_domain ?? '',
        groups: m.groups ?? [],
        ...(resources ? { resources } : {}),
        ...(instances ? { instances: instances.filter((i) => i.location === m.server_name).length } : {}),
      };
    }),
  );
}
