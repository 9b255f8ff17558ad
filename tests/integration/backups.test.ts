import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Api, userWithRole } from '../support/hangar';
import { cli, forceDelete, uniqueName } from '../support/lab';

/** Backups: created by an admin, exported as a download streamed through the gateway, imported elsewhere. */
describe('backups against real daemons', () => {
  const url = inject('hangarUrl');
  const { alpha, gamma } = inject('daemons');
  let admin: Api;
  let operator: Api;
  let viewer: Api;
  const container = uniqueName('bak');
  const restored = uniqueName('restored');
  const exportPath = `/api/v1/daemons/${alpha}/lxd/1.0/instances/${container}/backups/b1/export`;
  let file: Buffer;

  beforeAll(async () => {
    admin = await Api.login(url);
    operator = await userWithRole(admin, 'operator');
    viewer = await userWithRole(admin, 'viewer');
    cli('alpha', ['launch', 'busybox', container]);
    cli('alpha', ['exec', container, '--', 'sh', '-c', 'echo kept > /root/marker']);
    cli('alpha', ['snapshot', container, 'snap0']);
  });

  afterAll(() => {
    forceDelete('alpha', container);
    forceDelete('gamma', restored);
    forceDelete('alpha', restored);
  });

  it('creates a backup (admin; an operator may not)', async () => {
    const body = { name: 'b1', instance_only: false, optimized_storage: false };
    await operator.json('POST', `/api/v1/daemons/${alpha}/lxd/1.0/instances/${container}/backups`, body, [403]);
    await admin.lxd(alpha, 'POST', `/1.0/instances/${container}/backups`, body);
    const list = await operator.lxd<{ name: string; instance_only: boolean }[]>(alpha, 'GET', `/1.0/instances/${container}/backups?recursion=1`);
    expect(list).toEqual([expect.objectContaining({ name: 'b1', instance_only: false })]);
  });

  it('streams the export to an operator as a gzip file, and refuses a viewer', async () => {
    expect((await viewer.request('GET', exportPath)).status).toBe(403);
    const res = await operator.request('GET', exportPath);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    file = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(file.length);
    expect(file.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });

  it('creates an instance from the uploaded file on another daemon, renamed with X-Incus-name', async () => {
    const upload = await fetch(`${url}/api/v1/daemons/${gamma}/lxd/1.0/instances`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/octet-stream', 'x-incus-name': restored },
      body: new Uint8Array(file),
    });
    expect(upload.status).toBe(202);
    const { operation } = (await upload.json()) as { operation: string };
    const op = await admin.json<{ metadata: { err: string } }>('GET', `/api/v1/daemons/${gamma}/lxd${operation}/wait?timeout=120`);
    expect(op.metadata.err).toBe('');
    cli('gamma', ['start', restored]);
    expect(cli('gamma', ['exec', restored, '--', 'cat', '/root/marker']).trim()).toBe('kept');
    expect(cli('gamma', ['info', restored])).toContain('snap0');
  });

  it('refuses an upload that is not a backup with the daemon message', async () => {
    const upload = await fetch(`${url}/api/v1/daemons/${alpha}/lxd/1.0/instances`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/octet-stream', 'x-lxd-name': restored },
      body: 'definitely not a tarball',
    });
    const body = (await upload.json()) as { type: string; error?: string; operation?: string };
    const message =
      body.type === 'error'
        ? body.error
        : (await admin.json<{ metadata: { err: string } }>('GET', `/api/v1/daemons/${alpha}/lxd${body.operation}/wait?timeout=60`)).metadata.err;
    expect(message).toMatch(/compression|invalid|unsupported/i);
    expect(cli('alpha', ['list', '--format=csv', '-c', 'n'])).not.toContain(restored);
  });

  it('deletes the backup (admin)', async () => {
    await operator.json('DELETE', `/api/v1/daemons/${alpha}/lxd/1.0/instances/${container}/backups/b1`, undefined, [403]);
    await admin.lxd(alpha, 'DELETE', `/1.0/instances/${container}/backups/b1`);
    expect(await admin.lxd(alpha, 'GET', `/1.0/instances/${container}/backups`)).toEqual([]);
  });
});
