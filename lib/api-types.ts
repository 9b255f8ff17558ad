/** Shapes of Hangar's own HTTP API (see README "HTTP API"), shared by the server and the browser. */
import type { Role } from './roles';
import type { LxdImage } from './lxd-types';

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
  errors: { daemon: string; message: string }[];
}

/** `GET /api/v1/images`: every image of every daemon (fields as the daemon names them). */
export interface FleetImage extends LxdImage {
  daemon: { id: string; name: string };
  project: string;
}

export interface FleetImagesResponse {
  images: FleetImage[];
  errors: { daemon: string; message: string }[];
}

/** `GET /api/v1/operations`: the daemons' operations; secrets (websocket fds, tokens) are removed. */
export interface FleetOperation {
  daemon: { id: string; name: string };
  id: string;
  class: string;
  description: string;
  status: string;
  status_code: number;
  created_at: string;
  updated_at: string;
  may_cancel: boolean;
  err: string;
  location: string;
  resources: Record<string, string[]> | null;
  metadata: Record<string, unknown> | null;
}

export interface FleetOperationsResponse {
  operations: FleetOperation[];
  errors: { daemon: string; message: string }[];
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
  /** How the image travelled: one tarball (unified) or metadata and rootfs parts (split). */
  format: 'unified' | 'split';
  bytes: number;
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
