import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { DaemonView } from '@/lib/api-types';
import type { LiveEvent } from '@/lib/live';
import { Api } from '../support/hangar';
import { cli, forceDelete, lab, uniqueName } from '../support/lab';
import { startScratchLxd, type ScratchDaemon } from '../support/scratch-daemon';
import { SseClient } from '../support/sse';

/** GET /api/v1/events: the daemons' own events, pushed through one subscription per daemon. */
describe('live events', () => {
  const url = inject('hangarUrl');
  const ids = inject('daemons');
  let admin: Api;
  let viewer: Api;
  const streams: SseClient[] = [];
  const cleanup: (() => void)[] = [];

  const open = async (api: Api, headers: Record<string, string> = {}) => {
    const stream = await SseClient.open(`${url}/api/v1/events`, { authorization: `Bearer ${api.token}`, ...headers });
    expect(stream.status).toBe(200);
    streams.push(stream);
    // Every daemon's subscription is up before the test makes changes.
    await stream.waitFor(
      (m) => m.event === 'status' && Object.values(ids).every((id) => JSON.parse(m.data).daemons.some((d: { id: string; state: string }) => d.id === id && d.state === 'connected')),
      30_000,
      'every lab daemon connected',
    );
    return stream;
  };
  const about = (daemon: string, name: string, action: string) => (e: LiveEvent) =>
    e.daemon === daemon && e.instance === name && e.action === action;

  beforeAll(async () => {
    admin = await Api.login(url);
    const username = uniqueName('viewer');
    await admin.json('POST', '/api/v1/users', { username, password: 'viewer-password-1', role: 'viewer' }, [201]);
    viewer = await Api.login(url, username, 'viewer-password-1');
  });
  afterAll(() => {
    for (const stream of streams) stream.close();
    for (const step of cleanup.reverse()) step();
  });

  it('refuses a caller without a session or token', async () => {
    const stream = await SseClient.open(`${url}/api/v1/events`, {});
    expect(stream.status).toBe(401);
    expect(JSON.parse(stream.raw)).toMatchObject({ error: { code: 'unauthenticated' } });
  });

  it('carries an instance started with the real CLI, with its new row, from LXD, the LXD cluster and Incus', async () => {
    const stream = await open(admin);
    const names = { alpha: uniqueName('ev'), beta: uniqueName('ev'), gamma: uniqueName('ev') };
    cleanup.push(() => {
      forceDelete('alpha', names.alpha);
      forceDelete('beta', names.beta);
      forceDelete('gamma', names.gamma);
    });
    cli('alpha', ['launch', 'busybox', names.alpha]);
    cli('beta', ['launch', 'busybox', names.beta, '--target', 'member2']);
    cli('gamma', ['launch', 'busybox', names.gamma]);

    for (const daemon of ['alpha', 'beta', 'gamma'] as const) {
      const started = await stream.waitForEvent(about(ids[daemon], names[daemon], 'instance-started'), 30_000, `${daemon}: instance-started`);
      expect(started).toMatchObject({ daemonName: daemon, type: 'lifecycle', project: 'default', status: 'Running' });
      // The row follows the event, as the daemon has it now.
      const { row } = await stream.waitForInstance(
        (u) => u.daemon === ids[daemon] && u.instance === names[daemon] && u.row.status === 'Running',
        30_000,
        `${daemon}: the running row`,
      );
      expect(row).toMatchObject({ name: names[daemon], project: 'default', daemon: { id: ids[daemon], name: daemon } });
      expect(row.usage.processes).toBeGreaterThan(0);
    }
    expect(stream.events().find(about(ids.beta, names.beta, 'instance-started'))?.location).toBe('member2');
    expect(stream.instances().find((u) => u.instance === names.beta)?.row.location).toBe('member2');
    expect(stream.events().some(about(ids.alpha, names.alpha, 'instance-created'))).toBe(true);
    const operation = await stream.waitForEvent(
      (e) => e.type === 'operation' && e.instance === names.alpha && e.operation?.description === 'Starting instance' && e.action === 'operation-success',
      30_000,
      'the start operation succeeding',
    );
    expect(operation.operation).toMatchObject({ class: 'task', status: 'Success', status_code: 200 });

    cli('alpha', ['stop', '--force', names.alpha]);
    const stopped = await stream.waitForEvent(about(ids.alpha, names.alpha, 'instance-stopped'), 30_000, 'instance-stopped');
    expect(stopped.status).toBe('Stopped');
    cli('alpha', ['delete', names.alpha]);
    await stream.waitForEvent(about(ids.alpha, names.alpha, 'instance-deleted'), 30_000, 'instance-deleted');
  });

  it('follows every project of a daemon (all-projects), on LXD 5.0 and Incus', async () => {
    const stream = await open(admin);
    for (const daemon of ['alpha', 'gamma'] as const) {
      const project = uniqueName('evp');
      const name = uniqueName('evp');
      cli(daemon, ['project', 'create', project, '-c', 'features.images=false', '-c', 'features.profiles=false']);
      cleanup.push(() => {
        forceDelete(daemon, name, project);
        cli(daemon, ['project', 'delete', project]);
      });
      cli(daemon, ['init', 'busybox', name, `--project=${project}`]);
      const created = await stream.waitForEvent(about(ids[daemon], name, 'instance-created'), 30_000, `${daemon}: created in ${project}`);
      expect(created.project).toBe(project);
      const { row } = await stream.waitForInstance((u) => u.daemon === ids[daemon] && u.instance === name, 30_000, `${daemon}: the new row`);
      expect(row).toMatchObject({ project, name, status: 'Stopped' });
    }
  });

  it("gives a viewer lifecycle and operation events but no commands, environment, secrets or trust-store events", async () => {
    const adminStream = await open(admin);
    const viewerStream = await open(viewer);
    const name = uniqueName('evv');
    const marker = `marker-${crypto.randomBytes(6).toString('hex')}`;
    cleanup.push(() => forceDelete('alpha', name));
    cli('alpha', ['launch', 'busybox', name]);
    cli('alpha', ['exec', name, '--env', `SECRET_VALUE=${marker}`, '--', 'sh', '-c', `echo ${marker}`]);

    // A certificate added to and removed from alpha's trust store.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-ev-cert-'));
    cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const certName = uniqueName('evcert');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384', '-nodes', '-days', '1',
      '-subj', `/CN=${certName}`, '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
    cli('alpha', ['config', 'trust', 'add', path.join(dir, 'cert.pem'), '--name', certName]);
    const fingerprint = execFileSync('openssl', ['x509', '-in', path.join(dir, 'cert.pem'), '-noout', '-fingerprint', '-sha256'], { encoding: 'utf8' })
      .split('=')[1]
      .replace(/:/g, '')
      .trim()
      .toLowerCase();
    cli('alpha', ['config', 'trust', 'remove', fingerprint.slice(0, 12)]);

    // The admin's stream shows all of it happened…
    const execDone = (e: LiveEvent) =>
      e.type === 'operation' && e.instance === name && e.operation?.class === 'websocket' && e.action === 'operation-success';
    const adminExec = await adminStream.waitForEvent(execDone, 30_000, 'the exec operation (admin)');
    expect(JSON.stringify(adminExec.operation!.metadata)).toContain(marker);
    expect(adminExec.operation!.metadata).not.toHaveProperty('fds');
    await adminStream.waitForEvent((e) => e.action === 'certificate-deleted' && e.daemon === ids.alpha, 30_000, 'certificate-deleted (admin)');
    expect(adminStream.events().some((e) => e.action === 'certificate-created' && e.daemon === ids.alpha)).toBe(true);

    // …and the viewer's the same events, cut down.
    const viewerExec = await viewerStream.waitForEvent(execDone, 30_000, 'the exec operation (viewer)');
    expect(viewerExec.operation).toMatchObject({ id: adminExec.operation!.id, description: 'Executing command', status: 'Success' });
    expect(viewerExec.operation?.metadata ?? null).toBeNull();
    const viewerLifecycle = await viewerStream.waitForEvent(about(ids.alpha, name, 'instance-exec'), 30_000, 'instance-exec (viewer)');
    expect(viewerLifecycle.context ?? {}).not.toHaveProperty('command');
    expect(viewerLifecycle).not.toHaveProperty('requestor');
    await viewerStream.waitForEvent(about(ids.alpha, name, 'instance-started'), 30_000, 'instance-started (viewer)');
    expect(viewerStream.events().filter((e) => e.action.startsWith('certificate-'))).toEqual([]);
    expect(viewerStream.raw).not.toContain(marker);
    expect(viewerStream.raw).not.toContain('"fds"');
    expect(viewerStream.raw).not.toContain(certName);
  });

  it('replays what a reconnecting client missed, and tells one with a stale id to reload', async () => {
    const first = await open(admin);
    const name = uniqueName('evr');
    cleanup.push(() => forceDelete('gamma', name));
    cli('gamma', ['init', 'busybox', name]);
    const created = await first.waitFor((m) => m.event === 'message' && JSON.parse(m.data).instance === name, 30_000, 'created');
    first.close();

    cli('gamma', ['delete', name]);
    const again = await SseClient.open(`${url}/api/v1/events`, { authorization: `Bearer ${admin.token}`, 'last-event-id': created.id! });
    streams.push(again);
    const deleted = await again.waitForEvent(about(ids.gamma, name, 'instance-deleted'), 30_000, 'the missed delete');
    expect(deleted.daemonName).toBe('gamma');

    const stale = await SseClient.open(`${url}/api/v1/events?lastEventId=0:1`, { authorization: `Bearer ${admin.token}` });
    streams.push(stale);
    await stale.waitFor((m) => m.event === 'reset', 10_000, 'a reset');
  });

  describe('when a daemon goes away', () => {
    let scratch: ScratchDaemon;
    let daemon: DaemonView;

    beforeAll(async () => {
      scratch = await startScratchLxd({ image: lab.image });
      daemon = await admin.json<DaemonView>(
        'POST',
        '/api/v1/daemons',
        { name: uniqueName('scratch'), url: scratch.url, trustPassword: scratch.password },
        [201],
      );
    });
    afterAll(async () => {
      if (daemon) await admin.request('DELETE', `/api/v1/daemons/${daemon.id}`);
      scratch?.destroy();
    });

    it('reconnects after the daemon is killed and restarted, and resynchronises what changed meanwhile', async () => {
      const stream = await open(admin);
      const connected = (state: string) => (m: { event: string; data: string }) =>
        m.event === 'status' && JSON.parse(m.data).daemons.some((d: { id: string; state: string }) => d.id === daemon.id && d.state === state);
      await stream.waitFor(connected('connected'), 30_000, 'the scratch daemon connected');
      scratch.cli(['launch', 'busybox', 'c1', '-c', 'boot.autostart=false']);
      await stream.waitForEvent(about(daemon.id, 'c1', 'instance-started'), 30_000, 'c1 started before the kill');
      const { pid } = JSON.parse(scratch.cli(['query', '/1.0/instances/c1/state'])) as { pid: number };

      scratch.kill();
      await stream.waitFor(connected('reconnecting'), 30_000, 'the hub noticing the daemon is gone');
      // While nobody listens, the container stops: its init dies.
      process.kill(pid, 'SIGKILL');
      await waitUntil(() => !fs.existsSync(`/proc/${pid}`), 10_000);
      scratch.restart();

      const reconnectedAt = stream.messages.length;
      await stream.waitFor((m) => stream.messages.indexOf(m) >= reconnectedAt && connected('connected')(m), 60_000, 'the hub reconnecting');
      const resynced = await stream.waitForEvent((e) => e.daemon === daemon.id && e.instance === 'c1' && e.resync === true, 30_000, 'the resync of c1');
      expect(resynced).toMatchObject({ type: 'lifecycle', action: 'instance-stopped', status: 'Stopped', project: 'default' });
      const resyncedRow = await stream.waitForInstance((u) => u.daemon === daemon.id && u.instance === 'c1' && u.resync === true, 10_000, 'the resynced row');
      expect(resyncedRow.row).toMatchObject({ name: 'c1', status: 'Stopped' });

      // Live again: a change now arrives as the daemon's own event.
      scratch.cli(['start', 'c1']);
      const started = await stream.waitForEvent(
        (e) => about(daemon.id, 'c1', 'instance-started')(e) && !e.resync && Date.parse(e.timestamp) > Date.parse(resynced.timestamp),
        30_000,
        'c1 started after the reconnect',
      );
      expect(started.status).toBe('Running');
      await stream.waitForInstance((u) => u.daemon === daemon.id && u.instance === 'c1' && u.row.status === 'Running' && !u.resync, 30_000, 'the running row');
    });
  });
});

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}
