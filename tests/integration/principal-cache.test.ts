import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Api, sessionCookie, startHangar, USER_PASSWORD, type Hangar } from '../support/hangar';
import { uniqueName } from '../support/lab';
import { startPostgres, type Postgres } from '../support/postgres';
import { rawRequest } from '../support/raw-http';

/**
 * Who a credential is, is kept between requests (server/auth/principal-cache.ts) while the
 * database's auth generation stands. Each case warms that cache with two calls first, then
 * changes access and expects the very next call to see it: on the same replica, and on another
 * replica sharing the PostgreSQL database, which heard of the change only through the database.
 */

type Me = { username: string; role: string };

/** Warm: the same credential answered twice (the second from the cache). */
async function warm(call: () => Promise<Response>): Promise<void> {
  for (let i = 0; i < 2; i++) expect((await call()).status).toBe(200);
}

describe('cached principals, one replica', () => {
  const url = inject('hangarUrl');
  const { alpha } = inject('daemons');
  let admin: Api;
  const made: string[] = [];
  const user = async (role: 'viewer' | 'operator' | 'admin') => {
    const username = uniqueName('pc');
    await admin.json('POST', '/api/v1/users', { username, password: USER_PASSWORD, role }, [201]);
    made.push(username);
    return { username, api: await Api.login(url, username, USER_PASSWORD) };
  };
  const gateway = (api: Api) => api.request('GET', `/api/v1/daemons/${alpha}/lxd/1.0`);

  beforeAll(async () => {
    admin = await Api.login(url);
  });
  afterAll(async () => {
    for (const username of made) await admin.request('DELETE', `/api/v1/users/${username}`);
  });

  it('a revoked token is refused on the next call, through the gateway and the API', async () => {
    const { api } = await user('operator');
    await warm(() => gateway(api));
    await warm(() => api.request('GET', '/api/v1/me'));
    const [token] = await api.json<{ id: string }[]>('GET', '/api/v1/tokens');
    await api.json('DELETE', `/api/v1/tokens/${token.id}`, undefined, [200, 204]);
    expect((await gateway(api)).status).toBe(401);
    expect((await api.request('GET', '/api/v1/me')).status).toBe(401);
  });

  it('a disabled user is refused on the next call', async () => {
    const { username, api } = await user('operator');
    await warm(() => gateway(api));
    await admin.json('PATCH', `/api/v1/users/${username}`, { disabled: true });
    expect((await gateway(api)).status).toBe(401);
  });

  it('a changed role applies from the next call: an admin made viewer loses the admin reads at once', async () => {
    const { username, api } = await user('admin');
    await warm(() => api.request('GET', '/api/v1/users'));
    await warm(() => gateway(api));
    await admin.json('PATCH', `/api/v1/users/${username}`, { role: 'viewer' });
    expect((await api.request('GET', '/api/v1/users')).status).toBe(403);
    expect((await api.json<Me>('GET', '/api/v1/me')).role).toBe('viewer');
    // The gateway's answer follows the role too: a viewer may not change the daemon's config.
    expect((await api.request('PATCH', `/api/v1/daemons/${alpha}/lxd/1.0`, { config: {} })).status).toBe(403);
  });

  it('a session ended by "log out everywhere" is refused on the next call', async () => {
    const { username } = await user('viewer');
    const cookie = await sessionCookie(url, username, USER_PASSWORD);
    await warm(async () => new Response(null, { status: (await rawRequest(url, 'GET', '/api/v1/me', { cookie })).status }));
    await admin.json('PATCH', `/api/v1/users/${username}`, { password: 'another-password-3' });
    expect((await rawRequest(url, 'GET', '/api/v1/me', { cookie })).status).toBe(401);
  });

  it('a session cookie kept from the gateway is refused on the next call after logout, and after disable', async () => {
    const cookieGateway = (cookie: string) => rawRequest(url, 'GET', `/api/v1/daemons/${alpha}/lxd/1.0`, { cookie });
    const { username } = await user('operator');
    const loggedOut = await sessionCookie(url, username, USER_PASSWORD);
    const disabled = await sessionCookie(url, username, USER_PASSWORD);
    for (const cookie of [loggedOut, disabled]) {
      await warm(async () => new Response(null, { status: (await cookieGateway(cookie)).status }));
    }
    // Logged out the way the console does (next-auth's sign-out form): that session only ends.
    const csrf = await fetch(`${url}/api/auth/csrf`, { headers: { cookie: loggedOut } });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const signOut = await fetch(`${url}/api/auth/signout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loggedOut },
      body: new URLSearchParams({ csrfToken, callbackUrl: '/login', json: 'true' }),
    });
    expect(signOut.status).toBe(200);
    expect((await cookieGateway(loggedOut)).status).toBe(401);
    expect((await cookieGateway(disabled)).status).toBe(200);
    await admin.json('PATCH', `/api/v1/users/${username}`, { disabled: true });
    expect((await cookieGateway(disabled)).status).toBe(401);
  });
});

describe('cached principals, two replicas on PostgreSQL', () => {
  let pg: Postgres;
  const replicas: Hangar[] = [];
  let adminA: Api;

  beforeAll(async () => {
    pg = await startPostgres();
    const env = { DATABASE_URL: pg.url, HANGAR_SECRET: crypto.randomBytes(24).toString('hex') };
    replicas.push(await startHangar({ env }), await startHangar({ env }));
    adminA = await Api.login(replicas[0].url);
  }, 180_000);
  afterAll(async () => {
    for (const r of replicas) await r.stop();
    pg?.stop();
  });

  /** A user made on replica A, with a token that replica B has already answered twice. */
  const warmOnB = async (role: 'operator' | 'admin') => {
    const username = uniqueName('pcpg');
    await adminA.json('POST', '/api/v1/users', { username, password: USER_PASSWORD, role }, [201]);
    const onA = await Api.login(replicas[0].url, username, USER_PASSWORD);
    const onB = new Api(replicas[1].url, onA.token);
    await warm(() => onB.request('GET', '/api/v1/me'));
    return { username, onA, onB };
  };

  it('a token revoked on A is refused by B on its next call', async () => {
    const { onA, onB } = await warmOnB('operator');
    const [token] = await onA.json<{ id: string }[]>('GET', '/api/v1/tokens');
    await onA.json('DELETE', `/api/v1/tokens/${token.id}`, undefined, [200, 204]);
    expect((await onB.request('GET', '/api/v1/me')).status).toBe(401);
  });

  it('a user disabled on A is refused by B on its next call', async () => {
    const { username, onB } = await warmOnB('operator');
    await adminA.json('PATCH', `/api/v1/users/${username}`, { disabled: true });
    expect((await onB.request('GET', '/api/v1/me')).status).toBe(401);
  });

  it('a role changed on A applies on B from its next call', async () => {
    const { username, onB } = await warmOnB('admin');
    await warm(() => onB.request('GET', '/api/v1/users'));
    await adminA.json('PATCH', `/api/v1/users/${username}`, { role: 'operator' });
    expect((await onB.json<Me>('GET', '/api/v1/me')).role).toBe('operator');
    expect((await onB.request('GET', '/api/v1/users')).status).toBe(403);
  });

  it('a user deleted on A is refused by B on its next call', async () => {
    const { username, onB } = await warmOnB('operator');
    await adminA.json('DELETE', `/api/v1/users/${username}`, undefined, [200, 204]);
    expect((await onB.request('GET', '/api/v1/me')).status).toBe(401);
  });
});
