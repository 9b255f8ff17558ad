import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Api, ADMIN_PASSWORD, ADMIN_USER, sessionCookie, startHangar, type Hangar } from '../support/hangar';
import { uniqueName } from '../support/lab';
import { rawRequest } from '../support/raw-http';

/** Browser sessions: cookie flags, log out everywhere, own password, idle timeout. */

const sessionStatus = async (url: string, cookie: string) => (await rawRequest(url, 'GET', '/api/v1/me', { cookie })).status;

describe('sessions on the shared Hangar', () => {
  const url = inject('hangarUrl');
  let admin: Api;
  const username = uniqueName('sess');
  const password = 'password-123';

  beforeAll(async () => {
    admin = await Api.login(url);
    await admin.json('POST', '/api/v1/users', { username, password, role: 'viewer' }, [201]);
  });

  it('sets the session cookie HttpOnly and SameSite=Lax for the whole site', async () => {
    const csrf = await fetch(`${url}/api/auth/csrf`);
    const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const res = await fetch(`${url}/api/auth/callback/credentials`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
      body: new URLSearchParams({ csrfToken, username, password, json: 'true' }),
    });
    const session = res.headers.getSetCookie().find((c) => c.startsWith('hangar.session='))!;
    expect(session).toMatch(/; HttpOnly/i);
    expect(session).toMatch(/; SameSite=Lax/i);
    expect(session).toMatch(/; Path=\//i);
    expect(session).not.toMatch(/; Secure/i);
  });

  it('logs a user out everywhere: every session ends, tokens keep working', async () => {
    const laptop = await sessionCookie(url, username, password);
    const phone = await sessionCookie(url, username, password);
    const token = await Api.login(url, username, password);
    expect(await sessionStatus(url, laptop)).toBe(200);
    // A change made with the cookie must come from Hangar's own page.
    expect((await rawRequest(url, 'POST', '/api/v1/me/logout-everywhere', { cookie: laptop })).status).toBe(403);
    expect((await rawRequest(url, 'POST', '/api/v1/me/logout-everywhere', { cookie: laptop, origin: url })).status).toBe(204);
    expect(await sessionStatus(url, laptop)).toBe(401);
    expect(await sessionStatus(url, phone)).toBe(401);
    expect(await token.json('GET', '/api/v1/me')).toEqual({ username, role: 'viewer' });
    expect(await sessionStatus(url, await sessionCookie(url, username, password))).toBe(200);

    // An admin can do the same for someone else.
    const again = await sessionCookie(url, username, password);
    await admin.json('DELETE', `/api/v1/users/${username}/sessions`, undefined, [204]);
    expect(await sessionStatus(url, again)).toBe(401);
    await admin.json('DELETE', '/api/v1/users/no-such-user/sessions', undefined, [404]);
  });

  it('changes the own password only with the current one, and ends the sessions', async () => {
    const own = await Api.login(url, username, password);
    const cookie = await sessionCookie(url, username, password);
    const wrong = await own.request('POST', '/api/v1/me/password', { currentPassword: 'not-it-at-all', newPassword: 'a-new-password' });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('wrong_password');
    const short = await own.request('POST', '/api/v1/me/password', { currentPassword: password, newPassword: 'short' });
    expect(((await short.json()) as { error: { message: string } }).error.message).toMatch(/at least 8 characters/);
    await own.json('POST', '/api/v1/me/password', { currentPassword: password, newPassword: 'a-new-password' }, [204]);
    expect(await sessionStatus(url, cookie)).toBe(401);
    expect((await new Api(url).request('POST', '/api/v1/auth/token', { username, password })).status).toBe(401);
    await Api.login(url, username, 'a-new-password');
    const rows = await admin.json<{ status: number }[]>('GET', `/api/v1/audit?user=${username}&action=/api/v1/me/password`);
    expect(rows.map((r) => r.status).sort()).toEqual([204, 400, 400]);
  });
});

describe('personal access tokens', () => {
  const url = inject('hangarUrl');

  it('refuses an expired token at once, and tells when each was last used', async () => {
    const admin = await Api.login(url);
    const created = await admin.json<{ id: string; token: string; expiresAt: string }>(
      'POST',
      '/api/v1/tokens',
      { name: 'short-lived', expiresInDays: 3 / 86_400 },
      [201],
    );
    const short = new Api(url, created.token);
    expect((await short.request('GET', '/api/v1/me')).status).toBe(200);
    const listed = await admin.json<{ id: string; lastUsedAt: string | null }[]>('GET', '/api/v1/tokens');
    expect(Date.parse(listed.find((t) => t.id === created.id)!.lastUsedAt!)).toBeGreaterThan(Date.now() - 60_000);
    await new Promise((r) => setTimeout(r, Math.max(0, Date.parse(created.expiresAt) - Date.now()) + 200));
    expect((await short.request('GET', '/api/v1/me')).status).toBe(401);
    expect((await short.request('GET', `/api/v1/daemons`)).status).toBe(401);
    await admin.json('POST', '/api/v1/tokens', { name: 'x', expiresInDays: 0 }, [400]);
  });
});

describe('sessions on a Hangar with a one-minute idle timeout behind https', () => {
  let hangar: Hangar;
  beforeAll(async () => {
    hangar = await startHangar({ env: { HANGAR_SESSION_IDLE_MINUTES: '1', HANGAR_PUBLIC_URL: 'https://hangar.example' } });
  });
  afterAll(async () => {
    await hangar?.stop();
  });

  it('marks the session cookie Secure', async () => {
    const csrf = await fetch(`${hangar.url}/api/auth/csrf`);
    const jar = csrf.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const res = await fetch(`${hangar.url}/api/auth/callback/credentials`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar },
      body: new URLSearchParams({ csrfToken, username: ADMIN_USER, password: ADMIN_PASSWORD, json: 'true' }),
    });
    const session = res.headers.getSetCookie().find((c) => c.startsWith('hangar.session='));
    expect(session).toMatch(/; Secure/i);
    expect(session).toMatch(/; HttpOnly/i);
  });

  it('ends a session left idle, and keeps one that is used', { timeout: 150_000 }, async () => {
    const idle = await sessionCookie(hangar.url);
    let used = await sessionCookie(hangar.url);
    await new Promise((r) => setTimeout(r, 35_000));
    // What the console's activity tracker does: the session endpoint re-issues the cookie.
    const refreshed = await rawRequest(hangar.url, 'GET', '/api/auth/session', { cookie: used });
    const fresh = ([] as string[]).concat(refreshed.headers['set-cookie'] ?? []).find((c) => c.startsWith('hangar.session='));
    expect(fresh).toBeDefined();
    used = fresh!.split(';')[0];
    expect(await sessionStatus(hangar.url, idle)).toBe(200);
    await new Promise((r) => setTimeout(r, 35_000));
    expect(await sessionStatus(hangar.url, idle)).toBe(401);
    expect(await sessionStatus(hangar.url, used)).toBe(200);
    // An idle session cannot be revived through the session endpoint either.
    const revived = await rawRequest(hangar.url, 'GET', '/api/auth/session', { cookie: idle });
    expect(JSON.parse(revived.body)).toEqual({});
    // Pages send an idle session to the login page.
    const page = await rawRequest(hangar.url, 'GET', '/instances', { cookie: idle });
    expect(page.headers.location ?? '').toContain('/login');
  });
});
