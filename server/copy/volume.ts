import type { TaskEndpoint } from '@/lib/api-types';
import type { DaemonRow } from '../daemons/registry';
import { optionalText } from '../http/body';
import { badRequest, conflict, notFound } from '../http/errors';
import type { LxdClient } from '../lxd/client';
import { LxdError } from '../lxd/errors';
import type { Services } from '../services';
import type { TaskContext } from '../tasks/runner';
import { relayImport, withSourceBackup } from './backup-relay';
import { operationPath, progressWords, waitOperation, withdrawOffer } from './daemon-ops';
import { removeVolume } from './undo-records';

/** One end of a custom volume copy: a daemon, pool, project, name and (on a cluster) the member. */
export interface VolumeEnd {
  row: DaemonRow;
  client: LxdClient;
  pool: string;
  project: string;
  name: string;
  member?: string;
}

export interface VolumeCopyRequest {
  to: { daemon: string; pool: string; project?: string; name?: string; target?: string };
  snapshots?: boolean;
}

/**
 * `copy`: the daemon copies within itself (another pool, project or member).
 * `migration`: the target daemon pulls the volume from the source itself (same kind, reachable over HTTPS).
 * `relay`: Hangar streams a backup of the volume from one daemon into the other.
 */
export type VolumeCopyMethod = 'copy' | 'migration' | 'relay';

export interface VolumeCopyPlan {
  source: VolumeEnd;
  to: VolumeEnd;
  volume: LxdVolume;
  snapshots: boolean;
  method: VolumeCopyMethod;
}

interface LxdVolume {
  name: string;
  description?: string;
  content_type?: string;
  config: Record<string, string> | null;
  location?: string;
}

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,62}$/;

export function volumePath(end: Omit<VolumeEnd, 'row' | 'client'>, rest = ''): string {
  const q = `project=${encodeURIComponent(end.project)}${end.member ? `&target=${encodeURIComponent(end.member)}` : ''}`;
  return `/1.0/storage-pools/${encodeURIComponent(end.pool)}/volumes/custom/${encodeURIComponent(end.name)}${rest}?${q}`;
}

const createPath = (end: VolumeEnd) =>
  `/1.0/storage-pools/${encodeURIComponent(end.pool)}/volumes/custom?project=${encodeURIComponent(end.project)}${end.member ? `&target=${encodeURIComponent(end.member)}` : ''}`;

export function parseVolumeCopyBody(body: Record<string, unknown>): VolumeCopyRequest {
  const to = body.to;
  if (!to || typeof to !== 'object' || Array.isArray(to)) throw badRequest('to must be an object with "daemon" and "pool"', 'invalid_request');
  const t = to as Record<string, unknown>;
  const daemon = optionalText(t.daemon, 'to.daemon');
  const pool = optionalText(t.pool, 'to.pool');
  if (!daemon || !pool) throw badRequest('to.daemon and to.pool are required', 'invalid_request');
  const name = optionalText(t.name, 'to.name');
  if (name !== undefined && !NAME.test(name)) {
    throw badRequest('to.name must be 1–63 letters, digits, ".", "_" or "-", starting with a letter or digit', 'invalid_name');
  }
  if (body.snapshots !== undefined && typeof body.snapshots !== 'boolean') throw badRequest('snapshots must be true or false', 'invalid_request');
  return { to: { daemon, pool, name, project: optionalText(t.project, 'to.project'), target: optionalText(t.target, 'to.target') }, snapshots: body.snapshots as boolean | undefined };
}

/**
 * Resolves both ends and checks them before anything is copied: 404 for an unknown daemon,
 * volume, pool or member (the daemon's words), 400 for a copy onto itself, 409 `name_taken` when
 * the target already has a volume of that name.
 */
export async function planVolumeCopy(
  s: Services,
  daemon: string,
  pool: string,
  name: string,
  where: { project: string; member?: string },
  request: VolumeCopyRequest,
): Promise<VolumeCopyPlan> {
  const sourceRow = await s.daemons.row(daemon);
  const targetRow = await s.daemons.row(request.to.daemon);
  const source: VolumeEnd = { row: sourceRow, client: s.daemons.client(sourceRow), pool, project: where.project, name, member: where.member };
  const volume = await source.client.get<LxdVolume>(volumePath(source)).catch((error: unknown) => {
    if (error instanceof LxdError && error.status === 404) throw notFound(`${sourceRow.name} has no custom volume "${name}" in pool "${pool}" (project ${where.project})`);
    throw error;
  });
  const to: VolumeEnd = {
    row: targetRow,
    client: s.daemons.client(targetRow),
    pool: request.to.pool,
    project: request.to.project ?? where.project,
    name: request.to.name ?? name,
    member: request.to.target,
  };
  if (to.row.id === source.row.id && to.pool === source.pool && to.project === source.project && to.name === source.name && to.member === source.member) {
    throw badRequest('the copy would be the volume itself: change the daemon, pool, project, member or name', 'same_volume');
  }
  await to.client.get(`/1.0/storage-pools/${encodeURIComponent(to.pool)}`).catch((error: unknown) => {
    if (error instanceof LxdError && error.status === 404) throw notFound(`${targetRow.name} has no storage pool "${to.pool}"`);
    throw error;
  });
  if (to.member) {
    await to.client.get(`/1.0/cluster/members/${encodeURIComponent(to.member)}`).catch((error: unknown) => {
      if (error instanceof LxdError && error.status === 404) throw notFound(`${targetRow.name} has no cluster member "${to.member}"`);
      throw error;
    });
  }
  const existing = await to.client.request('GET', volumePath(to));
  if (existing.status === 200) throw conflict(`${targetRow.name} already has a volume "${to.name}" in pool "${to.pool}" (project ${to.project})`, 'name_taken');
  const method: VolumeCopyMethod =
    source.row.id === to.row.id ? 'copy' : source.row.kind === to.row.kind && canPull(source.row) ? 'migration' : 'relay';
  return { source, to, volume, snapshots: request.snapshots ?? true, method };
}

/** The target daemon can reach the source itself: an HTTPS daemon whose certificate Hangar pinned. */
const canPull = (row: DaemonRow) => row.url.startsWith('https://') && Boolean(row.server_cert);

export function volumeTaskEndpoints(plan: VolumeCopyPlan): { source: TaskEndpoint; target: TaskEndpoint } {
  const end = (e: VolumeEnd): TaskEndpoint => ({
    daemon: e.row.id,
    daemonName: e.row.name,
    project: e.project,
    pool: e.pool,
    volume: e.name,
    ...(e.member ? { member: e.member } : {}),
  });
  return { source: end(plan.source), target: end(plan.to) };
}

/** The task's work: the copy by the chosen method; a failure or cancel removes what reached the target. */
export async function runVolumeCopy(plan: VolumeCopyPlan, ctx: TaskContext): Promise<void> {
  ctx.setResult({ method: plan.method });
  await ctx.recordUndo(removeVolume(plan.to));
  if (plan.method === 'copy') await daemonCopy(plan, ctx);
  else if (plan.method === 'migration') await daemonMigration(plan, ctx);
  else await relayBackup(plan, ctx);
  ctx.signal.throwIfAborted();
  const copied = await plan.to.client.get<LxdVolume>(volumePath(plan.to));
  ctx.setResult({ location: copied.location && copied.location !== 'none' ? copied.location : undefined, size: copied.config?.size });
  ctx.progress({ stage: 'done', percent: 100 });
}

function newVolumeBody(plan: VolumeCopyPlan) {
  const config = Object.fromEntries(Object.entries(plan.volume.config ?? {}).filter(([k]) => !k.startsWith('volatile.')));
  return {
    name: plan.to.name,
    type: 'custom',
    description: plan.volume.description ?? '',
    content_type: plan.volume.content_type ?? 'filesystem',
    config,
  };
}

async function daemonCopy(plan: VolumeCopyPlan, ctx: TaskContext): Promise<void> {
  ctx.progress({ stage: 'copying' });
  const { source } = plan;
  const reply = await plan.to.client.call('POST', createPath(plan.to), {
    body: {
      ...newVolumeBody(plan),
      source: {
        type: 'copy',
        pool: source.pool,
        name: source.name,
        volume_only: !plan.snapshots,
        ...(source.project !== plan.to.project ? { project: source.project } : {}),
        ...(source.member ? { location: source.member } : {}),
      },
    },
  });
  await followOperation(plan.to.client, reply.body.operation!, ctx, 'copying');
}

/** The target pulls the volume from the source over the daemons' own migration protocol. */
async function daemonMigration(plan: VolumeCopyPlan, ctx: TaskContext): Promise<void> {
  const { source, to } = plan;
  ctx.progress({ stage: 'starting the migration on the source' });
  const out = await source.client.call<{ metadata: Record<string, string> }>('POST', volumePath(source), {
    body: { name: source.name, migration: true, volume_only: !plan.snapshots },
  });
  const sourceOp = out.body.operation!;
  const secrets = out.body.metadata.metadata;
  try {
    const reply = await to.client.call('POST', createPath(to), {
      body: {
        ...newVolumeBody(plan),
        source: {
          type: 'migration',
          mode: 'pull',
          operation: `${source.row.url.replace(/\/$/, '')}${operationPath(sourceOp)}`,
          certificate: source.row.server_cert,
          secrets,
          volume_only: !plan.snapshots,
        },
      },
    });
    await followOperation(to.client, reply.body.operation!, ctx, 'migrating');
    await waitOperation(source.client, sourceOp, ctx.signal);
  } catch (error) {
    await withdrawOffer(source.client, sourceOp);
    throw error;
  }
}

/** A backup of the volume from the source, streamed by Hangar into the target's import. */
async function relayBackup(plan: VolumeCopyPlan, ctx: TaskContext): Promise<void> {
  const { source, to } = plan;
  const prefix = to.row.kind === 'incus' ? 'x-incus-' : 'x-lxd-';
  await withSourceBackup(ctx, source, (rest) => volumePath(source, rest), { volume_only: !plan.snapshots }, (from) =>
    relayImport(ctx, { source: source.client, from, target: to.client, to: createPath(to), headers: { [`${prefix}name`]: to.name } }),
  );
}

/** Waits for the daemon's operation, showing what it says it is doing ("fs_progress" and the like). */
async function followOperation(client: LxdClient, operation: string, ctx: TaskContext, stage: string): Promise<void> {
  await waitOperation(client, operation, ctx.signal, (metadata) => {
    const said = progressWords(metadata);
    ctx.progress({ stage: said ? `${stage}: ${said}` : stage });
  });
}

export async function deleteVolumeIfPresent(end: VolumeEnd): Promise<void> {
  const existing = await end.client.request('GET', volumePath(end));
  if (existing.status === 404) return;
  // Its snapshots first: a daemon may refuse to remove a volume that still has some.
  const snaps = await end.client.get<string[]>(volumePath(end, '/snapshots')).catch(() => []);
  for (const s of snaps) {
    const snap = decodeURIComponent(s.split('?')[0].split('/').pop()!);
    await end.client.run('DELETE', volumePath(end, `/snapshots/${encodeURIComponent(snap)}`)).catch(() => undefined);
  }
  await end.client.run('DELETE', volumePath(end));
}
