import type { Api, Hangar } from '../tests/support/hangar';

export default async function globalTeardown() {
  const g = globalThis as { __hangar?: Hangar; __hangarApi?: Api };
  if (g.__hangarApi) {
    for (const d of await g.__hangarApi.json<{ id: string }[]>('GET', '/api/v1/daemons')) {
      await g.__hangarApi.request('DELETE', `/api/v1/daemons/${d.id}`);
    }
  }
  await g.__hangar?.stop();
}
