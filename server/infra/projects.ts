import type { FleetProject, FleetProjectsResponse, ProjectUsage } from '@/lib/api-types';
import type { LxdProject } from '@/lib/lxd-types';
import { fanOut } from '../daemons/fan-out';
import type { DaemonRegistry, DaemonRow } from '../daemons/registry';
import { INFRA_TIMEOUT_MS } from './members';

/** LXD spells the fields `Limit`/`Usage` (no JSON tags), some versions `limit`/`usage`. */
type LxdUsage = { Limit?: number; Usage?: number; limit?: number; usage?: number };

/** Every project of every daemon, with its features, restrictions, limits and their usage. */
export async function listProjects(registry: DaemonRegistry, filter: { daemon?: string }): Promise<FleetProjectsResponse> {
  const { items, errors } = await fanOut(registry, filter.daemon, (row) => daemonProjects(registry, row));
  return { projects: items, errors };
}

async function daemonProjects(registry: DaemonRegistry, row: DaemonRow): Promise<FleetProject[]> {
  const client = registry.client(row);
  const projects = await client.get<(LxdProject & { used_by?: string[] | null })[]>('/1.0/projects?recursion=1', INFRA_TIMEOUT_MS);
  return Promise.all(
    projects.map(async (p) => {
      const state = await client
        .get<{ resources: Record<string, LxdUsage> }>(`/1.0/projects/${encodeURIComponent(p.name)}/state`, INFRA_TIMEOUT_MS)
        .catch(() => null);
      const config = p.config ?? {};
      const pick = (test: (k: string) => boolean) => Object.fromEntries(Object.entries(config).filter(([k]) => test(k)));
      return {
        daemon: { id: row.id, name: row.name },
        name: p.name,
        description: p.description ?? '',
        config,
        usedBy: p.used_by ?? [],
        features: Object.entries(config)
          .filter(([k, v]) => k.startsWith('features.') && v === 'true')
          .map(([k]) => k.slice('features.'.length)),
        restrictions: pick((k) => k === 'restricted' || k.startsWith('restricted.')),
        limits: pick((k) => k.startsWith('limits.')),
        usage: Object.fromEntries(Object.entries(state?.resources ?? {}).map(([k, u]) => [k, projectUsage(u)])),
      };
    }),
  );
}

function projectUsage(u: LxdUsage): ProjectUsage {
  const limit = u.Limit ?? u.limit ?? -1;
  return { limit: limit < 0 ? null : limit, usage: u.Usage ?? u.usage ?? 0 };
}
