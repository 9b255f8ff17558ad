'use client';
/** Storage pools and volumes: the fleet-wide list (Hangar's API) and changes through the gateway. */
import type { FleetPool, FleetStorageResponse, FleetVolume } from '../api-types';
import type { LxdInstance } from '../lxd-types';
import { storageKeys } from '../query-keys';
import { editableInstance, fetchInstanceConfig, saveInstanceConfig } from './config';
import { useFleetList } from './fleet';
import { lxdPath, runLxd } from './daemon';

export function useFleetStorage() {
  return useFleetList<FleetStorageResponse>(storageKeys, '/api/v1/storage', 30_000);
}

export interface PoolRef {
  daemonId: string;
  pool: string;
  /** A cluster member; pool config keys like `source` and `size` are per member there. */
  target?: string;
}

export interface VolumeRef {
  daemonId: string;
  pool: string;
  project: string;
  name: string;
  /** The member that holds the volume on a cluster with a local pool. */
  target?: string;
}

/** A volume as the fleet-wide list shows it (with its pool), as the gateway calls name it. */
export function volumeRef(v: FleetVolume & { pool: FleetPool }): VolumeRef {
  return { daemonId: v.pool.daemon.id, pool: v.pool.name, project: v.project, name: v.name, target: v.location || undefined };
}

const volumePath = (ref: VolumeRef, ...rest: string[]) =>
  lxdPath(['storage-pools', ref.pool, 'volumes', 'custom', ref.name, ...rest], { project: ref.project, target: ref.target });

export async function createVolume(
  ref: VolumeRef,
  input: { size?: string; contentType: 'filesystem' | 'block'; description?: string },
): Promise<void> {
  await runLxd(ref.daemonId, 'POST', lxdPath(['storage-pools', ref.pool, 'volumes'], { project: ref.project, target: ref.target }), {
    name: ref.name,
    type: 'custom',
    content_type: input.contentType,
    description: input.description ?? '',
    config: input.size ? { size: input.size } : {},
  });
}

/** A PATCH of `size` only: the rest of the volume's config stays as it is. */
export async function resizeVolume(ref: VolumeRef, size: string): Promise<void> {
  await runLxd(ref.daemonId, 'PATCH', volumePath(ref), { config: { size } });
}

export async function snapshotVolume(ref: VolumeRef, name: string): Promise<void> {
  await runLxd(ref.daemonId, 'POST', volumePath(ref, 'snapshots'), name ? { name } : {});
}

export async function deleteVolume(ref: VolumeRef): Promise<void> {
  await runLxd(ref.daemonId, 'DELETE', volumePath(ref));
}

export interface AttachInput {
  instance: string;
  device: string;
  path: string;
}

/** Adds a disk device for the volume to an instance (same daemon and project); a PATCH merges devices. */
export async function attachVolume(ref: VolumeRef, input: AttachInput): Promise<void> {
  const device: Record<string, string> = { type: 'disk', pool: ref.pool, source: ref.name };
  // Block volumes are handed to VMs as disks without a mount path.
  if (input.path) device.path = input.path;
  await runLxd(ref.daemonId, 'PATCH', lxdPath(['instances', input.instance], { project: ref.project }), {
    devices: { [input.device]: device },
  });
}

/** The instance's own devices that use this volume, by device name. */
export function volumeDevices(instance: Pick<LxdInstance, 'devices'>, ref: Pick<VolumeRef, 'pool' | 'name'>): string[] {
  return Object.entries(instance.devices ?? {})
    .filter(([, d]) => d.type === 'disk' && d.pool === ref.pool && d.source === ref.name)
    .map(([name]) => name);
}

/**
 * Removes the instance's devices that use the volume: a PUT of the instance as it is (with its
 * ETag) minus those devices, since a PATCH cannot remove a device. A device the volume gets from a
 * profile cannot be removed here; the daemon's words say so.
 */
export async function detachVolume(ref: VolumeRef, instance: string): Promise<string[]> {
  const target = { daemonId: ref.daemonId, project: ref.project, name: instance };
  const { data, etag } = await fetchInstanceConfig(target);
  const remove = volumeDevices(data, ref);
  if (remove.length === 0) {
    throw new Error(`${instance} has no device of its own for ${ref.name}; it may come from a profile`);
  }
  const put = editableInstance(data);
  put.devices = Object.fromEntries(Object.entries(put.devices).filter(([name]) => !remove.includes(name)));
  await saveInstanceConfig(target, put, etag);
  return remove;
}

/** `/1.0/instances/c1?project=p` → `c1`; other users (profiles, snapshots) → null. */
export function instanceOfUser(usedBy: string): string | null {
  const url = new URL(usedBy, 'http://lxd');
  const parts = url.pathname.split('/').map(decodeURIComponent);
  return parts[2] === 'instances' && parts.length === 4 ? parts[3] : null;
}

export async function createPool(
  ref: PoolRef,
  input: { driver: string; description: string; config: Record<string, string> },
): Promise<void> {
  await runLxd(ref.daemonId, 'POST', lxdPath(['storage-pools'], { target: ref.target }), { name: ref.pool, ...input });
}

/** A PATCH of description and the given keys (a key set to "" is unset by the daemon). */
export async function editPool(ref: PoolRef, input: { description: string; config: Record<string, string> }): Promise<void> {
  await runLxd(ref.daemonId, 'PATCH', lxdPath(['storage-pools', ref.pool], { target: ref.target }), input);
}
