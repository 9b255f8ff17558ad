import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DaemonView } from '@/lib/api-types';
import { Api, registerLab, startHangar, type Hangar } from '../support/hangar';
import { startPostgres, type Postgres } from '../support/postgres';

/** The same code on PostgreSQL: DATABASE_URL moves every piece of state there. */
describe('Hangar on PostgreSQL', () => {
  let pg: Postgres;
  let hangar: Hangar | undefined;
  const secret = crypto.randomBytes(24).toString('hex');

  beforeAll(async () => {
    pg = await startPostgres();
  });
  afterAll(async () => {
    await hangar?.stop();
    pg?.stop();
  });

  it('keeps users, tokens, daemons with their encrypted keys, and audit in PostgreSQL', async () => {
    const env = { DATABASE_URL: pg.url, HANGAR_SECRET: secret };
    hangar = await startHangar({ env });
    let api = await Api.login(hangar.url);
    const { alpha } = await registerLab(api, ['alpha']);
    await api.json('POST', '/api/v1/users', { username: 'pg-viewer', password: 'password-123', role: 'viewer' }, [201]);
    const created = await api.json<{ token: string }>('POST', '/api/v1/tokens', { name: 'pg' }, [201]);

    // A second Hangar on a new, empty data dir shares everything through PostgreSQL.
    await hangar.stop();
    hangar = await startHangar({ env });
    expect(hangar.log()).not.toContain('created admin user');
    api = new Api(hangar.url, created.token);
    const daemons = await api.json<DaemonView[]>('GET', '/api/v1/daemons');
    expect(daemons.find((d) => d.id === alpha.id)).toMatchObject({ status: 'online', kind: 'lxd' });
    const server = await api.json<{ metadata: { auth: string } }>('GET', `/api/v1/daemons/${alpha.id}/lxd/1.0`);
    expect(server.metadata.auth).toBe('trusted');
    const viewer = await Api.login(hangar.url, 'pg-viewer', 'password-123');
    expect(await viewer.json('GET', '/api/v1/me')).toEqual({ username: 'pg-viewer', role: 'viewer' });
    const audit = await api.json<{ target: string; status: number }[]>('GET', '/api/v1/audit?action=/api/v1/users');
    expect(audit.some((r) => r.status === 201)).toBe(true);
    await api.json('DELETE', `/api/v1/daemons/${alpha.id}`);
  });
});
