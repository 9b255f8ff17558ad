import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DaemonView } from '@/lib/api-types';
import { Api } from '../support/hangar';
import { cli, lab, trustToken, uniqueName } from '../support/lab';

/** Registering daemons: trust by token and password, pinning, refusals that store nothing. */
describe('daemon registry against real daemons', () => {
  let api: Api;
  const added: string[] = [];

  beforeAll(async () => {
    api = await Api.login(inject('hangarUrl'));
  });
  afterAll(async () => {
    for (const id of added) await api.request('DELETE', `/api/v1/daemons/${id}`);
  });

  const add = async (body: Record<string, unknown>) => {
    const d = await api.json<DaemonView>('POST', '/api/v1/daemons', { name: uniqueName('d'), ...body }, [201]);
    added.push(d.id);
    return d;
  };
  const count = async () => (await api.json<DaemonView[]>('GET', '/api/v1/daemons')).length;
  const trustedFingerprints = (daemon: 'alpha' | 'gamma') =>
    (JSON.parse(cli(daemon, ['config', 'trust', 'list', '--format=json'])) as { fingerprint: string }[]).map((c) => c.fingerprint);

  it('adds LXD by trust password, pins its certificate, and removes its own certificate on delete', async () => {
    const probe = await api.json<{ fingerprint: string }>('POST', '/api/v1/daemons/probe', { url: lab.daemons.alpha.url });
    const d = await api.json<DaemonView>(
      'POST',
      '/api/v1/daemons',
      { name: uniqueName('pw'), url: lab.daemons.alpha.url, trustPassword: lab.password, fingerprint: probe.fingerprint },
      [201],
    );
    added.push(d.id);
    expect(d).toMatchObject({ kind: 'lxd', version: '5.0.2', clustered: false, status: 'online', fingerprint: probe.fingerprint });
    const before = trustedFingerprints('alpha');
    expect(before.length).toBeGreaterThan(0);

    const removed = await api.json<{ untrusted: boolean }>('DELETE', `/api/v1/daemons/${d.id}`);
    added.pop();
    expect(removed.untrusted).toBe(true);
    expect(trustedFingerprints('alpha').length).toBe(before.length - 1);
    await api.json('GET', `/api/v1/daemons/${d.id}`, undefined, [404]);
  });

  it('adds Incus by trust token', async () => {
    const d = await add({ url: lab.daemons.gamma.url, trustToken: trustToken('gamma', uniqueName('h')) });
    expect(d).toMatchObject({ kind: 'incus', status: 'online' });
    expect(d.version).toMatch(/^6\.0/);
  });

  it('adds the LXD cluster by trust token and lists its members', async () => {
    const d = await add({ url: lab.daemons.beta.url, trustToken: trustToken('beta', uniqueName('h')) });
    expect(d.clustered).toBe(true);
    expect(d.members?.map((m) => m.name).sort()).toEqual(['member1', 'member2']);
  });

  it('adds a daemon by its unix socket', async () => {
    const d = await add({ url: `unix://${lab.daemons.alpha.dir}/unix.socket` });
    expect(d).toMatchObject({ kind: 'lxd', status: 'online', fingerprint: '' });
    const server = await api.json<{ metadata: { auth: string } }>('GET', `/api/v1/daemons/${d.id}/lxd/1.0`);
    expect(server.metadata.auth).toBe('trusted');
  });

  describe('bad input gets a clear error and stores nothing', () => {
    const expectRefused = async (body: Record<string, unknown>, status: number, code: string, message?: RegExp) => {
      const before = await count();
      const trustBefore = trustedFingerprints('alpha').length;
      const res = await api.request('POST', '/api/v1/daemons', body);
      const json = (await res.json()) as { error: { code: string; message: string } };
      expect(res.status).toBe(status);
      expect(json.error.code).toBe(code);
      if (message) expect(json.error.message).toMatch(message);
      expect(await count()).toBe(before);
      expect(trustedFingerprints('alpha').length).toBe(trustBefore);
    };

    it('wrong trust password', () =>
      expectRefused({ name: uniqueName('x'), url: lab.daemons.alpha.url, trustPassword: 'wrong-password' }, 400, 'trust_failed', /refused the trust password/));

    it('a trust token that was already used', async () => {
      const token = trustToken('gamma', uniqueName('once'));
      await add({ url: lab.daemons.gamma.url, trustToken: token });
      await expectRefused({ name: uniqueName('x'), url: lab.daemons.gamma.url, trustToken: token }, 400, 'trust_failed', /refused the trust token/);
    });

    it('a token from another daemon', () =>
      expectRefused(
        { name: uniqueName('x'), url: lab.daemons.alpha.url, trustToken: trustToken('gamma', uniqueName('other')) },
        400,
        'fingerprint_mismatch',
      ));

    it('a fingerprint that does not match', () =>
      expectRefused(
        { name: uniqueName('x'), url: lab.daemons.alpha.url, trustPassword: lab.password, fingerprint: 'ab'.repeat(32) },
        400,
        'fingerprint_mismatch',
        /nothing was stored/,
      ));

    it('an unreachable URL answers within 10 s', async () => {
      const started = Date.now();
      await expectRefused({ name: uniqueName('x'), url: 'https://127.0.0.1:1', trustPassword: 'x' }, 502, 'daemon_unreachable', /refused/);
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    it('a URL that is not https or unix', () =>
      expectRefused({ name: uniqueName('x'), url: 'http://127.0.0.1:8443', trustPassword: 'x' }, 400, 'invalid_url'));

    it('no credentials for an https daemon', () =>
      expectRefused({ name: uniqueName('x'), url: lab.daemons.alpha.url }, 400, 'trust_required'));

    it('a duplicate name', async () => {
      const existing = (await api.json<DaemonView[]>('GET', '/api/v1/daemons'))[0];
      await expectRefused({ name: existing.name, url: lab.daemons.alpha.url, trustPassword: lab.password }, 409, 'daemon_exists');
    });

    it('an invalid name', () => expectRefused({ name: '../x', url: lab.daemons.alpha.url, trustPassword: lab.password }, 400, 'invalid_name'));

    it('malformed JSON', async () => {
      const res = await api.request('POST', '/api/v1/daemons', '{"name": ', { 'content-type': 'application/json' });
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('malformed_json');
    });
  });

  it('renames, and refuses a taken name; unknown ids are 404', async () => {
    const d = await add({ url: lab.daemons.alpha.url, trustPassword: lab.password });
    const renamed = await api.json<DaemonView>('PATCH', `/api/v1/daemons/${d.id}`, { name: `${d.name}-2` });
    expect(renamed.name).toBe(`${d.name}-2`);
    const taken = (await api.json<DaemonView[]>('GET', '/api/v1/daemons')).find((x) => x.id !== d.id)!;
    await api.json('PATCH', `/api/v1/daemons/${d.id}`, { name: taken.name }, [409]);
    await api.json('GET', '/api/v1/daemons/no-such-daemon', undefined, [404]);
    await api.json('DELETE', '/api/v1/daemons/no-such-daemon', undefined, [404]);
    await api.json('GET', '/api/v1/daemons/no-such-daemon/lxd/1.0', undefined, [404]);
  });

  it('shows a daemon that stopped trusting Hangar as untrusted, with the reason', async () => {
    const before = new Set(trustedFingerprints('gamma'));
    const d = await add({ url: lab.daemons.gamma.url, trustToken: trustToken('gamma', uniqueName('h')) });
    const mine = trustedFingerprints('gamma').filter((f) => !before.has(f));
    expect(mine).toHaveLength(1);
    cli('gamma', ['config', 'trust', 'remove', mine[0]]);
    const view = await api.json<DaemonView>('GET', `/api/v1/daemons/${d.id}`);
    expect(view.status).toBe('untrusted');
    expect(view.error).toMatch(/no longer trusts/);
    const fleet = await api.json<{ errors: { daemon: string; message: string }[] }>('GET', `/api/v1/instances?daemon=${d.id}`);
    expect(fleet.errors).toEqual([{ daemon: d.name, message: expect.any(String) }]);
  });

  it('never returns a private key or the stored certificates', async () => {
    const text = await (await api.request('GET', '/api/v1/daemons')).text();
    expect(text).not.toMatch(/PRIVATE KEY|BEGIN CERTIFICATE|client_key|v1\./);
  });
});
