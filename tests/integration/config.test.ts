import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { attributeConfig, INSTANCE_SOURCE } from '@/lib/config-sources';
import type { LxdInstance, LxdProfile } from '@/lib/lxd-types';
import { Api, userWithRole } from '../support/hangar';
import { cli, forceDelete, uniqueName } from '../support/lab';

/**
 * The Configuration and Logs tabs and the operations panel against real daemons: ETag-protected
 * saves with a change made from the CLI in the middle, the daemon's messages for bad keys and
 * values, attribution of expanded values to profiles, log files by role, operations without secrets.
 */
describe('instance configuration against real daemons', () => {
  const url = inject('hangarUrl');
  const { alpha } = inject('daemons');
  let admin: Api;
  let operator: Api;
  let viewer: Api;
  const container = uniqueName('cfg');
  const low = uniqueName('plow');
  const high = uniqueName('phigh');
  const path = `/api/v1/daemons/${alpha}/lxd/1.0/instances/${container}`;

  const read = async () => {
    const res = await admin.request('GET', path);
    return { etag: res.headers.get('etag')!, instance: ((await res.json()) as { metadata: LxdInstance }).metadata };
  };
  const writable = (i: LxdInstance) => ({
    architecture: i.architecture,
    config: i.config,
    devices: i.devices,
    ephemeral: i.ephemeral,
    profiles: i.profiles,
    stateful: i.stateful,
    description: i.description,
  });
  /** PUT with If-Match. The daemon checks the ETag at once and applies the change in an operation: wait for it. */
  const put = async (body: unknown, etag: string, api = admin): Promise<{ status: number; error: string }> => {
    const res = await fetch(`${url}${path}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json', 'if-match': etag },
      body: JSON.stringify(body),
    });
    const reply = (await res.json()) as { error?: string | { message: string }; operation?: string };
    if (res.status !== 202) return { status: res.status, error: typeof reply.error === 'string' ? reply.error : (reply.error?.message ?? '') };
    const op = await api.json<{ metadata: { err: string } }>('GET', `/api/v1/daemons/${alpha}/lxd${reply.operation}/wait?timeout=60`);
    return { status: 202, error: op.metadata.err };
  };

  beforeAll(async () => {
    admin = await Api.login(url);
    operator = await userWithRole(admin, 'operator');
    viewer = await userWithRole(admin, 'viewer');
    cli('alpha', ['profile', 'create', low]);
    cli('alpha', ['profile', 'set', low, 'limits.memory', '128MB']);
    cli('alpha', ['profile', 'set', low, 'user.from', 'low']);
    cli('alpha', ['profile', 'create', high]);
    cli('alpha', ['profile', 'set', high, 'limits.memory', '256MB']);
    cli('alpha', ['profile', 'device', 'add', high, 'scratch', 'disk', 'source=/tmp', 'path=/mnt/scratch']);
    cli('alpha', ['launch', 'busybox', container, '-p', 'default', '-p', low, '-p', high, '-c', 'environment.API_KEY=s3cret-config']);
  });

  afterAll(() => {
    forceDelete('alpha', container);
    for (const p of [low, high]) {
      try {
        cli('alpha', ['profile', 'delete', p]);
      } catch {
        /* already gone */
      }
    }
  });

  it('saves the edited config with its ETag', async () => {
    const { etag, instance } = await read();
    const edited = writable(instance);
    edited.config = { ...edited.config, 'user.note': 'from the editor' };
    expect(await put(edited, etag)).toEqual({ status: 202, error: '' });
    expect(cli('alpha', ['config', 'get', container, 'user.note']).trim()).toBe('from the editor');
  });

  it('refuses a save after the CLI changed the instance in the middle (412), and the reload saves', async () => {
    const { etag, instance } = await read();
    cli('alpha', ['config', 'set', container, 'user.cli', 'meanwhile']);
    const edited = writable(instance);
    edited.config = { ...edited.config, 'user.note': 'stale edit' };
    const refused = await put(edited, etag);
    expect(refused.status).toBe(412);
    expect(refused.error).toMatch(/ETag doesn't match/);
    expect(cli('alpha', ['config', 'get', container, 'user.note']).trim()).toBe('from the editor');

    const reloaded = await read();
    expect(reloaded.instance.config['user.cli']).toBe('meanwhile');
    const again = writable(reloaded.instance);
    again.config = { ...again.config, 'user.note': 'after reload' };
    expect(await put(again, reloaded.etag)).toEqual({ status: 202, error: '' });
    expect(cli('alpha', ['config', 'get', container, 'user.cli']).trim()).toBe('meanwhile');
  });

  it('passes on the daemon message for an unknown key and a bad value, and refuses an operator', async () => {
    const { etag, instance } = await read();
    const unknown = await put({ ...writable(instance), config: { ...instance.config, 'limits.cpus': '2' } }, etag);
    expect(unknown.error).toMatch(/Unknown configuration key: limits\.cpus/);
    const bad = await put({ ...writable(instance), config: { ...instance.config, 'limits.memory': 'lots' } }, etag);
    expect(bad.error).toMatch(/Invalid value: lots/);
    expect((await put(writable(instance), etag, operator)).status).toBe(403);
    expect(cli('alpha', ['config', 'get', container, 'limits.memory']).trim()).toBe('');
  });

  it('attributes each expanded key to the profile or the instance that set it', async () => {
    const instance = await admin.lxd<LxdInstance>(alpha, 'GET', `/1.0/instances/${container}`);
    expect(instance.profiles).toEqual(['default', low, high]);
    const profiles = Object.fromEntries(
      await Promise.all(instance.profiles.map(async (p) => [p, await admin.lxd<LxdProfile>(alpha, 'GET', `/1.0/profiles/${p}`)] as const)),
    );
    const sourced = attributeConfig(instance, instance.profiles, profiles);
    const memory = sourced.config.find((c) => c.key === 'limits.memory')!;
    expect(memory).toMatchObject({ value: '256MB', source: { kind: 'profile', name: high } });
    expect(memory.overridden).toEqual([{ source: { kind: 'profile', name: low }, value: '128MB' }]);
    expect(sourced.config.find((c) => c.key === 'user.from')!.source).toEqual({ kind: 'profile', name: low });
    expect(sourced.config.find((c) => c.key === 'user.note')!.source).toBe(INSTANCE_SOURCE);
    expect(sourced.devices.find((d) => d.key === 'root')!.source).toEqual({ kind: 'profile', name: 'default' });
    expect(sourced.devices.find((d) => d.key === 'scratch')!.source).toEqual({ kind: 'profile', name: high });
    // What the attribution says wins is exactly what the daemon expanded.
    for (const row of sourced.config) expect(instance.expanded_config[row.key]).toBe(row.value);
    for (const row of sourced.devices) expect(instance.expanded_devices[row.key]).toEqual(row.value);
  });

  it('shows lxc.log to every role and lxc.conf (it spells out environment values) only to operators', async () => {
    const logs = await viewer.lxd<string[]>(alpha, 'GET', `/1.0/instances/${container}/logs`);
    expect(logs).toEqual(expect.arrayContaining([`/1.0/instances/${container}/logs/lxc.log`, `/1.0/instances/${container}/logs/lxc.conf`]));
    const log = await viewer.request('GET', `/api/v1/daemons/${alpha}/lxd/1.0/instances/${container}/logs/lxc.log`);
    expect(log.status).toBe(200);
    await log.text();
    const conf = `/api/v1/daemons/${alpha}/lxd/1.0/instances/${container}/logs/lxc.conf`;
    expect((await viewer.request('GET', conf)).status).toBe(403);
    const full = await operator.request('GET', conf);
    expect(full.status).toBe(200);
    expect(await full.text()).toContain('lxc.environment = API_KEY=s3cret-config');
  });

  it("lists every daemon's operations; a trust token's operation (and its secret) only to admins", async () => {
    const token = cli('alpha', ['config', 'trust', 'add', '--name', uniqueName('tok')]).trim().split('\n').pop()!;
    try {
      const secret = JSON.parse(Buffer.from(token, 'base64').toString('utf8')).secret as string;
      type List = { operations: { daemon: { name: string }; class: string; metadata: unknown }[]; errors: unknown[] };
      const all = await admin.json<List>('GET', '/api/v1/operations');
      expect(all.errors).toEqual([]);
      expect(all.operations.some((o) => o.daemon.name === 'alpha' && o.class === 'token')).toBe(true);
      for (const api of [viewer, operator]) {
        const list = await api.json<List>('GET', '/api/v1/operations');
        expect(list.errors).toEqual([]);
        expect(list.operations.filter((o) => o.class === 'token')).toEqual([]);
        expect(JSON.stringify(list)).not.toContain(secret);
        const raw = await api.request('GET', `/api/v1/daemons/${alpha}/lxd/1.0/operations?recursion=1`);
        expect(raw.status).toBe(200);
        expect(await raw.text()).not.toContain(secret);
      }
    } finally {
      for (const line of cli('alpha', ['config', 'trust', 'list-tokens', '--format=csv']).split('\n')) {
        const [name] = line.split(',');
        if (name?.startsWith('tok-')) cli('alpha', ['config', 'trust', 'revoke-token', name]);
      }
    }
  });
});
