import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TaskView } from '@/lib/api-types';
import { Api, userWithRole } from '../support/hangar';
import { makeTestImage, type TestImage } from '../support/images';
import { cli, lab, uniqueName, type LabDaemon, throwawayInstances } from '../support/lab';

interface Operation {
  status_code: number;
  err: string;
  metadata: { fingerprint?: string } | null;
}

/** Images through the gateway (upload, publish, aliases, properties, delete) and Hangar's copy and list endpoints. */
describe('images against real daemons', () => {
  const url = inject('hangarUrl');
  const ids = inject('daemons');
  let admin: Api;
  let operator: Api;
  let image: TestImage;
  const instances = throwawayInstances('img');
  let container = '';
  /** [daemon, fingerprint] of every image a test made, deleted at the end whatever happens. */
  const made: [LabDaemon, string][] = [];
  let uploadedToIncus = '';
  let splitOnAlpha = '';
  let publishedOnAlpha = '';

  const gateway = (daemon: LabDaemon, path: string) => `${url}/api/v1/daemons/${ids[daemon]}/lxd${path}`;

  async function send(daemon: LabDaemon, path: string, body: BodyInit, headers: Record<string, string>) {
    const res = await fetch(gateway(daemon, path), {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}`, ...headers },
      body,
      duplex: 'half',
    } as RequestInit);
    return { status: res.status, body: (await res.json()) as { type: string; operation?: string; error?: string } };
  }

  /** Waits for an operation and returns it as it ended (failed ones too). */
  async function settle(daemon: LabDaemon, operation: string): Promise<Operation> {
    const res = await admin.request('GET', `/api/v1/daemons/${ids[daemon]}/lxd${operation}/wait?timeout=120`);
    const body = (await res.json()) as { type: string; error?: string; metadata: Operation };
    // Incus answers the wait of a failed operation with an error envelope.
    if (body.type === 'error') return { status_code: 400, err: body.error ?? '', metadata: null };
    return body.metadata;
  }

  /** Starts an image copy (202 with a task) and waits for the task to end. */
  async function copyTask(body: unknown): Promise<TaskView> {
    const { task } = await admin.json<{ task: TaskView }>('POST', '/api/v1/images/copy', body, [202]);
    expect(task.kind).toBe('image.copy');
    for (let i = 0; i < 600; i++) {
      const now = await admin.json<TaskView>('GET', `/api/v1/tasks/${task.id}`);
      if (now.state !== 'running' && now.state !== 'queued') return now;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`image copy task ${task.id} did not end`);
  }

  const fingerprints = (daemon: LabDaemon) =>
    (JSON.parse(cli(daemon, ['image', 'list', '--format=json'])) as { fingerprint: string; aliases: { name: string }[] }[]);

  beforeAll(async () => {
    admin = await Api.login(url);
    operator = await userWithRole(admin, 'operator', 'op');
    image = makeTestImage(uniqueName('m'));
    container = instances.launch('alpha');
    cli('alpha', ['snapshot', container, 'snap0']);
  });

  afterAll(() => {
    instances.removeAll();
    for (const [daemon, fingerprint] of made) {
      try {
        cli(daemon, ['image', 'delete', fingerprint]);
      } catch {
        /* already deleted by the test */
      }
    }
    image?.remove();
    for (const daemon of ['alpha', 'beta', 'gamma'] as const) {
      expect(fingerprints(daemon).some((i) => i.aliases.some((a) => a.name === 'busybox'))).toBe(true);
    }
  });

  it('uploads a unified tarball streamed through the gateway, with the Incus headers on Incus', async () => {
    const upload = await send('gamma', '/1.0/images', fs.readFileSync(image.unified), {
      'content-type': 'application/octet-stream',
      'x-incus-public': '1',
      'x-incus-properties': new URLSearchParams({ os: 'busybox', release: 'test' }).toString(),
    });
    expect(upload.status).toBe(202);
    const op = await settle('gamma', upload.body.operation!);
    expect(op.err).toBe('');
    const fingerprint = op.metadata!.fingerprint!;
    made.push(['gamma', fingerprint]);
    uploadedToIncus = fingerprint;
    const info = JSON.parse(cli('gamma', ['query', `/1.0/images/${fingerprint}`])) as { public: boolean; properties: Record<string, string> };
    expect(info.public).toBe(true);
    expect(info.properties).toMatchObject({ release: 'test', description: image.description });
  });

  it('uploads a split image as multipart (metadata + rootfs) to LXD', async () => {
    const form = new FormData();
    form.append('metadata', new Blob([fs.readFileSync(image.metadata)]), 'meta.tar.gz');
    form.append('rootfs', new Blob([fs.readFileSync(image.rootfs)]), 'rootfs.tar.gz');
    const upload = await send('alpha', '/1.0/images', form, {});
    expect(upload.status).toBe(202);
    const op = await settle('alpha', upload.body.operation!);
    expect(op.err).toBe('');
    splitOnAlpha = op.metadata!.fingerprint!;
    made.push(['alpha', splitOnAlpha]);
    expect(fingerprints('alpha').map((i) => i.fingerprint)).toContain(splitOnAlpha);
  });

  it('refuses an upload that is not an image with the daemon message, leaving nothing behind', async () => {
    const before = fingerprints('alpha').length;
    const files = fs.readdirSync(`${lab.daemons.alpha.dir}/images`).length;
    const upload = await send('alpha', '/1.0/images', Buffer.from('this is not an image tarball at all'.repeat(1000)), {
      'content-type': 'application/octet-stream',
    });
    const failure = upload.status >= 400 ? upload.body.error : (await settle('alpha', upload.body.operation!)).err;
    expect(failure).toMatch(/compression|unsupported|invalid/i);
    expect(fingerprints('alpha')).toHaveLength(before);
    expect(fs.readdirSync(`${lab.daemons.alpha.dir}/images`)).toHaveLength(files);
  });

  it('refuses image uploads and copies from an operator', async () => {
    const res = await fetch(gateway('alpha', '/1.0/images'), {
      method: 'POST',
      headers: { authorization: `Bearer ${operator.token}`, 'content-type': 'application/octet-stream' },
      body: 'x',
    });
    expect(res.status).toBe(403);
    await operator.json('POST', '/api/v1/images/copy', { from: { daemon: ids.alpha, fingerprint: 'abc' }, to: { daemon: ids.gamma } }, [403]);
  });

  it('publishes a snapshot with an alias and properties, refuses a running instance and a taken alias', async () => {
    const alias = uniqueName('pub');
    await admin.lxd(ids.alpha, 'POST', '/1.0/images', {
      source: { type: 'snapshot', name: `${container}/snap0` },
      aliases: [{ name: alias }],
      properties: { description: 'published by a test', os: 'busybox' },
    });
    const published = fingerprints('alpha').find((i) => i.aliases.some((a) => a.name === alias));
    expect(published).toBeDefined();
    publishedOnAlpha = published!.fingerprint;
    made.push(['alpha', publishedOnAlpha]);

    const running = await admin.json<{ operation: string }>('POST', `/api/v1/daemons/${ids.alpha}/lxd/1.0/images`, {
      source: { type: 'instance', name: container },
    });
    expect((await settle('alpha', running.operation)).err).toMatch(/running/i);

    const taken = await admin.request('POST', `/api/v1/daemons/${ids.alpha}/lxd/1.0/images/aliases`, { name: alias, target: published!.fingerprint });
    expect(taken.status).toBe(409);
    expect(((await taken.json()) as { error: string }).error).toBe(`Alias "${alias}" already exists`);
  });

  it('adds and removes aliases and edits properties', async () => {
    const fingerprint = uploadedToIncus;
    const alias = uniqueName('al');
    await admin.lxd(ids.gamma, 'POST', '/1.0/images/aliases', { name: alias, target: fingerprint, description: 'test alias' });
    expect(fingerprints('gamma').find((i) => i.fingerprint === fingerprint)!.aliases.map((a) => a.name)).toContain(alias);

    const res = await admin.request('GET', `/api/v1/daemons/${ids.gamma}/lxd/1.0/images/${fingerprint}`);
    const etag = res.headers.get('etag')!;
    const current = ((await res.json()) as { metadata: { profiles: string[]; expires_at: string } }).metadata;
    const put = await fetch(gateway('gamma', `/1.0/images/${fingerprint}`), {
      method: 'PUT',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/json', 'if-match': etag },
      body: JSON.stringify({ public: false, auto_update: false, properties: { os: 'busybox', release: 'edited' }, profiles: current.profiles, expires_at: current.expires_at }),
    });
    expect(put.status).toBe(200);
    expect(cli('gamma', ['image', 'get-property', fingerprint, 'release']).trim()).toBe('edited');

    await admin.lxd(ids.gamma, 'DELETE', `/1.0/images/aliases/${alias}`);
    expect(fingerprints('gamma').find((i) => i.fingerprint === fingerprint)!.aliases.map((a) => a.name)).not.toContain(alias);
  });

  it('copies a unified image from LXD to Incus with an alias, and answers 409 when it is already there', async () => {
    const fingerprint = publishedOnAlpha;
    const alias = uniqueName('cp');
    const task = await copyTask({ from: { daemon: ids.alpha, fingerprint }, to: { daemon: ids.gamma, aliases: [alias] } });
    expect(task.error ?? '').toBe('');
    expect(task.state).toBe('done');
    const result = task.result as { fingerprint: string; method: string; to: { daemon: string } };
    made.push(['gamma', result.fingerprint]);
    // A private image: Incus pulled it from LXD itself with a secret the source gave for it.
    expect(result).toMatchObject({ fingerprint, method: 'pull', to: { daemon: 'gamma' } });
    expect(task).not.toHaveProperty('result.pullError');
    expect(fingerprints('gamma').find((i) => i.fingerprint === fingerprint)!.aliases.map((a) => a.name)).toEqual([alias]);

    const again = await admin.request('POST', '/api/v1/images/copy', { from: { daemon: ids.alpha, fingerprint }, to: { daemon: ids.gamma } });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('image_exists');

    const taken = await admin.request('POST', '/api/v1/images/copy', { from: { daemon: ids.alpha, fingerprint }, to: { daemon: ids.beta, aliases: ['busybox'] } });
    expect(taken.status).toBe(409);
    expect(((await taken.json()) as { error: { message: string } }).error.message).toBe('Alias "busybox" already exists on beta');
    expect(fingerprints('beta').map((i) => i.fingerprint)).not.toContain(fingerprint);
  });

  it('copies a split image (multipart export) to the LXD cluster', async () => {
    // By daemon name and a fingerprint prefix, as people type them.
    const task = await copyTask({ from: { daemon: 'alpha', fingerprint: splitOnAlpha.slice(0, 12) }, to: { daemon: 'beta' } });
    expect(task.error ?? '').toBe('');
    const result = task.result as { fingerprint: string; method: string };
    made.push(['beta', result.fingerprint]);
    expect(result).toEqual(expect.objectContaining({ fingerprint: splitOnAlpha, method: 'pull' }));
    expect(fingerprints('beta').map((i) => i.fingerprint)).toContain(splitOnAlpha);
  });

  it('lists every daemon\'s images in GET /api/v1/images', async () => {
    const list = await admin.json<{ images: { daemon: { name: string }; fingerprint: string; aliases: { name: string }[] }[]; errors: unknown[] }>(
      'GET',
      '/api/v1/images',
    );
    expect(list.errors).toEqual([]);
    for (const daemon of ['alpha', 'beta', 'gamma']) {
      expect(list.images.some((i) => i.daemon.name === daemon && i.aliases.some((a) => a.name === 'busybox'))).toBe(true);
    }
    for (const [daemon, fingerprint] of made) {
      expect(list.images.some((i) => i.daemon.name === daemon && i.fingerprint === fingerprint)).toBe(true);
    }
  });

  it('deletes images through the gateway', async () => {
    for (const [daemon, fingerprint] of made) {
      await admin.lxd(ids[daemon], 'DELETE', `/1.0/images/${fingerprint}`);
      expect(fingerprints(daemon).map((i) => i.fingerprint)).not.toContain(fingerprint);
    }
  });
});
