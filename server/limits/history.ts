import type { LimitChangeRecord, LimitHistoryEntry } from '@/lib/limits';
import type { Db } from '../db/database';

/** What the limits routes put in their audit records (see the routes under app/api/v1). */
export interface SingleChangeDetail {
  daemonId: string;
  project: string;
  instance: string;
  requested?: Record<string, unknown>;
  changes?: LimitChangeRecord;
  error?: string;
}

export interface BulkChangeDetail {
  preset?: string;
  requested?: Record<string, unknown>;
  results?: {
    daemonId?: string;
    project: string;
    name: string;
    ok: boolean;
    changes?: LimitChangeRecord;
    error?: { message: string };
  }[];
}

const SCAN_ROWS = 1000;

/**
 * The limit changes of one instance, newest first, read back from the audit log: its own PATCHes
 * (accepted or refused) and the bulk and preset applies that reached it.
 */
export async function limitHistory(
  db: Db,
  ref: { daemonId: string; project: string; name: string },
  limit = 50,
): Promise<LimitHistoryEntry[]> {
  const rows = await db
    .selectFrom('audit')
    .select(['at', 'username', 'status', 'target', 'detail'])
    .where('target', 'like', '/api/v1/%limits%')
    .where('method', 'in', ['PATCH', 'POST'])
    // A cheap pre-filter; the exact match is made on the parsed detail below.
    .where('detail', 'like', `%${JSON.stringify(ref.name)}%`)
    .orderBy('at', 'desc')
    .limit(SCAN_ROWS)
    .execute();
  const entries: LimitHistoryEntry[] = [];
  for (const row of rows) {
    const entry = toEntry(row, ref);
    if (entry) entries.push(entry);
    if (entries.length >= limit) break;
  }
  return entries;
}

function toEntry(
  row: { at: number; username: string; status: number; target: string; detail: string | null },
  ref: { daemonId: string; project: string; name: string },
): LimitHistoryEntry | null {
  let detail: SingleChangeDetail & BulkChangeDetail;
  try {
    detail = JSON.parse(row.detail ?? '{}');
  } catch {
    return null;
  }
  const base = { at: new Date(Number(row.at)).toISOString(), user: row.username };
  if (detail.instance !== undefined) {
    if (detail.daemonId !== ref.daemonId || detail.instance !== ref.name || detail.project !== ref.project) return null;
    return {
      ...base,
      status: row.status,
      via: 'instance',
      requested: detail.requested,
      changes: detail.changes,
      ...(detail.error ? { error: detail.error } : {}),
    };
  }
  const result = detail.results?.find((r) => r.daemonId === ref.daemonId && r.name === ref.name && r.project === ref.project);
  if (!result) return null;
  return {
    ...base,
    // The request as a whole may be 200 while this instance's part failed.
    status: result.ok ? row.status : 400,
    via: detail.preset ? 'preset' : 'bulk',
    ...(detail.preset ? { preset: detail.preset } : {}),
    requested: detail.requested,
    changes: result.changes,
    ...(result.error ? { error: result.error.message } : {}),
  };
}
