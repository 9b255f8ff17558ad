import type { TestProject } from 'vitest/node';
import { Api, registerLab, startHangar, type Hangar } from '../support/hangar';
import { lab } from '../support/lab';

/** One Hangar server for the integration files, with the lab's three daemons registered. */
let hangar: Hangar | undefined;
let api: Api | undefined;

export async function setup(project: TestProject) {
  // The unix-socket test registers alpha by its socket; only that one is allowed.
  hangar = await startHangar({ env: { HANGAR_ALLOWED_SOCKETS: `${lab.daemons.alpha.dir}/unix.socket` } });
  api = await Api.login(hangar.url);
  const daemons = await registerLab(api);
  project.provide('hangarUrl', hangar.url);
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
}
