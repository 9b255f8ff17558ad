import crypto from 'node:crypto';
import type { Db } from '../db/database';
import type { TokensTable } from '../db/schema';
import { hashToken, randomToken } from '../secrets';
import { label } from '../http/names';
import { badRequest, notFound } from '../http/errors';
import { changeAccess } from './principal-cache';

export type TokenRow = TokensTable;
export interface PublicToken {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

const TOKEN_PREFIX = 'hgr';
const MAX_EXPIRY_DAYS = 3650;
const LAST_USED_RESOLUTION_MS = 60_000;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function toPublicToken(row: TokenRow): PublicToken {
  return {
    id: row.id,
    name: row.name,
    createdAt: new Date(row.created_at).toISOString(),
    expiresAt: iso(row.expires_at),
    lastUsedAt: iso(row.last_used_at),
  };
}

/**
 * Personal access tokens: the secret is returned once, only its SHA-256 is stored. A token expires
 * after `expiresInDays`, else after the configured default (HANGAR_TOKEN_DAYS); one that never
 * expires must be asked for with `"never": true`.
 */
export class TokenStore {
  constructor(
    private readonly db: Db,
    private readonly defaultDays: number,
    private readonly onRevoke: (userId: string) => void = () => undefined,
  ) {}

  async create(userId: string, input: { name?: unknown; expiresInDays?: unknown; never?: unknown }) {
    const name = input.name === undefined ? 'api' : label(input.name);
    const expiresAt = expiry(input, this.defaultDays);
    const token = randomToken(TOKEN_PREFIX);
    const row: TokenRow = {
      id: crypto.randomUUID(),
      user_id: userId,
      name,
      token_hash: hashToken(token),
      created_at: Date.now(),
      expires_at: expiresAt,
      last_used_at: null,
      revoked_at: null,
    };
    await this.db.insertInto('tokens').values(row).execute();
    return { token, row };
  }

  /** The live token row for a presented secret, or undefined when unknown, revoked or expired; the use is noted by `used`. */
  async lookup(secret: string): Promise<TokenRow | undefined> {
    if (!secret.startsWith(`${TOKEN_PREFIX}_`)) return undefined;
    const row = await this.db
      .selectFrom('tokens')
      .selectAll()
      .where('token_hash', '=', hashToken(secret))
      .executeTakeFirst();
    return row && isLive(row) ? row : undefined;
  }

  /** Notes a use of the token (to the minute, so most calls write nothing); updates `row` too. */
  async used(row: TokenRow, now = Date.now()): Promise<void> {
    if (row.last_used_at !== null && now - row.last_used_at <= LAST_USED_RESOLUTION_MS) return;
    row.last_used_at = now;
    await this.db.updateTable('tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }

  /** Whether a token (by id) is still neither revoked nor expired. */
  async isLive(id: string): Promise<boolean> {
    const row = await this.db.selectFrom('tokens').select(['revoked_at', 'expires_at']).where('id', '=', id).executeTakeFirst();
    return row !== undefined && isLive(row);
  }

  listForUser(userId: string): Promise<TokenRow[]> {
    return this.db
      .selectFrom('tokens')
      .selectAll()
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .orderBy('created_at', 'desc')
      .execute();
  }

  async revoke(userId: string, id: string): Promise<void> {
    const result = await changeAccess(this.db, (trx) =>
      trx
        .updateTable('tokens')
        .set({ revoked_at: Date.now() })
        .where('id', '=', id)
        .where('user_id', '=', userId)
        .where('revoked_at', 'is', null)
        .executeTakeFirst(),
    );
    if (Number(result.numUpdatedRows) === 0) throw notFound(`no token "${id}"`);
    this.onRevoke(userId);
  }
}

/** Neither revoked nor expired (now). */
export function isLive(row: Pick<TokenRow, 'revoked_at' | 'expires_at'>, now = Date.now()): boolean {
  return row.revoked_at === null && (row.expires_at === null || row.expires_at > now);
}

/** When a new token expires (epoch ms), or null for `"never": true`. */
function expiry(input: { expiresInDays?: unknown; never?: unknown }, defaultDays: number, now = Date.now()): number | null {
  if (input.never !== undefined && typeof input.never !== 'boolean') throw badRequest('never must be true or false', 'invalid_expiry');
  const days = input.expiresInDays ?? null;
  if (input.never === true) {
    if (days !== null) throw badRequest('give either expiresInDays or "never": true, not both', 'invalid_expiry');
    return null;
  }
  if (days === null) return now + defaultDays * 86_400_000;
  if (typeof days !== 'number' || !Number.isFinite(days) || days <= 0 || days > MAX_EXPIRY_DAYS) {
    throw badRequest(`expiresInDays must be a number from 1 to ${MAX_EXPIRY_DAYS}; for a token that never expires send "never": true`, 'invalid_expiry');
  }
  return now + days * 86_400_000;
}
