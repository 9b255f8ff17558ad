import type http from 'node:http';
import type { TaskEndpoint } from '@/lib/api-types';
import type { LxdInstance } from '@/lib/lxd-types';
import type { LxdClient } from '../lxd/client';
import { LxdError } from '../lxd/errors';
import { rootDiskName } from '../limits/target';
import type { TaskContext } from '../tasks/runner';
import { BackupConfigFilter } from './backup-tar';
import { instancePath, rootPool, type CopyPlan, type InstanceEnd } from './plan';
import { relay } from './relay';
import { verifyCopy } from './verify';

/** Config keys Incus writes that LXD 5.0 refuses on import; others the target names are dropped on a retry. */
const INCUS_ONLY_KEYS = ['volatile.uuid.generation'];
const MAX_IMPORT_ATTEMPTS = 6;
const OPERATION_TIMEOUT_S = 3600;

export function taskEndpoints(plan: CopyPlan): { source: TaskEndpoint; target: TaskEndpoint } {
  return {
    source: {
      daemon: plan.source.row.id,
      daemonName: plan.source.row.name,
      project: plan.source.project,
      instance: plan.source.name,
      ...(plan.instance.location && plan.instance.location !== 'none' ? { member: plan.instance.location } : {}),
    },
    target: {
      daemon: plan.to.row.id,
      daemonName: plan.to.row.name,
      project: plan.to.project,
      instance: plan.to.name,
      ...(plan.to.member ? { member: plan.to.member } : {}),
      ...(plan.to.pool ? { pool: plan.to.pool } : {}),
    },
  };
}

/**
 * The work of a copy or move task. Every step that changes something registers how to undo it, so
 * a failure or a cancel at any stage leaves the source as it was and removes the partial copy; a
 * move removes the source last, only after the copy is verified on the target.
 */
export async function runCopy(plan: CopyPlan, ctx: TaskContext): Promise<void> {
  ctx.setResult({ method: plan.method });
  const wasRunning = plan.instance.status !== 'Stopped';
  if (plan.method === 'move') return nativeMove(plan, ctx, wasRunning);

  const needsStop = wasRunning && (plan.stop || (plan.move && plan.method === 'relay'));
  if (needsStop) {
    ctx.progress({ stage: 'stopping the source' });
    await setState(plan.source, 'stop', ctx.signal);
    ctx.onUndo(() => setState(plan.source, 'start'));
  }
  const target: InstanceEnd = plan.to;
  ctx.onUndo(() => deleteIfPresent(target));
  let allowedDrops = new Set<string>();
  if (plan.method === 'copy') await daemonCopy(plan, ctx);
  else allowedDrops = await relayBackup(plan, ctx);

  ctx.progress({ stage: 'verifying the copy' });
  const verification = await verifyCopy(plan.source, plan.instance, target, {
    allowedDrops,
    poolChanged: Boolean(plan.to.pool && plan.to.pool !== rootPool(plan.instance)),
  });
  ctx.setResult({ verified: { files: verification.files }, droppedKeys: verification.droppedKeys });
  ctx.signal.throwIfAborted();

  if (plan.move) {
    ctx.progress({ stage: 'removing the source' });
    if (!needsStop && wasRunning) await setState(plan.source, 'stop', ctx.signal);
    await plan.source.client.run('DELETE', instancePath(plan.source));
    // The copy is now the only one: nothing after this point may remove it.
    ctx.commit();
  }
  if (plan.start || (wasRunning && plan.move)) {
    ctx.progress({ stage: 'starting the copy' });
    await setState(target, 'start');
  }
  if (needsStop && !plan.move) await setState(plan.source, 'start');
  const copy = await target.client.get<LxdInstance>(instancePath(target));
  ctx.setResult({ location: copy.location, status: copy.status });
  ctx.progress({ stage: 'done', percent: 100 });
}

/** The daemon copies within itself: a clone, or into another project, pool or cluster member. */
async function daemonCopy(plan: CopyPlan, ctx: TaskContext): Promise<void> {
  ctx.progress({ stage: 'copying' });
  const root = rootDiskName(plan.instance.expanded_devices) ?? 'root';
  const rootDevice = plan.instance.expanded_devices[root];
  const query = `project=${encodeURIComponent(plan.to.project)}${plan.to.member ? `&target=${encodeURIComponent(plan.to.member)}` : ''}`;
  const reply = await plan.to.client.call('POST', `/1.0/instances?${query}`, {
    body: {
      name: plan.to.name,
      type: plan.instance.type,
      profiles: plan.instance.profiles,
      source: { type: 'copy', source: plan.source.name, project: plan.source.project, instance_only: !plan.snapshots },
      ...(plan.to.pool ? { devices: { [root]: { ...rootDevice, type: 'disk', path: '/', pool: plan.to.pool } } } : {}),
    },
  });
  await waitOperation(plan.to.client, reply.body.operation!, ctx.signal);
}

/** Same daemon, project and name: the daemon moves it to another cluster member or pool itself. */
async function nativeMove(plan: CopyPlan, ctx: TaskContext, wasRunning: boolean): Promise<void> {
  if (wasRunning) {
    ctx.progress({ stage: 'stopping' });
    await setState(plan.source, 'stop', ctx.signal);
    ctx.onUndo(() => setState(plan.source, 'start'));
  }
  ctx.progress({ stage: 'moving' });
  const query = plan.to.member ? `&target=${encodeURIComponent(plan.to.member)}` : '';
  const reply = await plan.source.client.call('POST', `${instancePath(plan.source)}${query}`, {
    body: { name: plan.source.name, migration: true, ...(plan.to.pool ? { pool: plan.to.pool } : {}) },
  });
  await waitOperation(plan.source.client, reply.body.operation!, ctx.signal);
  const moved = await plan.source.client.get<LxdInstance>(instancePath(plan.source));
  if (plan.to.member && moved.location !== plan.to.member) {
    throw new LxdError(500, `the daemon reports ${plan.source.name} on ${moved.location}, not ${plan.to.member}`, 'verify_failed');
  }
  if (plan.to.pool && rootPool(moved) !== plan.to.pool) {
    throw new LxdError(500, `the daemon reports ${plan.source.name} in pool ${rootPool(moved)}, not ${plan.to.pool}`, 'verify_failed');
  }
  if (wasRunning || plan.start) {
    ctx.progress({ stage: 'starting' });
    await setState(plan.source, 'start');
  }
  ctx.setResult({ location: moved.location, pool: rootPool(moved) });
  ctx.progress({ stage: 'done', percent: 100 });
}

/**
 * Another daemon: the source makes an uncompressed backup, Hangar streams its export into the
 * target's import (rewriting the backup's config on the way when the target refuses a key), and the
 * backup is removed again. Answers the config keys left behind.
 */
async function relayBackup(plan: CopyPlan, ctx: TaskContext): Promise<Set<string>> {
  const { source, to } = plan;
  const backup = `hangar-${ctx.id.slice(0, 8)}`;
  ctx.progress({ stage: 'making a backup on the source' });
  const made = await source.client.call('POST', instancePath(source, '/backups'), {
    body: {
      name: backup,
      expires_at: new Date(Date.now() + 6 * 3600_000).toISOString(),
      instance_only: !plan.snapshots,
      optimized_storage: false,
      compression_algorithm: 'none',
    },
  });
  const backupPath = instancePath(source, `/backups/${backup}`);
  try {
    await waitOperation(source.client, made.body.operation!, ctx.signal);
    const drop = new Set(source.row.kind !== to.row.kind && to.row.kind === 'lxd' ? INCUS_ONLY_KEYS : []);
    const prefix = to.row.kind === 'incus' ? 'x-incus-' : 'x-lxd-';
    const headers: http.OutgoingHttpHeaders = { [`${prefix}name`]: to.name, ...(to.pool ? { [`${prefix}pool`]: to.pool } : {}) };
    const query = `project=${encodeURIComponent(to.project)}${to.member ? `&target=${encodeURIComponent(to.member)}` : ''}`;
    for (let attempt = 1; ; attempt++) {
      const started = Date.now();
      const { operation, bytes } = await relay({
        source: source.client,
        from: instancePath(source, `/backups/${backup}/export`),
        target: to.client,
        to: `/1.0/instances?${query}`,
        headers,
        filter: drop.size ? new BackupConfigFilter(drop) : undefined,
        signal: ctx.signal,
        onBytes: (sent, total) =>
          ctx.progress({
            stage: 'streaming the backup',
            bytes: sent,
            ...(total ? { percent: Math.min(99, Math.floor((sent / total) * 100)) } : {}),
            bytesPerSecond: Math.round(sent / Math.max(0.001, (Date.now() - started) / 1000)),
          }),
      });
      ctx.setResult({ bytes });
      ctx.progress({ stage: 'importing on the target', bytes, percent: 99 });
      try {
        await waitOperation(to.client, operation, ctx.signal);
        await placeOnMember(plan, ctx);
        return drop;
      } catch (error) {
        const key = error instanceof LxdError ? /Unknown configuration key: (\S+)/.exec(error.message)?.[1] : undefined;
        if (!key || drop.has(key) || attempt >= MAX_IMPORT_ATTEMPTS) throw error;
        drop.add(key);
        await deleteIfPresent(to);
      }
    }
  } finally {
    await source.client.call('DELETE', backupPath).catch(() => undefined);
  }
}

/** LXD 5.0 imports a backup on the member that took the upload: move it where it was asked for. */
async function placeOnMember(plan: CopyPlan, ctx: TaskContext): Promise<void> {
  const member = plan.to.member;
  if (!member) return;
  const imported = await plan.to.client.get<LxdInstance>(instancePath(plan.to));
  if (imported.location === member) return;
  ctx.progress({ stage: `moving to ${member}` });
  const reply = await plan.to.client.call('POST', `${instancePath(plan.to)}&target=${encodeURIComponent(member)}`, {
    body: { name: plan.to.name, migration: true },
  });
  await waitOperation(plan.to.client, reply.body.operation!, ctx.signal);
}

/** Waits for a daemon operation; a cancel asks the daemon to cancel it and waits for it to end. */
async function waitOperation(client: LxdClient, operation: string, signal?: AbortSignal): Promise<void> {
  const done = client.waitOperation(operation, OPERATION_TIMEOUT_S);
  if (!signal) return void (await done);
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([done, aborted]);
  } catch (error) {
    if (!signal.aborted) throw error;
    // The daemon may not be able to cancel it; then it ends by itself and the undo removes what it made.
    const path = operation.startsWith('/') ? operation.split('?')[0] : `/1.0/operations/${operation}`;
    await client.request('DELETE', path).catch(() => undefined);
    await Promise.race([done.catch(() => undefined), new Promise((r) => setTimeout(r, 60_000))]);
    throw signal.reason;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

async function setState(end: InstanceEnd, action: 'start' | 'stop', signal?: AbortSignal): Promise<void> {
  const reply = await end.client.call('PUT', instancePath(end, '/state'), { body: { action, timeout: 30, force: action === 'stop' } });
  if (reply.body.type === 'async') await waitOperation(end.client, reply.body.operation!, signal);
}

async function deleteIfPresent(end: InstanceEnd): Promise<void> {
  const existing = await end.client.request<LxdInstance>('GET', instancePath(end));
  if (existing.status === 404) return;
  if (existing.body.metadata?.status && existing.body.metadata.status !== 'Stopped') {
    await setState(end, 'stop').catch(() => undefined);
  }
  const reply = await end.client.request('DELETE', instancePath(end));
  if (reply.status === 404) return;
  if (reply.status >= 400) throw new LxdError(reply.status, reply.body.error || `removing ${end.name} answered ${reply.status}`);
  if (reply.body.type === 'async') await end.client.waitOperation(reply.body.operation!, 120);
}
