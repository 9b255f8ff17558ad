import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LiveEvent } from '@/lib/live';
import { ROLES, type Role } from '@/lib/roles';
import { Api, userWithRole } from '../support/hangar';
import { cli, forceDelete, uniqueName } from '../support/lab';
import { SseClient } from '../support/sse';

/**
 * Operations carry no secrets below admin on every path that shows them (the gateway's list, by
 * id, /wait; GET /api/v1/operations; the event stream and /api/v1/events/recent), websocket
 * secrets leave Hangar for nobody, operators cannot send a snapshot off the daemon, and their
 * reads of what is inside an instance are audited. Real operations on the real lab.
 */
describe('operation secrets and data leaving the daemon', () => {
  const url = inject('hangarUrl');
  const ids = inject('daemons');
  const alpha = ids.alpha;
  const apis = {} as Record<Role, Api>;
  const usernames = {} as Record<Role, string>;
  const streams = {} as Record<Role, SseClient>;
  const container = uniqueName('opsec');
  const gw = (path: string) => `/api/v1/daemons/${alpha}/lxd${path}`;

  beforeAll(async () => {
    apis.admin = await Api.login(url);
    for (const role of ['viewer', 'operator'] as const) apis[role] = await userWithRole(apis.admin, role, `opsec-${role}`);
    for (const role of ROLES) usernames[role] = (await apis[role].json<{ username: string }>('GET', '/api/v1/me')).username;
    for (const role of ROLES) {
      streams[role] = await SseClient.open(`${url}/api/v1/events`, { authorization: `Bearer ${apis[role].token}` });
      await streams[role].waitFor(
        (m) => m.event === 'status' && JSON.parse(m.data).daemons.some((d: { id: string; state: string }) => d.id === alpha && d.state === 'connected'),
        30_000,
        'alpha connected',
      );
    }
    cli('alpha', ['launch', 'busybox', container]);
  });
  afterAll(() => {
    for (const stream of Object.values(streams)) stream.close();
    forceDelete('alpha', container);
  });

  /** Every place an operation shows, as text, for one role. */
  async function everywhere(role: Role, id: string): Promise<Record<string, string>> {
    const api = apis[role];
    const text = async (path: string) => {
      const res = await api.request('GET', path);
      expect(res.status, `${role} GET ${path}`).toBeLessThan(500);
      return `${res.status} ${await res.text()}`;
    };
    return {
      list: await text(gw('/1.0/operations')),
      listRecursive: await text(gw('/1.0/operations?recursion=1')),
      listAllProjects: await text(gw('/1.0/operations?recursion=1&all-projects=true')),
      byId: await text(gw(`/1.0/operations/${id}`)),
      wait: await text(gw(`/1.0/operations/${id}/wait?timeout=1`)),
      hangarList: await text(`/api/v1/operations?daemon=${alpha}`),
      recentEvents: await text('/api/v1/events/recent?limit=500'),
      stream: streams[role].raw,
    };
  }

  it("keeps a pending trust token's secret, and the operation itself, from viewers and operators on every path", async () => {
    const name = uniqueName('opsec-trust');
    const reply = await apis.admin.json<{ type: string; metadata: { id: string; class: string; metadata: { secret: string } } }>(
      'POST',
      gw('/1.0/certificates'),
      { type: 'client', name, token: true },
    );
    const { id } = reply.metadata;
    const secret = reply.metadata.metadata.secret;
    expect(reply.metadata.class).toBe('token');
    expect(secret).toMatch(/^[0-9a-f]{32,}$/);
    try {
      // The admin's stream and list show it: the event did reach Hangar before the others are checked.
      await streams.admin.waitForEvent((e: LiveEvent) => e.operation?.id === id, 30_000, 'the token operation (admin)');
      const admin = await everywhere('admin', id);
      for (const where of ['listRecursive', 'byId', 'hangarList', 'recentEvents', 'stream'] as const) {
        expect(admin[where], `admin ${where}`).toContain(secret);
      }
      expect(admin.list).toContain(id);

      for (const role of ['viewer', 'operator'] as const) {
        const seen = await everywhere(role, id);
        for (const [where, text] of Object.entries(seen)) {
          expect(text, `${role} ${where}`).not.toContain(secret);
          expect(text, `${role} ${where}`).not.toContain(id);
        }
        expect(seen.byId).toMatch(/^404 /);
        expect(seen.wait).toMatch(/^404 /);
      }
      // Nor can an operator cancel what it may not see.
      await apis.operator.json('DELETE', gw(`/1.0/operations/${id}`), undefined, [404]);
      expect((await apis.admin.json<{ metadata: { status: string } }>('GET', gw(`/1.0/operations/${id}`))).metadata.status).toBe('Running');
    } finally {
      await apis.admin.request('DELETE', gw(`/1.0/operations/${id}`));
    }
  });

  it("never lets an exec's websocket secrets out, and shows a viewer no command", async () => {
    const marker = uniqueName('opsec-cmd');
    const reply = await apis.operator.json<{ metadata: { id: string; metadata: Record<string, unknown> } }>(
      'POST',
      gw(`/1.0/instances/${container}/exec`),
      { command: ['sh', '-c', `sleep 3; echo ${marker}`], 'wait-for-websocket': true, interactive: false, environment: { MARKER: marker } },
    );
    const { id } = reply.metadata;
    // The daemon's own view, asked directly: these are what must never leave Hangar.
    const direct = JSON.parse(cli('alpha', ['query', `/1.0/operations/${id}`])) as { metadata: { fds: Record<string, string> } };
    const secrets = Object.values(direct.metadata.fds);
    expect(secrets.length).toBeGreaterThanOrEqual(3);
    expect(reply.metadata.metadata).not.toHaveProperty('fds');
    expect(reply.metadata.metadata.command).toEqual(['sh', '-c', `sleep 3; echo ${marker}`]);
    await streams.admin.waitForEvent((e: LiveEvent) => e.operation?.id === id, 30_000, 'the exec operation (admin)');

    for (const role of ROLES) {
      const seen = await everywhere(role, id);
      for (const [where, text] of Object.entries(seen)) {
        for (const secret of secrets) expect(text, `${role} ${where}`).not.toContain(secret);
        if (role === 'viewer') expect(text, `viewer ${where}`).not.toContain(marker);
      }
      expect(seen.byId, role).toContain(id);
      if (role !== 'viewer') expect(seen.byId, role).toContain(marker);
    }
  });

  it('refuses an operator a snapshot POST that migrates it or sends it to a target, and lets it rename', async () => {
    cli('alpha', ['snapshot', container, 'snap0']);
    const snap = (name: string) => gw(`/1.0/instances/${container}/snapshots/${name}`);
    for (const body of [{ migration: true }, { name: 'x', migration: true }, { name: 'x', target: { operation: 'https://127.0.0.1:1/1.0/operations/x', secrets: {} } }, { name: 'x', live: true }]) {
      const res = await apis.operator.request('POST', snap('snap0'), body);
      expect(res.status, JSON.stringify(body)).toBe(403);
      expect(((await res.json()) as { error: { message: string } }).error.message).toContain('only rename snapshots');
    }
    const containerSnaps = () => JSON.parse(cli('alpha', ['query', `/1.0/instances/${container}/snapshots`])) as string[];
    expect(containerSnaps().map((s) => s.split('/').pop())).toEqual(['snap0']);

    await apis.operator.lxd(alpha, 'POST', `/1.0/instances/${container}/snapshots/snap0`, { name: 'snap1' });
    expect(containerSnaps().map((s) => s.split('/').pop())).toEqual(['snap1']);

    // An admin may: the daemon starts a migration source, whose websocket secrets still stay in Hangar.
    const reply = await apis.admin.json<{ type: string; metadata: { id: string; class: string; metadata: Record<string, unknown> } }>(
      'POST',
      snap('snap1'),
      { name: 'snap1-copy', migration: true },
    );
    expect(reply.type).toBe('async');
    expect(reply.metadata.class).toBe('websocket');
    const direct = JSON.parse(cli('alpha', ['query', `/1.0/operations/${reply.metadata.id}`])) as { metadata: Record<string, string> };
    const secrets = Object.values(direct.metadata).filter((v) => typeof v === 'string' && v.length >= 32);
    expect(secrets.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(JSON.stringify(reply)).not.toContain(secret);
  });

  it("records operators' reads of files, console and backup exports, and not other reads", async () => {
    const op = apis.operator;
    expect((await op.request('GET', gw(`/1.0/instances/${container}/files?path=/etc/passwd`))).status).toBe(200);
    await op.json('GET', gw(`/1.0/instances/${container}/backups/no-such-backup/export`), undefined, [404]);
    await op.request('GET', gw(`/1.0/containers/${container}/console`));
    await op.json('GET', gw(`/1.0/instances/${container}/state`), undefined, [200]);
    const reads = async () =>
      (
        await apis.admin.json<{ method: string; target: string; status: number; role: string }[]>(
          'GET',
          `/api/v1/audit?user=${encodeURIComponent(usernames.operator)}&limit=100`,
        )
      ).filter((r) => r.method === 'GET');
    // Records are written after the reply is sent.
    await expect
      .poll(async () => (await reads()).map((r) => r.target).sort(), { timeout: 10_000 })
      .toEqual(
        [
          `/1.0/containers/${container}/console`,
          `/1.0/instances/${container}/backups/no-such-backup/export`,
          `/1.0/instances/${container}/files?path=/etc/passwd`,
        ].sort(),
      );
    expect((await reads()).find((r) => r.target.includes('/files'))).toMatchObject({ status: 200, role: 'operator' });
  });
});
