import type { FleetOperation, FleetOperationsResponse } from '@/lib/api-types';
import type { LxdOperation } from '@/lib/lxd-types';
import { fanOut } from '../daemons/fan-out';
import type { DaemonRegistry, DaemonRow } from '../daemons/registry';

const TIMEOUT_MS = 8000;

/** The daemons' operations (running first, then the recent ones they still remember), newest first. */
export async function listOperations(registry: DaemonRegistry, daemon?: string): Promise<FleetOperationsResponse> {
  const { items, errors } = await fanOut(registry, daemon, (row) => daemonOperations(registry, row));
  items.sort((a, b) => Number(b.status_code < 200) - Number(a.status_code < 200) || b.created_at.localeCompare(a.created_at));
  return { operations: items, errors };
}

async function daemonOperations(registry: DaemonRegistry, row: DaemonRow): Promise<FleetOperation[]> {
  // The daemon groups them by status: {"running": [...], "success": [...], "failure": [...]}.
  const byStatus = await registry
    .client(row)
    .get<Record<string, LxdOperation[]> | null>('/1.0/operations?recursion=1&all-projects=true', TIMEOUT_MS);
  return Object.values(byStatus ?? {})
    .flat()
    .map((op) => toFleetOperation(row, op));
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
    metadata: safeMetadata(op),
  };
}

/**
 * Websocket operations carry the secrets that attach to an exec or console, and token operations
 * carry join and trust tokens: neither belongs in a list every role may read.
 */
export function safeMetadata(op: Pick<LxdOperation, 'class' | 'metadata'>): Record<string, unknown> | null {
  if (!op.metadata || op.class === 'websocket') return null;
  // A token's expiry is no secret, and tells a waiting token from an expired one.
  if (op.class === 'token') {
    const expiry = op.metadata.expiresAt ?? op.metadata.expires_at;
    return typeof expiry === 'string' ? { expiresAt: expiry } : null;
  }
  return Object.fromEntries(Object.entries(op.metadata).filter(([key]) => !/secret|fds|token/i.test(key)));
}
