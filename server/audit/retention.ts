import type { Db } from '../db/database';
import type { Services } from '../services';

const DAY_MS = 86_400_000;
const PRUNE_EVERY_MS = 60 * 60_000;

/** Deletes audit records older than `days`; returns how many went. 0 days keeps everything. */
export async function pruneAudit(db: Db, days: number, now = Date.now()): Promise<number> {
  if (days <= 0) return 0;
  const result = await db.deleteFrom('audit').where('at', '<', now - days * DAY_MS).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Applies HANGAR_AUDIT_RETENTION_DAYS at start and then hourly, for the life of the process. */
export function startAuditRetention(s: Services): void {
  const days = s.config.auditRetentionDays;
  if (days <= 0) return;
  const prune = () =>
    pruneAudit(s.db, days).then(
      (n) => n > 0 && console.log(`[hangar] audit retention: removed ${n} records older than ${days} days`),
      (error: unknown) => console.error('[hangar] audit retention failed:', error),
    );
  void prune();
  setInterval(prune, PRUNE_EVERY_MS).unref();
}
