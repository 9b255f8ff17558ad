import type { FleetWarning, FleetWarningsResponse } from '@/lib/api-types';
import { fanOut } from '../daemons/fan-out';
import type { DaemonRegistry, DaemonRow } from '../daemons/registry';
import { INFRA_TIMEOUT_MS } from './members';

interface LxdWarning {
  uuid: string;
  status: string;
  severity: string;
  type: string;
  count: number;
  last_message: string;
  project: string;
  location: string;
  entity_url: string;
  first_seen_at: string;
  last_seen_at: string;
}

/** Every daemon's warnings (all projects), newest first. */
export async function listWarnings(
  registry: DaemonRegistry,
  filter: { daemon?: string; status?: string },
): Promise<FleetWarningsResponse> {
  const { items, errors } = await fanOut(registry, filter.daemon, (row) => daemonWarnings(registry, row));
  const warnings = items
    .filter((w) => !filter.status || w.status === filter.status)
    .sort((a, b) => b.lastSeenAt.localeCompare(a.lastSeenAt));
  return { warnings, errors };
}

async function daemonWarnings(registry: DaemonRegistry, row: DaemonRow): Promise<FleetWarning[]> {
  const list = await registry.client(row).get<LxdWarning[] | null>('/1.0/warnings?recursion=1', INFRA_TIMEOUT_MS);
  return (list ?? []).map((w) => ({
    daemon: { id: row.id, name: row.name },
    uuid: w.uuid,
    status: w.status,
    severity: w.severity,
    type: w.type,
    count: w.count,
    lastMessage: w.last_message,
    project: w.project ?? '',
    location: w.location && w.location !== 'none' ? w.location : '',
    entityUrl: w.entity_url ?? '',
    firstSeenAt: w.first_seen_at,
    lastSeenAt: w.last_seen_at,
  }));
}
