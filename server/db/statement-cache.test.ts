import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { withStatementCache } from './statement-cache';

interface Schema {
  items: { id: number; name: string };
}

describe('withStatementCache', () => {
  const open: Kysely<Schema>[] = [];
  afterEach(async () => {
    for (const db of open.splice(0)) await db.destroy();
  });

  function setUp(max?: number) {
    const raw = new SQLite(':memory:');
    const prepare = vi.spyOn(raw, 'prepare');
    const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database: withStatementCache(raw, max) }) });
    open.push(db);
    return { db, prepare };
  }

  it('compiles a query once and reuses it with other parameters', async () => {
    const { db, prepare } = setUp();
    await db.schema.createTable('items').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('name', 'text').execute();
    await db.insertInto('items').values({ id: 1, name: 'one' }).execute();
    await db.insertInto('items').values({ id: 2, name: 'two' }).execute();
    prepare.mockClear();
    const byId = (id: number) => db.selectFrom('items').select('name').where('id', '=', id).executeTakeFirst();
    expect(await byId(1)).toEqual({ name: 'one' });
    expect(await byId(2)).toEqual({ name: 'two' });
    expect(await byId(3)).toBeUndefined();
    expect(prepare).toHaveBeenCalledTimes(1);
  });

  it('keeps only the most recently used statements', async () => {
    const { db, prepare } = setUp(2);
    const q = (n: number) => db.selectNoFrom((eb) => eb.val(n).as(`c${n}`)).executeTakeFirstOrThrow();
    await q(1);
    await q(2);
    await q(1); // touches 1: 2 is now the oldest
    await q(3); // evicts 2
    await q(1);
    expect(prepare).toHaveBeenCalledTimes(3);
    await q(2);
    expect(prepare).toHaveBeenCalledTimes(4);
  });

  it('sees a table a later statement created (the schema changed under a cached statement)', async () => {
    const { db } = setUp();
    await db.schema.createTable('items').addColumn('id', 'integer').addColumn('name', 'text').execute();
    const all = () => db.selectFrom('items').selectAll().execute();
    expect(await all()).toEqual([]);
    await db.schema.alterTable('items').addColumn('extra', 'text').execute();
    await db.insertInto('items').values({ id: 1, name: 'a' }).execute();
    expect(await all()).toEqual([{ id: 1, name: 'a', extra: null }]);
  });
});
