import crypto from 'node:crypto';
import type { Db } from '../db/database';
import { changeAccess } from './principal-cache';
import { SESSION_MAX_AGE_S } from './session-timeouts';

/**
 * Browser sessions on the server: the signed cookie names a row here, and a session whose row is
 * ended (logged out) or gone is refused, so a copied cookie stops working at once.
 */
export class SessionStore {
  constructor(
    private readonly db: Db,
    private readonly onEnd: (userId: string) => void,
  ) {}

  async start(userId: string, now = Date.now()): Promise<string> {
    const id = crypto.randomUUID();
    await this.db.insertInto('sessions').values({ id, user_id: userId, created_at: now, ended_at: null }).execute();
    // Rows past the absolute lifetime can never be used again.
    await this.db.deleteFrom('sessions').where('created_at', '<', now - 2 * SESSION_MAX_AGE_S * 1000).execute();
    return id;
  }

  async isLive(id: string): Promise<boolean> {
    const row = await this.db.selectFrom('sessions').select('ended_at').where('id', '=', id).executeTakeFirst();
    return row !== undefined && row.ended_at === null;
  }

  /** Logs one session out. */
  async end(id: string): Promise<void> {
    const row = await this.db.selectFrom('sessions').select('user_id').where('id', '=', id).executeTakeFirst();
    await changeAccess(this.db, (trx) => trx.updateTable('sessions').set({ ended_at: Date.now() }).where('id', '=', id).where('ended_at', 'is', null).execute());
    if (row) this.onEnd(row.user_id);
  }
}
