/** The subset of the LXD/Incus REST API (`/1.0`) that Hangar reads. Field names are the daemon's. */

export type LxdConfig = Record<string, string>;
export type LxdDevices = Record<string, Record<string, string>>;

export interface LxdResponse<T> {
  type: 'sync' | 'async' | 'error';
  status: string;
  status_code: number;
  operation?: string;
  error_code?: number;
  error?: string;
  metadata: T;
}

export interface LxdServer {
  api_extensions: string[];
  api_status: string;
  api_version: string;
  auth: 'trusted' | 'untrusted';
  auth_methods?: string[];
  config: LxdConfig;
  environment?: {
    server: string;
    server_name: string;
    server_version: string;
    server_clustered: boolean;
    certificate: string;
    certificate_fingerprint: string;
    kernel_version?: string;
    project?: string;
    storage?: string;
  };
}

export type InstanceStatus = 'Running' | 'Stopped' | 'Frozen' | 'Error' | string;

export interface LxdInstanceState {
  status: InstanceStatus;
  status_code: number;
  pid: number;
  processes: number;
  cpu: { usage: number };
  memory: { usage: number; usage_peak?: number; swap_usage?: number };
  disk?: Record<string, { usage: number }>;
  network?: Record<
    string,
    {
      addresses: { family: 'inet' | 'inet6'; address: string; netmask: string; scope: string }[];
      counters: { bytes_received: number; bytes_sent: number; packets_received: number; packets_sent: number };
      hwaddr: string;
      state: string;
      type: string;
    }
  >;
}

export interface LxdInstance {
  name: string;
  description: string;
  type: 'container' | 'virtual-machine';
  status: InstanceStatus;
  status_code: number;
  project: string;
  location: string;
  architecture: string;
  created_at: string;
  last_used_at: string;
  ephemeral: boolean;
  stateful: boolean;
  profiles: string[];
  config: LxdConfig;
  devices: LxdDevices;
  expanded_config: LxdConfig;
  expanded_devices: LxdDevices;
  state?: LxdInstanceState | null;
}

export interface LxdOperation {
  id: string;
  class: 'task' | 'websocket' | 'token';
  description: string;
  created_at: string;
  updated_at: string;
  status: string;
  status_code: number;
  resources: Record<string, string[]> | null;
  metadata: Record<string, unknown> | null;
  may_cancel: boolean;
  err: string;
  location: string;
}

export interface LxdImage {
  fingerprint: string;
  aliases: { name: string; description: string }[];
  architecture: string;
  properties: Record<string, string>;
  public: boolean;
  size: number;
  type: string;
  created_at: string;
  uploaded_at: string;
  auto_update: boolean;
  filename: string;
}

export interface LxdProfile {
  name: string;
  description: string;
  config: LxdConfig;
  devices: LxdDevices;
  used_by: string[];
}

export interface LxdProject {
  name: string;
  description: string;
  config: LxdConfig;
}

export interface LxdClusterMember {
  server_name: string;
  url: string;
  status: string;
  message: string;
  roles: string[];
  architecture: string;
}
