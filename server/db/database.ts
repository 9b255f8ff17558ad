import fs from 'node:fs';
import path from 'node:path';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Dialect } from 'kysely';
import { withStatementCache } from './statement-cache';
import { migrationProvider } from './migrations';
import type { Database } from './schema';

export type Db = Kysely<Database>;

/** One code path for both stores: embedded SQLite by default, PostgreSQL when DATABASE_URL is set. */
export async function openDatabase(options: { dataDir: string; databaseUrl?: string }): Promise<Db> {
  const dialect = options.databaseUrl
    ? await postgresDialect(options.databaseUrl)
    : await sqliteDialect(options.dataDir);
  const db = new Kysely<Database>({ dialect });
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    await db.destroy();
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
  }
  return db;
}

async function sqliteDialect(dataDir: string): Promise<Dialect> {
  const { default: SQLite } = await import('better-sqlite3');
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, 'hangar.db');
  // Created 0600 before SQLite opens it, so it is never readable by others, not even for a moment.
  fs.closeSync(fs.openSync(/*turbopackIgnore: true*/ file, 'a', 0o600));
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  // SQLite gives new -wal/-shm files the database's mode, but ones left by an older Hangar or a
  // crash keep theirs: they hold recent rows too (password hashes, sealed keys).
  for (const name of [file, `${file}-wal`, `${file}-shm`]) {
    if (fs.existsSync(/*turbopackIgnore: true*/ name)) fs.chmodSync(/*turbopackIgnore: true*/ name, 0o600);
  }
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return new SqliteDialect({ database: withStatementCache(database) });
}

async function postgresDialect(connectionString: string): Promise<Dialect> {
  const { default: pg } = await import('pg');
  // int8 comes back as a string by default; our bigints are epoch milliseconds, safe as numbers.
  pg.types.setTypeParser(20, (value: string) => Number(value));
  return new PostgresDialect({ pool: new pg.Pool({ connectionString, max: 10 }) });
}
