import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encode } from 'next-auth/jwt';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Db } from '../db/database';
import { Secrets } from '../secrets';
import type { Services } from '../services';
import { authenticate, SESSION_COOKIE } from './principal';
import { PrincipalCache } from './principal-cache';
import { SessionStore } from './sessions';
import { UserStore } from './users';

/**
 * A session cookie is decrypted once per cookie value and auth generation (principal.ts,
 * bySession). These cases show the kept answer is used (a row changed behind the cache's back
 * is not seen), and that logout, disable and the cookie's own expiry still refuse it at once.
 */
describe('authenticate: session cookies kept between calls', () => {
  let db: Db;
  let dir: string;
  let s: Services;
  let users: UserStore;
  let sessions: SessionStore;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-principal-'));
    db = await openDatabase({ dataDir: dir });
    users = new UserStore(db);
    sessions = new SessionStore(db, () => undefined);
    s = {
      db,
      users,
      sessions,
      principals: new PrincipalCache(db),
      secrets: new Secrets('a-test-secret-of-enough-length'),
      config: { sessionIdleMinutes: 60 },
    } as unknown as Services;
  });
  afterAll(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => vi.useRealTimers());

  let made = 0;
  /** A user with a live session, and a cookie for it as next-auth writes one. */
  async function signedIn(maxAge = 3600) {
    const username = `cookie-user-${++made}`;
    const user = await users.create({ username, password: 'a-long-password-1', role: 'operator' });
    const now = Date.now();
    const sid = await sessions.start(user.id, now);
    const cookie = await encode({ token: { uid: user.id, sid, loginAt: now, seenAt: now }, secret: s.secrets.sessionSecret, maxAge });
    const headers = { cookie: `other=1; ${SESSION_COOKIE}=${cookie}` };
    return { user, username, sid, cookie, headers, call: () => authenticate(s, headers) };
  }

  it('answers from the kept session: a row changed without raising the generation is not read again', async () => {
    const { user, username, call } = await signedIn();
    expect(await call()).toMatchObject({ userId: user.id, username, via: 'session', role: 'operator' });
    // Behind the cache's back (no changeAccess): only a kept answer still says the old name.
    await db.updateTable('users').set({ username: `${username}-renamed` }).where('id', '=', user.id).execute();
    expect((await call())?.username).toBe(username);
  });

  it('a kept session is refused on the next call after logout', async () => {
    const { sid, call } = await signedIn();
    expect(await call()).not.toBeNull();
    expect(await call()).not.toBeNull();
    await sessions.end(sid);
    expect(await call()).toBeNull();
  });

  it('a kept session is refused on the next call after its user is disabled', async () => {
    const { username, call } = await signedIn();
    expect(await call()).not.toBeNull();
    await users.update(username, { disabled: true });
    expect(await call()).toBeNull();
  });

  it('a kept session is refused once the cookie itself has expired', async () => {
    const { call } = await signedIn(60);
    expect(await call()).not.toBeNull();
    // Two minutes on: within the idle timeout and the session's lifetime, past the cookie's exp.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 120_000 });
    expect(await call()).toBeNull();
  });

  it('a cookie altered by one character is refused, and does not reach the kept answer of the real one', async () => {
    const { cookie, call } = await signedIn();
    expect(await call()).not.toBeNull();
    const flipped = cookie.slice(0, -2) + (cookie.at(-2) === 'A' ? 'B' : 'A') + cookie.at(-1);
    expect(await authenticate(s, { cookie: `${SESSION_COOKIE}=${flipped}` })).toBeNull();
  });
});
