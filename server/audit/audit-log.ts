import crypto from 'node:crypto';
import type { AuditRecord } from '@/lib/api-types';
import type { Db } from '../db/database';

export interface AuditEntry {
  username: string;
  role: string;
  daemon?: string | null;
  method: string;
  target: string;
  status: number;
  durationMs: number;
  detail?: Record<string, unknown>;
}

export interface AuditQuery {
  user?: string;
  /** A method (POST), or any part of the target path. */
  action?: string;
  daemon?: string;
  since?: number;
  limit?: number;
}

/** A record's details (names, changed keys) are small; a huge rejected value is kept only as a preview. */
export const MAX_DETAIL_BYTES = 4096;

function cappedDetail(detail: Record<string, unknown>): string {
  const text = JSON.stringify(detail);
  if (Buffer.byteLength(text) <= MAX_DETAIL_BYTES) return text;
  return JSON.stringify({ truncated: true, bytes: Buffer.byteLength(text), preview: text.slice(0, 1024) });
}

/** Every change through Hangar is recorded here; reads are not. */
export class AuditLog {
  constructor(private readonly db: Db) {}

  async record(entry: AuditEntry): Promise<void> {
    try {
      await this.db
        .insertInto('audit')
        .values({
          id: crypto.randomUUID(),
          at: Date.now(),
          username: entry.username,
          role: entry.role,
          daemon: entry.daemon ?? null,
          method: entry.method,
          target: entry.target,
          status: entry.status,
          duration_ms: Math.round(entry.durationMs),
          detail: entry.detail ? cappedDetail(entry.detail) : null,
        })
        .execute();
    } catch (error) {
      // An audit failure must be loud, but must not turn a change that happened into an error.
      console.error('[hangar] could not write audit record:', error);
    }
  }

  async query(q: AuditQuery): Promise<AuditRecord[]> {
    let query = this.db.selectFrom('audit').selectAll();
    if (q.user) query = query.where('username', '=', q.user);
    if (q.daemon) query = query.where('daemon', '=', q.daemon);
    if (q.action) query = query.where((eb) => eb.or([eb('method', '=', q.action!), eb('target', 'like', `%${q.action}%`)]));
    if (q.since !== undefined) query = query.where('at', '>=', q.since);
    const rows = await query
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.min(Math.max(q.limit ?? 100, 1), 10_000))
      .execute();
    return rows.map((row) => ({
      at: new Date(row.at).toISOString(),
      user: row.username,
      role: row.role,
      daemon: row.daemon,
      method: row.method,
      target: row.target,
      status: row.status,
      durationMs: row.duration_ms,
      ...(row.detail ? { detail: JSON.parse(row.detail) as Record<string, unknown> } : {}),
    }));
  }
}
