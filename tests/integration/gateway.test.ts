import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Api, sessionCookie, userWithRole } from '../support/hangar';
import { cli, forceDelete, uniqueName } from '../support/lab';
import { rawRequest } from '../support/raw-http';

/** The LXD API gateway: pass-through, path refusals, the role policy, body limits, audit. */
describe('gateway against real daemons', () => {
  const url = inject('hangarUrl');
  const { alpha, gamma } = inject('daemons');
  let admin: Api;
  let viewer: Api;
  let operator: Api;
  const container = uniqueName('gw');
  const created: string[] = [];

  beforeAll(async () => {
    admin = await Api.login(url);
    viewer = await userWithRole(admin, 'viewer');
    operator = await userWithRole(admin, 'operator');
    cli('alpha', ['launch', 'busybox', container, '-c', 'environment.DB_PASSWORD=s3cret-value']);
  });
  afterAll(() => {
    forceDelete('alpha', container);
    for (const name of created) forceDelete('gamma', name);
  });

  it('returns the daemon status code and envelope unchanged', async () => {
    const ok = await admin.request('GET', `/api/v1/daemons/${alpha}/lxd/1.0`);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { type: string; status_code: number; metadata: { auth: string; environment: { server: string } } };
    expect(body).toMatchObject({ type: 'sync', status_code: 200, metadata: { auth: 'trusted', environment: { server: 'lxd' } } });

    const missing = await admin.request('GET', `/api/v1/daemons/${alpha}/lxd/1.0/instances/no-such-instance`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ type: 'error', error_code: 404, error: expect.stringMatching(/not found/i) });

    const incus = (await (await admin.request('GET', `/api/v1/daemons/${gamma}/lxd/1.0`)).json()) as typeof body;
    expect(incus.metadata.environment.server).toBe('incus');
  });

  it('passes the ETag through', async () => {
    const res = await admin.request('GET', `/api/v1/daemons/${alpha}/lxd/1.0/instances/${container}`);
    expect(res.headers.get('etag')).toBeTruthy();
  });

  it.each([
    ['/1.0/../1.0', 'dot'],
    ['/1.0/%2e%2e/secret', 'encoded'],
    ['/1.0/instances%2F..%2F..', 'encoded'],
    ['//1.0/instances', '/1.0'],
    ['/1.0//instances', 'empty'],
    ['/2.0', '/1.0'],
    ['/internal/x', '/1.0'],
  ])('refuses %s with 400 before reaching the daemon', async (path, reason) => {
    const res = await rawRequest(url, 'GET', `/api/v1/daemons/${alpha}/lxd${path}`, { authorization: `Bearer ${admin.token}` });
    expect(res.status).toBe(400);
    const body = JSON.parse(res.body) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_path');
    expect(body.error.message).toContain(reason);
  });

  it('needs credentials', async () => {
    const res = await new Api(url).request('GET', `/api/v1/daemons/${alpha}/lxd/1.0/instances`);
    expect(res.status).toBe(401);
    const bad = await new Api(url, 'hgr_not-a-real-token').request('GET', `/api/v1/daemons/${alpha}/lxd/1.0`);
    expect(bad.status).toBe(401);
  });

  it('lets a viewer read, without certificates or environment values', async () => {
    const list = await viewer.json<{ metadata: { name: string; config: Record<string, string> }[] }>(
      'GET',
      `/api/v1/daemons/${alpha}/lxd/1.0/instances?recursion=1`,
    );
    const mine = list.metadata.find((i) => i.name === container)!;
    expect(mine.config['environment.DB_PASSWORD']).toBe('(hidden)');
    expect(JSON.stringify(list)).not.toContain('s3cret-value');
    await viewer.json('GET', `/api/v1/daemons/${alpha}/lxd/1.0/certificates`, undefined, [403]);
    await viewer.json('GET', `/api/v1/daemons/${alpha}/lxd/1.0/instances/${container}/files?path=/etc/passwd`, undefined, [403]);
    await viewer.json('PUT', `/api/v1/daemons/${alpha}/lxd/1.0/instances/${container}/state`, { action: 'freeze' }, [403]);
    // The operator sees the value.
    const full = await operator.json<{ metadata: { config: Record<string, string> } }>('GET', `/api/v1/daemons/${alpha}/lxd/1.0/instances/${container}`);
    expect(full.metadata.config['environment.DB_PASSWORD']).toBe('s3cret-value');
  });

  it('lets an operator change power state and snapshots but not create, delete or reconfigure', async () => {
    await operator.lxd(alpha, 'PUT', `/1.0/instances/${container}/state`, { action: 'freeze', timeout: 30 });
    expect(JSON.parse(cli('alpha', ['list', container, '--format=json']))[0].status).toBe('Frozen');
    await operator.lxd(alpha, 'PUT', `/1.0/instances/${container}/state`, { action: 'unfreeze', timeout: 30 });
    await operator.lxd(alpha, 'POST', `/1.0/instances/${container}/snapshots`, { name: 'snap0' });
    await operator.lxd(alpha, 'PUT', `/1.0/instances/${container}`, { restore: 'snap0' });
    await operator.json('PUT', `/api/v1/daemons/${alpha}/lxd/1.0/instances/${container}`, { restore: 'snap0', config: {} }, [403]);
    await operator.json('PATCH', `/api/v1/daemons/${alpha}/lxd/1.0/instances/${container}`, { config: { 'limits.cpu': '1' } }, [403]);
    await operator.json('DELETE', `/api/v1/daemons/${alpha}/lxd/1.0/instances/${container}`, undefined, [403]);
    await operator.json('POST', `/api/v1/daemons/${alpha}/lxd/1.0/instances`, { name: 'nope', source: { type: 'none' } }, [403]);
    await operator.json('POST', `/api/v1/daemons/${alpha}/lxd/1.0/profiles`, { name: 'nope' }, [403]);
    await operator.json('GET', `/api/v1/daemons/${alpha}/lxd/1.0/events`, undefined, [403]);
    await operator.lxd(alpha, 'DELETE', `/1.0/instances/${container}/snapshots/snap0`);
  });

  it('lets an admin create and delete an instance on Incus, and shows the daemon error verbatim', async () => {
    const name = uniqueName('adm');
    created.push(name);
    await admin.lxd(gamma, 'POST', '/1.0/instances', { name, source: { type: 'image', alias: 'busybox' }, start: true });
    expect(JSON.parse(cli('gamma', ['list', name, '--format=json']))[0].status).toBe('Running');
    const running = await admin.request('DELETE', `/api/v1/daemons/${gamma}/lxd/1.0/instances/${name}`);
    const body = (await running.json()) as { type: string; error: string };
    expect(running.status).toBe(400);
    expect(body.error).toMatch(/running/i);
    const bad = await admin.request('POST', `/api/v1/daemons/${gamma}/lxd/1.0/instances`, { name: 'bad_name!', source: { type: 'image', alias: 'busybox' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/name/i);
    await admin.lxd(gamma, 'PUT', `/1.0/instances/${name}/state`, { action: 'stop', force: true, timeout: 30 });
    await admin.lxd(gamma, 'DELETE', `/1.0/instances/${name}`);
    expect(cli('gamma', ['list', '--format=csv', '-c', 'n'])).not.toContain(name);
  });

  it('refuses a JSON body over the limit without reaching the daemon', async () => {
    const huge = JSON.stringify({ name: 'x', description: 'y'.repeat(9 * 1024 * 1024) });
    const res = await admin.request('PUT', `/api/v1/daemons/${alpha}/lxd/1.0/profiles/default`, huge);
    expect(res.status).toBe(413);
  });

  it('accepts a browser session, and refuses a cross-site change made with it', async () => {
    const cookie = await sessionCookie(url);
    const path = `/api/v1/daemons/${alpha}/lxd/1.0/instances/${container}/state`;
    const body = JSON.stringify({ action: 'unfreeze' });
    const headers = { cookie, 'content-type': 'application/json' };
    expect((await rawRequest(url, 'GET', path, { cookie })).status).toBe(200);
    expect((await rawRequest(url, 'PUT', path, { ...headers, origin: 'https://evil.example' }, body)).status).toBe(403);
    expect((await rawRequest(url, 'PUT', path, headers, body)).status).toBe(403);
    const same = await rawRequest(url, 'PUT', path, { ...headers, origin: url }, body);
    expect(same.status).not.toBe(403);
    expect((await rawRequest(url, 'GET', path, { cookie: 'hangar.session=forged' })).status).toBe(401);
  });

  it('audits gateway writes and not reads', async () => {
    const marker = uniqueName('audit');
    await admin.request('GET', `/api/v1/daemons/${alpha}/lxd/1.0/instances/${marker}`);
    await admin.request('POST', `/api/v1/daemons/${alpha}/lxd/1.0/instances/${marker}/snapshots`, { name: 's' });
    const rows = await admin.json<{ method: string; target: string; status: number; daemon: string; user: string }[]>(
      'GET',
      `/api/v1/audit?action=${marker}`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ method: 'POST', status: 404, daemon: 'alpha', user: 'admin' });
    expect(rows[0].target).toContain(`/1.0/instances/${marker}/snapshots`);
  });
});
