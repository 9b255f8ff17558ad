/** A project of many empty, stopped instances on a lab daemon, made by a benchmark and removed after it. */
import type { LxdClient } from '../../server/lxd/client';
import { cli, type LabDaemon } from '../../tests/support/lab';

/** A cluster's database serialises writes: more at once only makes each one slower. */
export const CREATE_CONCURRENCY = 4;

/** Runs `task` over `items`, `concurrency` at a time; returns the errors instead of stopping at the first. */
export async function eachLimited<T>(items: T[], concurrency: number, task: (item: T) => Promise<void>): Promise<string[]> {
  const errors: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next++];
        await task(item).catch((error: unknown) => errors.push((error as Error).message));
      }
    }),
  );
  return errors;
}

/** A change that may wait a while for a busy cluster's database, then for its operation. */
async function patiently(client: LxdClient, method: string, path: string, body?: unknown): Promise<void> {
  const reply = await client.call(method, path, { body, timeoutMs: 120_000 });
  if (reply.body.operation) await client.waitOperation(reply.body.operation);
}

/** Makes `project` with `count` empty stopped containers (`source: none`); returns the seconds it took. */
export async function fillProject(client: LxdClient, daemon: LabDaemon, project: string, count: number): Promise<number> {
  // An interrupted earlier run leaves its project behind.
  await removeProject(client, daemon, project);
  cli(daemon, ['project', 'create', project, '-c', 'features.images=false', '-c', 'features.profiles=false']);
  const started = performance.now();
  const names = Array.from({ length: count }, (_, i) => `fleet-${i}`);
  const errors = await eachLimited(names, CREATE_CONCURRENCY, (name) =>
    patiently(client, 'POST', `/1.0/instances?project=${encodeURIComponent(project)}`, { name, source: { type: 'none' } }),
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(`  ${daemon}: created ${count - errors.length} empty instances in ${seconds.toFixed(0)} s${errors.length ? ` (${errors.length} failed: ${errors[0]})` : ''}`);
  return seconds;
}

/** Whatever is in the project goes, whether or not its creation seemed to succeed. */
export async function removeProject(client: LxdClient, daemon: LabDaemon, projectName: string): Promise<void> {
  if ((await client.request('GET', `/1.0/projects/${encodeURIComponent(projectName)}`)).status === 404) return;
  const project = `project=${encodeURIComponent(projectName)}`;
  const listed = await client.request<string[]>('GET', `/1.0/instances?${project}`, { timeoutMs: 120_000 });
  const names = (listed.body.metadata ?? []).map((path) => decodeURIComponent(path.split('/').pop()!.split('?')[0]));
  const errors = await eachLimited(names, CREATE_CONCURRENCY, (name) =>
    patiently(client, 'DELETE', `/1.0/instances/${encodeURIComponent(name)}?${project}`),
  );
  try {
    cli(daemon, ['project', 'delete', projectName]);
  } catch (error) {
    console.error(`could not delete the project ${projectName} on ${daemon} (${errors.length} deletes failed):`, (error as Error).message);
  }
}
