import type { LiveEvent, LiveOperation } from '@/lib/live';
import type { Role } from '@/lib/roles';
import { operationFor } from '../operations/visibility';

/**
 * Who an event stream is for: its role. Viewers read everything but secrets, operators may read
 * instance secrets, and only admins see the trust store (certificates, trust and join tokens).
 */
export type Audience = Role;

export function audienceOf(role: Role): Audience {
  return role;
}

/** Lifecycle context keys that say nothing secret (a rename's old name, the instance type…). */
const VIEWER_CONTEXT_KEYS = new Set(['old_name', 'type', 'storage-pool', 'location', 'name', 'project']);

/** The operation fields an event passes on (a daemon may add others, such as who asked). */
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
  'metadata',
] as const satisfies readonly (keyof LiveOperation)[];

/** Lifecycle events about the trust store: certificates and cluster join tokens. */
const TRUST_STORE = /^(certificate-|cluster-token-)/;

/**
 * What of an event an audience may see; null when it may see none of it. An operation is cut down
 * by `operationFor`, the same as in the gateway and the operation list (no websocket secrets for
 * anyone, token operations for admins only, no commands or environments for viewers). Below admin
 * there are no trust-store events; a viewer gets no lifecycle context beyond a few harmless keys
 * and no requestor.
 */
export function viewFor(audience: Audience, event: LiveEvent): LiveEvent | null {
  if (event.operation) {
    const fields = Object.fromEntries(OPERATION_FIELDS.map((key) => [key, event.operation![key]])) as unknown as LiveOperation;
    const operation = operationFor(audience, fields);
    return operation ? { ...event, operation } : null;
  }
  if (audience !== 'admin' && TRUST_STORE.test(event.action)) return null;
  if (audience !== 'viewer') return event;
  // Who did it (user names, client addresses) is the audit log's business, which is for admins.
  const { context: full, requestor: _requestor, ...rest } = event;
  const context = Object.fromEntries(Object.entries(full ?? {}).filter(([key]) => VIEWER_CONTEXT_KEYS.has(key)));
  return Object.keys(context).length > 0 ? { ...rest, context } : rest;
}
