import type { DaemonKind } from '@/lib/limits';
import type { LxdInstance, LxdProfile } from '@/lib/lxd-types';
import type { DaemonRow } from '../daemons/registry';
import type { LxdClient } from '../lxd/client';
import type { Services } from '../services';
import type { LimitCaches } from './caches';

/** One instance of one daemon and project, with the client that reaches it. */
export interface LimitTarget {
  row: DaemonRow;
  client: LxdClient;
  project: string;
  name: string;
  /** The process's limit caches (host facts, CPU samples). */
  caches: LimitCaches;
}

/** One version of an instance as the daemon sent it (not the live model's DaemonInstances). */
export interface InstanceVersion {
  instance: LxdInstance;
  /** The daemon's ETag for this exact version of the instance, for If-Match. */
  etag: string;
}

export async function resolveTarget(s: Services, daemon: string, name: string, project?: string | null): Promise<LimitTarget> {
  const row = await s.daemons.row(daemon);
  return { row, client: s.daemons.client(row), project: project || 'default', name, caches: s.limitCaches };
}

export function daemonKind(row: DaemonRow): DaemonKind {
  return row.kind === 'incus' ? 'incus' : 'lxd';
}

export function instancePath(target: LimitTarget, suffix = ''): string {
  return `/1.0/instances/${encodeURIComponent(target.name)}${suffix}?project=${encodeURIComponent(target.project)}`;
}

export async function readInstance(target: LimitTarget): Promise<InstanceVersion> {
  const reply = await target.client.call<LxdInstance>('GET', instancePath(target));
  const etag = reply.headers.etag;
  return { instance: reply.body.metadata, etag: Array.isArray(etag) ? etag[0] : (etag ?? '') };
}

/** The instance's profiles, in its own order (the order the daemon applies them). */
export function readProfiles(target: LimitTarget, names: readonly string[]): Promise<LxdProfile[]> {
  return Promise.all(
    names.map((p) =>
      target.client.get<LxdProfile>(`/1.0/profiles/${encodeURIComponent(p)}?project=${encodeURIComponent(target.project)}`),
    ),
  );
}

/** The name of the instance's root disk device (type disk, path /) among its expanded devices. */
export function rootDiskName(devices: Record<string, Record<string, string>> | undefined): string | null {
  for (const [name, device] of Object.entries(devices ?? {})) {
    if (device.type === 'disk' && device.path === '/') return name;
  }
  return null;
}
