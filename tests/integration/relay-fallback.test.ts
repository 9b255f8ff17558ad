import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DaemonView, TaskView } from '@/lib/api-types';
import type { LxdOperation } from '@/lib/lxd-types';
import { Api, settleTask } from '../support/hangar';
import { makeTestImage, type TestImage } from '../support/images';
import { cli, forceDelete, lab, uniqueName, type LabDaemon } from '../support/lab';
import { startScratchLxd, type ScratchDaemon } from '../support/scratch-daemon';

interface ImageRow {
  fingerprint: string;
  size: number;
  aliases: { name: string }[];
}

/**
 * The relays Hangar falls back to, caused for real: a scratch LXD in a network namespace of its own
 * (Hangar reaches it by its unix socket; it can reach no other daemon), like a host behind NAT. An
 * instance migrated into it and an image it is told to pull both fail to connect to alpha, and
 * Hangar streams them instead; an image leaving it (a unix socket nobody can pull from) for Incus
 * is relayed too. Data is checked on the target: a file inside the instance, the image's fingerprint
 * as the target computed it over the bytes it received.
 */
describe('relay fallback when the target cannot reach the source', () => {
  const url = inject('hangarUrl');
  const ids = inject('daemons');
  let admin: Api;
  let isolated: ScratchDaemon;
  let daemon: DaemonView;
  const images: TestImage[] = [];
  /** [daemon, fingerprint] of images made on lab daemons, removed at the end. */
  const labImages: [LabDaemon, string][] = [];
  const instances: string[] = [];

  const imagesOf = (list: string) => JSON.parse(list) as ImageRow[];
  const labImage = (d: LabDaemon, fingerprint: string) => imagesOf(cli(d, ['image', 'list', '--format=json'])).find((i) => i.fingerprint === fingerprint);
  const isolatedImage = (fingerprint: string) => imagesOf(isolated.cli(['image', 'list', '--format=json'])).find((i) => i.fingerprint === fingerprint);

  async function imageCopy(body: unknown): Promise<TaskView> {
    const { task } = await admin.json<{ task: TaskView }>('POST', '/api/v1/images/copy', body, [202]);
    return settleTask(admin, task.id);
  }

  /** Imports a fresh test image (its own fingerprint) with the given CLI; answers its fingerprint. */
  function importImage(run: (args: string[]) => string, split: boolean): string {
    const image = makeTestImage(uniqueName('rf'));
    images.push(image);
    const out = run(['image', 'import', ...(split ? [image.metadata, image.rootfs] : [image.unified])]);
    return /fingerprint: ([0-9a-f]{64})/.exec(out)![1];
  }

  beforeAll(async () => {
    admin = await Api.login(url);
    isolated = await startScratchLxd({ image: lab.image, dir: inject('isolatedLxdDir'), isolated: true });
    daemon = await admin.json<DaemonView>('POST', '/api/v1/daemons', { name: uniqueName('isolated'), url: isolated.url }, [201]);
  });

  afterAll(async () => {
    if (daemon) await admin.request('DELETE', `/api/v1/daemons/${daemon.id}`);
    isolated?.destroy();
    for (const name of instances) forceDelete('alpha', name);
    for (const [d, fingerprint] of labImages) {
      try {
        cli(d, ['image', 'delete', fingerprint]);
      } catch {
        /* gone already */
      }
    }
    for (const image of images) image.remove();
  });

  it('moves a running container alpha → isolated: the migration fails to connect, the relay copies it, a file written before read after', async () => {
    const src = uniqueName('rfmv');
    instances.push(src);
    cli('alpha', ['launch', 'busybox', src]);
    cli('alpha', ['exec', src, '--', 'sh', '-c', 'echo relayed-after-migration > /root/marker']);
    const { task } = await admin.json<{ task: TaskView }>(
      'POST',
      `/api/v1/daemons/${ids.alpha}/instances/${src}/copy`,
      { to: { daemon: daemon.id }, move: true, stop: true },
      [202],
    );
    const ended = await settleTask(admin, task.id);
    expect(ended.error ?? '', JSON.stringify(ended)).toBe('');
    expect(ended.state).toBe('done');
    // Planned as the daemons' own migration (same kind, alpha over https), done by the relay, and why.
    expect(ended.result).toMatchObject({ method: 'relay' });
    expect(String(ended.result?.migrationError)).toMatch(/connect/i);
    expect(String(ended.result?.migrationError)).toContain(new URL(lab.daemons.alpha.url).host);
    expect(ended.progress.bytes).toBeGreaterThan(100_000);

    const there = JSON.parse(isolated.cli(['list', '--format=json', `^${src}$`])) as { status: string }[];
    expect(there.map((i) => i.status)).toEqual(['Running']);
    expect(isolated.cli(['exec', src, '--', 'cat', '/root/marker']).trim()).toBe('relayed-after-migration');
    expect(JSON.parse(cli('alpha', ['list', '--format=json', `^${src}$`]))).toEqual([]);
    // The failed offer was withdrawn: nothing on alpha still waits for a peer for this instance.
    const operations = JSON.parse(cli('alpha', ['query', '/1.0/operations?recursion=1'])) as Record<string, LxdOperation[] | undefined>;
    const waiting = Object.values(operations)
      .flatMap((list) => list ?? [])
      .filter((op) => op.status_code === 103 && JSON.stringify(op.resources ?? {}).includes(`/instances/${src}`));
    expect(waiting).toEqual([]);
  });

  it('copies an image alpha → isolated: the pull fails to connect, Hangar streams it, the fingerprint matches', async () => {
    const fingerprint = importImage((args) => cli('alpha', args), false);
    labImages.push(['alpha', fingerprint]);
    const alias = uniqueName('rfimg');
    const task = await imageCopy({ from: { daemon: ids.alpha, fingerprint }, to: { daemon: daemon.id, aliases: [alias] } });
    expect(task.error ?? '', JSON.stringify(task)).toBe('');
    expect(task.result).toMatchObject({ fingerprint, method: 'relay', format: 'unified' });
    expect(String(task.result?.pullError)).toMatch(/connect|refused/i);
    const copied = isolatedImage(fingerprint);
    expect(copied?.size).toBe(labImage('alpha', fingerprint)?.size);
    expect(copied?.aliases.map((a) => a.name)).toEqual([alias]);
  });

  it('copies a split image isolated → gamma (LXD → Incus) through the relay, the fingerprint computed by Incus matches', async () => {
    const fingerprint = importImage((args) => isolated.cli(args), true);
    labImages.push(['gamma', fingerprint]);
    expect(labImage('gamma', fingerprint)).toBeUndefined();
    const task = await imageCopy({ from: { daemon: daemon.id, fingerprint }, to: { daemon: ids.gamma } });
    expect(task.error ?? '', JSON.stringify(task)).toBe('');
    expect(task.result).toMatchObject({ fingerprint, method: 'relay', format: 'split' });
    expect(task.result).not.toHaveProperty('pullError');
    expect(Number(task.result?.bytes)).toBeGreaterThan(100_000);
    expect(labImage('gamma', fingerprint)?.size).toBe(isolatedImage(fingerprint)?.size);
  });
});
