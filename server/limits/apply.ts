import { formatCpuSet, respellCpuLimit, type LimitChangeRecord, type LimitChanges, type LimitsApplied } from '@/lib/limits';
import { conflict } from '../http/errors';
import { hostFacts } from './host';
import { instancePut, mergeLimits } from './merge';
import { limitSources } from './sources';
import { readLimitsState } from './state';
import { daemonKind, instancePath, readInstance, readProfiles, type InstanceVersion, type LimitTarget } from './target';
import { requireValidFor } from './validate';

/** A write the daemon refused because the instance changed since it was read. */
const PRECONDITION_FAILED = 412;
const ATTEMPTS = 2;

export interface ApplyOptions {
  /** Read usage after applying (the PATCH answer does; bulk results don't need it). */
  withUsage?: boolean;
}

/**
 * Whether the daemon refused a write because someone else changed the instance at the same
 * moment: the ETag no longer matches (412), or another update of the instance was running (LXD and
 * Incus hold one update operation per instance: "Failed to create instance update operation: …").
 * Matched by status and message: the daemon's words are the only sign of the second case.
 */
function isConcurrentChange(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { status, message } = error as { status?: unknown; message?: unknown };
  if (status === PRECONDITION_FAILED) return true;
  return typeof message === 'string' && /instance update operation|is busy running/i.test(message);
}

const RETRY_DELAY_MS = 150;

/**
 * One change, written atomically: read the instance and its ETag, merge only the limit keys,
 * write the whole instance back with If-Match. When someone changed the instance in between, read
 * again and retry once, so their change survives; a second clash is a 409 and nothing is written
 * by this call.
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
      if (!isConcurrentChange(error)) throw error;
      if (attempt >= ATTEMPTS) {
        throw conflict(
          `${target.name} kept changing while Hangar applied its limits (changed by someone else twice); nothing was applied — read it again and retry`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS * (0.5 + Math.random())));
    }
  }
}

/**
 * How to write a change. One write, except when limits.cpu changes on a running instance: LXD
 * 5.0 and Incus 6.0 pin CPUs from a background task that reads the stored config and can run
 * before the write that woke it is stored, so the kernel keeps the previous CPUs (seen here on
 * both daemons, more often when other keys change too). So the CPU value is first written in
 * another spelling of the same value (or, to remove it, the value that will be in force after),
 * with the rest of the change, and then alone as asked: whichever config the task reads for the
 * second write pins the same CPUs.
 */
async function writePlan(target: LimitTarget, snapshot: InstanceVersion, changes: LimitChanges): Promise<LimitChanges[]> {
  const { instance } = snapshot;
  const cpu = changes.cpu;
  if (cpu === undefined || instance.status === 'Stopped' || (instance.config['limits.cpu'] ?? null) === cpu) return [changes];
  const interim = cpu === null ? await cpuAfterRemoval(target, snapshot) : cpu;
  return [{ ...changes, cpu: respellCpuLimit(interim) }, { cpu }];
}

/** What pins the CPUs once the instance's own limits.cpu is gone: a profile's, else all the host's. */
async function cpuAfterRemoval(target: LimitTarget, snapshot: InstanceVersion): Promise<string> {
  const [profiles, host] = await Promise.all([
    readProfiles(target, snapshot.instance.profiles ?? []),
    hostFacts(target, snapshot.instance.location),
  ]);
  const fromProfile = limitSources(snapshot.instance, profiles).inherited.cpu?.value;
  return fromProfile ?? formatCpuSet(host.cpus);
}

/** Adds a write's record to the request's: the first "before" and the last "after" of each limit. */
function accumulate(record: LimitChangeRecord, next: LimitChangeRecord): void {
  for (const [name, change] of Object.entries(next) as [keyof LimitChangeRecord, { before: string | null; after: string | null }][]) {
    const before = record[name] ? record[name]!.before : change.before;
    if (before === change.after) delete record[name];
    else record[name] = { before, after: change.after };
  }
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
  const steps = await writePlan(target, first, changes);
  for (const [i, step] of steps.entries()) {
    try {
      accumulate(record, await writeOnce(target, step));
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

async function checkAgainstDaemon(target: LimitTarget, snapshot: InstanceVersion, changes: LimitChanges): Promise<void> {
  const needsHost = typeof changes.cpu === 'string';
  const host = needsHost ? await hostFacts(target, snapshot.instance.location) : undefined;
  requireValidFor(changes, { kind: daemonKind(target.row), hostCpus: host?.cpus });
}
