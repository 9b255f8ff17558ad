import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ImageServerImage, ImageServerView } from '@/lib/api-types';
import { Api, userWithRole } from '../support/hangar';
import { cli, forceDelete, uniqueName, type LabDaemon } from '../support/lab';
import { refusal } from '../support/refusal';

/**
 * Image servers against the lab: alpha (LXD 5.0) and gamma (Incus 6.0) serve their public images
 * (scripts/lab.sh makes busybox public); each launches from the other's, the daemon pulling the
 * image itself. A freshly published image that only the serving daemon has proves the pull.
 */
describe('image servers', () => {
  const url = inject('hangarUrl');
  const daemons = inject('daemons');
  let admin: Api;
  let viewer: Api;
  const instances: [LabDaemon, string][] = [];
  const images: [LabDaemon, string][] = [];
  const servers: string[] = [];

  beforeAll(async () => {
    admin = await Api.login(url);
    viewer = await userWithRole(admin, 'viewer');
  });
  afterAll(async () => {
    for (const [daemon, name] of instances) forceDelete(daemon, name);
    for (const [daemon, fingerprint] of images) {
      try {
        cli(daemon, ['image', 'delete', fingerprint]);
      } catch {
        /* gone */
      }
    }
    for (const id of servers) await admin.request('DELETE', `/api/v1/image-servers/${id}`);
  });

  const register = async (daemon: LabDaemon) => {
    const server = await admin.json<ImageServerView>('POST', '/api/v1/image-servers', { daemon: daemons[daemon], name: uniqueName(`srv-${daemon}`) }, [201]);
    servers.push(server.id);
    return server;
  };

  /** A public image only `daemon` has: an instance published under a unique alias. */
  const publishOn = (daemon: LabDaemon) => {
    const source = uniqueName('pub-src');
    instances.push([daemon, source]);
    cli(daemon, ['init', 'busybox', source]);
    const alias = uniqueName('pub-img');
    const out = cli(daemon, ['publish', source, '--alias', alias, '--public']);
    const fingerprint = /fingerprint: ([0-9a-f]{64})/.exec(out)![1];
    images.push([daemon, fingerprint]);
    return { alias, fingerprint };
  };

  it('lists a daemon serving its public images to any role, and only public ones', async () => {
    const server = await register('gamma');
    expect(server).toMatchObject({ url: expect.stringMatching(/^https:\/\//), protocol: 'lxd', daemon: daemons.gamma, certificate: expect.stringContaining('BEGIN CERTIFICATE') });
    expect((await viewer.json<ImageServerView[]>('GET', '/api/v1/image-servers')).map((s) => s.id)).toContain(server.id);
    const offered = await viewer.json<ImageServerImage[]>('GET', `/api/v1/image-servers/${server.id}/images`);
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
      instances.push([to, name]);
      images.push([to, fingerprint]);
      const res = await admin.json('POST', `/api/v1/daemons/${daemons[to]}/instances`, { name, image: { server: server.id, alias }, start: true }, [201]);
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
      const res = await admin.request('POST', '/api/v1/image-servers', body);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    const asViewer = await viewer.request('POST', '/api/v1/image-servers', { daemon: daemons.alpha });
    expect(refusal(asViewer.status, await asViewer.text())).toBe('forbidden');

    const server = await register('gamma');
    const name = uniqueName('nope');
    instances.push(['alpha', name]);
    const res = await admin.request('POST', `/api/v1/daemons/${daemons.alpha}/instances`, { name, image: { server: server.id, alias: 'no-such-alias' } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/not found|no such|alias/i);

    expect((await viewer.request('DELETE', `/api/v1/image-servers/${server.id}`)).status).toBe(403);
    expect((await admin.request('DELETE', `/api/v1/image-servers/${server.id}`)).status).toBe(204);
    expect((await admin.request('GET', `/api/v1/image-servers/${server.id}/images`)).status).toBe(404);
  });
});
