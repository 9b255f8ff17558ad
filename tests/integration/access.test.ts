import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Api, userWithRole } from '../support/hangar';
import { cli, uniqueName, type LabDaemon, throwawayInstances } from '../support/lab';
import { refusal } from '../support/refusal';

/** A fresh OpenSSH key pair's public line, made by ssh-keygen. */
function publicKey(comment: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-key-'));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', path.join(dir, 'id')]);
  return fs.readFileSync(path.join(dir, 'id.pub'), 'utf8').trim();
}

/** True when `password` hashes to the crypt(3) hash in /etc/shadow (checked with openssl). */
function matchesShadow(hash: string, password: string): boolean {
  const [, id, salt] = hash.split('$');
  const flag = { '1': '-1', '5': '-5', '6': '-6' }[id];
  if (!flag) throw new Error(`unexpected hash ${hash.slice(0, 4)}`);
  return execFileSync('openssl', ['passwd', flag, '-salt', salt, '-stdin'], { input: password, encoding: 'utf8' }).trim() === hash;
}

/** Root password and SSH keys: an operator's, audited, through the running instance or its files. */
describe('root password and SSH keys', () => {
  const url = inject('hangarUrl');
  const daemons = inject('daemons');
  let admin: Api;
  let operator: Api;
  let viewer: Api;
  const throwaway = throwawayInstances('access');

  beforeAll(async () => {
    admin = await Api.login(url);
    operator = await userWithRole(admin, 'operator');
    viewer = await userWithRole(admin, 'viewer');
  });
  afterAll(() => {
    throwaway.removeAll();
  });

  const launch = (daemon: LabDaemon, start = true) => throwaway.launch(daemon, { start });
  const at = (daemon: LabDaemon, name: string, what: string) => `/api/v1/daemons/${daemons[daemon]}/instances/${name}/${what}`;
  const shadowRoot = (daemon: LabDaemon, name: string) =>
    cli(daemon, ['exec', name, '--', 'cat', '/etc/shadow']).split('\n').find((l) => l.startsWith('root:'))!.split(':')[1];

  for (const daemon of ['alpha', 'beta', 'gamma'] as const) {
    it(`sets root's password in a running container on ${daemon}, leaving no trace of it`, async () => {
      const name = launch(daemon);
      const password = `pw-${uniqueName('x')}: with space`;
      const res = await operator.request('POST', at(daemon, name, 'password'), { password });
      expect(res.status, await res.clone().text()).toBe(200);
      expect(matchesShadow(shadowRoot(daemon, name), password)).toBe(true);
      expect(cli(daemon, ['exec', name, '--', 'ls', '-a', '/']).split(/\s+/).filter((n) => n.includes('hangar'))).toEqual([]);

      const records = await admin.json<unknown[]>('GET', `/api/v1/audit?action=${name}&limit=10`);
      expect(JSON.stringify(records)).toContain('/password');
      expect(JSON.stringify(records)).not.toContain(password);
    });
  }

  it('refuses a stopped instance, a bad password and a viewer, and changes nothing', async () => {
    const stopped = launch('alpha', false);
    const res = await operator.request('POST', at('alpha', stopped, 'password'), { password: 'secret-1' });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('instance_not_running');

    const running = launch('alpha');
    const before = shadowRoot('alpha', running);
    const multi = await operator.request('POST', at('alpha', running, 'password'), { password: 'a\nroot2::0:0' });
    expect(multi.status).toBe(400);
    const asViewer = await viewer.request('POST', at('alpha', running, 'password'), { password: 'viewer-pw-1' });
    expect(refusal(asViewer.status, await asViewer.text())).toBe('forbidden');
    const keyAsViewer = await viewer.request('POST', at('alpha', running, 'ssh-keys'), { key: publicKey('viewer') });
    expect(refusal(keyAsViewer.status, await keyAsViewer.text())).toBe('forbidden');
    expect(shadowRoot('alpha', running)).toBe(before);
    expect(cli('alpha', ['exec', running, '--', 'ls', '-a', '/root']).split(/\s+/)).not.toContain('.ssh');
  });

  for (const [daemon, start] of [
    ['alpha', true],
    ['beta', true],
    ['gamma', false],
  ] as const) {
    it(`adds an SSH key to root's authorized_keys on ${daemon} (${start ? 'running' : 'stopped'}) with 0700/0600, once`, async () => {
      const name = launch(daemon, start);
      const key = publicKey('ops@example');
      const first = await operator.request('POST', at(daemon, name, 'ssh-keys'), { key });
      expect(first.status, await first.clone().text()).toBe(201);
      expect(await first.json()).toMatchObject({ user: 'root', path: '/root/.ssh/authorized_keys', added: true, fingerprint: expect.stringMatching(/^SHA256:/) });
      const again = await operator.request('POST', at(daemon, name, 'ssh-keys'), { key: `${key}\n` });
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({ added: false });
      const other = publicKey('second');
      expect((await operator.request('POST', at(daemon, name, 'ssh-keys'), { key: other })).status).toBe(201);

      if (!start) cli(daemon, ['start', name]);
      const sh = (command: string) => cli(daemon, ['exec', name, '--', 'sh', '-c', command]).trim();
      expect(sh('cat /root/.ssh/authorized_keys')).toBe(`${key}\n${other}`);
      expect(sh('stat -c "%a %u %g" /root/.ssh /root/.ssh/authorized_keys')).toBe('700 0 0\n600 0 0');
      expect(sh('ls -a /root/.ssh').split(/\s+/).sort()).toEqual(['.', '..', 'authorized_keys']);

      const bad = await operator.request('POST', at(daemon, name, 'ssh-keys'), { key: 'ssh-ed25519 not-base64!' });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_key');
    });
  }
});
