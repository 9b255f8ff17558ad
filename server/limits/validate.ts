import { checkLimit, parseLimitChanges, type LimitChanges, type LimitContext, type LimitIssue, type LimitName } from '@/lib/limits';
import type { ApiErrorBody } from '@/lib/api-types';
import { ApiError } from '../http/errors';

/** 400 `invalid_limit`, naming the (first) field; every problem found is listed in `issues`. */
export class LimitValidationError extends ApiError {
  constructor(readonly issues: LimitIssue[]) {
    super(400, 'invalid_limit', issues[0].message);
  }

  override toBody(): ApiErrorBody & { error: { field: string; issues?: LimitIssue[] } } {
    const { error } = super.toBody();
    return { error: { ...error, field: this.issues[0].field, ...(this.issues.length > 1 ? { issues: this.issues } : {}) } };
  }
}

/** Reads a change from a request body; throws before anything reaches a daemon. */
export function requireValidChanges(input: unknown, ctx: LimitContext = {}): LimitChanges {
  const { changes, issues } = parseLimitChanges(input, ctx);
  if (issues.length > 0) throw new LimitValidationError(issues);
  return changes;
}

/** Checks an already parsed change again with more known (the daemon's kind, the host's CPUs). */
export function requireValidFor(changes: LimitChanges, ctx: LimitContext): void {
  const issues = (Object.entries(changes) as [LimitName, string | null][])
    .filter(([, value]) => value !== null)
    .map(([name, value]) => checkLimit(name, value!, ctx))
    .filter((issue): issue is LimitIssue => issue !== null);
  if (issues.length > 0) throw new LimitValidationError(issues);
}
