import type { LimitChanges, LimitsApplied } from '@/lib/limits';
import { conflict } from '../http/errors';
import { LxdError } from '../lxd/errors';
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
 * Applies a (syntactically valid) change atomically: reads the instance and its ETag, checks the
 * values against the daemon and its host, merges only the limit keys and writes the whole
 * instance back with If-Match. When someone changed the instance in between, it reads again and
 * retries once, so their change survives; a second clash is a 409 and nothing is written. Then it
 * reads back what the daemon now holds.
 */
export async function applyLimits(target: LimitTarget, changes: LimitChanges, options: ApplyOptions = {}): Promise<LimitsApplied> {
  let snapshot: InstanceSnapshot | undefined;
  let applied: LimitsApplied['changes'] = {};
  for (let attempt = 1; ; attempt++) {
    snapshot = await readInstance(target);
    if (attempt === 1) await checkAgainstDaemon(target, snapshot, changes);
    const plan = mergeLimits(snapshot.instance, changes);
    applied = plan.changes;
    if (Object.keys(plan.changes).length === 0) break;
    try {
      await target.client.run('PUT', instancePath(target), instancePut(snapshot.instance, plan), { 'if-match': snapshot.etag });
      snapshot = undefined; // stale now: read back below
      break;
    } catch (error) {
      if (!(error instanceof LxdError && error.status === PRECONDITION_FAILED)) throw error;
      if (attempt >= ATTEMPTS) {
        throw conflict(
          `${target.name} kept changing while Hangar applied its limits (changed by someone else twice); nothing was applied — read it again and retry`,
        );
      }
    }
  }
  const state = await readLimitsState(target, snapshot, { live: options.withUsage !== false });
  // "after" is what the daemon holds now, read back, not what was sent.
  for (const name of Object.keys(applied) as (keyof typeof applied)[]) {
    applied[name] = { before: applied[name]!.before, after: state.limits[name] ?? null };
  }
  return { ...state, changes: applied };
}

async function checkAgainstDaemon(target: LimitTarget, snapshot: InstanceSnapshot, changes: LimitChanges): Promise<void> {
  const needsHost = typeof changes.cpu === 'string';
  const host = needsHost ? await hostFacts(target, snapshot.instance.location) : undefined;
  requireValidFor(changes, { kind: daemonKind(target.row), hostCpus: host?.cpus });
}

