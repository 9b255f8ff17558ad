import type { LimitChangeRecord, LimitChanges, LimitsApplied } from '@/lib/limits';
import { conflict } from '../http/errors';
import { hostFacts } from './host';
import { instancePut, mergeLimits } from './merge';
import { readLimitsState } from './state';
import { daemonKind, instancePath, readInstance, type InstanceSnapshot, type LimitTarget } from './target';
import { requireValidFor } from './validate';

/** A write the daemon refused because the instance changed since it was read. */
const PRECONDITION_FAILED = 412;
const ATTEMPTS = 2;

export interface ApplyOptions {
  /** Read usage after applying (the PATCH answer does; bulk results don't need it). */
  withUsage?: boolean;
}

/**
 * Errors are matched by status, not by class: the custom server and Next's route bundles each
 * carry their own copy of LxdError, and the client may come from either.
 */
function isPreconditionFailed(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { status?: unknown }).status === PRECONDITION_FAILED;
}

/**
 * One change, written atomically: read the instance and its ETag, merge only the limit keys,
 * write the whole instance back with If-Match. When someone changed the instance in between, read
 * again and retry once, so their change survives; a second clash is a 409 and nothing is written.
 */
async function writeOnce(target: LimitTarget, changes: LimitChanges): Promise<LimitChangeRecord> {
  for (let attempt = 1; ; attempt++) {
    const snapshot = await readInstance(target);
    const plan = mergeLimits(snapshot.instance, changes);
    if (Object.keys(plan.changes).length === 0) return {};
    try {
      await target.client.run('PUT', instancePath(target), instancePut(snapshot.instance, plan), { 'if-match': snapshot.etag });
      return plan.changes;
    } catch (error) {
      if (!isPreconditionFailed(error)) throw error;
      if (attempt >= ATTEMPTS) {
        throw conflict(
          `${target.name} kept changing while Hangar applied its limits (changed by someone else twice); nothing was applied — read it again and retry`,
        );
      }
    }
  }
}

/**
 * How to write a change. One write, except on Incus 6.0 for a running instance when limits.cpu
 * changes together with other keys: Incus then pins the CPUs from the config as it was before the
 * write (checked on Incus 6.0.4: the cpuset lags one change behind), while limits.cpu written on
 * its own lands. So there, CPU goes in a second write, and the first is undone if it fails.
 */
function writePlan(target: LimitTarget, snapshot: InstanceSnapshot, changes: LimitChanges): LimitChanges[] {
  const names = Object.keys(changes);
  const split = daemonKind(target.row) === 'incus' && snapshot.instance.status === 'Running' && 'cpu' in changes && names.length > 1;
  if (!split) return [changes];
  const { cpu, ...rest } = changes;
  return [rest, { cpu }];
}

/** The change that puts back what `record` changed. */
function inverse(record: LimitChangeRecord): LimitChanges {
  return Object.fromEntries(Object.entries(record).map(([name, c]) => [name, c!.before]));
}

/**
 * Applies a (syntactically valid) change: checks the values against the daemon and its host,
 * writes it (see writeOnce and writePlan) and reads back what the daemon now holds.
 */
export async function applyLimits(target: LimitTarget, changes: LimitChanges, options: ApplyOptions = {}): Promise<LimitsApplied> {
  const first = await readInstance(target);
  await checkAgainstDaemon(target, first, changes);
  const record: LimitChangeRecord = {};
  const steps = writePlan(target, first, changes);
  for (const [i, step] of steps.entries()) {
    try {
      Object.assign(record, await writeOnce(target, step));
    } catch (error) {
      if (i > 0) await undo(target, record);
      throw error;
    }
  }
  const written = Object.keys(record).length > 0;
  const state = await readLimitsState(target, written ? undefined : first, { live: options.withUsage !== false });
  // "after" is what the daemon holds now, read back, not what was sent.
  for (const name of Object.keys(record) as (keyof typeof record)[]) {
    record[name] = { before: record[name]!.before, after: state.limits[name] ?? null };
  }
  return { ...state, changes: record };
}

async function undo(target: LimitTarget, record: LimitChangeRecord): Promise<void> {
  try {
    await writeOnce(target, inverse(record));
  } catch (error) {
    console.error(`[hangar] could not put back the limits of ${target.name} after a failed change:`, error);
  }
}

async function checkAgainstDaemon(target: LimitTarget, snapshot: InstanceSnapshot, changes: LimitChanges): Promise<void> {
  const needsHost = typeof changes.cpu === 'string';
  const host = needsHost ? await hostFacts(target, snapshot.instance.location) : undefined;
  requireValidFor(changes, { kind: daemonKind(target.row), hostCpus: host?.cpus });
}
