import type { Db } from '../db/database';

/**
 * A named lease in the database, so that a job meant to run once per deployment runs in one
 * replica when several share PostgreSQL: whoever holds an unexpired lease keeps it by renewing;
 * anyone may take it once it has expired (its holder stopped or died). Each grant is for a
 * moment (a round of the job), and no moment is granted twice: a replica whose timer fires a
 * little after its predecessor handed the lease back does not redo that round. Plain SQL, so
 * SQLite (several processes on one data dir) behaves the same.
 */
export class Lease {
  constructor(
    private readonly db: Db,
    readonly name: string,
  ) {}

  /** Takes or renews the lease for `holder` for the moment `now`, until now + ttlMs; true when granted. */
  async acquire(holder: string, ttlMs: number, now = Date.now()): Promise<boolean> {
    await this.db
      .insertInto('leases')
      .values({ name: this.name, holder, expires_at: now + ttlMs, taken_at: now - 1 })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    // One conditional UPDATE: the database serialises competing replicas on the row.
    const result = await this.db
      .updateTable('leases')
      .set({ holder, expires_at: now + ttlMs, taken_at: now })
      .where('name', '=', this.name)
      .where('taken_at', '<', now)
      .where((eb) => eb.or([eb('holder', '=', holder), eb('expires_at', '<', now)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Gives the lease up at once (on shutdown) so another replica need not wait for it to expire. */
  async release(holder: string): Promise<void> {
    // Expired rather than deleted: the row keeps the last moment granted.
    await this.db.updateTable('leases').set({ expires_at: 0 }).where('name', '=', this.name).where('holder', '=', holder).execute();
  }
}
