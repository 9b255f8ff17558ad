import type { LiveEvent, LiveOperation } from '@/lib/live';
import { can, type Role } from '@/lib/roles';

/**
 * Who an event stream is for. A viewer reads everything but secrets (API.md, Roles); operators
 * and admins may read secrets, so they see the same events.
 */
export type Audience = 'viewer' | 'operator';

export function audienceOf(role: Role): Audience {
  return can(role, 'readSecrets') ? 'operator' : 'viewer';
}

/** Lifecycle context keys that say nothing secret (a rename's old name, the instance type…). */
const VIEWER_CONTEXT_KEYS = new Set(['old_name', 'type', 'storage-pool', 'location', 'name', 'project']);

/** Operation fields every audience sees; `metadata` is what carries commands, environments and secrets. */
const OPERATION_FIELDS = [
  'id',
  'class',
  'description',
  'status',
  'status_code',
  'resources',
  'may_cancel',
  'err',
  'created_at',
  'updated_at',
  'location',
] as const satisfies readonly (keyof LiveOperation)[];

/**
 * What of an event an audience may see; null when it may see none of it. Nobody gets an
 * operation's websocket secrets (`fds`) or a trust token's secret, which only the daemon's own
 * client needs; a viewer gets no operation metadata at all (exec commands and environments), no
 * lifecycle context beyond a few harmless keys, no requestor and no trust-store events.
 */
export function viewFor(audience: Audience, event: LiveEvent): LiveEvent | null {
  if (event.operation) {
    return { ...event, operation: visibleOperation(audience, event.operation) };
  }
  if (audience === 'operator') return event;
  if (event.action.startsWith('certificate-')) return null;
  // Who did it (user names, client addresses) is the audit log's business, which is for admins.
  const { context: full, requestor: _requestor, ...rest } = event;
  const context = Object.fromEntries(Object.entries(full ?? {}).filter(([key]) => VIEWER_CONTEXT_KEYS.has(key)));
  return Object.keys(context).length > 0 ? { ...rest, context } : rest;
}

function visibleOperation(audience: Audience, operation: LiveOperation): LiveOperation {
  const out = Object.fromEntries(OPERATION_FIELDS.map((key) => [key, operation[key]])) as unknown as LiveOperation;
  if (audience === 'viewer' || operation.class === 'token' || !operation.metadata) return out;
  const { fds: _secrets, ...metadata } = operation.metadata;
  return { ...out, metadata };
}
