import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Api, userWithRole } from '../support/hangar';
import { cli, forceDelete, uniqueName } from '../support/lab';

interface Profile {
  name: string;
  description: string;
  config: Record<string, string>;
  devices: Record<string, Record<string, string>>;
  used_by: string[];
}

/** Profiles through the gateway as the Profiles page drives them. */
describe('profiles against real daemons', () => {
  const url = inject('hangarUrl');
  const { alpha, gamma } = inject('daemons');
  let admin: Api;
  let operator: Api;
  const name = uniqueName('prof');
  const container = uniqueName('puser');

  const put = (api: Api, body: unknown, etag: string) =>
    fetch(`${url}/api/v1/daemons/${alpha}/lxd/1.0/profiles/${name}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json', 'if-match': etag },
      body: JSON.stringify(body),
    });
  const etagOf = async () => (await admin.request('GET', `/api/v1/daemons/${alpha}/lxd/1.0/profiles/${name}`)).headers.get('etag')!;

  beforeAll(async () => {
    admin = await Api.login(url);
    operator = await userWithRole(admin, 'operator', 'op');
  });

  afterAll(() => {
    forceDelete('alpha', container);
    for (const daemon of ['alpha', 'gamma'] as const) {
      try {
        cli(daemon, ['profile', 'delete', name]);
      } catch {
        /* deleted by the test */
      }
    }
  });

  it('creates a profile (admin only)', async () => {
    const body = { name, description: 'made by a test', config: { 'limits.memory': '256MB', 'environment.MODE': 'test' }, devices: {} };
    await operator.json('POST', `/api/v1/daemons/${alpha}/lxd/1.0/profiles`, body, [403]);
    await admin.lxd(alpha, 'POST', '/1.0/profiles', body);
    expect(cli('alpha', ['profile', 'get', name, 'limits.memory']).trim()).toBe('256MB');
  });

  it('saves an edit with the ETag, refuses a stale one with 412 and the daemon message', async () => {
    const etag = await etagOf();
    const edit = { description: 'edited', config: { 'limits.memory': '512MB', 'limits.cpu': '1' }, devices: { data: { type: 'disk', source: '/tmp', path: '/mnt/tmp' } } };
    expect((await put(operator, edit, etag)).status).toBe(403);
    expect((await put(admin, edit, etag)).status).toBe(200);
    const shown = cli('alpha', ['profile', 'show', name]);
    expect(shown).toContain('limits.memory: 512MB');
    expect(shown).toContain('path: /mnt/tmp');
    expect(shown).not.toContain('environment.MODE');

    const stale = await put(admin, { ...edit, description: 'lost' }, etag);
    expect(stale.status).toBe(412);
    expect(((await stale.json()) as { error: string }).error).toMatch(/ETag doesn't match/);
  });

  it('passes on the daemon message for an unknown key and a bad value', async () => {
    const bad = await put(admin, { description: '', config: { 'limits.memroy': '1GB' }, devices: {} }, await etagOf());
    expect(bad.status).toBeGreaterThanOrEqual(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/limits\.memroy/);
    const value = await put(admin, { description: '', config: { 'limits.memory': 'lots' }, devices: {} }, await etagOf());
    expect(((await value.json()) as { error: string }).error).toMatch(/lots/);
  });

  it('lists the instances that use it, and the daemon refuses to delete it while in use', async () => {
    cli('alpha', ['launch', 'busybox', container, '--profile', 'default', '--profile', name]);
    const profile = await admin.lxd<Profile>(alpha, 'GET', `/1.0/profiles/${name}`);
    expect(profile.used_by).toContain(`/1.0/instances/${container}`);
    const list = await admin.lxd<Profile[]>(alpha, 'GET', '/1.0/profiles?recursion=1');
    expect(list.find((p) => p.name === name)!.used_by).toHaveLength(1);

    const refused = await admin.request('DELETE', `/api/v1/daemons/${alpha}/lxd/1.0/profiles/${name}`);
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(((await refused.json()) as { error: string }).error).toBe('Profile is currently in use');
    forceDelete('alpha', container);
  });

  it('copies it to another daemon by reading from one and creating on the other', async () => {
    const source = await admin.lxd<Profile>(alpha, 'GET', `/1.0/profiles/${name}`);
    await admin.lxd(gamma, 'POST', '/1.0/profiles', { name, description: source.description, config: source.config, devices: source.devices });
    expect(cli('gamma', ['profile', 'get', name, 'limits.memory']).trim()).toBe('512MB');
    // A name that exists there: the daemon's own words (Incus answers 500 for it).
    const again = await admin.request('POST', `/api/v1/daemons/${gamma}/lxd/1.0/profiles`, { name, config: {}, devices: {} });
    expect(again.status).toBeGreaterThanOrEqual(400);
    expect(((await again.json()) as { error: string }).error).toMatch(/already exists/);
  });

  it('deletes it once unused', async () => {
    await operator.json('DELETE', `/api/v1/daemons/${alpha}/lxd/1.0/profiles/${name}`, undefined, [403]);
    await admin.lxd(alpha, 'DELETE', `/1.0/profiles/${name}`);
    await admin.lxd(gamma, 'DELETE', `/1.0/profiles/${name}`);
    expect(cli('alpha', ['profile', 'list', '--format=csv'])).not.toContain(name);
  });
});
