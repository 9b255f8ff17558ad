/** A project of many empty, stopped instances on a lab daemon, made by a benchmark and removed after it. */
import type { LxdClient } from '../../server/lxd/client';
import { cli, type LabDaemon } from '../../tests/support/lab';

/** A cluster's database serialises writes: more at once only makes each one slower. */
export const CREATE_CONCURRENCY = 4;
/** A refused create or delete is tried this many times in all, pausing longer each time. */
const ATTEMPTS = 5;
const RETRY_PAUSE_MS = 2000;
/** Rounds of "list what is left, delete it" before the project itself is deleted. */
const REMOVE_ROUNDS = 4;

const sleep = (msec: number) => new Promise((r) => setTimeout(r, msec));

export interface FillOptions {
  /** No new create starts once this is aborted (the bench is interrupted, or its time is up). */
  signal?: AbortSignal;
  concurrency?: number;
}

export interface FillResult {
  daemon: LabDaemon;
  asked: number;
  made: number;
  /** Creates that failed after every attempt. */
  failed: number;
  /** Creates the daemon refused at first and made when asked again. */
  retried: number;
  seconds: number;
  firstError?: string;
}

/**
 * Runs `task` over `items`, `concurrency` at a time; returns the errors instead of stopping at the
 * first. No new item starts once `signal` is aborted.
 */
export async function eachLimited<T>(items: T[], concurrency: number, task: (item: T) => Promise<void>, signal?: AbortSignal): Promise<string[]> {
  const errors: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length && !signal?.aborted) {
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

/**
 * `change`, asked again after a pause when the daemon refuses it (the beta cluster answers
 * "Failed to begin transaction: context deadline exceeded" under load); `done` says whether an
 * error means the change happened anyway (a create that timed out here but was made there).
 * Resolves with the number of attempts it took.
 */
async function withRetries(change: () => Promise<void>, done: (message: string) => boolean, signal?: AbortSignal): Promise<number> {
  for (let attempt = 1; ; attempt++) {
    try {
      await change();
      return attempt;
    } catch (error) {
      const message = (error as Error).message;
      if (done(message)) return attempt;
      if (attempt >= ATTEMPTS || signal?.aborted) throw error;
      await sleep(RETRY_PAUSE_MS * attempt);
    }
  }
}

/**
 * Makes `project` with up to `count` empty stopped containers (`source: none`), a few at a time,
 * a refused create asked again after a pause; stops starting new ones when `signal` is aborted.
 * Says how many it made.
 */
export async function fillProject(client: LxdClient, daemon: LabDaemon, project: string, count: number, options: FillOptions = {}): Promise<FillResult> {
  // An interrupted earlier run leaves its project behind.
  await removeProject(client, daemon, project);
  cli(daemon, ['project', 'create', project, '-c', 'features.images=false', '-c', 'features.profiles=false']);
  const started = performance.now();
  const names = Array.from({ length: count }, (_, i) => `fleet-${i}`);
  let made = 0;
  let retried = 0;
  const errors = await eachLimited(
    names,
    options.concurrency ?? CREATE_CONCURRENCY,
    async (name) => {
      const attempts = await withRetries(
        () => patiently(client, 'POST', `/1.0/instances?project=${encodeURIComponent(project)}`, { name, source: { type: 'none' } }),
        (message) => /already exists/i.test(message),
        options.signal,
      );
      made++;
      if (attempts > 1) retried++;
    },
    options.signal,
  );
  const seconds = (performance.now() - started) / 1000;
  const result: FillResult = { daemon, asked: count, made, failed: errors.length, retried, seconds, firstError: errors[0] };
  console.log(
    `  ${daemon}: made ${made} of ${count} empty instances in ${seconds.toFixed(0)} s` +
      (retried ? `, ${retried} of them on a later attempt` : '') +
      (errors.length ? ` (${errors.length} failed after ${ATTEMPTS} attempts: ${errors[0]})` : '') +
      (options.signal?.aborted && made + errors.length < count ? ' (stopped: time was up)' : ''),
  );
  return result;
}

/**
 * Whatever is in the project goes, whether or not its creation seemed to succeed: what is left
 * is listed and deleted again (a refused delete retried) until none is, then the project.
 * Throws when the project is still there at the end.
 */
export async function removeProject(client: LxdClient, daemon: LabDaemon, projectName: string): Promise<void> {
  if ((await client.request('GET', `/1.0/projects/${encodeURIComponent(projectName)}`)).status === 404) return;
  const project = `project=${encodeURIComponent(projectName)}`;
  let errors: string[] = [];
  for (let round = 0; round < REMOVE_ROUNDS; round++) {
    const listed = await client.request<string[]>('GET', `/1.0/instances?${project}`, { timeoutMs: 120_000 });
    const names = (listed.body.metadata ?? []).map((path) => decodeURIComponent(path.split('/').pop()!.split('?')[0]));
    if (names.length === 0) break;
    errors = await eachLimited(names, CREATE_CONCURRENCY, async (name) => {
      await withRetries(
        () => patiently(client, 'DELETE', `/1.0/instances/${encodeURIComponent(name)}?${project}`),
        (message) => /not found/i.test(message),
      );
    });
  }
  try {
    cli(daemon, ['project', 'delete', projectName]);
  } catch (error) {
    throw new Error(`could not delete the project ${projectName} on ${daemon} (${errors.length} deletes failed${errors[0] ? `: ${errors[0]}` : ''}): ${(error as Error).message}`);
  }
}
