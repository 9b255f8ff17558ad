import type { Kysely, Migration, MigrationProvider } from 'kysely';

/**
 * Migrations live in code (not scanned from a folder) so the bundled server and Next's route
 * bundles carry them. Only portable column types: text, integer, bigint.
 */
const migrations: Record<string, Migration> = {
  '001_initial': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('username', 'text', (c) => c.notNull().unique())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addColumn('sessions_valid_after', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();

      await db.schema
        .createTable('tokens')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint')
        .addColumn('last_used_at', 'bigint')
        .addColumn('revoked_at', 'bigint')
        .execute();

      await db.schema
        .createTable('daemons')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('version', 'text', (c) => c.notNull())
        .addColumn('clustered', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('fingerprint', 'text')
        .addColumn('server_cert', 'text')
        .addColumn('client_cert', 'text')
        .addColumn('client_key', 'text')
        .addColumn('client_fingerprint', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('audit')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('daemon', 'text')
        .addColumn('method', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addColumn('detail', 'text')
        .execute();
      await db.schema.createIndex('audit_at').on('audit').column('at').execute();
    },
  },
  '002_limit_presets': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('limit_presets')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        // JSON object of limit values by API name, e.g. {"cpu":"1","memory":"256MB"}.
        .addColumn('limits', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      // Three starting points an admin may change or delete.
      const now = Date.now();
      const seed = [
        ['small', 'One CPU, 256 MB, 200 processes', { cpu: '1', memory: '256MB', processes: '200' }],
        ['medium', 'One CPU, 1 GB, 1000 processes', { cpu: '1', memory: '1GB', processes: '1000' }],
        ['large', 'Two CPUs, 4 GB, 5000 processes', { cpu: '2', memory: '4GB', processes: '5000' }],
      ] as const;
      await (db as Kysely<Record<string, Record<string, unknown>>>)
        .insertInto('limit_presets')
        .values(
          seed.map(([name, description, limits]) => ({
            name,
            description,
            limits: JSON.stringify(limits),
            created_by: 'hangar',
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
