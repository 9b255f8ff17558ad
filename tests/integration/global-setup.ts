import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { Api, registerLab, startHangar, type Hangar } from '../support/hangar';
import { lab } from '../support/lab';

/** One Hangar server for the integration files, with the lab's three daemons registered. */
let hangar: Hangar | undefined;
let api: Api | undefined;
let isolatedDir: string | undefined;

export async function setup(project: TestProject) {
  // The unix-socket test registers alpha by its socket, the relay-fallback test an isolated scratch
  // daemon (tests/support/scratch-daemon.ts) by its socket in this directory; only those are allowed.
  const parent = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-isolated-'));
  // Traversable, as LXD makes its own LXD_DIR, so that an unprivileged container's root can start.
  fs.chmodSync(parent, 0o711);
  isolatedDir = path.join(parent, 'lxd');
  hangar = await startHangar({
    env: { HANGAR_ALLOWED_SOCKETS: [`${lab.daemons.alpha.dir}/unix.socket`, `${isolatedDir}/unix.socket`].join(',') },
  });
  api = await Api.login(hangar.url);
  const daemons = await registerLab(api);
  project.provide('hangarUrl', hangar.url);
  project.provide('isolatedLxdDir', isolatedDir);
  project.provide('daemons', { alpha: daemons.alpha.id, beta: daemons.beta.id, gamma: daemons.gamma.id });
}

export async function teardown() {
  // Removing a daemon also removes Hangar's certificate from its trust store.
  if (api) {
    for (const d of await api.json<{ id: string }[]>('GET', '/api/v1/daemons')) {
      await api.request('DELETE', `/api/v1/daemons/${d.id}`);
    }
  }
  await hangar?.stop();
  if (isolatedDir) fs.rmSync(path.dirname(isolatedDir), { recursive: true, force: true });
}
