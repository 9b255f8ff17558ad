import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { TaskView } from '@/lib/api-types';
import { Api, settleTask, userWithRole, whenStreaming } from '../support/hangar';
import { cli, lab, uniqueName, type LabDaemon } from '../support/lab';

/**
 * Custom volume copies as tasks (API.md "Fleet-wide infrastructure"): within a daemon (the daemon's
 * own copy), LXD → LXD cluster (the target pulls it over the daemons' migration) and LXD → Incus
 * (Hangar relays a backup); the data is checked on the target's disk (all lab pools are `dir`).
 */
describe('storage volume copy', () => {
  const url = inject('hangarUrl');
  const ids = inject('daemons');
  let admin: Api;
  /** [daemon, project, name, member] of every volume made, removed at the end whatever happens. */
  const made: [LabDaemon, string, string, string?][] = [];

  /** Where a `dir` pool keeps a custom volume of the default project on the host. */
  const volumeDir = (daemon: LabDaemon, name: string, member?: string) => {
    const dir = daemon === 'beta' && member === 'member2' ? path.join(path.dirname(lab.daemons.beta.dir), 'beta2') : lab.daemons[daemon].dir;
    return path.join(dir, 'storage-pools', 'default', 'custom', `default_${name}`);
  };
  const volume = (daemon: LabDaemon, prefix: string, member?: string) => {
    const name = uniqueName(prefix);
    made.push([daemon, 'default', name, member]);
    cli(daemon, ['storage', 'volume', 'create', 'default', name, ...(member ? [`--target=${member}`] : [])]);
    return name;
  };
  const exists = async (daemon: LabDaemon, name: string, member?: string) =>
    (await admin.request('GET', `/api/v1/daemons/${ids[daemon]}/lxd/1.0/storage-pools/default/volumes/custom/${name}${member ? `?target=${member}` : ''}`)).status === 200;
  const copyPath = (daemon: LabDaemon, name: string, query = '') =>
    `/api/v1/daemons/${ids[daemon]}/storage-pools/default/volumes/${name}/copy?project=default${query}`;
  const start = async (daemon: LabDaemon, name: string, body: unknown, query = '') =>
    (await admin.json<{ task: TaskView }>('POST', copyPath(daemon, name, query), body, [202])).task;
  const done = async (task: TaskView) => {
    const ended = await settleTask(admin, task.id);
    expect(ended.error ?? '', JSON.stringify(ended)).toBe('');
    expect(ended.state).toBe('done');
    return ended;
  };

  beforeAll(async () => {
    admin = await Api.login(url);
  });

  afterAll(() => {
    for (const [daemon, project, name, member] of made.reverse()) {
      const target = member ? [`--target=${member}`] : [];
      try {
        for (const snap of ['s0']) cli(daemon, ['storage', 'volume', 'snapshot', 'delete', 'default', name, snap, `--project=${project}`, ...target]);
      } catch {
        /* none */
      }
      try {
        cli(daemon, ['storage', 'volume', 'delete', 'default', name, `--project=${project}`, ...target]);
      } catch {
        /* already gone */
      }
    }
  });

  it('refuses viewers and operators, and checks both ends before a task starts', async () => {
    const src = volume('alpha', 'vcchk');
    const viewer = await userWithRole(admin, 'viewer', 'vc-v');
    const operator = await userWithRole(admin, 'operator', 'vc-o');
    const body = { to: { daemon: ids.alpha, pool: 'default', name: `${src}-x` } };
    for (const who of [viewer, operator]) {
      const res = await who.request('POST', copyPath('alpha', src), body);
      expect(res.status).toBe(403);
    }
    const expectError = async (res: Response, status: number, code?: string) => {
      expect(res.status).toBe(status);
      const error = ((await res.json()) as { error: { code: string; message: string } }).error;
      if (code) expect(error.code).toBe(code);
      return error.message;
    };
    expect(await expectError(await admin.request('POST', copyPath('alpha', 'no-such-volume'), body), 404)).toMatch(/no custom volume/);
    expect(await expectError(await admin.request('POST', copyPath('alpha', src), { to: { daemon: ids.alpha, pool: 'no-such-pool' } }), 404)).toMatch(/no storage pool/);
    await expectError(await admin.request('POST', copyPath('alpha', src), { to: { daemon: ids.alpha, pool: 'default' } }), 400, 'same_volume');
    await expectError(await admin.request('POST', copyPath('alpha', src), { to: { daemon: ids.alpha, pool: 'default', name: 'bad name!' } }), 400, 'invalid_name');
    const other = volume('alpha', 'vcother');
    await expectError(await admin.request('POST', copyPath('alpha', src), { to: { daemon: ids.alpha, pool: 'default', name: other } }), 409, 'name_taken');
    await expectError(await admin.request('POST', copyPath('alpha', src), { to: { daemon: ids.beta, pool: 'default', target: 'member9' } }), 404);
    const dry = await admin.json<{ preflight: { ok: boolean; method: string } }>('POST', copyPath('alpha', src, '&dryRun=1'), { to: { daemon: ids.gamma, pool: 'default' } });
    expect(dry.preflight).toEqual({ ok: true, method: 'relay' });
    expect(await exists('gamma', src)).toBe(false);
  });

  it('copies within a daemon with its snapshot (the daemon copies it), and the data is there', async () => {
    const src = volume('alpha', 'vcsame');
    fs.writeFileSync(path.join(volumeDir('alpha', src), 'marker'), 'same-daemon');
    cli('alpha', ['storage', 'volume', 'snapshot', 'default', src, 's0']);
    const to = `${src}-c`;
    made.push(['alpha', 'default', to]);
    const task = await done(await start('alpha', src, { to: { daemon: ids.alpha, pool: 'default', name: to } }));
    expect(task).toMatchObject({ kind: 'volume.copy', result: { method: 'copy' }, source: { volume: src, pool: 'default' }, target: { volume: to } });
    expect(fs.readFileSync(path.join(volumeDir('alpha', to), 'marker'), 'utf8')).toBe('same-daemon');
    const snaps = JSON.parse(cli('alpha', ['query', `/1.0/storage-pools/default/volumes/custom/${to}/snapshots`])) as string[];
    expect(snaps.map((s) => s.split('/').pop())).toEqual(['s0']);
    const listed = await admin.json<TaskView[]>('GET', '/api/v1/tasks?limit=50');
    expect(listed.map((t) => t.id)).toContain(task.id);
  });

  it('copies from LXD to a member of the LXD cluster (the cluster pulls it itself)', async () => {
    const src = volume('alpha', 'vcmig');
    fs.writeFileSync(path.join(volumeDir('alpha', src), 'marker'), 'to-the-cluster');
    made.push(['beta', 'default', src, 'member2']);
    const task = await done(await start('alpha', src, { to: { daemon: ids.beta, pool: 'default', target: 'member2' }, snapshots: false }));
    expect(task.result).toMatchObject({ method: 'migration', location: 'member2' });
    expect(fs.readFileSync(path.join(volumeDir('beta', src, 'member2'), 'marker'), 'utf8')).toBe('to-the-cluster');
  });

  it('copies from LXD to Incus (a backup relayed by Hangar)', async () => {
    const src = volume('alpha', 'vcrel');
    fs.writeFileSync(path.join(volumeDir('alpha', src), 'marker'), 'across-kinds');
    made.push(['gamma', 'default', src]);
    const task = await done(await start('alpha', src, { to: { daemon: ids.gamma, pool: 'default' } }));
    expect(task.result).toMatchObject({ method: 'relay' });
    expect(task.result!.bytes).toBeGreaterThan(0);
    expect(fs.readFileSync(path.join(volumeDir('gamma', src), 'marker'), 'utf8')).toBe('across-kinds');
    // The backup made on the source for the relay is gone again.
    const backups = JSON.parse(cli('alpha', ['query', `/1.0/storage-pools/default/volumes/custom/${src}/backups`])) as string[];
    expect(backups).toEqual([]);
  });

  it('cancel mid-stream removes the partial copy from the target', async () => {
    const src = volume('alpha', 'vccan');
    const big = path.join(volumeDir('alpha', src), 'big');
    const fd = fs.openSync(big, 'w');
    const chunk = Buffer.alloc(1 << 20, 7);
    for (let i = 0; i < 150; i++) fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    made.push(['gamma', 'default', src]);
    const task = await start('alpha', src, { to: { daemon: ids.gamma, pool: 'default' } });
    await whenStreaming(admin, task.id);
    const cancelled = await admin.json<TaskView>('DELETE', `/api/v1/tasks/${task.id}`);
    expect(cancelled.state, JSON.stringify(cancelled)).toBe('cancelled');
    expect(await exists('gamma', src)).toBe(false);
    expect(await exists('alpha', src)).toBe(true);
  });
});
