import type { Generated } from 'kysely';
import type { Role } from '@/lib/roles';

/**
 * Table shapes. Kept to types both SQLite and PostgreSQL store the same way: text ids,
 * timestamps as epoch milliseconds in bigint columns, booleans as 0/1 integers, JSON as text.
 */
export interface UsersTable {
  id: string;
  username: string;
  password_hash: string;
  role: Role;
  disabled: number;
  created_at: number;
  updated_at: number;
  /** Sessions issued before this instant are refused ("log out everywhere"). */
  sessions_valid_after: number;
}

export interface TokensTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface DaemonsTable {
  id: string;
  name: string;
  url: string;
  kind: string;
  version: string;
  clustered: number;
  /** SHA-256 of the daemon's server certificate (DER), lowercase hex; null for unix sockets. */
  fingerprint: string | null;
  server_cert: string | null;
  client_cert: string | null;
  /** The client private key, sealed with Secrets.encrypt; never leaves the server. */
  client_key: string | null;
  client_fingerprint: string | null;
  created_at: number;
  updated_at: number;
}

export interface AuditTable {
  id: string;
  at: number;
  username: string;
  role: string;
  daemon: string | null;
  method: string;
  target: string;
  status: number;
  duration_ms: number;
  detail: string | null;
  /** Verb-noun of what was done (instance.stop, user.create…); null for records from before it existed. */
  action: string | null;
  instance: string | null;
  /** JSON of the key facts (new name, snapshot, changed keys), capped in size. */
  details: string | null;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  created_at: number;
  /** Set when the session is logged out; the cookie is refused from then on. */
  ended_at: number | null;
}

export interface LimitPresetsTable {
  name: string;
  description: string;
  /** JSON object of limit values by API name (lib/limits.ts). */
  limits: string;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface SharesTable {
  id: string;
  name: string;
  token_hash: string;
  /** JSON of ShareScope (lib/api/shares.ts), daemons by id. */
  scope: string;
  created_by: string;
  created_at: number;
  expires_at: number;
  revoked_at: number | null;
  last_used_at: number | null;
}

export interface OidcIdentitiesTable {
  issuer: string;
  subject: string;
  user_id: string;
  created_at: number;
}

/** One usage sample (raw, span_s = the sampling interval) or average (span_s = 60) of a running instance. */
export interface UsageSamplesTable {
  daemon_id: string;
  project: string;
  instance: string;
  /** Start of the span, epoch ms. */
  at: number;
  span_s: number;
  /** CPU time used per second of wall time, in thousandths of a core. */
  cpu_millicores: number | null;
  memory_bytes: number | null;
  processes: number | null;
  net_rx_bps: number | null;
  net_tx_bps: number | null;
  disk_bytes: number | null;
}

export interface LeasesTable {
  name: string;
  holder: string;
  expires_at: number;
  /** The moment of the last grant: the lease is granted at most once per moment. */
  taken_at: Generated<number>;
}

/** Image servers instances can be launched from: an LXD-protocol or simplestreams URL, or a registered daemon's public images. */
export interface ImageServersTable {
  id: string;
  name: string;
  url: string;
  protocol: string;
  /** PEM of a self-signed server certificate, pinned; null for a server with a publicly trusted one. */
  certificate: string | null;
  /** Set when the server is a registered daemon offering its public images. */
  daemon_id: string | null;
  created_at: number;
}

/** One task Hangar runs (server/tasks); source, target and result are JSON. */
export interface TasksTable {
  id: string;
  kind: string;
  /** queued → running → done | failed | cancelled */
  state: string;
  stage: string;
  percent: number | null;
  bytes: number | null;
  /** Bytes per second, lately. */
  rate: number | null;
  username: string;
  source: string | null;
  target: string | null;
  error: string | null;
  result: string | null;
  runner: string | null;
  /** JSON: the undo steps a running task recorded, for the replica that finds it orphaned. */
  undo: string | null;
  heartbeat_at: number;
  cancel_requested: Generated<number>;
  started_at: number;
  ended_at: number | null;
}

/** One row (id 1): raised with every change that can end or shrink someone's access. */
export interface AuthStateTable {
  id: number;
  generation: number;
}

export interface Database {
  auth_state: AuthStateTable;
  users: UsersTable;
  sessions: SessionsTable;
  tokens: TokensTable;
  daemons: DaemonsTable;
  audit: AuditTable;
  limit_presets: LimitPresetsTable;
  shares: SharesTable;
  oidc_identities: OidcIdentitiesTable;
  usage_samples: UsageSamplesTable;
  leases: LeasesTable;
  image_servers: ImageServersTable;
  tasks: TasksTable;
}
