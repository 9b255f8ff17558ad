import crypto from 'node:crypto';
import type { CreateShareInput, ShareScope, ShareView } from '@/lib/api/shares';
import type { DaemonRegistry } from '../daemons/registry';
import type { Db } from '../db/database';
import type { SharesTable } from '../db/schema';
import { badRequest, notFound } from '../http/errors';
import { label } from '../http/names';
import { hashToken } from '../secrets';
import type { ThrottleLimits } from '../auth/login-throttle';
import type { ShareRevocations } from './revocations';
import { parseScope } from './scope';

export type ShareRow = SharesTable;

const DAY_MS = 86_400_000;
export const DEFAULT_SHARE_DAYS = 30;
export const MAX_SHARE_DAYS = 366;
const LAST_USED_RESOLUTION_MS = 60_000;
/** Unknown share tokens one client address may present in a minute before it is refused for a while (openShare). */
export const UNKNOWN_SHARE_LIMITS: Partial<ThrottleLimits> = { perClient: 30, windowMs: 60_000 };
/** 32 random bytes, base64url: 256 bits, far beyond guessing. */
const TOKEN_BYTES = 32;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export type ShareLookup = { share: ShareRow } | { gone: 'unknown' | 'revoked' | 'expired' };

const iso = (ms: number) => new Date(ms).toISOString();

export function toShareView(row: ShareRow): ShareView {
  return {
    id: row.id,
    name: row.name,
    scope: shareScope(row),
    createdBy: row.created_by,
    createdAt: iso(row.created_at),
    expiresAt: iso(row.expires_at),
    lastUsedAt: row.last_used_at === null ? null : iso(row.last_used_at),
  };
}

export function shareScope(row: ShareRow): ShareScope {
  return JSON.parse(row.scope) as ShareScope;
}

export const shareUrl = (token: string) => `/share/${token}`;

/** Share links: the secret is returned once and only its SHA-256 is kept; revoking is immediate. */
export class ShareStore {
  constructor(
    private readonly db: Db,
    private readonly daemons: DaemonRegistry,
    private readonly revocations: ShareRevocations,
  ) {}

  async create(input: Partial<Record<keyof CreateShareInput, unknown>>, createdBy: string): Promise<{ row: ShareRow; token: string }> {
    const name = label(input.name);
    const scope = await parseScope(input.scope, this.daemons);
    const now = Date.now();
    const token = crypto.randomBytes(TOKEN_BYTES).toString('base64url');
    const row: ShareRow = {
      id: crypto.randomUUID(),
      name,
      token_hash: hashToken(token),
      scope: JSON.stringify(scope),
      created_by: createdBy,
      created_at: now,
      expires_at: parseExpiry(input.expiresAt, now),
      revoked_at: null,
      last_used_at: null,
    };
    await this.db.insertInto('shares').values(row).execute();
    return { row, token };
  }

  /** The links not revoked, newest first (expired ones too, so they can be seen and removed). */
  list(): Promise<ShareRow[]> {
    return this.db.selectFrom('shares').selectAll().where('revoked_at', 'is', null).orderBy('created_at', 'desc').execute();
  }

  async revoke(id: string): Promise<ShareRow> {
    const row = await this.db.selectFrom('shares').selectAll().where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    if (!row) throw notFound(`no share link "${id}"`);
    const revokedAt = Date.now();
    await this.db.updateTable('shares').set({ revoked_at: revokedAt }).where('id', '=', id).execute();
    this.revocations.announce(id);
    return { ...row, revoked_at: revokedAt };
  }

  /** The share a presented secret opens, or why it opens none. */
  async lookup(token: string, now = Date.now()): Promise<ShareLookup> {
    if (!TOKEN_SHAPE.test(token)) return { gone: 'unknown' };
    const row = await this.db.selectFrom('shares').selectAll().where('token_hash', '=', hashToken(token)).executeTakeFirst();
    if (!row) return { gone: 'unknown' };
    if (row.revoked_at !== null) return { gone: 'revoked' };
    if (row.expires_at <= now) return { gone: 'expired' };
    if (row.last_used_at === null || now - row.last_used_at > LAST_USED_RESOLUTION_MS) {
      await this.db.updateTable('shares').set({ last_used_at: now }).where('id', '=', row.id).execute();
    }
    return { share: row };
  }
}

function parseExpiry(value: unknown, now: number): number {
  if (value === undefined || value === null) return now + DEFAULT_SHARE_DAYS * DAY_MS;
  const at = typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(at)) throw badRequest('expiresAt must be an ISO 8601 date and time', 'invalid_expiry');
  if (at <= now) throw badRequest('expiresAt must be in the future', 'invalid_expiry');
  if (at > now + MAX_SHARE_DAYS * DAY_MS) {
    throw badRequest(`expiresAt may be at most ${MAX_SHARE_DAYS} days away`, 'invalid_expiry');
  }
  return at;
}
