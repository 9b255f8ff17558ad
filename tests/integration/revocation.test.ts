import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { CLOSE_CODES, parseServerMessage, type ServerMessage } from '@/lib/terminal-protocol';
import { Api, sessionCookie, startHangar, USER_PASSWORD, type Hangar } from '../support/hangar';
import { cli, forceDelete, uniqueName } from '../support/lab';
import { startPostgres, type Postgres } from '../support/postgres';
import { rawRequest } from '../support/raw-http';
import { SseClient } from '../support/sse';

/**
 * Access ends on the server (issue 10, items 6 and 7): a copied session cookie stops working
 * the moment its session ends, tokens expire by default, and open terminals and event streams
 * close within 5 s of their caller's access ending.
 */

const url = inject('hangarUrl');
const { alpha } = inject('daemons');
const status = async (cookie: string) => (await rawRequest(url, 'GET', '/api/v1/me', { cookie })).status;

/** Logs out the way the console does: next-auth's sign-out form with its CSRF token. */
async function logOut(cookie: string): Promise<void> {
  const csrf = await fetch(`${url}/api/auth/csrf`, { headers: { cookie } });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${url}/api/auth/signout`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ csrfToken, callbackUrl: '/login', json: 'true' }),
  });
  expect(res.status).toBe(200);
  // The browser's copy is cleared; the test keeps its own, as an attacker would.
  expect(res.headers.getSetCookie().some((c) => /^hangar\.session=;/.test(c))).toBe(true);
}

describe('sessions end on the server', () => {
  let admin: Api;
  const made: string[] = [];
  const user = async (role: 'viewer' | 'operator' | 'admin' = 'viewer') => {
    const username = uniqueName('rev');
    await admin.json('POST', '/api/v1/users', { username, password: USER_PASSWORD, role }, [201]);
    made.push(username);
    return username;
  };

  beforeAll(async () => {
    admin = await Api.login(url);
  });
  afterAll(async () => {
    for (const username of made) await admin.request('DELETE', `/api/v1/users/${username}`);
  });

  it('logging out ends that session only: a copy of its cookie is refused at once', async () => {
    const username = await user();
    const copied = await sessionCookie(url, username, USER_PASSWORD);
    const other = await sessionCookie(url, username, USER_PASSWORD);
    expect(await status(copied)).toBe(200);
    await logOut(copied);
    expect(await status(copied)).toBe(401);
    // The session endpoint does not revive it either.
    expect(JSON.parse((await rawRequest(url, 'GET', '/api/auth/session', { cookie: copied })).body)).toEqual({});
    expect(await status(other)).toBe(200);
  });

  it('disabling a user, changing their role or setting their password ends their sessions', async () => {
    for (const change of [{ disabled: true }, { role: 'operator' }, { password: 'another-password-1' }]) {
      const username = await user();
      const cookie = await sessionCookie(url, username, USER_PASSWORD);
      expect(await status(cookie)).toBe(200);
      await admin.json('PATCH', `/api/v1/users/${username}`, change);
      expect(await status(cookie), JSON.stringify(change)).toBe(401);
    }
  });

  it('a role "change" to the same role leaves sessions alone', async () => {
    const username = await user();
    const cookie = await sessionCookie(url, username, USER_PASSWORD);
    await admin.json('PATCH', `/api/v1/users/${username}`, { role: 'viewer' });
    expect(await status(cookie)).toBe(200);
  });
});

describe('API tokens expire by default', () => {
  it('after HANGAR_TOKEN_DAYS (90) unless "never" is asked for explicitly', async () => {
    const admin = await Api.login(url);
    const days = (iso: string | null) => (iso === null ? null : Math.round((Date.parse(iso) - Date.now()) / 86_400_000));
    const byDefault = await admin.json<{ id: string; expiresAt: string | null }>('POST', '/api/v1/tokens', { name: 'default' }, [201]);
    expect(days(byDefault.expiresAt)).toBe(90);
    const nulled = await admin.json<{ expiresAt: string | null }>('POST', '/api/v1/tokens', { name: 'null', expiresInDays: null }, [201]);
    expect(days(nulled.expiresAt)).toBe(90);
    const login = await new Api(url).json<{ expiresAt: string | null }>('POST', '/api/v1/auth/token', { username: 'admin', password: 'admin-password-for-tests' }, [201]);
    expect(days(login.expiresAt)).toBe(90);
    const never = await admin.json<{ id: string; expiresAt: string | null }>('POST', '/api/v1/tokens', { name: 'never', never: true }, [201]);
    expect(never.expiresAt).toBeNull();
    const listed = await admin.json<{ id: string; expiresAt: string | null }[]>('GET', '/api/v1/tokens');
    expect(listed.find((t) => t.id === never.id)!.expiresAt).toBeNull();
    expect(days(listed.find((t) => t.id === byDefault.id)!.expiresAt)).toBe(90);
    for (const bad of [{ expiresInDays: 0 }, { never: true, expiresInDays: 5 }, { never: 'yes' }, { expiresInDays: 'never' }]) {
      const res = await admin.request('POST', '/api/v1/tokens', { name: 'bad', ...bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_expiry');
    }
  });
});

/** A terminal client that records the control messages and the close. */
async function openTerminal(instance: string, headers: Record<string, string>) {
  const ws = new WebSocket(
    `${url.replace(/^http/, 'ws')}/api/v1/daemons/${alpha}/instances/${encodeURIComponent(instance)}/terminal?mode=exec&command=${encodeURIComponent('sleep 600')}`,
    { headers },
  );
  const messages: ServerMessage[] = [];
  ws.on('message', (data: Buffer, isBinary) => {
    if (!isBinary) messages.push(parseServerMessage(data.toString())!);
  });
  const closed = new Promise<{ code: number; at: number }>((resolve) => ws.on('close', (code) => resolve({ code, at: Date.now() })));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, messages, closed };
}

async function closesWithin<T extends { at: number }>(closed: Promise<T>, since: number, ms: number): Promise<T> {
  const result = await Promise.race([closed, new Promise<null>((r) => setTimeout(() => r(null), ms + 2000))]);
  expect(result, 'closed at all').not.toBeNull();
  expect(result!.at - since).toBeLessThanOrEqual(ms);
  return result!;
}

describe('open terminals and event streams end on revocation', () => {
  let admin: Api;
  const container = uniqueName('rev-term');
  const made: string[] = [];
  const userWith = async (role: 'viewer' | 'operator' | 'admin') => {
    const username = uniqueName('rev-live');
    await admin.json('POST', '/api/v1/users', { username, password: USER_PASSWORD, role }, [201]);
    made.push(username);
    const api = await Api.login(url, username, USER_PASSWORD);
    return { username, api, bearer: { authorization: `Bearer ${api.token}` } };
  };
  const tokenIdOf = async (api: Api) => (await api.json<{ id: string }[]>('GET', '/api/v1/tokens'))[0].id;

  beforeAll(async () => {
    admin = await Api.login(url);
    cli('alpha', ['launch', 'busybox', container]);
  });
  afterAll(async () => {
    forceDelete('alpha', container);
    for (const username of made) await admin.request('DELETE', `/api/v1/users/${username}`);
  });

  it('closes a terminal within 5 s when its user is disabled, demoted or its token revoked', async () => {
    const changes: [string, (u: Awaited<ReturnType<typeof userWith>>) => Promise<unknown>][] = [
      ['disabled', (u) => admin.json('PATCH', `/api/v1/users/${u.username}`, { disabled: true })],
      ['demoted to viewer', (u) => admin.json('PATCH', `/api/v1/users/${u.username}`, { role: 'viewer' })],
      ['token revoked', async (u) => u.api.json('DELETE', `/api/v1/tokens/${await tokenIdOf(u.api)}`, undefined, [204])],
    ];
    for (const [what, change] of changes) {
      const u = await userWith('operator');
      const term = await openTerminal(container, u.bearer);
      // Still open a moment later: nothing closes it but the change.
      await new Promise((r) => setTimeout(r, 1500));
      expect(term.ws.readyState, what).toBe(WebSocket.OPEN);
      const changed = Date.now();
      await change(u);
      const end = await closesWithin(term.closed, changed, 5000);
      expect(end.code, what).toBe(CLOSE_CODES.accessEnded);
      expect(term.messages.at(-1)).toEqual({ type: 'error', message: 'your access to terminals has ended' });
    }
  });

  it('closes a terminal opened with a session cookie when that session logs out', async () => {
    const u = await userWith('operator');
    const cookie = await sessionCookie(url, u.username, USER_PASSWORD);
    const term = await openTerminal(container, { cookie, origin: url });
    const changed = Date.now();
    await logOut(cookie);
    expect((await closesWithin(term.closed, changed, 5000)).code).toBe(CLOSE_CODES.accessEnded);
  });

  it('ends an event stream within 5 s when its token is revoked, its user disabled or demoted, or its session logs out', async () => {
    const cases: [string, () => Promise<{ stream: SseClient; change: () => Promise<unknown> }>][] = [
      [
        'token revoked',
        async () => {
          const u = await userWith('viewer');
          const stream = await SseClient.open(`${url}/api/v1/events`, u.bearer);
          return { stream, change: async () => u.api.json('DELETE', `/api/v1/tokens/${await tokenIdOf(u.api)}`, undefined, [204]) };
        },
      ],
      [
        'disabled',
        async () => {
          const u = await userWith('viewer');
          const stream = await SseClient.open(`${url}/api/v1/events`, u.bearer);
          return { stream, change: () => admin.json('PATCH', `/api/v1/users/${u.username}`, { disabled: true }) };
        },
      ],
      [
        'demoted below what the stream shows',
        async () => {
          const u = await userWith('operator');
          const stream = await SseClient.open(`${url}/api/v1/events`, u.bearer);
          return { stream, change: () => admin.json('PATCH', `/api/v1/users/${u.username}`, { role: 'viewer' }) };
        },
      ],
      [
        'session logged out',
        async () => {
          const u = await userWith('viewer');
          const cookie = await sessionCookie(url, u.username, USER_PASSWORD);
          const stream = await SseClient.open(`${url}/api/v1/events`, { cookie });
          return { stream, change: () => logOut(cookie) };
        },
      ],
    ];
    for (const [what, start] of cases) {
      const { stream, change } = await start();
      expect(stream.status, what).toBe(200);
      await stream.waitFor((m) => m.event === 'status', 10_000, 'the first status');
      await expect(stream.waitForEnd(1500), `${what}: open before the change`).rejects.toThrow(/still open/);
      await change();
      const took = await stream.waitForEnd(5000).catch((error: Error) => {
        throw new Error(`${what}: ${error.message}`);
      });
      expect(took, what).toBeLessThanOrEqual(5000);
      stream.close();
    }
  });

  it('keeps a promoted user’s terminal and an unrelated user’s stream open', async () => {
    const u = await userWith('operator');
    const bystander = await userWith('viewer');
    const term = await openTerminal(container, u.bearer);
    const stream = await SseClient.open(`${url}/api/v1/events`, bystander.bearer);
    await admin.json('PATCH', `/api/v1/users/${u.username}`, { role: 'admin' });
    await admin.json('PATCH', `/api/v1/users/${bystander.username}`, { role: 'viewer' });
    await new Promise((r) => setTimeout(r, 4500));
    expect(term.ws.readyState).toBe(WebSocket.OPEN);
    await expect(stream.waitForEnd(100)).rejects.toThrow(/still open/);
    term.ws.close();
    stream.close();
  });
});

describe('two replicas sharing PostgreSQL', () => {
  let pg: Postgres | undefined;
  const replicas: Hangar[] = [];
  afterAll(async () => {
    for (const r of replicas) await r.stop();
    pg?.stop();
  });

  it('a logout or a revocation on one replica ends the session, token and open stream on the other', { timeout: 120_000 }, async () => {
    pg = await startPostgres();
    const env = { DATABASE_URL: pg.url, HANGAR_SECRET: crypto.randomBytes(24).toString('hex') };
    replicas.push(await startHangar({ env }));
    replicas.push(await startHangar({ env }));
    const [one, two] = replicas;
    const admin = await Api.login(one.url);
    await admin.json('POST', '/api/v1/users', { username: 'replica-user', password: USER_PASSWORD, role: 'viewer' }, [201]);

    const cookie = await sessionCookie(one.url, 'replica-user', USER_PASSWORD);
    const onTwo = async () => (await rawRequest(two.url, 'GET', '/api/v1/me', { cookie })).status;
    expect(await onTwo()).toBe(200);
    const cookieStream = await SseClient.open(`${two.url}/api/v1/events`, { cookie });
    const user = await Api.login(one.url, 'replica-user', USER_PASSWORD);
    const tokenStream = await SseClient.open(`${two.url}/api/v1/events`, { authorization: `Bearer ${user.token}` });
    expect([cookieStream.status, tokenStream.status]).toEqual([200, 200]);

    // Replica one hears of these changes; replica two only sees them in the database.
    const csrf = await fetch(`${one.url}/api/auth/csrf`, { headers: { cookie } });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    await fetch(`${one.url}/api/auth/signout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
      body: new URLSearchParams({ csrfToken, json: 'true' }),
    });
    expect(await onTwo()).toBe(401);
    expect(await cookieStream.waitForEnd(5000)).toBeLessThanOrEqual(5000);

    const [token] = await user.json<{ id: string }[]>('GET', '/api/v1/tokens');
    await user.json('DELETE', `/api/v1/tokens/${token.id}`, undefined, [204]);
    expect(await tokenStream.waitForEnd(5000)).toBeLessThanOrEqual(5000);
  });
});
