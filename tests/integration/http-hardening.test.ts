import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ADMIN_PASSWORD, ADMIN_USER, Api, registerLab, sessionCookie, startHangar, userWithRole, USER_PASSWORD, type Hangar } from '../support/hangar';
import { lab, uniqueName } from '../support/lab';
import { rawRequest } from '../support/raw-http';

/** Issue 10, items 4, 5, 10, 11 and 13: what reaches Hangar's HTTP edge malformed, oversized or forged. */

const MiB = 1024 * 1024;

function expectJsonError(res: { status: number; headers: http.IncomingHttpHeaders; body: string }, status: number, code?: string) {
  expect(res.status).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/application\/json/);
  const body = JSON.parse(res.body) as { error: { code: string; message: string } };
  expect(body.error.message.length).toBeGreaterThan(0);
  if (code) expect(body.error.code).toBe(code);
}

/** Sends `size` bytes chunked (no Content-Length), so only counting while streaming can stop it. */
function chunkedPost(base: string, rawPath: string, headers: Record<string, string>, size: number) {
  const url = new URL(base);
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, method: 'POST', path: rawPath, headers: { ...headers, 'transfer-encoding': 'chunked' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      },
    );
    req.on('error', reject);
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    req.write('{"username":"');
    pump();
  });
}

describe('the HTTP edge of the shared server', () => {
  let base: string;
  let admin: Api;
  let auth: Record<string, string>;
  const daemons = inject('daemons');

  beforeAll(async () => {
    base = inject('hangarUrl');
    admin = await Api.login(base);
    auth = { authorization: `Bearer ${admin.token}` };
  });

  describe('item 5: body limits', () => {
    it('refuses a declared body over 1 MiB with 413 before reading it, and creates nothing', async () => {
      const username = uniqueName('big');
      const body = JSON.stringify({ username, password: USER_PASSWORD, role: 'viewer', pad: 'x'.repeat(2 * MiB) });
      const res = await rawRequest(base, 'POST', '/api/v1/users', { ...auth, 'content-type': 'application/json' }, body);
      expectJsonError(res, 413, 'body_too_large');
      const users = await admin.json<{ username: string }[]>('GET', '/api/v1/users');
      expect(users.map((u) => u.username)).not.toContain(username);
    });

    it('counts a chunked body while it streams: 413 for a route of its own and for the browser login', async () => {
      expectJsonError(await chunkedPost(base, '/api/v1/users', { ...auth, 'content-type': 'application/json' }, 3 * MiB), 413, 'body_too_large');
      expectJsonError(await chunkedPost(base, '/api/v1/auth/token', { 'content-type': 'application/json' }, 3 * MiB), 413, 'body_too_large');
      const form = { 'content-type': 'application/x-www-form-urlencoded' };
      expectJsonError(await chunkedPost(base, '/api/auth/callback/credentials', form, 3 * MiB), 413, 'body_too_large');
    });

    it('refuses passwords over 1,024 characters', async () => {
      const username = uniqueName('longpw');
      const res = await admin.request('POST', '/api/v1/users', { username, password: 'p'.repeat(1025), role: 'viewer' });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_password');
      await admin.json('POST', '/api/v1/users', { username, password: 'p'.repeat(1024), role: 'viewer' }, [201]);
      await admin.json('DELETE', `/api/v1/users/${username}`, undefined, [204]);
    });

    it('a gateway PUT over the limit is a 413 the client can read, for an admin and for an operator', async () => {
      const big = JSON.stringify({ config: {}, pad: 'x'.repeat(9 * MiB) });
      const headers = { ...auth, 'content-type': 'application/json' };
      expectJsonError(await rawRequest(base, 'PUT', `/api/v1/daemons/${daemons.alpha}/lxd/1.0/instances/nothing-here`, headers, big), 413, 'body_too_large');
      const operator = await userWithRole(admin, 'operator', 'op413');
      const restore = JSON.stringify({ restore: 'snap0', pad: 'x'.repeat(200 * 1024) });
      const res = await rawRequest(
        base,
        'PUT',
        `/api/v1/daemons/${daemons.alpha}/lxd/1.0/instances/nothing-here`,
        { authorization: `Bearer ${operator.token}`, 'content-type': 'application/json' },
        restore,
      );
      expectJsonError(res, 413, 'body_too_large');
    });

    it('non-JSON uploads through the gateway are for admins only (a file push stays an operator\'s)', async () => {
      const operator = await userWithRole(admin, 'operator', 'opup');
      const headers = { authorization: `Bearer ${operator.token}`, 'content-type': 'application/octet-stream' };
      const res = await rawRequest(base, 'POST', `/api/v1/daemons/${daemons.alpha}/lxd/1.0/instances/nothing-here/snapshots`, headers, 'raw bytes');
      expectJsonError(res, 403, 'forbidden');
      expect(res.body).toMatch(/upload/);
    });
  });

  describe('item 11: malformed input is a JSON 4xx, never a 500', () => {
    it('a session cookie of "%"', async () => {
      expectJsonError(await rawRequest(base, 'GET', '/api/v1/me', { cookie: 'hangar.session=%' }), 401, 'unauthenticated');
    });

    it('JSON nested thousands deep', async () => {
      const deep = '['.repeat(5000) + ']'.repeat(5000);
      const res = await rawRequest(base, 'POST', '/api/v1/limits/presets', { ...auth, 'content-type': 'application/json' }, `{"name":"deep","limits":${deep}}`);
      expectJsonError(res, 400, 'json_too_deep');
    });

    it('bad percent-encoding in a route segment', async () => {
      expectJsonError(await rawRequest(base, 'GET', '/api/v1/users/%FF', auth), 400, 'invalid_path');
      expectJsonError(await rawRequest(base, 'DELETE', '/api/v1/users/%E0%A4%A', auth), 400, 'invalid_path');
    });

    it('TRACE, an unknown method and CONNECT', async () => {
      const trace = await rawRequest(base, 'TRACE', '/api/v1/health');
      expectJsonError(trace, 405, 'method_not_allowed');
      expect(trace.headers.allow).toMatch(/GET/);
      expectJsonError(await rawRequest(base, 'PROPFIND', '/api/v1/me', auth), 405, 'method_not_allowed');
      const unknown = await rawRequest(base, 'FROB', '/api/v1/health');
      expect(unknown.status).toBeGreaterThanOrEqual(400);
      expect(unknown.status).toBeLessThan(500);
      expect(JSON.parse(unknown.body)).toHaveProperty('error.code');
    });

    it('GET * and an absolute-form request line (no redirect to another host)', async () => {
      expectJsonError(await rawRequest(base, 'GET', '*'), 400, 'invalid_request_target');
      const absolute = await rawRequest(base, 'GET', 'http://evil.example/api/v1/health');
      expectJsonError(absolute, 400, 'invalid_request_target');
      expect(absolute.headers.location).toBeUndefined();
    });

    it('an unknown /api/v1 path is a JSON 404, a method a route lacks a JSON 405', async () => {
      expectJsonError(await rawRequest(base, 'GET', '/api/v1/no-such-thing', auth), 404, 'not_found');
      expectJsonError(await rawRequest(base, 'GET', '/api/nothing/here'), 404, 'not_found');
      expectJsonError(await rawRequest(base, 'PUT', '/api/v1/health', { 'content-type': 'application/json' }, '{}'), 405, 'method_not_allowed');
      expectJsonError(await rawRequest(base, 'GET', '/api/auth/callback/credentials'), 405, 'method_not_allowed');
    });

    it('headers too large are a JSON 431', async () => {
      expectJsonError(await rawRequest(base, 'GET', '/api/v1/health', { 'x-big': 'y'.repeat(40_000) }), 431, 'headers_too_large');
    });

    it('a huge rejected value is kept in the audit log only as a small preview', async () => {
      const name = uniqueName('huge').toLowerCase().slice(0, 30);
      const res = await admin.request('POST', '/api/v1/limits/presets', { name, limits: { memory: 'x'.repeat(900_000) } });
      expect(res.status).toBe(400);
      const records = await admin.json<{ target: string; detail?: unknown }[]>('GET', '/api/v1/audit?limit=20');
      const mine = records.filter((r) => JSON.stringify(r.detail ?? '').includes(name) || r.target.includes('presets'));
      expect(mine.length).toBeGreaterThan(0);
      for (const record of mine) expect(JSON.stringify(record).length).toBeLessThan(8 * 1024);
    });

    it('names: unique without regard to case, no control or bidi characters', async () => {
      const taken = await admin.request('POST', '/api/v1/users', { username: ADMIN_USER.toUpperCase(), password: USER_PASSWORD, role: 'admin' });
      expect(taken.status).toBe(409);
      const daemon = await admin.request('POST', '/api/v1/daemons', { name: 'ALPHA', url: lab.daemons.alpha.url, trustPassword: 'x' });
      expect(daemon.status).toBe(409);
      for (const name of ['evil\u202Egpj.exe', 'line\nbreak', 'zero\u200Bwidth']) {
        expect((await admin.request('POST', '/api/v1/tokens', { name })).status).toBe(400);
        expect((await admin.request('POST', '/api/v1/shares', { name, scope: { daemon: daemons.alpha } })).status).toBe(400);
      }
    });
  });

  describe('item 10: cross-site checks trust only what a browser cannot forge', () => {
    let cookie: string;
    const host = () => new URL(base).host;
    const createUser = (headers: Record<string, string>) =>
      rawRequest(
        base,
        'POST',
        '/api/v1/users',
        { cookie, 'content-type': 'application/json', ...headers },
        JSON.stringify({ username: uniqueName('xs'), password: USER_PASSWORD, role: 'admin' }),
      );

    beforeAll(async () => {
      cookie = await sessionCookie(base);
    });

    it('a forged X-Forwarded-Host from an untrusted client does not make a foreign Origin same-site', async () => {
      const res = await createUser({ origin: 'http://evil.example', 'x-forwarded-host': 'evil.example' });
      expectJsonError(res, 403, 'forbidden');
    });

    it('the scheme counts: an https Origin for this plain-http host is refused', async () => {
      expectJsonError(await createUser({ origin: `https://${host()}` }), 403, 'forbidden');
      expectJsonError(await createUser({ origin: `https://${host()}`, 'x-forwarded-proto': 'https' }), 403, 'forbidden');
    });

    it('the page\'s own origin is accepted', async () => {
      expect((await createUser({ origin: `http://${host()}` })).status).toBe(201);
    });
  });

  it('item 13: /login?error= shows only known messages', async () => {
    const res = await fetch(`${base}/login?error=${encodeURIComponent('Your account is locked: call +1 555 0100')}`);
    const html = await res.text();
    expect(html).not.toContain('call +1 555 0100');
    expect(html).toContain('Logging in failed');
    const known = await (await fetch(`${base}/login?error=CredentialsSignin`)).text();
    expect(known).toContain('Wrong username or password.');
  });

  it('item 13: a unix socket not in HANGAR_ALLOWED_SOCKETS is refused', async () => {
    const res = await admin.request('POST', '/api/v1/daemons', { name: uniqueName('sock'), url: `unix://${lab.daemons.beta.dir}/unix.socket` });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('socket_not_allowed');
  });
});

describe('item 4: login throttling behind a trusted proxy', () => {
  let hangar: Hangar;
  const victim = uniqueName('victim');
  const mine = uniqueName('mine');

  beforeAll(async () => {
    hangar = await startHangar({ env: { HANGAR_TRUSTED_PROXIES: '127.0.0.1,::1', HANGAR_PUBLIC_URL: 'http://hangar.example:8080' } });
    const admin = await Api.login(hangar.url);
    for (const username of [victim, mine]) await admin.json('POST', '/api/v1/users', { username, password: USER_PASSWORD, role: 'viewer' }, [201]);
  });
  afterAll(() => hangar?.stop());

  const login = (username: string, password: string, client: string) =>
    fetch(`${hangar.url}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.77, ${client}` },
      body: JSON.stringify({ username, password }),
    }).then((r) => r.status);

  it('throttles per client address, taken from X-Forwarded-For of the trusted proxy', async () => {
    for (let i = 0; i < 10; i++) expect(await login(uniqueName('nobody'), 'wrong-password', '10.0.0.1')).toBe(401);
    expect(await login(ADMIN_USER, ADMIN_PASSWORD, '10.0.0.1')).toBe(429);
    expect(await login(ADMIN_USER, ADMIN_PASSWORD, '10.0.0.2')).toBe(201);
  });

  it('throttles per account, whatever the client', async () => {
    for (let i = 0; i < 20; i++) expect(await login(victim, 'wrong-password', `10.1.0.${i}`)).toBe(401);
    expect(await login(victim, USER_PASSWORD, '10.1.1.1')).toBe(429);
    expect(await login(victim.toUpperCase(), USER_PASSWORD, '10.1.1.2')).toBe(429);
    expect(await login(mine, USER_PASSWORD, '10.1.1.3')).toBe(201);
  });

  it('a success of one account never clears the client\'s failures against another', async () => {
    for (let i = 0; i < 9; i++) expect(await login(uniqueName('other'), 'wrong-password', '10.2.0.1')).toBe(401);
    expect(await login(mine, USER_PASSWORD, '10.2.0.1')).toBe(201);
    expect(await login(uniqueName('other'), 'wrong-password', '10.2.0.1')).toBe(401);
    expect(await login(mine, USER_PASSWORD, '10.2.0.1')).toBe(429);
  });

  it('item 10: a trusted proxy\'s X-Forwarded-Host and -Proto, or HANGAR_PUBLIC_URL, name the origin', async () => {
    const cookie = await sessionCookie(hangar.url);
    const create = (headers: Record<string, string>) =>
      rawRequest(
        hangar.url,
        'POST',
        '/api/v1/users',
        { cookie, 'content-type': 'application/json', ...headers },
        JSON.stringify({ username: uniqueName('px'), password: USER_PASSWORD, role: 'viewer' }),
      ).then((r) => r.status);
    expect(await create({ origin: 'https://console.example', 'x-forwarded-host': 'console.example', 'x-forwarded-proto': 'https' })).toBe(201);
    expect(await create({ origin: 'http://console.example', 'x-forwarded-host': 'console.example', 'x-forwarded-proto': 'https' })).toBe(403);
    expect(await create({ origin: 'http://hangar.example:8080' })).toBe(201);
    expect(await create({ origin: 'https://hangar.example:8080' })).toBe(403);
  });
});

describe('item 4: X-Forwarded-For from a client that is not a trusted proxy', () => {
  let hangar: Hangar;
  beforeAll(async () => {
    hangar = await startHangar({ env: { HANGAR_TRUSTED_PROXIES: '192.0.2.1' } });
  });
  afterAll(() => hangar?.stop());

  it('is ignored: changing it does not escape the throttle', async () => {
    const login = (password: string, i: number) =>
      fetch(`${hangar.url}/api/v1/auth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `198.51.100.${i}` },
        body: JSON.stringify({ username: uniqueName('nobody'), password }),
      }).then((r) => r.status);
    for (let i = 0; i < 10; i++) expect(await login('wrong-password', i)).toBe(401);
    expect(await login('wrong-password', 99)).toBe(429);
  });
});

describe('item 13: stored secrets', () => {
  const secret = crypto.randomBytes(24).toString('hex');
  let hangar: Hangar | undefined;
  afterAll(() => hangar?.stop());

  it('SQLite files are 0600 even when left behind with other modes, and v1 keys are re-sealed under the stretched secret', async () => {
    hangar = await startHangar({ env: { HANGAR_SECRET: secret } });
    const dataDir = hangar.dataDir;
    const api = await Api.login(hangar.url);
    const { alpha } = await registerLab(api, ['alpha']);
    const db = path.join(dataDir, 'hangar.db');
    const readKey = () => {
      const sqlite = new Database(db, { readonly: true });
      const row = sqlite.prepare('select client_key from daemons where id = ?').get(alpha.id) as { client_key: string };
      sqlite.close();
      return row.client_key;
    };
    const sealed = readKey();
    expect(sealed.startsWith('v2.')).toBe(true);

    // A crash leaves -wal and -shm behind; make them what an older Hangar left (0644) and hold a v1 key.
    process.kill(hangar.pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 500));
    const pem = open(secret, sealed, `daemon-client-key:${alpha.id}`);
    const writer = new Database(db);
    writer.prepare('update daemons set client_key = ? where id = ?').run(legacySeal(secret, pem, `daemon-client-key:${alpha.id}`), alpha.id);
    writer.close();
    for (const f of fs.readdirSync(dataDir)) fs.chmodSync(path.join(dataDir, f), 0o644);
    fs.writeFileSync(`${db}-wal`, '', { flag: 'a', mode: 0o644 });
    fs.chmodSync(`${db}-wal`, 0o644);

    hangar = await startHangar({ dataDir, env: { HANGAR_SECRET: secret } });
    for (const f of fs.readdirSync(dataDir).filter((f) => f.startsWith('hangar.db'))) {
      expect({ f, mode: (fs.statSync(path.join(dataDir, f)).mode & 0o777).toString(8) }).toEqual({ f, mode: '600' });
    }
    expect(readKey().startsWith('v2.')).toBe(true);
    const again = await Api.login(hangar.url);
    const view = await again.json<{ status: string }>('GET', `/api/v1/daemons/${alpha.id}`);
    expect(view.status).toBe('online');
    await again.json('DELETE', `/api/v1/daemons/${alpha.id}`);
  });
});

/** How keys were sealed before HANGAR_SECRET was stretched. */
function legacySeal(material: string, plaintext: string, context: string): string {
  return seal(Buffer.from(crypto.hkdfSync('sha256', material, 'hangar', 'hangar/private-keys/v1', 32)), plaintext, context, 'v1');
}

function seal(key: Buffer, plaintext: string, context: string, version: string): string {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `${version}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
}

/** Opens a v2 ciphertext the way Hangar does: scrypt-stretched material, then HKDF. */
function open(material: string, sealed: string, context: string): string {
  const stretched = crypto.scryptSync(material, 'hangar/secret/v2', 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
  const key = Buffer.from(crypto.hkdfSync('sha256', stretched, 'hangar', 'hangar/private-keys/v2', 32));
  const raw = Buffer.from(sealed.slice(3), 'base64');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}
