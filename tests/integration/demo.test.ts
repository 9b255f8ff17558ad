import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DaemonView, FleetResponse } from '@/lib/api-types';
import { Api, freePort } from '../support/hangar';
import { cli, forceDelete } from '../support/lab';
import { BUILD_REV_FILE, workingTreeRev } from '../../scripts/build-rev.mjs';

const ROOT = path.resolve(__dirname, '../..');
const DEMO_CONTAINERS = [
  ['alpha', 'demo-web'],
  ['beta', 'demo-db'],
  ['beta', 'demo-queue'],
  ['gamma', 'demo-cache'],
] as const;
const exists = (daemon: 'alpha' | 'beta' | 'gamma', name: string) => {
  try {
    cli(daemon, ['info', name]);
    return true;
  } catch {
    return false;
  }
};

/** The README's first command, as a new user runs it: it must end with a login that shows all three daemons. */
describe('npm run demo', () => {
  let demo: ChildProcess | undefined;
  const hadBefore = DEMO_CONTAINERS.filter(([daemon, name]) => exists(daemon, name));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-demo-'));

  afterAll(async () => {
    if (demo?.pid) process.kill(-demo.pid, 'SIGTERM');
    // What this test launched goes; a developer's own demo containers stay.
    for (const [daemon, name] of DEMO_CONTAINERS) if (!hadBefore.some(([d, n]) => d === daemon && n === name)) forceDelete(daemon, name);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts Hangar with a printed admin login that sees a container on every daemon', async () => {
    // The demo builds when the tree differs from the last build: that would rebuild under the running tests.
    expect(fs.readFileSync(BUILD_REV_FILE, 'utf8').trim(), 'run `npm run build` first').toBe(workingTreeRev());
    const port = await freePort();
    demo = spawn('bash', ['scripts/demo.sh'], {
      cwd: ROOT,
      detached: true, // its own process group: the server it starts goes with it
      env: { ...process.env, PORT: String(port), HANGAR_DATA_DIR: dataDir, HANGAR_ADMIN_USER: '', HANGAR_ADMIN_PASSWORD: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    demo.stdout!.on('data', (chunk: Buffer) => (output += chunk));
    demo.stderr!.on('data', (chunk: Buffer) => (output += chunk));
    const ready = await new Promise<boolean>((resolve) => {
      const timer = setInterval(() => output.includes('Hangar is ready') && (clearInterval(timer), resolve(true)), 200);
      demo!.on('exit', () => (clearInterval(timer), resolve(false)));
      setTimeout(() => (clearInterval(timer), resolve(false)), 120_000);
    });
    expect(ready, output).toBe(true);
    expect(output).not.toContain('building Hangar');

    const url = /Hangar is ready:\s+(\S+)/.exec(output)![1];
    const user = /Log in as:\s+(\S+)/.exec(output)![1];
    const password = /Password:\s+(\S+)/.exec(output)![1];
    expect(url).toBe(`http://127.0.0.1:${port}`);
    const api = await Api.login(url, user, password);
    try {
      const fleet = await api.json<FleetResponse>('GET', '/api/v1/instances');
      expect(fleet.errors).toEqual([]);
      const seen = fleet.instances.map((i) => `${i.daemon.name}/${i.name}`);
      for (const [daemon, name] of DEMO_CONTAINERS) expect(seen).toContain(`${daemon}/${name}`);
      expect(new Set(fleet.instances.map((i) => i.daemon.name))).toEqual(new Set(['alpha', 'beta', 'gamma']));
    } finally {
      // Takes the demo Hangar's certificates back out of the lab daemons' trust stores.
      for (const d of await api.json<DaemonView[]>('GET', '/api/v1/daemons')) await api.json('DELETE', `/api/v1/daemons/${d.id}`, undefined, [200, 204]);
    }
  }, 180_000);
});
