import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Api, ADMIN_PASSWORD, registerLab, startHangar, type Hangar } from '../support/hangar';
import { uniqueName } from '../support/lab';

describe('authentication and tokens', () => {
  const url = inject('hangarUrl');
  let admin: Api;
  beforeAll(async () => {
    admin = await Api.login(url);
  });

  it('serves health without auth and everything else only with it', async () => {
    const health = await fetch(`${url}/api/v1/health`);
    expect(await health.json()).toEqual({ status: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    for (const p of ['/api/v1/me', '/api/v1/daemons', '/api/v1/instances', '/api/v1/users', '/api/v1/audit', '/api/v1/tokens']) {
      const res = await fetch(`${url}${p}`);
      expect(res.status, p).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('unauthenticated');
    }
    const page = await fetch(`${url}/instances`, { redirect: 'manual' });
    expect([302, 303, 307]).toContain(page.status);
    expect(page.headers.get('location')).toContain('/login');
  });

  it('issues a bearer token for the right password only', async () => {
    const wrong = await new Api(url).request('POST', '/api/v1/auth/token', { username: 'admin', password: 'nope-nope' });
    expect(wrong.status).toBe(401);
    const unknown = await new Api(url).request('POST', '/api/v1/auth/token', { username: 'nobody', password: 'nope-nope' });
    expect(unknown.status).toBe(401);
    const res = await new Api(url).request('POST', '/api/v1/auth/token', { username: 'admin', password: ADMIN_PASSWORD, expiresInDays: 1 });
    expect(res.status).toBe(201);
    const { token, expiresAt } = (await res.json()) as { token: string; expiresAt: string };
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(23 * 3600_000);
    expect(await new Api(url, token).json('GET', '/api/v1/me')).toEqual({ username: 'admin', role: 'admin' });
  });

  it('revokes a token at once and lists own tokens without secrets', async () => {
    const created = await admin.json<{ id: string; token: string }>('POST', '/api/v1/tokens', { name: 'ci' }, [201]);
    const mine = new Api(url, created.token);
    await mine.json('GET', '/api/v1/me');
    const list = await admin.json<{ id: string }[]>('GET', '/api/v1/tokens');
    expect(list.some((t) => t.id === created.id)).toBe(true);
    expect(JSON.stringify(list)).not.toContain(created.token);
    await admin.json('DELETE', `/api/v1/tokens/${created.id}`, undefined, [204]);
    expect((await mine.request('GET', '/api/v1/me')).status).toBe(401);
  });

  it('carries the user role in the token, re-read on every request', async () => {
    const username = uniqueName('u');
    await admin.json('POST', '/api/v1/users', { username, password: 'password-123', role: 'viewer' }, [201]);
    const user = await Api.login(url, username, 'password-123');
    expect(await user.json('GET', '/api/v1/me')).toEqual({ username, role: 'viewer' });
    await user.json('GET', '/api/v1/users', undefined, [403]);
    await admin.json('PATCH', `/api/v1/users/${username}`, { role: 'operator' });
    expect(await user.json('GET', '/api/v1/me')).toEqual({ username, role: 'operator' });
    await admin.json('PATCH', `/api/v1/users/${username}`, { disabled: true });
    expect((await user.request('GET', '/api/v1/me')).status).toBe(401);
  });

  it('refuses bad user input clearly', async () => {
    await admin.json('POST', '/api/v1/users', { username: 'x', password: 'short', role: 'viewer' }, [400]);
    await admin.json('POST', '/api/v1/users', { username: uniqueName('u'), password: 'password-123', role: 'root' }, [400]);
    await admin.json('POST', '/api/v1/users', { username: 'admin', password: 'password-123', role: 'viewer' }, [409]);
  });

  it('records logins, failed and succeeded', async () => {
    const rows = await admin.json<{ user: string; status: number; target: string }[]>('GET', '/api/v1/audit?user=nobody');
    expect(rows.some((r) => r.status === 401 && r.target === '/api/v1/auth/token')).toBe(true);
    const ok = await admin.json<{ status: number }[]>('GET', '/api/v1/audit?user=admin&action=/api/v1/auth/token');
    expect(ok.some((r) => r.status === 200)).toBe(true);
    const csv = await (await admin.request('GET', '/api/v1/audit?format=csv&limit=5')).text();
    expect(csv.split('\r\n')[0]).toBe('at,user,role,daemon,method,target,status,durationMs,action,instance,details');
  });
});

describe('a fresh Hangar', () => {
  let hangar: Hangar;
  afterAll(async () => {
    await hangar?.stop();
  });

  it('generates and prints the first admin password once, keeps keys encrypted, and throttles guessing', async () => {
    hangar = await startHangar({ env: { HANGAR_ADMIN_PASSWORD: '', HANGAR_SECRET: '' } });
    const printed = /created admin user "admin" with password: (\S+)/.exec(hangar.log());
    expect(printed).not.toBeNull();
    const api = await Api.login(hangar.url, 'admin', printed![1]);
    expect(fs.statSync(path.join(hangar.dataDir, 'secret')).mode & 0o777).toBe(0o600);

    // Alone on this server, admin is the last admin: it can be neither demoted, disabled nor removed.
    await api.json('PATCH', '/api/v1/users/admin', { role: 'viewer' }, [409]);
    await api.json('PATCH', '/api/v1/users/admin', { disabled: true }, [409]);
    await api.json('DELETE', '/api/v1/users/admin', undefined, [409]);
    expect(await api.json('GET', '/api/v1/me')).toEqual({ username: 'admin', role: 'admin' });

    const d = await registerLab(api, ['alpha']);
    const db = path.join(hangar.dataDir, 'hangar.db');
    const sqlite = new Database(db, { readonly: true });
    const { client_key } = sqlite.prepare('select client_key from daemons').get() as { client_key: string };
    sqlite.close();
    expect(client_key.startsWith('v1.')).toBe(true);
    const everything = fs.readdirSync(hangar.dataDir).map((f) => fs.readFileSync(path.join(hangar.dataDir, f)).toString('latin1')).join('');
    expect(everything).not.toContain('PRIVATE KEY');
    expect(hangar.log()).not.toContain('PRIVATE KEY');
    await api.json('DELETE', `/api/v1/daemons/${d.alpha.id}`);

    // Restart on the same data dir: the generated secret and the admin are reused, nothing printed.
    await hangar.stop();
    hangar = await startHangar({ dataDir: hangar.dataDir, env: { HANGAR_ADMIN_PASSWORD: '', HANGAR_SECRET: '' } });
    expect(hangar.log()).not.toContain('with password');
    await Api.login(hangar.url, 'admin', printed![1]);

    let status = 0;
    for (let i = 0; i < 12 && status !== 429; i++) {
      status = (await new Api(hangar.url).request('POST', '/api/v1/auth/token', { username: 'admin', password: `guess-${i}` })).status;
    }
    expect(status).toBe(429);
    const right = await new Api(hangar.url).request('POST', '/api/v1/auth/token', { username: 'admin', password: printed![1] });
    expect(right.status).toBe(429);
  });
});
