import type { Role } from '@/lib/roles';

/**
 * Which role may send which method to which daemon path through the gateway (README, Roles).
 * First match wins; anything not matched is denied, and a read not listed below is for admins
 * only: viewers read only what is known to carry no secrets. Paths are matched as the daemon
 * will route them (`parseGatewayUrl` has decoded what could hide a name), and every instance row
 * covers the `containers` and `virtual-machines` aliases too.
 */
export type Decision = Allowed | { deny: string };

export interface Allowed {
  role: Role;
  /** A lesser role that may send this too, but only with a body this rule accepts. */
  narrower?: BodyRule;
  /** Reads that hand out what is inside an instance: recorded in the audit log like writes. */
  audit?: true;
}

export interface BodyRule {
  role: Role;
  accepts: (body: unknown) => boolean;
  /** What the lesser role may do, for the refusal: "only restore snapshots". */
  only: string;
}

interface Rule {
  methods: readonly string[] | '*';
  pattern: RegExp;
  decision: Decision;
}

const READ = ['GET', 'HEAD'] as const;
const WRITE = ['POST', 'PUT', 'PATCH', 'DELETE'] as const;
const NAME = '[^/]+';
const INSTANCES = String.raw`/1\.0/(?:instances|containers|virtual-machines)`;
const INSTANCE = `${INSTANCES}/${NAME}`;
const POOL = String.raw`/1\.0/storage-pools/${NAME}`;
const VOLUME = `${POOL}/volumes/${NAME}/${NAME}`;
/** Log files of liblxc and QEMU; other names are exec output, lxc.conf (environment values), the console. */
const VIEWER_LOGS = String.raw`(?:lxc\.log|lxc\.log\.old|qemu\.log)`;

const path = (p: string) => new RegExp(`^${p}$`);
const viewer: Decision = { role: 'viewer' };
const operator: Decision = { role: 'operator' };
const audited: Decision = { role: 'operator', audit: true };
const admin: Decision = { role: 'admin' };

/** Read paths known to carry no secrets (config values that may are redacted for viewers). */
const VIEWER_READS = [
  String.raw`/1\.0`,
  INSTANCES,
  INSTANCE,
  `${INSTANCE}/state`,
  `${INSTANCE}/snapshots(?:/${NAME})?`,
  `${INSTANCE}/backups(?:/${NAME})?`,
  `${INSTANCE}/logs`,
  `${INSTANCE}/logs/${VIEWER_LOGS}`,
  `${INSTANCE}/metadata`,
  String.raw`/1\.0/images(?:/aliases)?(?:/${NAME})?`,
  String.raw`/1\.0/profiles(?:/${NAME})?`,
  String.raw`/1\.0/storage-pools`,
  POOL,
  `${POOL}/resources`,
  `${POOL}/volumes(?:/${NAME})?`,
  VOLUME,
  `${VOLUME}/state`,
  `${VOLUME}/snapshots(?:/${NAME})?`,
  String.raw`/1\.0/networks(?:/${NAME}(?:/state|/leases)?)?`,
  String.raw`/1\.0/network-acls(?:/${NAME})?`,
  String.raw`/1\.0/projects(?:/${NAME}(?:/state)?)?`,
  String.raw`/1\.0/cluster`,
  String.raw`/1\.0/cluster/members(?:/${NAME}(?:/state)?)?`,
  String.raw`/1\.0/cluster/groups(?:/${NAME})?`,
  // Operation objects are cut down for each role on the way out (server/operations/visibility.ts).
  String.raw`/1\.0/operations(?:/${NAME}(?:/wait)?)?`,
  String.raw`/1\.0/warnings(?:/${NAME})?`,
  String.raw`/1\.0/resources`,
];

const rules: readonly Rule[] = [
  {
    methods: '*',
    pattern: path(String.raw`/1\.0/operations/${NAME}/websocket`),
    decision: { deny: 'operation websockets are reached through /api/v1/daemons/{id}/instances/{name}/terminal' },
  },
  { methods: '*', pattern: path(String.raw`/1\.0/events`), decision: { deny: 'daemon events are streamed by GET /api/v1/events' } },
  { methods: '*', pattern: path(`(?:${INSTANCE}|${VOLUME})/sftp`), decision: { deny: 'SFTP is not available through Hangar' } },

  // What is inside an instance: same trust as a terminal, and recorded.
  { methods: READ, pattern: path(`${INSTANCE}/files`), decision: audited },
  { methods: ['POST', 'DELETE'], pattern: path(`${INSTANCE}/files`), decision: operator },
  { methods: READ, pattern: path(`${INSTANCE}/console`), decision: audited },
  { methods: READ, pattern: path(`${INSTANCE}/backups/${NAME}/export`), decision: audited },

  { methods: READ, pattern: new RegExp(`^(?:${VIEWER_READS.join('|')})$`), decision: viewer },
  // Exec output, lxc.conf (environment values), the console log; metadata templates.
  { methods: READ, pattern: path(`${INSTANCE}/logs/${NAME}`), decision: operator },
  { methods: READ, pattern: path(`${INSTANCE}/metadata/templates`), decision: operator },

  // Operator work: power state, terminals, snapshots, cancelling operations.
  { methods: ['PUT'], pattern: path(`${INSTANCE}/state`), decision: operator },
  { methods: ['POST'], pattern: path(`${INSTANCE}/(?:exec|console)`), decision: operator },
  { methods: ['DELETE'], pattern: path(`${INSTANCE}/console`), decision: operator },
  { methods: ['POST'], pattern: path(`${INSTANCE}/snapshots`), decision: operator },
  // A snapshot POST with `migration` or `target` sends its data off the daemon: only renames for operators.
  {
    methods: ['POST'],
    pattern: path(`${INSTANCE}/snapshots/${NAME}`),
    decision: { role: 'admin', narrower: { role: 'operator', accepts: isRenameOnly, only: 'only rename snapshots' } },
  },
  { methods: ['PUT', 'PATCH', 'DELETE'], pattern: path(`${INSTANCE}/snapshots/${NAME}`), decision: operator },
  { methods: ['DELETE'], pattern: path(String.raw`/1\.0/operations/${NAME}`), decision: operator },
  // Restoring a snapshot is a PUT on the instance whose body is only {"restore": …}.
  {
    methods: ['PUT'],
    pattern: path(INSTANCE),
    decision: { role: 'admin', narrower: { role: 'operator', accepts: isRestoreOnly, only: 'only restore snapshots' } },
  },

  // Everything else (certificates, image exports, volume backups, unknown paths): admins.
  { methods: READ, pattern: /^\/1\.0(\/.*)?$/, decision: admin },
  { methods: WRITE, pattern: /^\/1\.0(\/.*)?$/, decision: admin },
];

export function decide(method: string, path: string): Decision {
  const m = method.toUpperCase();
  for (const rule of rules) {
    if ((rule.methods === '*' || rule.methods.includes(m)) && rule.pattern.test(path)) return rule.decision;
  }
  return { deny: `${m} is not allowed through the gateway` };
}

function plainObject(body: unknown): body is Record<string, unknown> {
  return !!body && typeof body === 'object' && !Array.isArray(body);
}

/** True for a PUT body that only restores a snapshot (the one instance PUT an operator may send). */
export function isRestoreOnly(body: unknown): boolean {
  return (
    plainObject(body) &&
    typeof body.restore === 'string' &&
    Object.keys(body).every((k) => k === 'restore' || k === 'stateful')
  );
}

/** True for a snapshot POST that only renames it: no `migration`, `target` or `live`. */
export function isRenameOnly(body: unknown): boolean {
  return plainObject(body) && typeof body.name === 'string' && Object.keys(body).every((k) => k === 'name');
}
