import type { DaemonRef, FleetPool, FleetStorageResponse, FleetVolume } from '@/lib/api-types';
import { fanOut } from '../daemons/fan-out';
import type { DaemonRegistry, DaemonRow } from '../daemons/registry';
import type { LxdClient } from '../lxd/client';
import { INFRA_TIMEOUT_MS, clusterMembers } from './members';

interface LxdPool {
  name: string;
  driver: string;
  status: string;
  description: string;
  config: Record<string, string> | null;
  used_by: string[] | null;
  locations?: string[] | null;
}

interface LxdVolume {
  name: string;
  type: string;
  content_type?: string;
  project?: string;
  location?: string;
  description?: string;
  config: Record<string, string> | null;
  used_by: string[] | null;
}

interface LxdPoolResources {
  space: { used: number; total: number };
}

/**
 * Every storage pool of every daemon with its volumes. On a cluster a pool is one row per member
 * (its space and its local volumes differ by member); a member that does not answer loses only
 * its usage figures.
 */
export async function listStorage(registry: DaemonRegistry, filter: { daemon?: string }): Promise<FleetStorageResponse> {
  const { items, errors } = await fanOut(registry, filter.daemon, (row) => daemonPools(registry, row));
  return { pools: items, errors };
}

async function daemonPools(registry: DaemonRegistry, row: DaemonRow): Promise<FleetPool[]> {
  const client = registry.client(row);
  const daemon = { id: row.id, name: row.name };
  const [pools, members] = await Promise.all([
    client.get<LxdPool[]>('/1.0/storage-pools?recursion=1', INFRA_TIMEOUT_MS),
    clusterMembers(client, row),
  ]);
  const perPool = await Promise.all(
    pools.map(async (pool) => {
      const volumes = await poolVolumes(client, pool.name);
      if (members.length === 0) return [await poolRow(client, daemon, pool, volumes)];
      return Promise.all(members.map((m) => poolRow(client, daemon, pool, volumes, m.server_name)));
    }),
  );
  return perPool.flat();
}

async function poolRow(
  client: LxdClient,
  daemon: DaemonRef,
  pool: LxdPool,
  volumes: FleetVolume[],
  location?: string,
): Promise<FleetPool> {
  const target = location ? `?target=${encodeURIComponent(location)}` : '';
  const usage = await client
    .get<LxdPoolResources>(`/1.0/storage-pools/${encodeURIComponent(pool.name)}/resources${target}`, INFRA_TIMEOUT_MS)
    .then((r) => ({ usedBytes: r.space.used, totalBytes: r.space.total }))
    .catch(() => undefined);
  return {
    daemon,
    name: pool.name,
    driver: pool.driver,
    status: pool.status,
    description: pool.description ?? '',
    ...(location ? { location } : {}),
    ...(usage ? { usage } : {}),
    config: pool.config ?? {},
    usedBy: pool.used_by ?? [],
    // Remote pools (ceph…) hold volumes without a member; local ones name the member.
    volumes: location ? volumes.filter((v) => !v.location || v.location === 'none' || v.location === location) : volumes,
  };
}

/** A pool's volumes of every project; snapshots (`vol/snap`) are counted on their volume. */
async function poolVolumes(client: LxdClient, pool: string): Promise<FleetVolume[]> {
  const all = await client.get<LxdVolume[]>(
    `/1.0/storage-pools/${encodeURIComponent(pool)}/volumes?recursion=1&all-projects=true`,
    INFRA_TIMEOUT_MS,
  );
  const key = (v: { project?: string; type: string; location?: string }, name: string) =>
    `${v.project ?? 'default'}/${v.type}/${v.location ?? ''}/${name}`;
  const snapshots = new Map<string, number>();
  for (const v of all) {
    const slash = v.name.indexOf('/');
    if (slash >= 0) {
      const k = key(v, v.name.slice(0, slash));
      snapshots.set(k, (snapshots.get(k) ?? 0) + 1);
    }
  }
  return all
    .filter((v) => !v.name.includes('/'))
    .map((v) => ({
      name: v.name,
      project: v.project ?? 'default',
      type: v.type,
      contentType: v.content_type ?? 'filesystem',
      size: v.config?.size ?? null,
      snapshots: snapshots.get(key(v, v.name)) ?? 0,
      usedBy: v.used_by ?? [],
      location: v.location && v.location !== 'none' ? v.location : '',
      description: v.description ?? '',
      config: v.config ?? {},
    }));
}
