import type http from 'node:http';
import type { TaskEndpoint } from '@/lib/api-types';
import type { LxdInstance } from '@/lib/lxd-types';
import { LxdError } from '../lxd/errors';
import { rootDiskName } from '../limits/target';
import type { TaskContext } from '../tasks/runner';
import { BackupConfigFilter } from './backup-tar';
import { instancePath, rootPool, type CopyPlan, type InstanceEnd } from './plan';
import { relayImport, withSourceBackup } from './backup-relay';
import { deleteIfPresent, setState, waitOperation } from './daemon-ops';
import { daemonMigration, relayMayHelp } from './migrate';
import { removeInstance, restartInstance } from './undo-records';
import { sampleSource, verifyCopy } from './verify';

/** Config keys Incus writes that LXD 5.0 refuses on import; others the target names are dropped on a retry. */
const INCUS_ONLY_KEYS = ['volatile.uuid.generation'];
const MAX_IMPORT_ATTEMPTS = 6;

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

  const needsStop = wasRunning && (plan.stop || (plan.move && plan.method !== 'copy'));
  if (needsStop) {
    ctx.progress({ stage: 'stopping the source' });
    await ctx.recordUndo(restartInstance(plan.source));
    await setState(plan.source, 'stop', ctx.signal);
  }
  const target: InstanceEnd = plan.to;
  await ctx.recordUndo(removeInstance(target));
  const sourceSample = sampleSource(plan.source);
  let allowedDrops = new Set<string>();
  if (plan.method === 'copy') await daemonCopy(plan, ctx);
  else if (plan.method === 'migration') allowedDrops = await migrateOrRelay(plan, ctx);
  else allowedDrops = await relayBackup(plan, ctx);

  ctx.progress({ stage: 'verifying the copy' });
  const verification = await verifyCopy(sourceSample, plan.instance, target, {
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
    await ctx.commit();
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

/** The daemons' own migration; when the target could not pull from the source, the relay, with the reason in the result. */
async function migrateOrRelay(plan: CopyPlan, ctx: TaskContext): Promise<Set<string>> {
  try {
    await daemonMigration(plan, ctx);
    return new Set();
  } catch (error) {
    if (ctx.signal.aborted || !relayMayHelp(error)) throw error;
    ctx.setResult({ method: 'relay', migrationError: (error as Error).message });
    await deleteIfPresent(plan.to);
    return relayBackup(plan, ctx);
  }
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
    await ctx.recordUndo(restartInstance(plan.source));
    await setState(plan.source, 'stop', ctx.signal);
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
 * Another daemon: a backup relayed from the source into the target's import, rewriting the backup's
 * config on the way when the target refuses a key. Answers the config keys left behind.
 */
async function relayBackup(plan: CopyPlan, ctx: TaskContext): Promise<Set<string>> {
  const { source, to } = plan;
  const drop = new Set(source.row.kind !== to.row.kind && to.row.kind === 'lxd' ? INCUS_ONLY_KEYS : []);
  const prefix = to.row.kind === 'incus' ? 'x-incus-' : 'x-lxd-';
  const headers: http.OutgoingHttpHeaders = { [`${prefix}name`]: to.name, ...(to.pool ? { [`${prefix}pool`]: to.pool } : {}) };
  const query = `project=${encodeURIComponent(to.project)}${to.member ? `&target=${encodeURIComponent(to.member)}` : ''}`;
  return withSourceBackup(ctx, source, (rest) => instancePath(source, rest), { instance_only: !plan.snapshots }, async (from) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await relayImport(ctx, {
          source: source.client,
          from,
          target: to.client,
          to: `/1.0/instances?${query}`,
          headers,
          filter: drop.size ? new BackupConfigFilter(drop) : undefined,
        });
        await placeOnMember(plan, ctx);
        return drop;
      } catch (error) {
        const key = error instanceof LxdError ? /Unknown configuration key: (\S+)/.exec(error.message)?.[1] : undefined;
        if (!key || drop.has(key) || attempt >= MAX_IMPORT_ATTEMPTS) throw error;
        drop.add(key);
        await deleteIfPresent(to);
      }
    }
  });
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
