/** Shapes of Hangar's own HTTP API (see README "HTTP API"), shared by the server and the browser. */
import type { Role } from './roles';

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
