import type { FleetNetwork, FleetNetworkAcl, FleetNetworksResponse, NetworkAclRule } from '@/lib/api-types';
import { fanOut } from '../daemons/fan-out';
import type { DaemonRegistry, DaemonRow } from '../daemons/registry';
import type { LxdClient } from '../lxd/client';
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

interface LxdNetworkAcl {
  name: string;
  project?: string;
  description: string;
  ingress: NetworkAclRule[] | null;
  egress: NetworkAclRule[] | null;
  config: Record<string, string> | null;
  used_by: string[] | null;
}

interface LxdProject {
  name: string;
  config: Record<string, string> | null;
}

interface DaemonNetworks {
  daemonId: string;
  networks: FleetNetwork[];
  acls: FleetNetworkAcl[];
  /** The daemon has the `network_acl` API extension. */
  hasAcls: boolean;
}

/**
 * Every network (and network ACL, where the daemon has them) of every daemon: those of the
 * default project and of each project with its own networks (`features.networks`).
 */
export async function listNetworks(registry: DaemonRegistry, filter: { daemon?: string }): Promise<FleetNetworksResponse> {
  const { items, errors } = await fanOut(registry, filter.daemon, async (row) => [await daemonNetworks(registry, row)]);
  return {
    networks: items.flatMap((d) => d.networks),
    acls: items.flatMap((d) => d.acls),
    aclDaemons: items.filter((d) => d.hasAcls).map((d) => d.daemonId),
    errors,
  };
}

/** The projects that hold networks of their own, `default` first (the others share its networks). */
async function networkProjects(client: LxdClient): Promise<string[]> {
  const projects = await client.get<LxdProject[]>('/1.0/projects?recursion=1', INFRA_TIMEOUT_MS);
  return ['default', ...projects.filter((p) => p.name !== 'default' && p.config?.['features.networks'] === 'true').map((p) => p.name)];
}

async function daemonNetworks(registry: DaemonRegistry, row: DaemonRow): Promise<DaemonNetworks> {
  const client = registry.client(row);
  const daemon = { id: row.id, name: row.name };
  const [server, projects] = await Promise.all([
    client.get<{ api_extensions?: string[] }>('/1.0', INFRA_TIMEOUT_MS),
    networkProjects(client),
  ]);
  const hasAcls = (server.api_extensions ?? []).includes('network_acl');
  const perProject = await Promise.all(
    projects.map(async (project) => {
      const q = `recursion=1&project=${encodeURIComponent(project)}`;
      const [networks, acls] = await Promise.all([
        client.get<LxdNetwork[]>(`/1.0/networks?${q}`, INFRA_TIMEOUT_MS),
        hasAcls ? client.get<LxdNetworkAcl[]>(`/1.0/network-acls?${q}`, INFRA_TIMEOUT_MS) : Promise.resolve([]),
      ]);
      return {
        // Host interfaces are the same in every project: listed once, with the default project.
        networks: networks.filter((n) => project === 'default' || n.managed).map((n) => toNetwork(daemon, n, project)),
        acls: acls.map((a) => toAcl(daemon, a, project)),
      };
    }),
  );
  return { daemonId: row.id, networks: perProject.flatMap((p) => p.networks), acls: perProject.flatMap((p) => p.acls), hasAcls };
}

function toNetwork(daemon: FleetNetwork['daemon'], n: LxdNetwork, project: string): FleetNetwork {
  return {
    daemon,
    name: n.name,
    project: n.project ?? project,
    type: n.type,
    managed: n.managed,
    status: n.status || (n.managed ? 'Unknown' : ''),
    description: n.description ?? '',
    locations: n.locations ?? [],
    usedBy: n.used_by ?? [],
    config: n.config ?? {},
  };
}

function toAcl(daemon: FleetNetworkAcl['daemon'], a: LxdNetworkAcl, project: string): FleetNetworkAcl {
  return {
    daemon,
    name: a.name,
    project: a.project ?? project,
    description: a.description ?? '',
    ingress: a.ingress ?? [],
    egress: a.egress ?? [],
    config: a.config ?? {},
    usedBy: a.used_by ?? [],
  };
}
