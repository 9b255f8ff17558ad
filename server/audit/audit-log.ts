import crypto from 'node:crypto';
import type { AuditRecord } from '@/lib/api-types';
import type { Db } from '../db/database';
import { ApiError } from '../http/errors';
import { capDetails, type AuditAction } from './actions';

export interface AuditEntry {
  username: string;
  role: string;
  daemon?: string | null;
  method: string;
  target: string;
  status: number;
  durationMs: number;
  detail?: Record<string, unknown>;
  /** What was done (actions.ts); required of new callers in practice, optional for old ones. */
  action?: string;
  instance?: string;
  details?: Record<string, unknown>;
}

/** A change about to be made: recorded first (status 0), its outcome filled in by `finish`. */
export type AuditStart = Omit<AuditEntry, 'status' | 'durationMs' | 'action'> & AuditAction;

export interface AuditOutcome {
  status: number;
  durationMs: number;
  daemon?: string | null;
  detail?: Record<string, unknown>;
  details?: Record<string, unknown>;
  /** A more precise action than the path gave (e.g. instance.move for a copy with "move": true). */
  action?: string;
}

export interface AuditQuery {
  user?: string;
  /** An action (instance.stop) or its noun (instance); for older callers also a method (POST) or any part of the target path. */
  action?: string;
  daemon?: string;
  since?: number;
  limit?: number;
}

/** Refusal when the record of a change cannot be written: the change is not made (fail closed). */
export const auditUnavailable = () =>
  new ApiError(503, 'audit_unavailable', 'The audit log could not be written, so nothing was changed. Try again later.');

const detailsJson = (details: Record<string, unknown> | undefined) => {
  const capped = capDetails(details);
  return capped ? JSON.stringify(capped) : null;
};

/** Every change through Hangar is recorded here; reads are not. */
export class AuditLog {
  constructor(private readonly db: Db) {}

  /**
   * Records a change before it is made; throws `audit_unavailable` (503) when the record cannot
   * be written, and the caller must then not make the change. Returns the record's id for `finish`.
   */
  async begin(entry: AuditStart): Promise<string> {
    const id = crypto.randomUUID();
    try {
      await this.db.insertInto('audit').values(this.row(id, { ...entry, status: 0, durationMs: 0 })).execute();
    } catch (error) {
      console.error('[hangar] could not write audit record; the change is refused:', error);
      throw auditUnavailable();
    }
    return id;
  }

  /** Fills in how a begun change ended. The change has happened: a failure here is logged, loudly. */
  async finish(id: string, outcome: AuditOutcome): Promise<void> {
    try {
      await this.db
        .updateTable('audit')
        .set({
          status: outcome.status,
          duration_ms: Math.round(outcome.durationMs),
          ...(outcome.daemon ? { daemon: outcome.daemon } : {}),
          ...(outcome.action ? { action: outcome.action } : {}),
          ...(outcome.detail ? { detail: JSON.stringify(outcome.detail) } : {}),
          ...(outcome.details ? { details: detailsJson(outcome.details) } : {}),
        })
        .where('id', '=', id)
        .execute();
    } catch (error) {
      console.error('[hangar] could not write the outcome of an audited change:', error);
    }
  }

  /** Records something that has already happened (a login, a terminal closing); a failure is logged. */
  async record(entry: AuditEntry): Promise<void> {
    try {
      await this.db.insertInto('audit').values(this.row(crypto.randomUUID(), entry)).execute();
    } catch (error) {
      console.error('[hangar] could not write audit record:', error);
    }
  }

  private row(id: string, entry: AuditEntry) {
    return {
      id,
      at: Date.now(),
      username: entry.username,
      role: entry.role,
      daemon: entry.daemon ?? null,
      method: entry.method,
      target: entry.target,
      status: entry.status,
      duration_ms: Math.round(entry.durationMs),
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
      action: entry.action ?? null,
      instance: entry.instance ?? null,
      details: detailsJson(entry.details),
    };
  }

  async query(q: AuditQuery): Promise<AuditRecord[]> {
    let query = this.db.selectFrom('audit').selectAll();
    if (q.user) query = query.where('username', '=', q.user);
    if (q.daemon) query = query.where('daemon', '=', q.daemon);
    const action = q.action;
    if (action) {
      query = query.where((eb) =>
        eb.or([
          eb('action', '=', action),
          eb('action', 'like', `${action.replace(/[%_\\]/g, '')}.%`),
          eb('method', '=', action),
          eb('target', 'like', `%${action}%`),
        ]),
      );
    }
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
      action: row.action,
      instance: row.instance,
      ...(row.details ? { details: JSON.parse(row.details) as Record<string, unknown> } : {}),
      ...(row.detail ? { detail: JSON.parse(row.detail) as Record<string, unknown> } : {}),
    }));
  }
}
