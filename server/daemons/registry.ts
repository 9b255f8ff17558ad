import type { DaemonKind, DaemonView } from '@/lib/api-types';
import type { LxdClusterMember, LxdServer } from '@/lib/lxd-types';
import type { Db } from '../db/database';
import type { DaemonsTable } from '../db/schema';
import { badRequest, conflict, notFound } from '../http/errors';
import { LxdClient } from '../lxd/client';
import { LxdError } from '../lxd/errors';
import type { Secrets } from '../secrets';

export type DaemonRow = DaemonsTable;

const STATUS_TIMEOUT_MS = 4000;
const STATUS_CACHE_MS = 2000;
/**
 * A daemon's row is read on every gateway call; it is kept this long. Changes made through this
 * process drop it at once; one made by another replica shows within this time.
 */
const ROW_CACHE_MS = 1000;
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9 ._-]{0,63}$/;

export function validateDaemonName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw badRequest('name must be 1–64 letters, digits, spaces, ".", "_" or "-", starting with a letter or digit', 'invalid_name');
  }
}

/** The registered daemons, one pooled client each, and their live status. */
export class DaemonRegistry {
  private readonly clients = new Map<string, { version: number; client: LxdClient }>();
  private readonly statuses = new Map<string, { at: number; view: Promise<DaemonView> }>();
  private readonly rowCache = new Map<string, { at: number; row: DaemonRow }>();
  private readonly changeListeners = new Set<(daemonId: string) => void>();

  constructor(
    readonly db: Db,
    private readonly secrets: Secrets,
  ) {}

  /** Called with a daemon's id after it is added, renamed or removed (the live-event hub follows). */
  onChange(listener: (daemonId: string) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private changed(daemonId: string): void {
    this.rowCache.clear();
    for (const listener of this.changeListeners) listener(daemonId);
  }

  rows(): Promise<DaemonRow[]> {
    return this.db.selectFrom('daemons').selectAll().orderBy('name').execute();
  }

  /** A daemon by id or, failing that, by name; 404 when neither matches. */
  async row(idOrName: string): Promise<DaemonRow> {
    const cached = this.rowCache.get(idOrName);
    if (cached && Date.now() - cached.at < ROW_CACHE_MS) return cached.row;
    const row =
      (await this.db.selectFrom('daemons').selectAll().where('id', '=', idOrName).executeTakeFirst()) ??
      (await this.db.selectFrom('daemons').selectAll().where('name', '=', idOrName).executeTakeFirst());
    if (!row) throw notFound(`no daemon "${idOrName}"`);
    this.rowCache.set(idOrName, { at: Date.now(), row });
    return row;
  }

  /** The pooled client for a daemon; rebuilt only when its stored credentials change. */
  client(row: DaemonRow): LxdClient {
    const cached = this.clients.get(row.id);
    if (cached && cached.version === row.updated_at) return cached.client;
    cached?.client.close();
    const client = new LxdClient({
      url: row.url,
      serverCert: row.server_cert,
      fingerprint: row.fingerprint,
      clientCert: row.client_cert,
      clientKey: row.client_key ? this.secrets.decrypt(row.client_key, keyContext(row.id)) : null,
    });
    this.clients.set(row.id, { version: row.updated_at, client });
    return client;
  }

  async insert(row: DaemonRow, clientKeyPem: string | null): Promise<void> {
    await this.db
      .insertInto('daemons')
      .values({ ...row, client_key: clientKeyPem ? this.secrets.encrypt(clientKeyPem, keyContext(row.id)) : null })
      .execute();
    this.changed(row.id);
  }

  async nameTaken(name: string, exceptId?: string): Promise<boolean> {
    const row = await this.db.selectFrom('daemons').select('id').where('name', '=', name).executeTakeFirst();
    return row !== undefined && row.id !== exceptId;
  }

  async rename(idOrName: string, name: unknown): Promise<DaemonRow> {
    validateDaemonName(name);
    const row = await this.row(idOrName);
    if (await this.nameTaken(name, row.id)) throw conflict(`a daemon named "${name}" already exists`, 'daemon_exists');
    // updated_at is the client cache's version: a rename keeps the same credentials, so keep it.
    await this.db.updateTable('daemons').set({ name }).where('id', '=', row.id).execute();
    this.statuses.delete(row.id);
    this.changed(row.id);
    return { ...row, name };
  }

  /** Forgets a daemon: first removes Hangar's certificate from its trust store when it answers. */
  async remove(idOrName: string): Promise<{ row: DaemonRow; untrusted: boolean; warning?: string }> {
    const row = await this.row(idOrName);
    let untrusted = false;
    let warning: string | undefined;
    if (row.client_fingerprint) {
      try {
        await this.client(row).call('DELETE', `/1.0/certificates/${row.client_fingerprint}`, { timeoutMs: 5000 });
        untrusted = true;
      } catch (error) {
        warning = `could not remove Hangar's certificate from the daemon: ${(error as Error).message}`;
      }
    }
    await this.db.deleteFrom('daemons').where('id', '=', row.id).execute();
    this.clients.get(row.id)?.client.close();
    this.clients.delete(row.id);
    this.statuses.delete(row.id);
    this.changed(row.id);
    return { row, untrusted, warning };
  }

  /** Status of one daemon, asked of the daemon itself (cached for a moment so pages don't stampede it). */
  view(row: DaemonRow, fresh = false): Promise<DaemonView> {
    const cached = this.statuses.get(row.id);
    if (!fresh && cached && Date.now() - cached.at < STATUS_CACHE_MS) return cached.view;
    const view = this.checkStatus(row);
    this.statuses.set(row.id, { at: Date.now(), view });
    return view;
  }

  async views(): Promise<DaemonView[]> {
    return Promise.all((await this.rows()).map((row) => this.view(row)));
  }

  private async checkStatus(row: DaemonRow): Promise<DaemonView> {
    const base: DaemonView = {
      id: row.id,
      name: row.name,
      url: row.url,
      kind: row.kind as DaemonKind,
      version: row.version,
      clustered: row.clustered === 1,
      fingerprint: row.fingerprint ?? '',
      status: 'offline',
    };
    try {
      const client = this.client(row);
      const server = await client.get<LxdServer>('/1.0', STATUS_TIMEOUT_MS);
      if (server.auth !== 'trusted') {
        return { ...base, status: 'untrusted', error: "the daemon no longer trusts Hangar's client certificate" };
      }
      const view: DaemonView = {
        ...base,
        status: 'online',
        version: server.environment?.server_version ?? row.version,
        clustered: server.environment?.server_clustered ?? base.clustered,
      };
      if (view.version !== row.version || view.clustered !== base.clustered) {
        await this.db
          .updateTable('daemons')
          .set({ version: view.version, clustered: view.clustered ? 1 : 0 })
          .where('id', '=', row.id)
          .execute();
      }
      if (view.clustered) {
        const members = await client.get<LxdClusterMember[]>('/1.0/cluster/members?recursion=1', STATUS_TIMEOUT_MS);
        view.members = members.map((m) => ({ name: m.server_name, url: m.url, status: m.status }));
      }
      return view;
    } catch (error) {
      const message = error instanceof LxdError ? error.message : String(error);
      // A daemon that presents another certificate than the pinned one is refused, and says so.
      if (error instanceof LxdError && error.code === 'certificate_mismatch') return { ...base, status: 'untrusted', error: message };
      return { ...base, status: 'offline', error: message };
    }
  }

  closeAll(): void {
    for (const { client } of this.clients.values()) client.close();
    this.clients.clear();
  }
}

function keyContext(daemonId: string): string {
  return `daemon-client-key:${daemonId}`;
}
