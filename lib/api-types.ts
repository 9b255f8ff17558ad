/** Shapes of Hangar's own HTTP API (see README "HTTP API"), shared by the server and the browser. */
import type { Role } from './roles';
import type { LxdImage, LxdOperation } from './lxd-types';

export interface ApiErrorBody {
  error: { code: string; message: string };
}

export interface Me {
  username: string;
  role: Role;
}

export type DaemonKind = 'lxd' | 'incus';
export type DaemonStatus = 'online' | 'offline' | 'untrusted';

export interface DaemonView {
  id: string;
  name: string;
  url: string;
  kind: DaemonKind;
  version: string;
  clustered: boolean;
  fingerprint: string;
  status: DaemonStatus;
  error?: string;
  members?: { name: string; url: string; status: string }[];
}

export interface DaemonProbe {
  url: string;
  fingerprint: string;
  subject: string;
  validTo: string;
}

export interface FleetUsage {
  cpuSeconds: number | null;
  memoryBytes: number | null;
  processes: number | null;
}

export interface FleetInstance {
  daemon: { id: string; name: string };
  project: string;
  name: string;
  type: string;
  status: string;
  location: string;
  image: string;
  profiles: string[];
  ipv4: string[];
  ipv6: string[];
  createdAt: string;
  limits: Record<string, string>;
  usage: FleetUsage;
}

export interface FleetResponse {
  instances: FleetInstance[];
  errors: FleetErrors;
}

/** `GET /api/v1/images`: every image of every daemon (fields as the daemon names them). */
export interface FleetImage extends LxdImage {
  daemon: { id: string; name: string };
  project: string;
}

export interface FleetImagesResponse {
  images: FleetImage[];
  errors: FleetErrors;
}

/** `GET /api/v1/operations`: the daemons' operations; secrets (websocket fds, tokens) are removed. */
export interface FleetOperation extends LxdOperation {
  daemon: { id: string; name: string };
}

export interface FleetOperationsResponse {
  operations: FleetOperation[];
  errors: FleetErrors;
}

/** `POST /api/v1/images/copy`. */
export interface ImageCopyRequest {
  from: { daemon: string; fingerprint: string; project?: string };
  to: { daemon: string; project?: string; aliases?: string[] };
}

export interface ImageCopyResult {
  fingerprint: string;
  from: { daemon: string; project: string };
  to: { daemon: string; project: string; aliases: string[] };
  /** `pull`: the target daemon fetched it from the source itself; `relay`: Hangar streamed its export into the target. */
  method: 'pull' | 'relay';
  /** How the image travelled through Hangar (relay only): one tarball (unified) or metadata and rootfs parts (split). */
  format?: 'unified' | 'split';
  bytes?: number;
}

/** One row of `GET /api/v1/audit`. */
export interface AuditRecord {
  at: string;
  user: string;
  role: string;
  daemon: string | null;
  method: string;
  target: string;
  status: number;
  durationMs: number;
  /** Verb-noun of what was done, e.g. `instance.stop`; null on records from before actions existed. */
  action: string | null;
  /** The instance the change was about, where there is one. */
  instance: string | null;
  /** Key facts: new name, snapshot, changed keys (capped in size). */
  details?: Record<string, unknown>;
  detail?: Record<string, unknown>;
}

/** GET /api/v1/image-servers. */
export interface ImageServerView {
  id: string;
  name: string;
  url: string;
  protocol: 'lxd' | 'simplestreams';
  certificate?: string;
  /** A registered daemon offering its public images. */
  daemon?: string;
}

/** GET /api/v1/image-servers/{id}/images. */
export interface ImageServerImage {
  fingerprint: string;
  aliases: string[];
  os: string;
  release: string;
  architecture: string;
  type: 'container' | 'virtual-machine';
  size: number;
  description: string;
}

/** Per-daemon failures of a fleet-wide list: the other daemons' rows are listed all the same. */
export type FleetErrors = { daemon: string; message: string }[];
export type DaemonRef = { id: string; name: string };

/** One instance snapshot as `GET /api/v1/snapshots` lists it (the daemon's fields, no config). */
export interface FleetSnapshot {
  daemon: DaemonRef;
  project: string;
  instance: string;
  name: string;
  created_at: string;
  /** LXD's zero time ("0001-01-01…") means it never expires. */
  expires_at: string;
  stateful: boolean;
  size?: number;
}

export interface FleetSnapshotsResponse {
  snapshots: FleetSnapshot[];
  errors: FleetErrors;
}

/** A storage volume as `GET /api/v1/storage` lists it (snapshots are counted, not listed). */
export interface FleetVolume {
  name: string;
  project: string;
  type: string;
  contentType: string;
  /** `size` from the volume's config (custom volumes); null when the daemon sets none. */
  size: string | null;
  snapshots: number;
  usedBy: string[];
  location: string;
  description: string;
  config: Record<string, string>;
}

/** `GET /api/v1/storage`: one row per pool, and on clusters one per pool and member. */
export interface FleetPool {
  daemon: DaemonRef;
  name: string;
  driver: string;
  status: string;
  description: string;
  location?: string;
  usage?: { usedBytes: number; totalBytes: number };
  config: Record<string, string>;
  usedBy: string[];
  volumes: FleetVolume[];
}

export interface FleetStorageResponse {
  pools: FleetPool[];
  errors: FleetErrors;
}

/** `GET /api/v1/networks`. */
export interface FleetNetwork {
  daemon: DaemonRef;
  name: string;
  project: string;
  type: string;
  managed: boolean;
  status: string;
  description: string;
  locations: string[];
  usedBy: string[];
  config: Record<string, string>;
}

/** One rule of a network ACL, as the daemon has it (empty fields match anything). */
export interface NetworkAclRule {
  action: 'allow' | 'reject' | 'drop' | string;
  state: 'enabled' | 'disabled' | 'logged' | string;
  description?: string;
  source?: string;
  destination?: string;
  protocol?: string;
  source_port?: string;
  destination_port?: string;
  icmp_type?: string;
  icmp_code?: string;
}

export interface FleetNetworkAcl {
  daemon: DaemonRef;
  name: string;
  project: string;
  description: string;
  ingress: NetworkAclRule[];
  egress: NetworkAclRule[];
  config: Record<string, string>;
  usedBy: string[];
}

export interface FleetNetworksResponse {
  networks: FleetNetwork[];
  /** Network ACLs of the daemons that have them (the `network_acl` API extension). */
  acls: FleetNetworkAcl[];
  /** Ids of the daemons that have network ACLs. */
  aclDaemons: string[];
  errors: FleetErrors;
}

/** A project's limit and what is used of it (`limit` null: no limit). */
export interface ProjectUsage {
  limit: number | null;
  usage: number;
}

/** `GET /api/v1/projects`. */
export interface FleetProject {
  daemon: DaemonRef;
  name: string;
  description: string;
  config: Record<string, string>;
  usedBy: string[];
  /** `features.*` keys that are on. */
  features: string[];
  /** `restricted.*` keys (and `restricted` itself) as set. */
  restrictions: Record<string, string>;
  /** `limits.*` keys as set. */
  limits: Record<string, string>;
  /** From `/1.0/projects/{name}/state`, by resource (`instances`, `memory`, `disk`, …). */
  usage: Record<string, ProjectUsage>;
}

export interface FleetProjectsResponse {
  projects: FleetProject[];
  errors: FleetErrors;
}

/** `GET /api/v1/members`: the members of every clustered daemon. */
export interface FleetMember {
  daemon: DaemonRef;
  name: string;
  url: string;
  status: string;
  roles: string[];
  message: string;
  architecture: string;
  description: string;
  failureDomain: string;
  groups: string[];
  /** From `/1.0/resources?target=`; absent when the member did not answer. */
  resources?: { cpuThreads: number; memoryUsedBytes: number; memoryTotalBytes: number };
  /** How many instances the member runs; absent when the cluster did not list them in time. */
  instances?: number;
}

export interface FleetMembersResponse {
  members: FleetMember[];
  errors: FleetErrors;
}

/** `GET /api/v1/warnings`. */
export interface FleetWarning {
  daemon: DaemonRef;
  uuid: string;
  status: string;
  severity: string;
  type: string;
  count: number;
  lastMessage: string;
  project: string;
  location: string;
  entityUrl: string;
  firstSeenAt: string;
  lastSeenAt: string;
}

export interface FleetWarningsResponse {
  warnings: FleetWarning[];
  errors: FleetErrors;
}

/** Tasks: Hangar's own long work (docs/api.md "Tasks"). */
export const TASK_STATES = ['running', 'done', 'failed', 'cancelled'] as const;
export type TaskState = (typeof TASK_STATES)[number] | 'queued';

/** One end of a task: an instance (or image) of a daemon. */
export interface TaskEndpoint {
  daemon: string;
  daemonName?: string;
  project?: string;
  instance?: string;
  /** An image's fingerprint (image copies). */
  image?: string;
  member?: string;
  pool?: string;
  /** A custom storage volume (volume copies). */
  volume?: string;
}

export interface TaskProgress {
  stage: string;
  percent?: number;
  bytes?: number;
  bytesPerSecond?: number;
}

export interface TaskView {
  id: string;
  kind: string;
  state: TaskState;
  progress: TaskProgress;
  source?: TaskEndpoint;
  target?: TaskEndpoint;
  user: string;
  startedAt: string;
  endedAt?: string;
  error?: string;
  result?: Record<string, unknown>;
}
