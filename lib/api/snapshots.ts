'use client';
/**
 * Snapshots and backups of one instance (through the gateway), the automatic snapshot schedule,
 * new instances from a snapshot or a backup file, and every snapshot of the fleet.
 */
import { useQuery } from '@tanstack/react-query';
import type { DaemonKind, FleetSnapshotsResponse } from '../api-types';
import { snapshotKeys } from '../query-keys';
import { ApiRequestError } from './client';
import { uploadHeader, uploadToDaemon, type UploadProgress } from './images';
import type { InstanceRef } from './instances';
import { useFleetList } from './fleet';
import { gatewayUrl, lxdGet, lxdPath, runLxd } from './daemon';

export interface LxdSnapshot {
  name: string;
  created_at: string;
  /** LXD's zero time ("0001-01-01…") means it never expires. */
  expires_at: string;
  stateful: boolean;
  size?: number;
  config: Record<string, string>;
}

export interface LxdBackup {
  name: string;
  created_at: string;
  expires_at: string;
  instance_only: boolean;
  optimized_storage: boolean;
}

const instancePath = (ref: InstanceRef, ...rest: string[]) => lxdPath(['instances', ref.name, ...rest], { project: ref.project });
const withRecursion = (path: string) => `${path}${path.includes('?') ? '&' : '?'}recursion=1`;

export async function fetchSnapshots(ref: InstanceRef): Promise<LxdSnapshot[]> {
  const list = await lxdGet<LxdSnapshot[]>(ref.daemonId, withRecursion(instancePath(ref, 'snapshots')));
  return list.sort((a, b) => b.created_at.localeCompare(a.created_at));
}

/**
 * The daemon accepts a duplicate name and only fails later in its operation, so Hangar asks
 * first and answers 409 with a plain message.
 */
async function assertSnapshotFree(ref: InstanceRef, name: string): Promise<void> {
  try {
    await lxdGet(ref.daemonId, instancePath(ref, 'snapshots', name));
  } catch (error) {
    if (error instanceof ApiRequestError && error.status === 404) return;
    throw error;
  }
  throw new ApiRequestError(409, 'snapshot_exists', `A snapshot named "${name}" already exists on ${ref.name}`);
}

export interface CreateSnapshotInput {
  name: string;
  /** ISO time; omitted means the instance's snapshots.expiry applies (or never). */
  expiresAt?: string;
  stateful: boolean;
}

export async function createSnapshot(ref: InstanceRef, input: CreateSnapshotInput): Promise<void> {
  if (input.name) await assertSnapshotFree(ref, input.name);
  const body: Record<string, unknown> = { stateful: input.stateful };
  if (input.name) body.name = input.name;
  if (input.expiresAt) body.expires_at = input.expiresAt;
  await runLxd(ref.daemonId, 'POST', instancePath(ref, 'snapshots'), body);
}

export async function restoreSnapshot(ref: InstanceRef, name: string, stateful = false): Promise<void> {
  await runLxd(ref.daemonId, 'PUT', instancePath(ref), stateful ? { restore: name, stateful } : { restore: name });
}

export async function renameSnapshot(ref: InstanceRef, from: string, to: string): Promise<void> {
  await assertSnapshotFree(ref, to);
  await runLxd(ref.daemonId, 'POST', instancePath(ref, 'snapshots', from), { name: to });
}

export async function deleteSnapshot(ref: InstanceRef, name: string): Promise<void> {
  await runLxd(ref.daemonId, 'DELETE', instancePath(ref, 'snapshots', name));
}

/**
 * A new instance on the same daemon whose root disk starts as the snapshot. Like `lxc copy`, it
 * takes the snapshot's profiles, devices and config (not the volatile keys, which belong to the
 * original); without them the daemon would create it with no profile and so no root disk.
 */
export async function instanceFromSnapshot(ref: InstanceRef, snapshot: string, newName: string): Promise<void> {
  const snap = await lxdGet<LxdSnapshot & { profiles: string[]; devices: Record<string, Record<string, string>> }>(
    ref.daemonId,
    instancePath(ref, 'snapshots', snapshot),
  );
  await runLxd(ref.daemonId, 'POST', lxdPath(['instances'], { project: ref.project }), {
    name: newName,
    source: { type: 'copy', source: `${ref.name}/${snapshot}` },
    profiles: snap.profiles ?? [],
    devices: snap.devices ?? {},
    config: Object.fromEntries(Object.entries(snap.config ?? {}).filter(([key]) => !key.startsWith('volatile.'))),
  });
}

/** The instance keys that drive automatic snapshots, in the order the form shows them. */
export const SCHEDULE_KEYS = ['snapshots.schedule', 'snapshots.schedule.stopped', 'snapshots.expiry', 'snapshots.pattern'] as const;
export type ScheduleKey = (typeof SCHEDULE_KEYS)[number];

export function scheduleOf(config: Record<string, string>): Record<ScheduleKey, string> {
  return Object.fromEntries(SCHEDULE_KEYS.map((k) => [k, config[k] ?? ''])) as Record<ScheduleKey, string>;
}

export async function fetchBackups(ref: InstanceRef): Promise<LxdBackup[]> {
  const list = await lxdGet<LxdBackup[]>(ref.daemonId, withRecursion(instancePath(ref, 'backups')));
  return list.sort((a, b) => b.created_at.localeCompare(a.created_at));
}

export async function createBackup(ref: InstanceRef, input: { name: string; instanceOnly: boolean; expiresAt?: string }): Promise<void> {
  const body: Record<string, unknown> = { instance_only: input.instanceOnly, optimized_storage: false };
  if (input.name) body.name = input.name;
  if (input.expiresAt) body.expires_at = input.expiresAt;
  await runLxd(ref.daemonId, 'POST', instancePath(ref, 'backups'), body);
}

export async function deleteBackup(ref: InstanceRef, name: string): Promise<void> {
  await runLxd(ref.daemonId, 'DELETE', instancePath(ref, 'backups', name));
}

/** The backup file, streamed from the daemon through Hangar as a download. */
export function backupDownloadUrl(ref: InstanceRef, name: string): string {
  return gatewayUrl(ref.daemonId, instancePath(ref, 'backups', name, 'export'));
}

export function backupFileName(ref: InstanceRef, name: string): string {
  return `${ref.name}-${name}.tar.gz`;
}

/** Creates an instance from a backup file; `name` renames it (else the backup's own name is used). */
export async function importBackup(
  daemon: { id: string; kind: DaemonKind },
  project: string,
  file: File,
  name: string,
  onProgress: (progress: UploadProgress) => void,
): Promise<void> {
  const headers: Record<string, string> = { 'Content-Type': 'application/octet-stream' };
  if (name) headers[uploadHeader(daemon.kind, 'name')] = name;
  await uploadToDaemon(daemon.id, lxdPath(['instances'], { project }), file, headers, onProgress);
}

/** The instance's snapshots; nothing while `ref` is null (no instance chosen yet). */
export function useSnapshots(ref: InstanceRef | null) {
  return useQuery({
    queryKey: snapshotKeys.instance(ref?.daemonId ?? '', ref?.project ?? '', ref?.name ?? ''),
    queryFn: () => fetchSnapshots(ref!),
    enabled: Boolean(ref),
  });
}

/** Every snapshot of the fleet, listed by Hangar from every daemon (`GET /api/v1/snapshots`). */
export function useFleetSnapshots() {
  return useFleetList<FleetSnapshotsResponse>(snapshotKeys, '/api/v1/snapshots', 15_000);
}

/** The instance's backups; `enabled` is false for roles that may not read them. */
export function useBackups(ref: InstanceRef, enabled: boolean) {
  return useQuery({ queryKey: snapshotKeys.backups(ref.daemonId, ref.project, ref.name), queryFn: () => fetchBackups(ref), enabled });
}
