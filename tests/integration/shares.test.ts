import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FleetResponse } from '@/lib/api-types';
import type { LiveEvent } from '@/lib/live';
import { Api, startHangar, type Hangar } from '../support/hangar';
import { cli, forceDelete, uniqueName } from '../support/lab';
import { rawRequest } from '../support/raw-http';

/** Share links against the real lab: exact scope, nothing but the fleet fields, read-only, revocable. */

const FLEET_KEYS = ['createdAt', 'daemon', 'image', 'ipv4', 'ipv6', 'limits', 'location', 'name', 'profiles', 'project', 'status', 'type', 'usage'];

interface Created {
  id: string;
  token: string;
  url: string;
  expiresAt: string;
}

/** Reads a Server-Sent Events stream in the background: data events and status messages. */
function openStream(url: string) {
  const controller = new AbortController();
  const events: LiveEvent[] = [];
  const statuses: { daemons: { id: string; name: string; state: string; error?: string }[] }[] = [];
  let status = 0;
  let ended = false;
  const done = (async () => {
    const res = await fetch(url, { signal: controller.signal });
    status = res.status;
    if (!res.ok || !res.body) return;
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) return;
      buffer += value;
      let cut: number;
      while ((cut = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const kind = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (!data) continue;
        if (kind === 'status') statuses.push(JSON.parse(data));
        else if (kind === 'message') events.push(JSON.parse(data));
      }
    }
  })()
    .catch(() => undefined)
    .finally(() => (ended = true));
  return { events, statuses, status: () => status, ended: () => ended, close: () => controller.abort(), done };
}

async function until(what: string, check: () => boolean, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('share links', () => {
  const url = inject('hangarUrl');
  const { alpha } = inject('daemons');
  const anonymous = new Api(url);
  let admin: Api;
  const project = uniqueName('shr').slice(0, 30);
  const c1 = uniqueName('shr-a');
  const c2 = uniqueName('shr-b');
  const inProject = uniqueName('shr-p');
  const onGamma = uniqueName('shr-g');

  const share = (body: unknown) => admin.json<Created>('POST', '/api/v1/shares', body, [201]);
  const sharedNames = async (token: string) =>
    (await anonymous.json<FleetResponse>('GET', `/api/v1/shares/${token}/instances`)).instances.map((i) => `${i.daemon.name}/${i.project}/${i.name}`).sort();

  beforeAll(async () => {
    admin = await Api.login(url);
    cli('alpha', ['launch', 'busybox', c1, '-c', 'environment.DB_PASSWORD=s3cret-share-value', '-c', 'user.note=private-note', '-c', 'limits.memory=128MB']);
    cli('alpha', ['launch', 'busybox', c2]);
    cli('alpha', ['project', 'create', project, '-c', 'features.images=false', '-c', 'features.profiles=false']);
    cli('alpha', ['launch', 'busybox', inProject, `--project=${project}`]);
    cli('gamma', ['launch', 'busybox', onGamma]);
  });
  afterAll(() => {
    forceDelete('alpha', c1);
    forceDelete('alpha', c2);
    forceDelete('alpha', inProject, project);
    forceDelete('gamma', onGamma);
    try {
      cli('alpha', ['project', 'delete', project]);
    } catch {
      /* already gone */
    }
  });

  it('creates a link with at least 128 random bits, shown once and listed without it', async () => {
    const created = await share({ name: 'wall', scope: { daemon: 'alpha' } });
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.url).toBe(`/share/${created.token}`);
    expect(Date.parse(created.expiresAt) - Date.now()).toBeGreaterThan(29 * 86_400_000);
    const list = await admin.json<{ id: string; name: string; scope: unknown }[]>('GET', '/api/v1/shares');
    expect(list.find((s) => s.id === created.id)).toMatchObject({ name: 'wall', scope: { daemon: alpha } });
    expect(JSON.stringify(list)).not.toContain(created.token);
    const other = await share({ name: 'wall', scope: { daemon: 'alpha' } });
    expect(other.token).not.toBe(created.token);
  });

  it('shows exactly its scope: a daemon, a project, a list of instances', async () => {
    const daemon = await share({ name: 'alpha', scope: { daemon: alpha } });
    const names = await sharedNames(daemon.token);
    expect(names).toEqual(expect.arrayContaining([`alpha/default/${c1}`, `alpha/default/${c2}`, `alpha/${project}/${inProject}`]));
    expect(names.every((n) => n.startsWith('alpha/'))).toBe(true);

    const oneProject = await share({ name: 'project', scope: { daemon: 'alpha', project } });
    expect(await sharedNames(oneProject.token)).toEqual([`alpha/${project}/${inProject}`]);
    const projectEverywhere = await share({ name: 'project everywhere', scope: { project } });
    expect(await sharedNames(projectEverywhere.token)).toEqual([`alpha/${project}/${inProject}`]);

    const list = await share({
      name: 'two',
      scope: {
        instances: [
          { daemon: alpha, project: 'default', name: c1 },
          { daemon: 'gamma', project: 'default', name: onGamma },
          { daemon: alpha, project: 'default', name: 'not-there-at-all' },
        ],
      },
    });
    expect(await sharedNames(list.token)).toEqual([`alpha/default/${c1}`, `gamma/default/${onGamma}`].sort());
  });

  it('carries the fleet fields and limits, and no config, devices or environment', async () => {
    const { token } = await share({ name: 'one', scope: { instances: [{ daemon: alpha, project: 'default', name: c1 }] } });
    const res = await anonymous.request('GET', `/api/v1/shares/${token}/instances`);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    const body = JSON.parse(text) as FleetResponse;
    expect(Object.keys(body).sort()).toEqual(['errors', 'instances']);
    expect(body.instances).toHaveLength(1);
    const [instance] = body.instances;
    expect(Object.keys(instance).sort()).toEqual(FLEET_KEYS);
    expect(instance.limits).toEqual({ memory: '128MB' });
    expect(instance).toMatchObject({ daemon: { id: alpha, name: 'alpha' }, project: 'default', name: c1, status: 'Running' });
    for (const secret of ['s3cret-share-value', 'environment', 'private-note', 'user.note', 'devices', 'expanded_config', 'config']) {
      expect(text).not.toContain(secret);
    }
    // The same data as /api/v1/instances.
    const fleet = await admin.json<FleetResponse>('GET', `/api/v1/instances?daemon=${alpha}&project=default`);
    const same = fleet.instances.find((i) => i.name === c1)!;
    expect({ ...instance, usage: null }).toEqual({ ...same, usage: null });
  });

  it('refuses every write and is no credential anywhere else', async () => {
    const { id, token } = await share({ name: 'ro', scope: { daemon: alpha } });
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      const res = await anonymous.request(method, `/api/v1/shares/${token}/instances`, {});
      expect(res.status, method).toBe(405);
    }
    expect((await anonymous.request('DELETE', `/api/v1/shares/${id}`)).status).toBe(401);
    expect((await anonymous.request('DELETE', `/api/v1/shares/${token}`)).status).toBe(401);
    const asBearer = new Api(url, token);
    for (const [method, target] of [
      ['GET', '/api/v1/me'],
      ['GET', '/api/v1/instances'],
      ['GET', `/api/v1/daemons/${alpha}/lxd/1.0/instances`],
      ['PUT', `/api/v1/daemons/${alpha}/lxd/1.0/instances/${c1}/state`],
      ['GET', `/api/v1/daemons/${alpha}/instances/${c1}/limits`],
      ['PATCH', `/api/v1/daemons/${alpha}/instances/${c1}/limits`],
    ]) {
      expect((await asBearer.request(method, target, method === 'GET' ? undefined : { action: 'freeze', limits: { processes: 10 } })).status, target).toBe(401);
    }
    expect((await rawRequest(url, 'GET', '/api/v1/me', { cookie: `hangar.session=${token}` })).status).toBe(401);
    expect((await rawRequest(url, 'GET', `/api/v1/shares/${token}`)).status).toBe(405);
    expect(JSON.parse(cli('alpha', ['list', c1, '--format=json']))[0].status).toBe('Running');
  });

  it('serves the public page without login, and nothing for unknown links', async () => {
    const { token } = await share({ name: 'Front desk screen', scope: { daemon: alpha } });
    const page = await rawRequest(url, 'GET', `/share/${token}`);
    expect(page.status).toBe(200);
    expect(page.headers['cache-control']).toContain('no-store');
    expect(page.body).toContain('Front desk screen');
    const unknown = await rawRequest(url, 'GET', `/share/${'x'.repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect((await anonymous.request('GET', `/api/v1/shares/${'y'.repeat(43)}/instances`)).status).toBe(404);
  });

  it('stops working the moment it is revoked: API, page and live stream', async () => {
    const { id, token } = await share({ name: 'revoke me', scope: { instances: [{ daemon: alpha, project: 'default', name: c2 }] } });
    const stream = openStream(`${url}/api/v1/shares/${token}/events`);
    await until('the stream to report alpha', () => stream.statuses.some((m) => m.daemons.some((d) => d.id === alpha && d.state === 'connected')));
    cli('alpha', ['pause', c2]);
    await until('the pause event', () => stream.events.some((e) => e.instance === c2 && e.action === 'instance-paused'));
    expect(stream.events.every((e) => e.instance === c2)).toBe(true);

    await admin.json('DELETE', `/api/v1/shares/${id}`, undefined, [204]);
    // The open stream ends at once, not at a later check.
    await until('the open stream to end', () => stream.ended(), 1000);
    const gone = await anonymous.request('GET', `/api/v1/shares/${token}/instances`);
    expect(gone.status).toBe(410);
    expect(((await gone.json()) as { error: { code: string } }).error.code).toBe('share_revoked');
    expect((await rawRequest(url, 'GET', `/share/${token}`)).status).toBe(404);
    expect((await anonymous.request('GET', `/api/v1/shares/${token}/events`)).status).toBe(410);
    const seen = stream.events.length;
    cli('alpha', ['start', c2]);
    await new Promise((r) => setTimeout(r, 2000));
    expect(stream.events.length).toBe(seen);
    stream.close();
    expect((await admin.json<{ id: string }[]>('GET', '/api/v1/shares')).some((s) => s.id === id)).toBe(false);
    await admin.json('DELETE', `/api/v1/shares/${id}`, undefined, [404]);
  });

  it('streams only the shared instances, with only their daemons and no error texts', async () => {
    const { token } = await share({ name: 'stream', scope: { instances: [{ daemon: alpha, project: 'default', name: c1 }] } });
    const stream = openStream(`${url}/api/v1/shares/${token}/events`);
    await until('a status message', () => stream.statuses.length > 0);
    expect(stream.statuses.flatMap((m) => m.daemons.map((d) => d.id))).toEqual([alpha]);
    expect(JSON.stringify(stream.statuses)).not.toContain('"error"');
    cli('alpha', ['pause', c2]);
    cli('alpha', ['pause', c1]);
    await until('the event about c1', () => stream.events.some((e) => e.instance === c1));
    cli('alpha', ['start', c1]);
    cli('alpha', ['start', c2]);
    await until('c1 running again', () => stream.events.some((e) => e.instance === c1 && e.action === 'instance-resumed'));
    for (const e of stream.events) {
      expect(e.instance).toBe(c1);
      expect(e.requestor).toBeUndefined();
      expect(e.operation?.metadata ?? null).toBeNull();
    }
    stream.close();
  });

  it('expires at its time', async () => {
    const { token } = await share({ name: 'short', scope: { daemon: alpha }, expiresAt: new Date(Date.now() + 2500).toISOString() });
    expect((await anonymous.request('GET', `/api/v1/shares/${token}/instances`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 3000));
    const res = await anonymous.request('GET', `/api/v1/shares/${token}/instances`);
    expect(res.status).toBe(410);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('share_expired');
    expect((await rawRequest(url, 'GET', `/share/${token}`)).status).toBe(404);
  });

  it('refuses a bad link request with a clear message, and non-admins', async () => {
    const bad: [unknown, RegExp][] = [
      [{ name: 'x', scope: {} }, /daemon, a project or instances/],
      [{ name: 'x' }, /scope/],
      [{ name: '', scope: { daemon: alpha } }, /name/],
      [{ name: 'x', scope: { daemon: 'no-such-daemon' } }, /no daemon "no-such-daemon"/],
      [{ name: 'x', scope: { daemon: alpha, instances: [{ daemon: alpha, name: c1 }] } }, /not both/],
      [{ name: 'x', scope: { instances: [] } }, /1 to/],
      [{ name: 'x', scope: { instances: [{ daemon: alpha, name: 'a/b' }] } }, /scope.instances\[0\].name/],
      [{ name: 'x', scope: { daemon: alpha, everything: true } }, /unknown fields: everything/],
      [{ name: 'x', scope: { daemon: alpha }, expiresAt: '2001-01-01T00:00:00Z' }, /future/],
      [{ name: 'x', scope: { daemon: alpha }, expiresAt: '2999-01-01T00:00:00Z' }, /at most 366 days/],
      [{ name: 'x', scope: { daemon: alpha }, expiresAt: 'tomorrow' }, /ISO 8601/],
    ];
    for (const [body, message] of bad) {
      const res = await admin.request('POST', '/api/v1/shares', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(message);
    }
    const username = uniqueName('shr-op');
    await admin.json('POST', '/api/v1/users', { username, password: 'password-123', role: 'operator' }, [201]);
    const operator = await Api.login(url, username, 'password-123');
    await operator.json('POST', '/api/v1/shares', { name: 'x', scope: { daemon: alpha } }, [403]);
    await operator.json('GET', '/api/v1/shares', undefined, [403]);
  });
});

describe('share links on a fresh Hangar', () => {
  let hangar: Hangar;
  afterAll(async () => {
    await hangar?.stop();
  });

  it('stores only the SHA-256 of a link and rate-limits unknown links per address', async () => {
    hangar = await startHangar();
    const admin = await Api.login(hangar.url);
    const { token } = await admin.json<Created>('POST', '/api/v1/shares', { name: 'fresh', scope: { project: 'default' } }, [201]);
    const db = new Database(path.join(hangar.dataDir, 'hangar.db'), { readonly: true });
    const rows = db.prepare('select token_hash from shares').all() as { token_hash: string }[];
    db.close();
    expect(rows).toEqual([{ token_hash: crypto.createHash('sha256').update(token).digest('hex') }]);
    const everything = fs.readdirSync(hangar.dataDir).map((f) => fs.readFileSync(path.join(hangar.dataDir, f)).toString('latin1')).join('');
    expect(everything).not.toContain(token);

    const anonymous = new Api(hangar.url);
    expect((await anonymous.request('GET', `/api/v1/shares/${token}/instances`)).status).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      statuses.push((await anonymous.request('GET', `/api/v1/shares/${crypto.randomBytes(32).toString('base64url')}/instances`)).status);
    }
    expect(statuses.slice(0, 30).every((s) => s === 404)).toBe(true);
    const limited = await anonymous.request('GET', `/api/v1/shares/${crypto.randomBytes(32).toString('base64url')}/instances`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Once limited, a right guess cannot be told from a wrong one.
    expect((await anonymous.request('GET', `/api/v1/shares/${token}/instances`)).status).toBe(429);
    expect((await rawRequest(hangar.url, 'GET', `/share/${token}`)).body).toContain('Too many unknown share links');
  });
});
