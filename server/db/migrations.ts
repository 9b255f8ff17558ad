import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

/**
 * Migrations live in code (not scanned from a folder) so the bundled server carries them. Only portable column types: text, integer, bigint.
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
  '003_shares_and_sso': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('shares')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        // SHA-256 of the link's secret; the secret itself is shown once and never stored.
        .addColumn('token_hash', 'text', (c) => c.notNull().unique())
        // JSON: {"daemon"?,"project"?,"instances"?:[{"daemon","project","name"}]}, daemons by id.
        .addColumn('scope', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('revoked_at', 'bigint')
        .addColumn('last_used_at', 'bigint')
        .execute();

      // Which Hangar user a single sign-on identity (issuer + subject) logs in as.
      await db.schema
        .createTable('oidc_identities')
        .addColumn('issuer', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('oidc_identities_pk', ['issuer', 'subject'])
        .execute();
    },
  },
  '004_usage_history': {
    async up(db: Kysely<unknown>) {
      // Usage of running instances over time (server/history): raw samples for the last hour,
      // one-minute averages up to a day. Rates and gauges, not counters, so averaging is right.
      await db.schema
        .createTable('usage_samples')
        .addColumn('daemon_id', 'text', (c) => c.notNull())
        .addColumn('project', 'text', (c) => c.notNull())
        .addColumn('instance', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('span_s', 'integer', (c) => c.notNull())
        .addColumn('cpu_millicores', 'integer')
        .addColumn('memory_bytes', 'bigint')
        .addColumn('processes', 'integer')
        .addColumn('net_rx_bps', 'bigint')
        .addColumn('net_tx_bps', 'bigint')
        .addColumn('disk_bytes', 'bigint')
        .execute();
      await db.schema
        .createIndex('usage_samples_instance_at')
        .on('usage_samples')
        .columns(['daemon_id', 'project', 'instance', 'at'])
        .execute();
      await db.schema.createIndex('usage_samples_at').on('usage_samples').column('at').execute();

      // Which replica does a once-per-deployment job (the usage sampler), until when.
      await db.schema
        .createTable('leases')
        .addColumn('name', 'text', (c) => c.primaryKey())
        .addColumn('holder', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '005_lease_rounds': {
    async up(db: Kysely<unknown>) {
      // A replica taking over a handed-back lease must not redo the round its predecessor did.
      await db.schema.alterTable('leases').addColumn('taken_at', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
    },
  },
  '006_sessions_and_audit_actions': {
    async up(db: Kysely<unknown>) {
      // Browser sessions live here so that logging out ends a copied cookie too (server/auth/sessions.ts).
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('ended_at', 'bigint')
        .execute();
      await db.schema.createIndex('sessions_created_at').on('sessions').column('created_at').execute();
      // What an audited change did (server/audit/actions.ts): e.g. instance.stop, and on which instance.
      await db.schema.alterTable('audit').addColumn('action', 'text').execute();
      await db.schema.alterTable('audit').addColumn('instance', 'text').execute();
      await db.schema.alterTable('audit').addColumn('details', 'text').execute();
      await db.schema.createIndex('audit_action_at').on('audit').columns(['action', 'at']).execute();
      },
    },
  '007_tasks': {
    async up(db: Kysely<unknown>) {
      // Hangar's own long work (server/tasks): copies, moves, image copies. `runner` is the
      // process that claimed the task; its heartbeat tells the others whether it still lives.
      await db.schema
        .createTable('tasks')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('percent', 'integer')
        .addColumn('bytes', 'bigint')
        .addColumn('rate', 'bigint')
        .addColumn('username', 'text', (c) => c.notNull())
        .addColumn('source', 'text')
        .addColumn('target', 'text')
        .addColumn('error', 'text')
        .addColumn('result', 'text')
        .addColumn('runner', 'text')
        .addColumn('heartbeat_at', 'bigint', (c) => c.notNull())
        .addColumn('cancel_requested', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('ended_at', 'bigint')
        .execute();
      await db.schema.createIndex('tasks_state').on('tasks').columns(['state', 'started_at']).execute();
    },
  },
  '008_image_servers': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('image_servers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull().unique())
        .addColumn('url', 'text', (c) => c.notNull())
        .addColumn('protocol', 'text', (c) => c.notNull())
        .addColumn('certificate', 'text')
        .addColumn('daemon_id', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
    },
  },
  '009_task_undo': {
    async up(db: Kysely<unknown>) {
      // Undo steps of a running task, recorded before each step they undo (server/tasks/runner.ts).
      await db.schema.alterTable('tasks').addColumn('undo', 'text').execute();
    },
  },
  '010_auth_generation': {
    async up(db: Kysely<unknown>) {
      // One counter, raised in the same transaction as every change that can end or shrink
      // someone's access: each replica's cache of who a credential is (server/auth/principal-cache.ts)
      // is good only while it reads the same value.
      await db.schema
        .createTable('auth_state')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('generation', 'bigint', (c) => c.notNull())
        .execute();
      await sql`insert into auth_state (id, generation) values (1, 0)`.execute(db);
    },
  },
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
