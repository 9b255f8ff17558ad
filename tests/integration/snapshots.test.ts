import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FleetSnapshotsResponse } from '@/lib/api-types';
import { Api, userWithRole } from '../support/hangar';
import { cli, forceDelete, uniqueName } from '../support/lab';

interface Snapshot {
  name: string;
  created_at: string;
  expires_at: string;
  stateful: boolean;
}

/** Snapshots through the gateway as the Snapshots tab drives them: an operator's work, the schedule an admin's. */
describe('snapshots against real daemons', () => {
  const url = inject('hangarUrl');
  const { alpha, gamma } = inject('daemons');
  let admin: Api;
  let operator: Api;
  let viewer: Api;
  const container = uniqueName('snap');
  const clone = uniqueName('clone');
  const incus = uniqueName('snapi');
  const path = `/1.0/instances/${container}`;

  const marker = () => cli('alpha', ['exec', container, '--', 'cat', '/root/marker']).trim();
  const list = () => operator.lxd<Snapshot[]>(alpha, 'GET', `${path}/snapshots?recursion=1`);

  beforeAll(async () => {
    admin = await Api.login(url);
    operator = await userWithRole(admin, 'operator');
    viewer = await userWithRole(admin, 'viewer');
    cli('alpha', ['launch', 'busybox', container]);
    cli('alpha', ['exec', container, '--', 'sh', '-c', 'echo before > /root/marker']);
  });

  afterAll(() => {
    forceDelete('alpha', container);
    forceDelete('alpha', clone);
    forceDelete('gamma', incus);
  });

  it('lets an operator create a snapshot with an expiry and lists name, time, expiry and statefulness', async () => {
    const expires = new Date(Date.now() + 3 * 24 * 3600 * 1000);
    await operator.lxd(alpha, 'POST', `${path}/snapshots`, { name: 'first', expires_at: expires.toISOString(), stateful: false });
    const [snap] = await list();
    expect(snap).toMatchObject({ name: 'first', stateful: false });
    expect(Math.abs(Date.parse(snap.expires_at) - expires.getTime())).toBeLessThan(2000);
    expect(Date.now() - Date.parse(snap.created_at)).toBeLessThan(60_000);
    expect(cli('alpha', ['info', container])).toContain('first');
  });

  it('lists the snapshot in the fleet-wide GET /api/v1/snapshots for a viewer, without config, newest first', async () => {
    const all = await viewer.json<FleetSnapshotsResponse>('GET', '/api/v1/snapshots');
    expect(all.errors.map((e) => e.daemon)).not.toContain('alpha');
    const mine = all.snapshots.filter((s) => s.instance === container);
    expect(mine).toEqual([expect.objectContaining({ daemon: { id: alpha, name: 'alpha' }, project: 'default', name: 'first', stateful: false })]);
    expect(mine[0]).not.toHaveProperty('config');
    const times = all.snapshots.map((s) => s.created_at);
    expect(times).toEqual([...times].sort().reverse());
    expect(new Set(all.snapshots.map((s) => s.daemon.name))).toContain('alpha');

    const one = await viewer.json<FleetSnapshotsResponse>('GET', `/api/v1/snapshots?daemon=${gamma}`);
    expect(one.snapshots.every((s) => s.daemon.id === gamma)).toBe(true);
    expect((await fetch(`${url}/api/v1/snapshots`)).status).toBe(401);
  });

  it('shows a snapshot taken with the CLI in the fleet-wide list within seconds: the kept answer ends with the daemon event', async () => {
    const names = async () =>
      (await viewer.json<FleetSnapshotsResponse>('GET', `/api/v1/snapshots?daemon=${alpha}`)).snapshots.filter((s) => s.instance === container).map((s) => s.name);
    expect(await names()).toEqual(['first']);
    cli('alpha', ['snapshot', container, 'from-cli']);
    // Answers are kept up to a minute when no event comes; the event ends that at once.
    const deadline = Date.now() + 10_000;
    let seen = await names();
    while (!seen.includes('from-cli') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      seen = await names();
    }
    expect(seen).toContain('from-cli');
    cli('alpha', ['delete', `${container}/from-cli`]);
    const gone = Date.now() + 10_000;
    while ((await names()).includes('from-cli') && Date.now() < gone) await new Promise((r) => setTimeout(r, 200));
    expect(await names()).toEqual(['first']);
  });

  it('passes on the daemon message for a name that exists and for a stateful snapshot it cannot take', async () => {
    const duplicate = await operator.json<{ operation: string }>('POST', `/api/v1/daemons/${alpha}/lxd${path}/snapshots`, { name: 'first' });
    const dupOp = await operator.json<{ metadata: { err: string } }>('GET', `/api/v1/daemons/${alpha}/lxd${duplicate.operation}/wait?timeout=60`);
    expect(dupOp.metadata.err).toMatch(/already exists/);

    const stateful = await operator.json<{ operation: string }>('POST', `/api/v1/daemons/${alpha}/lxd${path}/snapshots`, { name: 'live', stateful: true });
    const statefulOp = await operator.json<{ metadata: { err: string } }>('GET', `/api/v1/daemons/${alpha}/lxd${stateful.operation}/wait?timeout=60`);
    expect(statefulOp.metadata.err).toMatch(/stateful|CRIU/i);
    expect((await list()).map((s) => s.name)).toEqual(['first']);
  });

  it('restores a snapshot (operator): the file written after it is gone', async () => {
    cli('alpha', ['exec', container, '--', 'sh', '-c', 'echo after > /root/marker']);
    expect(marker()).toBe('after');
    await operator.lxd(alpha, 'PUT', path, { restore: 'first' });
    expect(marker()).toBe('before');
  });

  it('renames and deletes a snapshot (operator), and a viewer may do neither', async () => {
    await viewer.json('POST', `/api/v1/daemons/${alpha}/lxd${path}/snapshots/first`, { name: 'nope' }, [403]);
    await operator.lxd(alpha, 'POST', `${path}/snapshots/first`, { name: 'renamed' });
    expect((await list()).map((s) => s.name)).toEqual(['renamed']);
    await operator.lxd(alpha, 'POST', `${path}/snapshots`, { name: 'second' });
    await viewer.json('DELETE', `/api/v1/daemons/${alpha}/lxd${path}/snapshots/second`, undefined, [403]);
    await operator.lxd(alpha, 'DELETE', `${path}/snapshots/second`);
    expect((await list()).map((s) => s.name)).toEqual(['renamed']);
  });

  it('saves the automatic schedule with the ETag (admin only) and unsets a key with an empty value', async () => {
    const res = await admin.request('GET', `/api/v1/daemons/${alpha}/lxd${path}`);
    const etag = res.headers.get('etag')!;
    const schedule = { 'snapshots.schedule': '0 3 * * *', 'snapshots.expiry': '2w', 'snapshots.pattern': 'auto-%d', 'snapshots.schedule.stopped': 'true' };
    const patch = (api: Api, config: Record<string, string>, ifMatch = etag) =>
      fetch(`${url}/api/v1/daemons/${alpha}/lxd${path}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json', 'if-match': ifMatch },
        body: JSON.stringify({ config }),
      });
    expect((await patch(operator, schedule)).status).toBe(403);
    expect((await patch(admin, schedule)).status).toBe(200);
    for (const [key, value] of Object.entries(schedule)) expect(cli('alpha', ['config', 'get', container, key]).trim()).toBe(value);
    // The ETag changed with the save: the same one is now refused.
    const stale = await patch(admin, { 'snapshots.expiry': '1d' });
    expect(stale.status).toBe(412);
    const fresh = (await admin.request('GET', `/api/v1/daemons/${alpha}/lxd${path}`)).headers.get('etag')!;
    expect((await patch(admin, { 'snapshots.schedule.stopped': '', 'snapshots.pattern': '' }, fresh)).status).toBe(200);
    expect(cli('alpha', ['config', 'get', container, 'snapshots.pattern']).trim()).toBe('');
    expect(cli('alpha', ['config', 'show', container])).not.toContain('snapshots.schedule.stopped');
  });

  it('creates a new instance from a snapshot (admin only)', async () => {
    // As the dialog sends it: the snapshot's profiles come along (without them there is no root disk).
    const snap = await admin.lxd<{ profiles: string[] }>(alpha, 'GET', `${path}/snapshots/renamed`);
    const body = { name: clone, source: { type: 'copy', source: `${container}/renamed` }, profiles: snap.profiles };
    await operator.json('POST', `/api/v1/daemons/${alpha}/lxd/1.0/instances`, body, [403]);
    await admin.lxd(alpha, 'POST', '/1.0/instances', body);
    cli('alpha', ['start', clone]);
    expect(cli('alpha', ['exec', clone, '--', 'cat', '/root/marker']).trim()).toBe('before');
  });

  it('works the same on Incus', async () => {
    cli('gamma', ['launch', 'busybox', incus]);
    await operator.lxd(gamma, 'POST', `/1.0/instances/${incus}/snapshots`, { name: 's1' });
    await operator.lxd(gamma, 'POST', `/1.0/instances/${incus}/snapshots/s1`, { name: 's2' });
    await operator.lxd(gamma, 'PUT', `/1.0/instances/${incus}`, { restore: 's2' });
    await operator.lxd(gamma, 'DELETE', `/1.0/instances/${incus}/snapshots/s2`);
    expect(await operator.lxd(gamma, 'GET', `/1.0/instances/${incus}/snapshots`)).toEqual([]);
  });
});
