import http from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { FileListing } from '@/lib/files';
import { Api, userWithRole } from '../support/hangar';
import { cli, type LabDaemon, throwawayInstances } from '../support/lab';
import { refusal } from '../support/refusal';

/** The file browser's API against real daemons: an operator's round trip on LXD and Incus; viewers refused. */
describe('files inside instances', () => {
  const url = inject('hangarUrl');
  const daemons = inject('daemons');
  let admin: Api;
  let operator: Api;
  let viewer: Api;
  const throwaway = throwawayInstances('files');

  beforeAll(async () => {
    admin = await Api.login(url);
    operator = await userWithRole(admin, 'operator');
    viewer = await userWithRole(admin, 'viewer');
  });

  afterAll(() => {
    throwaway.removeAll();
  });

  const launch = (daemon: LabDaemon, start = true) => throwaway.launch(daemon, { start });
  const files = (daemon: LabDaemon, name: string, path: string, extra = '') =>
    `/api/v1/daemons/${daemons[daemon]}/instances/${name}/files?path=${encodeURIComponent(path)}${extra}`;
  const upload = (api: Api, daemon: LabDaemon, name: string, path: string, body: string, extra = '') =>
    api.request('POST', files(daemon, name, path, extra), body, { 'content-type': 'application/octet-stream' });
  const listing = (daemon: LabDaemon, name: string, path: string) => operator.json<FileListing>('GET', files(daemon, name, path));
  const inside = (daemon: LabDaemon, name: string, ...command: string[]) => cli(daemon, ['exec', name, '--', ...command]);

  for (const daemon of ['alpha', 'beta', 'gamma'] as const) {
    it(`round-trips a file as an operator on ${daemon}${daemon === 'beta' ? ' (on the member Hangar does not talk to)' : ''}: upload, list, download, edit, mkdir, delete`, async () => {
      const name = launch(daemon);
      const first = await upload(operator, daemon, name, '/root/hello.txt', 'hello from hangar\n');
      expect(first.status, await first.clone().text()).toBe(201);
      expect(await first.json()).toMatchObject({ path: '/root/hello.txt', bytes: 18, via: 'rename' });
      expect(inside(daemon, name, 'cat', '/root/hello.txt')).toBe('hello from hangar\n');

      const root = await listing(daemon, name, '/root');
      expect(root).toMatchObject({ type: 'directory', mode: '0700', uid: 0 });
      expect(root.entries).toEqual([expect.objectContaining({ name: 'hello.txt', type: 'file', mode: '0644', uid: 0, gid: 0 })]);

      const down = await operator.request('GET', files(daemon, name, '/root/hello.txt', '&content=1'));
      expect(down.status).toBe(200);
      expect(down.headers.get('content-disposition')).toContain('hello.txt');
      expect(await down.text()).toBe('hello from hangar\n');

      // An edit keeps nothing of the old content and takes the mode it is given.
      const edit = await upload(operator, daemon, name, '/root/hello.txt', 'edited\n', '&mode=0600');
      expect(edit.status).toBe(201);
      expect(inside(daemon, name, 'cat', '/root/hello.txt')).toBe('edited\n');
      expect(inside(daemon, name, 'stat', '-c', '%a %u', '/root/hello.txt').trim()).toBe('600 0');

      const dir = await operator.request('POST', files(daemon, name, '/root/sub', '&type=directory&mode=0750'));
      expect(dir.status).toBe(201);
      expect((await listing(daemon, name, '/root')).entries?.map((e) => [e.name, e.type, e.mode])).toEqual([
        ['sub', 'directory', '0750'],
        ['hello.txt', 'file', '0600'],
      ]);
      const again = await operator.request('POST', files(daemon, name, '/root/sub', '&type=directory'));
      expect(again.status).toBe(409);

      for (const path of ['/root/hello.txt', '/root/sub']) {
        expect((await operator.request('DELETE', files(daemon, name, path))).status).toBe(204);
      }
      expect((await listing(daemon, name, '/root')).entries).toEqual([]);

      const missing = await operator.request('GET', files(daemon, name, '/root/nope'));
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(/not found/i);
    });
  }

  it('leaves nothing under the final name, and no temporary file, when an upload stops midway', async () => {
    const name = launch('alpha');
    const path = '/root/big.bin';
    await new Promise<void>((resolve) => {
      const req = http.request(`${url}${files('alpha', name, path)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${operator.token}`, 'content-type': 'application/octet-stream', 'content-length': 1_000_000 },
      });
      req.on('error', () => resolve());
      req.on('response', (res) => {
        res.resume();
        resolve();
      });
      req.write(Buffer.alloc(64 * 1024, 7));
      setTimeout(() => req.destroy(), 500);
    });
    // The server notices the broken upload and removes the temporary file.
    let names: string[] = [];
    for (let i = 0; i < 40; i++) {
      names = ((await listing('alpha', name, '/root')).entries ?? []).map((e) => e.name);
      if (names.length === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(names).toEqual([]);

    const short = await operator.request('POST', files('alpha', name, path), 'abc', {
      'content-type': 'application/octet-stream',
    });
    expect(short.status).toBe(201);
    expect(inside('alpha', name, 'cat', path)).toBe('abc');
  });

  it('writes into a stopped container too, by a copy inside the daemon', async () => {
    const name = launch('gamma', false);
    const res = await upload(operator, 'gamma', name, '/root/stopped.txt', 'while stopped');
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ via: 'copy' });
    const root = await listing('gamma', name, '/root');
    expect(root.entries?.map((e) => e.name)).toEqual(['stopped.txt']);
    const down = await operator.request('GET', files('gamma', name, '/root/stopped.txt', '&content=1'));
    expect(await down.text()).toBe('while stopped');
  });

  it('stays inside the instance: `..` and a symlink out resolve in the container, never on the host', async () => {
    const name = launch('alpha');
    inside('alpha', name, 'ln', '-s', '/../../../../../../etc', '/root/out');
    const containerPasswd = inside('alpha', name, 'cat', '/etc/passwd');
    const viaDots = await operator.request('GET', files('alpha', name, '/root/../../../../../etc/passwd', '&content=1'));
    expect(await viaDots.text()).toBe(containerPasswd);
    const viaLink = await operator.request('GET', files('alpha', name, '/root/out/passwd', '&content=1'));
    expect(await viaLink.text()).toBe(containerPasswd);
    // A host-only file is simply not there: the daemon's own refusal comes back.
    const host = await operator.request('GET', files('alpha', name, '/../../../../var/lib/hangar-lab/alpha/server.crt', '&content=1'));
    expect(host.status).toBe(404);
    expect(((await host.json()) as { error: { message: string } }).error.message).toBe('Not Found');
  });

  it('refuses viewers every file operation, through its API and the gateway, and changes nothing', async () => {
    const name = launch('alpha');
    inside('alpha', name, 'sh', '-c', 'echo secret > /root/keep.txt');
    const attempts = [
      await viewer.request('GET', files('alpha', name, '/root')),
      await viewer.request('GET', files('alpha', name, '/root/keep.txt', '&content=1')),
      await upload(viewer, 'alpha', name, '/root/keep.txt', 'overwritten'),
      await viewer.request('POST', files('alpha', name, '/root/dir', '&type=directory')),
      await viewer.request('DELETE', files('alpha', name, '/root/keep.txt')),
      await viewer.request('GET', `/api/v1/daemons/${daemons.alpha}/lxd/1.0/instances/${name}/files?path=/root/keep.txt`),
      await viewer.request('POST', `/api/v1/daemons/${daemons.alpha}/lxd/1.0/instances/${name}/files?path=/root/keep.txt`, 'x', {
        'content-type': 'application/octet-stream',
      }),
    ];
    for (const res of attempts) {
      const body = await res.text();
      expect(refusal(res.status, body), body).toBe('forbidden');
      expect(body).not.toContain('secret');
    }
    expect(inside('alpha', name, 'cat', '/root/keep.txt')).toBe('secret\n');
    expect(inside('alpha', name, 'ls', '/root').trim()).toBe('keep.txt');
  });

  it('audits each write with its path, and reads too', async () => {
    const name = launch('alpha');
    expect((await upload(operator, 'alpha', name, '/root/audited.txt', 'x')).status).toBe(201);
    await operator.json('GET', files('alpha', name, '/root'));
    const records = await admin.json<{ method: string; target: string; status: number; user: string; action: string; details?: { path?: string } }[]>(
      'GET',
      `/api/v1/audit?action=${encodeURIComponent(name)}&limit=20`,
    );
    const targets = records.map((r) => `${r.method} ${r.status} ${decodeURIComponent(r.target)}`);
    expect(targets).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^POST 201 .*\/files\?path=\/root\/audited\.txt$/),
        expect.stringMatching(/^GET 200 .*\/files\?path=\/root$/),
      ]),
    );
    expect(records.find((r) => r.method === 'POST')).toMatchObject({ action: 'file.write', details: expect.objectContaining({ path: '/root/audited.txt' }) });
    expect(records.find((r) => r.method === 'GET')).toMatchObject({ action: 'file.read', details: expect.objectContaining({ path: '/root' }) });
  });
});
