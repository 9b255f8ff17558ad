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
  const database = new SQLite(file);
  fs.chmodSync(file, 0o600);
  database.pragma('journal_mode = WAL');
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
