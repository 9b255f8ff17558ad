import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import type { AuditRecord } from '@/lib/api-types';
import { Api, registerLab, sessionCookie, startHangar, userWithRole, type Hangar } from '../support/hangar';
import { cli, forceDelete, uniqueName } from '../support/lab';

/** The audit log: a row for every kind of change (and failed logins), none for reads, CSV, retention. */

/** A row of GET /api/v1/audit, with the login events' detail spelled out. */
type Row = AuditRecord & { detail?: { event?: string } & Record<string, unknown> };

describe('audit log', () => {
  const url = inject('hangarUrl');
  const { alpha } = inject('daemons');
  const username = uniqueName('auditor');
  const container = uniqueName('aud');
  let admin: Api;
  let me: Api;

  const rows = (query = '', limit = 1000) =>
    admin.json<Row[]>('GET', `/api/v1/audit?user=${encodeURIComponent(username)}&limit=${limit}${query}`);
  const events = async () => (await rows()).map((r) => r.detail?.event).filter(Boolean);

  beforeAll(async () => {
    admin = await Api.login(url);
    await admin.json('POST', '/api/v1/users', { username, password: 'password-123', role: 'admin' }, [201]);
    cli('alpha', ['launch', 'busybox', container]);
  });
  afterAll(() => forceDelete('alpha', container));

  it('records failed and successful logins, by token and in the browser', async () => {
    const wrong = await new Api(url).request('POST', '/api/v1/auth/token', { username, password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    me = await Api.login(url, username, 'password-123');
    await sessionCookie(url, username, 'password-123');
    const logins = (await rows()).filter((r) => r.detail?.event?.startsWith('login.'));
    expect(logins.map((r) => [r.detail!.event, r.target, r.status])).toEqual([
      ['login.succeeded', '/login', 200],
      ['login.succeeded', '/api/v1/auth/token', 200],
      ['login.failed', '/api/v1/auth/token', 401],
    ]);
  });

  it('records every kind of change with who, role, daemon, method, target, result and duration', async () => {
    const other = uniqueName('aud-user');
    // Users
    await me.json('POST', '/api/v1/users', { username: other, password: 'password-123', role: 'viewer' }, [201]);
    await me.json('PATCH', `/api/v1/users/${other}`, { role: 'operator' });
    await me.json('DELETE', `/api/v1/users/${other}/sessions`, undefined, [204]);
    await me.json('DELETE', `/api/v1/users/${other}`, undefined, [204]);
    // Tokens
    const token = await me.json<{ id: string }>('POST', '/api/v1/tokens', { name: 'audit', expiresInDays: 1 }, [201]);
    await me.json('DELETE', `/api/v1/tokens/${token.id}`, undefined, [204]);
    // Shares
    const share = await me.json<{ id: string }>('POST', '/api/v1/shares', { name: 'audit', scope: { daemon: alpha } }, [201]);
    await me.json('DELETE', `/api/v1/shares/${share.id}`, undefined, [204]);
    // Daemons: a rename there and back
    const renamed = uniqueName('alpha');
    await me.json('PATCH', `/api/v1/daemons/${alpha}`, { name: renamed });
    await me.json('PATCH', `/api/v1/daemons/${alpha}`, { name: 'alpha' });
    // Gateway writes
    await me.lxd(alpha, 'POST', `/1.0/instances/${container}/snapshots`, { name: 'audit-snap' });
    await me.json('DELETE', `/api/v1/daemons/${alpha}/lxd/1.0/instances/${container}/snapshots/no-such-snap`, undefined, [404]);
    // Limits
    await me.json('PATCH', `/api/v1/daemons/${alpha}/instances/${container}/limits?project=default`, { limits: { processes: 300 } });
    // Terminal, opened and closed
    await new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(
        `${url.replace(/^http/, 'ws')}/api/v1/daemons/${alpha}/instances/${container}/terminal?mode=exec&command=true`,
        { headers: { authorization: `Bearer ${me.token}` } },
      );
      socket.on('close', () => resolve());
      socket.on('error', reject);
    });
    // Own account
    await me.json('POST', '/api/v1/me/logout-everywhere', undefined, [204]);

    const byTarget = async (method: string, fragment: string, exact = false) => {
      const found = (await rows()).filter((r) => r.method === method && (exact ? r.target === fragment : r.target.includes(fragment)));
      expect(found.length, `${method} ${fragment}`).toBeGreaterThan(0);
      return found;
    };
    // The terminal's "closed" row is written when the session ends, just after the socket closes.
    await expect.poll(async () => (await events()).includes('terminal.closed'), { timeout: 10_000 }).toBe(true);

    const all = await rows();
    for (const row of all) {
      expect(Object.keys(row).filter((k) => k !== 'detail' && k !== 'details').sort()).toEqual(
        ['action', 'at', 'daemon', 'durationMs', 'instance', 'method', 'role', 'status', 'target', 'user'],
      );
      expect(row.action, `${row.method} ${row.target}`).toMatch(/^[a-z-]+\.[a-z-.]+$/);
      expect(row).toMatchObject({ user: username, role: 'admin' });
      expect(Number.isFinite(Date.parse(row.at))).toBe(true);
      expect(row.durationMs).toBeGreaterThanOrEqual(0);
    }
    expect(await byTarget('POST', '/api/v1/users')).toContainEqual(expect.objectContaining({ status: 201, detail: expect.objectContaining({ event: 'user.created' }) }));
    expect(await byTarget('PATCH', `/api/v1/users/${other}`)).toContainEqual(expect.objectContaining({ status: 200 }));
    expect(await byTarget('DELETE', `/api/v1/users/${other}/sessions`)).toContainEqual(expect.objectContaining({ status: 204 }));
    expect(await byTarget('DELETE', `/api/v1/users/${other}`, true)).toContainEqual(expect.objectContaining({ status: 204 }));
    expect(await byTarget('POST', '/api/v1/tokens')).toContainEqual(expect.objectContaining({ status: 201 }));
    expect(await byTarget('DELETE', `/api/v1/tokens/${token.id}`)).toContainEqual(expect.objectContaining({ status: 204 }));
    expect(await byTarget('POST', '/api/v1/shares')).toContainEqual(expect.objectContaining({ status: 201, detail: expect.objectContaining({ event: 'share.created' }) }));
    expect(await byTarget('DELETE', `/api/v1/shares/${share.id}`)).toContainEqual(expect.objectContaining({ status: 204 }));
    expect((await byTarget('PATCH', `/api/v1/daemons/${alpha}`, true)).map((r) => r.daemon).sort()).toEqual(['alpha', renamed].sort());
    expect(await byTarget('POST', `/1.0/instances/${container}/snapshots`)).toContainEqual(expect.objectContaining({ daemon: 'alpha', status: 202 }));
    expect(await byTarget('DELETE', '/snapshots/no-such-snap')).toContainEqual(expect.objectContaining({ daemon: 'alpha', status: 404 }));
    expect(await byTarget('PATCH', `/instances/${container}/limits`)).toContainEqual(expect.objectContaining({ daemon: 'alpha', status: 200 }));
    const terminal = await byTarget('WS', `/instances/${container}/terminal`);
    expect(terminal.map((r) => r.detail?.event).sort()).toEqual(['terminal.closed', 'terminal.opened']);
    expect(await byTarget('POST', '/api/v1/me/logout-everywhere')).toContainEqual(expect.objectContaining({ status: 204 }));
  });

  it('records a refused change too, and records no reads at all', async () => {
    await me.json('DELETE', '/api/v1/users/no-such-user-for-audit', undefined, [404]);
    expect(await rows('&action=no-such-user-for-audit')).toEqual([expect.objectContaining({ method: 'DELETE', status: 404 })]);

    const before = (await rows()).length;
    const marker = uniqueName('read-marker');
    for (const target of [
      '/api/v1/me',
      '/api/v1/daemons',
      `/api/v1/daemons/${alpha}`,
      '/api/v1/instances',
      '/api/v1/users',
      '/api/v1/tokens',
      '/api/v1/shares',
      '/api/v1/audit',
      `/api/v1/daemons/${alpha}/instances/${container}/limits`,
      `/api/v1/daemons/${alpha}/lxd/1.0/instances/${container}`,
      `/api/v1/daemons/${alpha}/lxd/1.0/instances/${marker}`,
      `/api/v1/daemons/${alpha}/lxd/1.0/certificates`,
    ]) {
      await me.request('GET', target);
    }
    expect((await rows()).length).toBe(before);
    expect(await rows(`&action=${marker}`)).toEqual([]);
  });

  it('filters by user, action, daemon and time, and exports CSV', async () => {
    const all = await rows();
    const since = all[Math.floor(all.length / 2)].at;
    const recent = await rows(`&since=${encodeURIComponent(since)}`);
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.every((r) => r.at >= since)).toBe(true);
    expect((await rows('&daemon=alpha')).every((r) => r.daemon === 'alpha')).toBe(true);
    expect((await rows('&action=PATCH')).every((r) => r.method === 'PATCH' || r.target.includes('PATCH'))).toBe(true);
    expect(await rows('', 2)).toEqual(all.slice(0, 2));
    await admin.json('GET', '/api/v1/audit?since=yesterday', undefined, [400]);
    await admin.json('GET', '/api/v1/audit?limit=-1', undefined, [400]);

    const res = await admin.request('GET', `/api/v1/audit?user=${encodeURIComponent(username)}&limit=1000&format=csv`);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain('attachment');
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('at,user,role,daemon,method,target,status,durationMs,action,instance,details');
    expect(lines).toHaveLength(all.length + 1);
    expect(lines.slice(1).every((l) => l.split(',')[1] === username)).toBe(true);
  });

  it('says what each change did: action, instance and key details, and filters on the action', { timeout: 180_000 }, async () => {
    const first = uniqueName('aud-act');
    const second = `${first}-b`;
    const gw = (method: string, path: string, body?: unknown) => me.lxd(alpha, method, path, body);
    try {
      await gw('POST', '/1.0/instances', { name: first, source: { type: 'image', alias: 'busybox' } });
      await gw('PUT', `/1.0/instances/${first}/state`, { action: 'start', timeout: 30 });
      await gw('POST', `/1.0/instances/${first}/snapshots`, { name: 'before' });
      await gw('PUT', `/1.0/instances/${first}/state`, { action: 'stop', force: true, timeout: 30 });
      await gw('PUT', `/1.0/instances/${first}`, { restore: 'before' });
      await gw('PATCH', `/1.0/instances/${first}`, { config: { 'user.audit-note': 'x' } });
      await gw('POST', `/1.0/instances/${first}`, { name: second });
      await me.json('PATCH', `/api/v1/daemons/${alpha}/instances/${second}/limits?project=default`, { limits: { processes: 300 } });
      await gw('PUT', `/1.0/instances/${second}/state`, { action: 'start', timeout: 30 });
      await new Promise<void>((resolve, reject) => {
        const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/daemons/${alpha}/instances/${second}/terminal?mode=exec&command=true`, {
          headers: { authorization: `Bearer ${me.token}` },
        });
        socket.on('close', () => resolve());
        socket.on('error', reject);
      });
      await gw('PUT', `/1.0/instances/${second}/state`, { action: 'stop', force: true, timeout: 30 });
      await gw('DELETE', `/1.0/instances/${second}`);
    } finally {
      forceDelete('alpha', first);
      forceDelete('alpha', second);
    }
    await expect.poll(async () => (await rows('&action=terminal.close')).some((r) => r.instance === second), { timeout: 10_000 }).toBe(true);

    const one = async (action: string, instance: string) => {
      const found = (await rows(`&action=${action}`)).filter((r) => r.instance === instance);
      expect(found.map((r) => r.action), action).toEqual(found.map(() => action));
      expect(found.length, `${action} on ${instance}`).toBeGreaterThan(0);
      return found[0];
    };
    expect(await one('instance.create', first)).toMatchObject({ method: 'POST', daemon: 'alpha', status: 202, details: { source: 'busybox', sourceType: 'image' } });
    expect(await one('instance.start', first)).toMatchObject({ method: 'PUT', target: `/1.0/instances/${first}/state` });
    expect(await one('snapshot.create', first)).toMatchObject({ details: { snapshot: 'before' } });
    expect(await one('instance.stop', first)).toMatchObject({ details: { force: true } });
    expect(await one('snapshot.restore', first)).toMatchObject({ method: 'PUT', target: `/1.0/instances/${first}`, details: { snapshot: 'before' } });
    expect(await one('config.update', first)).toMatchObject({ method: 'PATCH', target: `/1.0/instances/${first}`, details: { keys: ['user.audit-note'] } });
    expect(await one('instance.rename', first)).toMatchObject({ details: { newName: second } });
    expect(await one('limits.update', second)).toMatchObject({ method: 'PATCH', status: 200 });
    expect(await one('terminal.open', second)).toMatchObject({ method: 'WS', status: 101, details: { mode: 'exec', command: 'true' } });
    expect(await one('terminal.close', second)).toMatchObject({ method: 'WS' });
    expect(await one('instance.delete', second)).toMatchObject({ method: 'DELETE' });
    // Two starts and two stops, told apart although all four are PUT …/state.
    expect((await rows('&action=instance.start')).filter((r) => [first, second].includes(r.instance!))).toHaveLength(2);
    // The noun alone matches every action on it.
    const instanceRows = await rows('&action=instance');
    for (const action of ['instance.create', 'instance.rename', 'instance.stop', 'instance.delete']) {
      expect(instanceRows.some((r) => r.action === action), action).toBe(true);
    }
    // And the CSV carries the same columns.
    const csv = await (await admin.request('GET', `/api/v1/audit?user=${encodeURIComponent(username)}&action=instance.rename&format=csv`)).text();
    expect(csv).toContain(`,POST,/1.0/instances/${first},202,`);
    expect(csv).toMatch(new RegExp(`,instance\\.rename,${first},"\\{""newName"":""${second}""\\}"`));
  });

  it('records the reads that take data out: a file and the console log', async () => {
    const filePath = `/api/v1/daemons/${alpha}/lxd/1.0/instances/${container}/files?path=${encodeURIComponent('/tmp/audit-note')}`;
    const written = await me.request('POST', filePath, 'a note', { 'content-type': 'application/octet-stream', 'x-lxd-type': 'file' });
    expect(written.status).toBe(200);
    const file = await me.request('GET', filePath);
    expect(file.status).toBe(200);
    expect(await file.text()).toBe('a note');
    expect((await me.request('GET', `/api/v1/daemons/${alpha}/lxd/1.0/instances/${container}/console`)).status).toBeLessThan(500);
    const reads = await rows('&action=file.read');
    expect(reads[0]).toMatchObject({ action: 'file.read', instance: container, method: 'GET', status: 200, details: { path: '/tmp/audit-note' } });
    expect((await rows('&action=file.write'))[0]).toMatchObject({ instance: container, method: 'POST', status: 200, details: { path: '/tmp/audit-note' } });
    expect((await rows('&action=console.read'))[0]).toMatchObject({ action: 'console.read', instance: container, method: 'GET' });
  });

  it('neutralises CSV cells a spreadsheet would run as formulas', async () => {
    // The instance named in a daemon path is whatever the caller typed: a way into the CSV.
    const marker = uniqueName('x');
    const typed = ['=1+2', '+1', '-1', '@A1', '\t=1'].map((t) => `${t}${marker}`);
    for (const name of typed) {
      await me.request('DELETE', `/api/v1/daemons/${alpha}/lxd/1.0/instances/${encodeURIComponent(name)}`);
    }
    const res = await admin.request('GET', `/api/v1/audit?user=${encodeURIComponent(username)}&action=instance.delete&format=csv`);
    const csv = await res.text();
    for (const name of typed) {
      const cell = name.startsWith('\t') ? `,"'${name}",` : `,'${name},`;
      expect(csv, JSON.stringify(name)).toContain(cell);
    }
    // The JSON carries the names unchanged.
    const json = await rows('&action=instance.delete');
    expect(json.map((r) => r.instance)).toEqual(expect.arrayContaining(typed));
  });

  it('is for admins only', async () => {
    const viewer = await userWithRole(admin, 'viewer', 'aud-viewer');
    await viewer.json('GET', '/api/v1/audit', undefined, [403]);
    await viewer.json('GET', '/api/v1/audit?format=csv', undefined, [403]);
  });
});

describe('a change whose audit record cannot be written', () => {
  let hangar: Hangar | undefined;
  let db: Database.Database | undefined;
  afterAll(async () => {
    await hangar?.stop();
  });

  it('is refused with 503 and nothing changes: Hangar routes, the gateway, tokens and terminals', { timeout: 120_000 }, async () => {
    hangar = await startHangar();
    const api = await Api.login(hangar.url);
    const { alpha: registered } = await registerLab(api, ['alpha']);
    const profile = uniqueName('aud-closed');
    const username = uniqueName('aud-closed');
    try {
      // What a full disk or a read-only table does to the insert, made real with a trigger in Hangar's own SQLite file.
      db = new Database(path.join(hangar.dataDir, 'hangar.db'));
      db.exec("create trigger audit_refused before insert on audit begin select raise(abort, 'audit table is read-only'); end");

      const refused = async (res: Response | { status: number; body: string }) => {
        const body = res instanceof Response ? await res.text() : res.body;
        expect(res.status, body).toBe(503);
        expect((JSON.parse(body) as { error: { code: string } }).error.code).toBe('audit_unavailable');
      };
      await refused(await api.request('POST', '/api/v1/users', { username, password: 'password-123', role: 'viewer' }));
      await refused(await api.request('POST', `/api/v1/daemons/${registered.id}/lxd/1.0/profiles`, { name: profile }));
      await refused(await api.request('PUT', `/api/v1/daemons/${registered.id}/lxd/1.0/instances/no-such-${profile}/state`, { action: 'start' }));
      await refused(await new Api(hangar.url).request('POST', '/api/v1/auth/token', { username: 'admin', password: 'admin-password-for-tests' }));
      await refused(
        await new Promise<{ status: number; body: string }>((resolve, reject) => {
          const ws = new WebSocket(`${hangar!.url.replace(/^http/, 'ws')}/api/v1/daemons/${registered.id}/instances/no-such-${profile}/terminal`, {
            headers: { authorization: `Bearer ${api.token}` },
          });
          ws.once('unexpected-response', (_req, res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          });
          ws.once('open', () => reject(new Error('the terminal opened')));
        }),
      );
      // Nothing changed, and reads still work.
      expect((await api.json<{ username: string }[]>('GET', '/api/v1/users')).map((u) => u.username)).not.toContain(username);
      expect(cli('alpha', ['profile', 'list', '--format', 'csv'])).not.toContain(profile);

      db.exec('drop trigger audit_refused');
      await api.json('POST', '/api/v1/users', { username, password: 'password-123', role: 'viewer' }, [201]);
    } finally {
      db?.close();
      try {
        cli('alpha', ['profile', 'delete', profile]);
      } catch {
        /* never made */
      }
      await api.request('DELETE', `/api/v1/daemons/${registered.id}`);
    }
  });
});

describe('audit retention', () => {
  let hangar: Hangar | undefined;
  afterAll(async () => {
    await hangar?.stop();
  });

  it('prunes records older than HANGAR_AUDIT_RETENTION_DAYS at start and keeps the rest', async () => {
    hangar = await startHangar();
    await Api.login(hangar.url);
    const { dataDir } = hangar;
    await hangar.stop();
    const db = new Database(path.join(dataDir, 'hangar.db'));
    const insert = db.prepare(
      "insert into audit (id, at, username, role, daemon, method, target, status, duration_ms, detail) values (?, ?, 'old', 'admin', null, 'POST', '/old', 200, 1, null)",
    );
    insert.run('ten-days-old', Date.now() - 10 * 86_400_000);
    insert.run('two-days-old', Date.now() - 2 * 86_400_000);
    db.close();

    hangar = await startHangar({ dataDir, env: { HANGAR_AUDIT_RETENTION_DAYS: '5' } });
    const api = await Api.login(hangar.url);
    await expect.poll(async () => (await api.json<Row[]>('GET', '/api/v1/audit?user=old')).length, { timeout: 10_000 }).toBe(1);
    expect((await api.json<Row[]>('GET', '/api/v1/audit?user=old'))[0].target).toBe('/old');
    expect(hangar.log()).toContain('audit retention: removed 1 records older than 5 days');
    expect((await api.json<Row[]>('GET', '/api/v1/audit?user=admin')).length).toBeGreaterThan(0);
  });

  it('refuses a retention that is not a whole number of days', async () => {
    await expect(startHangar({ env: { HANGAR_AUDIT_RETENTION_DAYS: 'ninety' } })).rejects.toThrow(
      /HANGAR_AUDIT_RETENTION_DAYS must be a whole number of at least 0, got "ninety"/,
    );
  });
});
