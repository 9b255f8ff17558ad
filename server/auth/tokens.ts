import crypto from 'node:crypto';
import type { Db } from '../db/database';
import type { TokensTable } from '../db/schema';
import { hashToken, randomToken } from '../secrets';
import { label } from '../http/names';
import { badRequest, notFound } from '../http/errors';

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

/** Personal access tokens: the secret is returned once, only its SHA-256 is stored. */
export class TokenStore {
  constructor(private readonly db: Db) {}

  async create(userId: string, input: { name?: unknown; expiresInDays?: unknown }) {
    const name = input.name === undefined ? 'api' : label(input.name);
    let expiresAt: number | null = null;
    if (input.expiresInDays !== undefined && input.expiresInDays !== null) {
      const days = input.expiresInDays;
      if (typeof days !== 'number' || !Number.isFinite(days) || days <= 0 || days > MAX_EXPIRY_DAYS) {
        throw badRequest(`expiresInDays must be a number from 1 to ${MAX_EXPIRY_DAYS}`, 'invalid_expiry');
      }
      expiresAt = Date.now() + days * 86_400_000;
    }
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

  /** The live token row for a presented secret, or undefined when unknown, revoked or expired. */
  async verify(secret: string): Promise<TokenRow | undefined> {
    if (!secret.startsWith(`${TOKEN_PREFIX}_`)) return undefined;
    const row = await this.db
      .selectFrom('tokens')
      .selectAll()
      .where('token_hash', '=', hashToken(secret))
      .executeTakeFirst();
    const now = Date.now();
    if (!row || row.revoked_at !== null || (row.expires_at !== null && row.expires_at <= now)) return undefined;
    if (row.last_used_at === null || now - row.last_used_at > LAST_USED_RESOLUTION_MS) {
      await this.db.updateTable('tokens').set({ last_used_at: now }).where('id', '=', row.id).execute();
    }
    return row;
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
    const result = await this.db
      .updateTable('tokens')
      .set({ revoked_at: Date.now() })
      .where('id', '=', id)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw notFound(`no token "${id}"`);
  }
}
