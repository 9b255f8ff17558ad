import type { Transaction } from 'kysely';
import type { Db } from '../db/database';
import type { Database } from '../db/schema';

/**
 * Runs a change that can end or shrink someone's access (a user disabled, deleted, given another
 * role or password, a session ended, a token revoked) and raises the auth generation in the same
 * transaction, so that no replica's PrincipalCache can serve what the change ended.
 */
export function changeAccess<T>(db: Db, change: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    const result = await change(trx);
    await trx
      .updateTable('auth_state')
      .set((eb) => ({ generation: eb('generation', '+', 1) }))
      .where('id', '=', 1)
      .execute();
    return result;
  });
}

/**
 * What a credential was found to be (its token row, its user), kept between requests so the
 * gateway and API do not read the same rows on every call. Each entry is tagged with the auth
 * generation read before its rows were; a request first reads the generation (one row by its key,
 * on whichever replica) and uses an entry only when it is unchanged. Every change that can end
 * access raises it in its own transaction (changeAccess), so the next request after one, on any
 * replica sharing the database, reloads: revocation still takes effect at once. Expiry and
 * session timeouts are time checks made on every request, not cached. At most `max` entries are
 * kept, the least recently used dropped first.
 */
export class PrincipalCache {
  private readonly entries = new Map<string, { generation: number; value: unknown }>();
  private readonly read;

  constructor(
    db: Db,
    private readonly max = 10_000,
  ) {
    // Built once: the query is the same on every request.
    const query = db.selectFrom('auth_state').select('generation').where('id', '=', 1).compile();
    this.read = async () => {
      const { rows } = await db.executeQuery(query);
      return Number(rows[0]?.generation ?? Number.NaN);
    };
  }

  /** The generation now; read before looking anything up, and passed to get and set. */
  generation(): Promise<number> {
    return this.read();
  }

  get<T>(key: string, generation: number): T | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.generation !== generation) return undefined;
    // Most recently used goes last: the bound drops the least recently used.
    this.entries.set(key, entry);
    return entry.value as T;
  }

  set(key: string, generation: number, value: unknown): void {
    // NaN (no row) never equals itself: nothing is kept then.
    if (Number.isNaN(generation)) return;
    if (this.entries.size >= this.max && !this.entries.has(key)) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { generation, value });
  }
}
