import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ImageServerImage, ImageServerView } from '@/lib/api-types';
import { Api, userWithRole } from '../support/hangar';
import { cli, farMember, forceDelete, uniqueName, type LabDaemon } from '../support/lab';
import { refusal } from '../support/refusal';
import { serveSimplestreams, type SimplestreamsServer } from '../support/simplestreams-server';
import { chosenImage, createRequest, emptyDraft, serverImageChoices } from '@/components/instances/create-instance-model';

/**
 * Image servers against the lab: alpha (LXD 5.0) and gamma (Incus 6.0) serve their public images
 * (scripts/lab.sh makes busybox public); each launches from the other's, the daemon pulling the
 * image itself. A freshly published image that only the serving daemon has proves the pull.
 */
/**
 * Each describe's admin and viewer, and what its tests made (instances, images on the lab's
 * daemons, registered servers), removed after it.
 */
function imageServerFixture() {
  const url = inject('hangarUrl');
  const t = {
    admin: undefined as unknown as Api,
    viewer: undefined as unknown as Api,
    instances: [] as [LabDaemon, string][],
    images: [] as [LabDaemon, string][],
    servers: [] as string[],
    async register(body: Record<string, unknown>): Promise<ImageServerView> {
      const server = await t.admin.json<ImageServerView>('POST', '/api/v1/image-servers', body, [201]);
      t.servers.push(server.id);
      return server;
    },
  };
  beforeAll(async () => {
    t.admin = await Api.login(url);
    t.viewer = await userWithRole(t.admin, 'viewer');
  });
  afterAll(async () => {
    for (const [daemon, name] of t.instances) forceDelete(daemon, name);
    for (const [daemon, fingerprint] of t.images) {
      try {
        cli(daemon, ['image', 'delete', fingerprint]);
      } catch {
        /* gone, or never pulled there */
      }
    }
    for (const id of t.servers) await t.admin.request('DELETE', `/api/v1/image-servers/${id}`);
  });
  return t;
}

describe('image servers', () => {
  const daemons = inject('daemons');
  const t = imageServerFixture();

  const register = (daemon: LabDaemon) => t.register({ daemon: daemons[daemon], name: uniqueName(`srv-${daemon}`) });

  /** A public image only `daemon` has: an instance published under a unique alias. */
  const publishOn = (daemon: LabDaemon) => {
    const source = uniqueName('pub-src');
    t.instances.push([daemon, source]);
    cli(daemon, ['init', 'busybox', source]);
    const alias = uniqueName('pub-img');
    const out = cli(daemon, ['publish', source, '--alias', alias, '--public']);
    const fingerprint = /fingerprint: ([0-9a-f]{64})/.exec(out)![1];
    t.images.push([daemon, fingerprint]);
    return { alias, fingerprint };
  };

  it('lists a daemon serving its public images to any role, and only public ones', async () => {
    const server = await register('gamma');
    expect(server).toMatchObject({ url: expect.stringMatching(/^https:\/\//), protocol: 'lxd', daemon: daemons.gamma, certificate: expect.stringContaining('BEGIN CERTIFICATE') });
    expect((await t.viewer.json<ImageServerView[]>('GET', '/api/v1/image-servers')).map((s) => s.id)).toContain(server.id);
    const offered = await t.viewer.json<ImageServerImage[]>('GET', `/api/v1/image-servers/${server.id}/images`);
    expect(offered).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ aliases: ['busybox'], os: 'busybox', architecture: 'x86_64', type: 'container', size: expect.any(Number) }),
      ]),
    );
    const privateOnes = JSON.parse(cli('gamma', ['query', '/1.0/images?recursion=1'])) as { fingerprint: string; public: boolean }[];
    const hidden = privateOnes.filter((i) => !i.public).map((i) => i.fingerprint);
    expect(offered.filter((i) => hidden.includes(i.fingerprint))).toEqual([]);
  });

  for (const [from, to] of [
    ['gamma', 'alpha'],
    ['alpha', 'gamma'],
  ] as const) {
    it(`launches on ${to} from ${from}'s public images: the daemon pulls the image itself`, async () => {
      const server = await register(from);
      const { alias, fingerprint } = publishOn(from);
      expect(cli(to, ['image', 'list', '--format=csv', '-c', 'F'])).not.toContain(fingerprint);
      const name = uniqueName(`from-${from}`);
      t.instances.push([to, name]);
      t.images.push([to, fingerprint]);
      const res = await t.admin.json('POST', `/api/v1/daemons/${daemons[to]}/instances`, { name, image: { server: server.id, alias }, start: true }, [201]);
      expect(res).toMatchObject({ name, started: true });
      const info = JSON.parse(cli(to, ['query', `/1.0/instances/${name}`])) as { status: string; config: Record<string, string> };
      expect(info.status).toBe('Running');
      expect(info.config['volatile.base_image']).toBe(fingerprint);
    });
  }

  it('refuses bad input and non-admins, and an unknown alias comes back in the daemon\'s words', async () => {
    const bad = [
      [{ name: 'x', url: 'http://plain', protocol: 'lxd' }, 'invalid_url'],
      [{ name: 'x', url: 'https://example.invalid', protocol: 'ftp' }, 'invalid_protocol'],
      [{ name: 'x', url: 'https://example.invalid', protocol: 'lxd', certificate: 'not a pem' }, 'invalid_certificate'],
      [{ name: 'bad name!', url: 'https://example.invalid', protocol: 'simplestreams' }, 'invalid_name'],
    ] as const;
    for (const [body, code] of bad) {
      const res = await t.admin.request('POST', '/api/v1/image-servers', body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    const asViewer = await t.viewer.request('POST', '/api/v1/image-servers', { daemon: daemons.alpha });
    expect(refusal(asViewer.status, await asViewer.text())).toBe('forbidden');

    const server = await register('gamma');
    const name = uniqueName('nope');
    t.instances.push(['alpha', name]);
    const res = await t.admin.request('POST', `/api/v1/daemons/${daemons.alpha}/instances`, { name, image: { server: server.id, alias: 'no-such-alias' } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/not found|no such|alias/i);

    expect((await t.viewer.request('DELETE', `/api/v1/image-servers/${server.id}`)).status).toBe(403);
    expect((await t.admin.request('DELETE', `/api/v1/image-servers/${server.id}`)).status).toBe(204);
    expect((await t.admin.request('GET', `/api/v1/image-servers/${server.id}/images`)).status).toBe(404);
  });
});

/**
 * A simplestreams server with a self-signed certificate, served by this test on loopback (the lab's
 * busybox split into metadata and rootfs under a fresh alias): registered with its certificate,
 * browsed, and launched from on LXD 5.0, a member of the LXD cluster and Incus 6.0. Each daemon
 * downloads the files from the test's server itself (its user agent is in the server's log).
 */
describe('a self-signed simplestreams image server', () => {
  const daemons = inject('daemons');
  const t = imageServerFixture();
  const streams: SimplestreamsServer[] = [];
  afterAll(async () => {
    for (const s of streams) await s.close();
  });

  const serve = async () => {
    const s = await serveSimplestreams(uniqueName('ss'));
    streams.push(s);
    // Pulled by whichever daemons launch from it: removed from each that has it.
    for (const daemon of ['alpha', 'beta', 'gamma'] as const) t.images.push([daemon, s.fingerprint]);
    return s;
  };
  const register = (s: SimplestreamsServer, withCertificate: boolean) =>
    t.register({ name: uniqueName('ss'), url: s.url, protocol: 'simplestreams', ...(withCertificate ? { certificate: s.certificate } : {}) });
  const pulledBy = (s: SimplestreamsServer, agent: RegExp) => s.requests.filter((r) => r.path === '/images/rootfs.tar.gz' && agent.test(r.agent)).length;
  const launched = (daemon: LabDaemon, name: string) => JSON.parse(cli(daemon, ['query', `/1.0/instances/${name}`])) as { status: string; location: string; config: Record<string, string> };

  it('is browsed and launched from on LXD, a cluster member and Incus; each daemon pulls the files itself', async () => {
    const s = await serve();
    const server = await register(s, true);
    expect(server).toMatchObject({ url: s.url, protocol: 'simplestreams', certificate: s.certificate });
    const offered = await t.viewer.json<ImageServerImage[]>('GET', `/api/v1/image-servers/${server.id}/images`);
    expect(offered).toEqual([
      expect.objectContaining({ fingerprint: s.fingerprint, aliases: [s.alias, s.alias.split('/')[0]], os: 'busybox', release: 'test', architecture: 'x86_64', type: 'container', size: expect.any(Number) }),
    ]);
    for (const daemon of ['alpha', 'beta', 'gamma'] as const) {
      expect(cli(daemon, ['image', 'list', '--format=csv', '-c', 'F'])).not.toContain(s.fingerprint);
    }

    // The launch API on alpha, and on the cluster's second member.
    for (const [daemon, target] of [['alpha', undefined], ['beta', farMember()]] as const) {
      const name = uniqueName('ss-inst');
      t.instances.push([daemon, name]);
      const res = await t.admin.json('POST', `/api/v1/daemons/${daemons[daemon]}/instances`, { name, image: { server: server.id, alias: s.alias }, start: true, ...(target ? { target } : {}) }, [201]);
      expect(res).toMatchObject({ name, started: true });
      const info = launched(daemon, name);
      expect(info.status).toBe('Running');
      expect(info.config['volatile.base_image']).toBe(s.fingerprint);
      if (target) expect(info.location).toBe(target);
    }
    expect(pulledBy(s, /^LXD 5\.0.*\(cluster\)/)).toBe(1);
    expect(pulledBy(s, /^LXD 5\.0/)).toBe(2);

    // Incus through the gateway, with the request the create form builds from the browsed list.
    const name = uniqueName('ss-form');
    t.instances.push(['gamma', name]);
    const draft = { ...emptyDraft(daemons.gamma), name, imageSource: server.id };
    const choice = chosenImage(draft, serverImageChoices(offered))!;
    const ctx = { daemonKind: 'incus', instanceTypes: ['container' as const], profiles: ['default'], pools: ['default'], networks: [], servers: [server], presets: [] };
    const { body } = createRequest(draft, ctx, choice, false);
    expect(body.source).toMatchObject({ type: 'image', mode: 'pull', server: s.url, protocol: 'simplestreams', certificate: s.certificate });
    await t.admin.lxd(daemons.gamma, 'POST', '/1.0/instances', body); // waits for the daemon's operation, throws its error
    expect(launched('gamma', name).config['volatile.base_image']).toBe(s.fingerprint);
    expect(pulledBy(s, /^Incus 6\./)).toBe(1);
  });

  it('registered without its certificate: browsing says so, and a launch shows the daemon\'s own refusal', async () => {
    const s = await serve();
    const server = await register(s, false);
    const browse = await t.admin.request('GET', `/api/v1/image-servers/${server.id}/images`);
    expect(browse.status).toBe(502);
    expect(((await browse.json()) as { error: { message: string } }).error.message).toMatch(/self-signed certificate.*register the server with its certificate/);

    const name = uniqueName('ss-nocert');
    t.instances.push(['alpha', name]);
    const res = await t.admin.request('POST', `/api/v1/daemons/${daemons.alpha}/instances`, { name, image: { server: server.id, alias: s.alias } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/x509: certificate signed by unknown authority/);
    expect(() => cli('alpha', ['query', `/1.0/instances/${name}`])).toThrow();
    expect(pulledBy(s, /./)).toBe(0);
  });
});
