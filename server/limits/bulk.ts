import type { BulkLimitResult, LimitChanges, LimitTargetRef } from '@/lib/limits';
import { badRequest } from '../http/errors';
import type { RouteContext } from '../http/route';
import type { Services } from '../services';
import { applyLimits } from './apply';
import { errorBody } from './errors';
import { resolveTarget } from './target';
import { requireValidChanges } from './validate';

const MAX_TARGETS = 200;
/** How many instances are changed at once; daemons serialise their own writes anyway. */
const CONCURRENCY = 8;

/** Reads `targets: [{daemon, project, name}]` from a request body; 400 when malformed. */
export function parseTargets(input: unknown): LimitTargetRef[] {
  if (!Array.isArray(input) || input.length === 0) {
    throw badRequest('targets must be a non-empty array of {"daemon","project","name"}', 'invalid_targets');
  }
  if (input.length > MAX_TARGETS) throw badRequest(`at most ${MAX_TARGETS} targets at once`, 'invalid_targets');
  return input.map((t, i) => {
    const target = (t ?? {}) as Record<string, unknown>;
    const { daemon, project = 'default', name } = target;
    if (typeof daemon !== 'string' || !daemon || typeof name !== 'string' || !name || typeof project !== 'string') {
      throw badRequest(`targets[${i}] must be {"daemon","project","name"} with non-empty strings`, 'invalid_targets');
    }
    return { daemon, project: project || 'default', name };
  });
}

/**
 * Applies one (syntactically valid) change to many instances across daemons. Each instance is
 * applied atomically on its own; one failing (offline daemon, CPU its host lacks, conflict) does
 * not stop the others, and each gets its own result in the order given.
 */
export async function applyToMany(s: Services, targets: LimitTargetRef[], changes: LimitChanges): Promise<BulkLimitResult[]> {
  const results: BulkLimitResult[] = new Array(targets.length);
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const i = next++;
      results[i] = await applyOne(s, targets[i], changes);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, targets.length) }, worker));
  return results;
}

async function applyOne(s: Services, ref: LimitTargetRef, changes: LimitChanges): Promise<BulkLimitResult> {
  let resolved: { daemonId?: string; daemonName?: string } = {};
  try {
    const target = await resolveTarget(s, ref.daemon, ref.name, ref.project);
    resolved = { daemonId: target.row.id, daemonName: target.row.name };
    const applied = await applyLimits(target, changes, { withUsage: false });
    return { ...ref, ...resolved, ok: true, limits: applied.limits, changes: applied.changes };
  } catch (error) {
    return { ...ref, ...resolved, ok: false, error: errorBody(error) };
  }
}

type AuditHooks = Pick<RouteContext<unknown>, 'auditDaemon' | 'auditDetail'>;

/**
 * The bulk route and the preset route: checks the change (400 for the whole request when a value
 * is invalid anywhere), applies it to every target and records one audit entry with each result.
 */
export async function bulkApply(
  s: Services,
  audit: AuditHooks,
  input: { targets: unknown; limits: unknown; preset?: string },
): Promise<{ results: BulkLimitResult[] }> {
  audit.auditDetail({ ...(input.preset ? { preset: input.preset } : {}), requested: input.limits });
  const targets = parseTargets(input.targets);
  const changes = requireValidChanges(input.limits);
  const results = await applyToMany(s, targets, changes);
  const daemons = [...new Set(results.map((r) => r.daemonName ?? r.daemon))];
  audit.auditDaemon(daemons.join(', '));
  audit.auditDetail({
    results: results.map(({ daemonId, project, name, ok, changes: applied, error }) => ({
      daemonId,
      project,
      name,
      ok,
      ...(applied ? { changes: applied } : {}),
      ...(error ? { error: { message: error.message } } : {}),
    })),
  });
  return { results };
}
