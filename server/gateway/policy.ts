import type { Role } from '@/lib/roles';

/**
 * Which role may send which method to which daemon path through the gateway (API.md, Roles).
 * First match wins; anything not matched is denied. `deny` rows name what nobody may do here,
 * with the reason shown to the caller.
 */
export type Decision = { role: Role; restoreOnlyFor?: Role } | { deny: string };

interface Rule {
  methods: readonly string[] | '*';
  pattern: RegExp;
  decision: Decision;
}

const READ = ['GET', 'HEAD'] as const;
const WRITE = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;
const INSTANCE = String.raw`/1\.0/(?:instances|containers|virtual-machines)/[^/]+`;

const rules: readonly Rule[] = [
  {
    methods: '*',
    pattern: /^\/1\.0\/operations\/[^/]+\/websocket$/,
    decision: { deny: 'operation websockets are reached through /api/v1/daemons/{id}/instances/{name}/terminal' },
  },
  { methods: '*', pattern: /^\/1\.0\/events$/, decision: { deny: 'daemon events are streamed by GET /api/v1/events' } },
  { methods: '*', pattern: new RegExp(`^${INSTANCE}/sftp$`), decision: { deny: 'SFTP is not available through Hangar' } },

  // Secrets: the trust store, files inside instances, full backups, the console buffer.
  { methods: READ, pattern: /^\/1\.0\/certificates(\/.*)?$/, decision: { role: 'operator' } },
  { methods: READ, pattern: new RegExp(`^${INSTANCE}/files$`), decision: { role: 'operator' } },
  { methods: READ, pattern: new RegExp(`^${INSTANCE}/backups/[^/]+/export$`), decision: { role: 'operator' } },
  { methods: READ, pattern: new RegExp(`^${INSTANCE}/console$`), decision: { role: 'operator' } },
  // lxc.conf spells out environment.* values; the operation list holds trust and join token secrets.
  { methods: READ, pattern: new RegExp(`^${INSTANCE}/logs/lxc\\.conf$`), decision: { role: 'operator' } },
  { methods: READ, pattern: /^\/1\.0\/operations$/, decision: { role: 'operator' } },

  // Operator work: power state, terminals, snapshots, cancelling operations.
  { methods: ['PUT'], pattern: new RegExp(`^${INSTANCE}/state$`), decision: { role: 'operator' } },
  { methods: ['POST'], pattern: new RegExp(`^${INSTANCE}/(exec|console)$`), decision: { role: 'operator' } },
  { methods: ['DELETE'], pattern: new RegExp(`^${INSTANCE}/console$`), decision: { role: 'operator' } },
  { methods: WRITE, pattern: new RegExp(`^${INSTANCE}/snapshots(/[^/]+)?$`), decision: { role: 'operator' } },
  { methods: ['DELETE'], pattern: /^\/1\.0\/operations\/[^/]+$/, decision: { role: 'operator' } },
  // Restoring a snapshot is a PUT on the instance whose body is only {"restore": …}.
  { methods: ['PUT'], pattern: new RegExp(`^${INSTANCE}$`), decision: { role: 'admin', restoreOnlyFor: 'operator' } },

  { methods: READ, pattern: /^\/1\.0(\/.*)?$/, decision: { role: 'viewer' } },
  { methods: WRITE, pattern: /^\/1\.0(\/.*)?$/, decision: { role: 'admin' } },
];

export function decide(method: string, path: string): Decision {
  const m = method.toUpperCase();
  for (const rule of rules) {
    if ((rule.methods === '*' || rule.methods.includes(m)) && rule.pattern.test(path)) return rule.decision;
  }
  return { deny: `${m} is not allowed through the gateway` };
}

/** True for a PUT body that only restores a snapshot (the one instance PUT an operator may send). */
export function isRestoreOnly(body: unknown): boolean {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
  const keys = Object.keys(body);
  return (
    typeof (body as { restore?: unknown }).restore === 'string' &&
    keys.every((k) => k === 'restore' || k === 'stateful')
  );
}

/** Paths whose JSON carries instance or profile config, where a viewer must not see environment.* values. */
export function carriesConfig(path: string): boolean {
  return /^\/1\.0\/(instances|containers|virtual-machines|profiles)(\/|$)/.test(path);
}

export const HIDDEN = '(hidden)';

/** Replaces every `environment.*` value inside config objects; returns the same structure. */
export function redactEnvironment(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactEnvironment);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if ((key === 'config' || key === 'expanded_config') && inner && typeof inner === 'object' && !Array.isArray(inner)) {
      out[key] = Object.fromEntries(
        Object.entries(inner).map(([k, v]) => [k, k.startsWith('environment.') ? HIDDEN : v]),
      );
    } else {
      out[key] = redactEnvironment(inner);
    }
  }
  return out;
}
