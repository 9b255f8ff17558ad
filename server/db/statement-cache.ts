import type { Database } from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * better-sqlite3 compiles a statement on every prepare(), and Kysely prepares every query it
 * runs: on the gateway's hot path (token and user lookups) compiling cost more than running.
 * This keeps the compiled statements of the most recent distinct SQL texts. Sharing one is safe:
 * Kysely's SQLite driver runs one query at a time on its single connection, and SQLite itself
 * recompiles a statement whose tables a migration changed.
 */
export function withStatementCache(database: Database, max = 256): SqliteDatabase {
  const db: SqliteDatabase = database;
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => db.close(),
    prepare(sql: string): SqliteStatement {
      let statement = cache.get(sql);
      if (statement) {
        cache.delete(sql); // most recently used goes last
      } else {
        statement = db.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
}
