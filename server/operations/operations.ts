import type { FleetOperation, FleetOperationsResponse } from '@/lib/api-types';
import type { LxdOperation } from '@/lib/lxd-types';
import type { Role } from '@/lib/roles';
import { fanOut } from '../daemons/fan-out';
import type { DaemonRegistry, DaemonRow } from '../daemons/registry';
import { operationFor } from './visibility';

const TIMEOUT_MS = 8000;

/**
 * The daemons' operations (running first, then the recent ones they still remember), newest first,
 * as `role` may see them (server/operations/visibility.ts).
 */
export async function listOperations(registry: DaemonRegistry, role: Role, daemon?: string): Promise<FleetOperationsResponse> {
  const { items, errors } = await fanOut(registry, daemon, (row) => daemonOperations(registry, row, role));
  items.sort((a, b) => Number(b.status_code < 200) - Number(a.status_code < 200) || b.created_at.localeCompare(a.created_at));
  return { operations: items, errors };
}

async function daemonOperations(registry: DaemonRegistry, row: DaemonRow, role: Role): Promise<FleetOperation[]> {
  // The daemon groups them by status: {"running": [...], "success": [...], "failure": [...]}.
  const byStatus = await registry
    .client(row)
    .get<Record<string, LxdOperation[]> | null>('/1.0/operations?recursion=1&all-projects=true', TIMEOUT_MS);
  return Object.values(byStatus ?? {})
    .flat()
    .flatMap((op) => {
      const visible = operationFor(role, op);
      return visible ? [toFleetOperation(row, visible)] : [];
    });
}

export function toFleetOperation(row: Pick<DaemonRow, 'id' | 'name'>, op: LxdOperation): FleetOperation {
  return {
    daemon: { id: row.id, name: row.name },
    id: op.id,
    class: op.class,
    description: op.description,
    status: op.status,
    status_code: op.status_code,
    created_at: op.created_at,
    updated_at: op.updated_at,
    may_cancel: op.may_cancel,
    err: op.err,
    location: op.location,
    resources: op.resources,
    metadata: op.metadata,
  };
}
