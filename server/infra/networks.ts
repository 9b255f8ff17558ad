import type { FleetNetwork, FleetNetworksResponse } from '@/lib/api-types';
import { fanOut } from '../daemons/fan-out';
import type { DaemonRegistry, DaemonRow } from '../daemons/registry';
import { INFRA_TIMEOUT_MS } from './members';

interface LxdNetwork {
  name: string;
  type: string;
  managed: boolean;
  status: string;
  description: string;
  project?: string;
  locations?: string[] | null;
  used_by: string[] | null;
  config: Record<string, string> | null;
}

/** Every network of every daemon (the default project's: networks of other projects need features.networks). */
export async function listNetworks(registry: DaemonRegistry, filter: { daemon?: string }): Promise<FleetNetworksResponse> {
  const { items, errors } = await fanOut(registry, filter.daemon, (row) => daemonNetworks(registry, row));
  return { networks: items, errors };
}

async function daemonNetworks(registry: DaemonRegistry, row: DaemonRow): Promise<FleetNetwork[]> {
  const list = await registry.client(row).get<LxdNetwork[]>('/1.0/networks?recursion=1', INFRA_TIMEOUT_MS);
  return list.map((n) => ({
    daemon: { id: row.id, name: row.name },
    name: n.name,
    project: n.project ?? 'default',
    type: n.type,
    managed: n.managed,
    status: n.status || (n.managed ? 'Unknown' : ''),
    description: n.description ?? '',
    locations: n.locations ?? [],
    usedBy: n.used_by ?? [],
    config: n.config ?? {},
  }));
}
