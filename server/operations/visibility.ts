import type { Role } from '@/lib/roles';

/** The part of an LXD operation (gateway reply, fleet list, live event) that decides what a role sees. */
interface OperationLike {
  class: string;
  metadata?: Record<string, unknown> | null;
}

/**
 * What of a websocket operation's metadata operators and admins see. Everything else stays in
 * Hangar: exec and console `fds` and a migration's `control`/`fs`/`criu` are secrets that let
 * whoever reaches the daemon's port attach to the operation without a certificate.
 */
const WEBSOCKET_KEYS = new Set(['command', 'environment', 'interactive', 'return', 'output', 'cwd', 'user', 'group']);
/** Keys dropped from task metadata for everyone. */
const SECRET_KEY = /secret|fds|token|password/i;

/**
 * The one place that decides what of an operation a role may see, used by the gateway
 * (`/1.0/operations…`, replies that start an operation), `GET /api/v1/operations` and the live
 * events. Null when the role may not know the operation exists: trust and cluster-join token
 * operations (and any class this does not know) are for admins only. Viewers get no metadata at
 * all (exec commands and environments live there).
 */
export function operationFor<T extends OperationLike>(role: Role, op: T): T | null {
  if (op.class !== 'task' && op.class !== 'websocket') return role === 'admin' ? op : null;
  if (role === 'viewer') return { ...op, metadata: null };
  if (!op.metadata || typeof op.metadata !== 'object') return op;
  const keep = op.class === 'websocket' ? (key: string) => WEBSOCKET_KEYS.has(key) : (key: string) => !SECRET_KEY.test(key);
  return { ...op, metadata: Object.fromEntries(Object.entries(op.metadata).filter(([key]) => keep(key))) };
}
