import type { LxdInstance, LxdOperation } from '@/lib/lxd-types';
import { LxdError } from '../lxd/errors';
import { rootDiskName } from '../limits/target';
import type { TaskContext } from '../tasks/runner';
import { operationPath, waitOperation, withdrawOffer } from './daemon-ops';
import { instancePath, type CopyPlan } from './plan';

/** How long the source's offer is given to end by itself after the target has the copy. */
const OFFER_END_WAIT_MS = 30_000;

/**
 * The daemons' own migration between two daemons of the same kind: the source offers the instance
 * as a migration operation, and the target, told that operation's URL, its secrets and the source's
 * certificate, pulls it directly from the source. Hangar only starts both sides and follows the
 * target's progress; no byte of the instance passes through it.
 */
export async function daemonMigration(plan: CopyPlan, ctx: TaskContext): Promise<void> {
  const { source, to, instance } = plan;
  if (source.client.endpoint.kind !== 'https') throw new LxdError(400, 'the source is reached over a unix socket: the target cannot pull from it');
  ctx.progress({ stage: 'offering the instance on the source' });
  const server = await source.client.get<{ environment?: { certificate?: string } }>('/1.0');
  const certificate = server.environment?.certificate;
  if (!certificate) throw new LxdError(502, `${source.row.name} does not report its certificate`);
  const offered = await source.client.call<LxdOperation>('POST', instancePath(source), {
    body: { name: source.name, migration: true, live: false, instance_only: !plan.snapshots },
  });
  const sourceOperation = offered.body.operation!;
  const secrets = offered.body.metadata?.metadata ?? {};
  const host = source.client.endpoint.host.includes(':') ? `[${source.client.endpoint.host}]` : source.client.endpoint.host;
  const operationUrl = `https://${host}:${source.client.endpoint.port}${operationPath(sourceOperation)}`;
  try {
    const query = `project=${encodeURIComponent(to.project)}${to.member ? `&target=${encodeURIComponent(to.member)}` : ''}`;
    ctx.progress({ stage: 'the target pulls the instance' });
    const created = await to.client.call('POST', `/1.0/instances?${query}`, {
      body: {
        ...targetDefinition(instance, to.pool),
        name: to.name,
        source: { type: 'migration', mode: 'pull', operation: operationUrl, certificate, secrets, instance_only: !plan.snapshots, live: false },
      },
    });
    const started = Date.now();
    await waitOperation(to.client, created.body.operation!, ctx.signal, (metadata) => {
      const bytes = progressBytes(metadata);
      if (bytes !== undefined) {
        ctx.progress({
          stage: 'the target pulls the instance',
          bytes,
          bytesPerSecond: Math.round(bytes / Math.max(0.001, (Date.now() - started) / 1000)),
        });
      }
    });
    // The offer ends by itself once the target has pulled everything; it is never cancelled then.
    await Promise.race([
      waitOperation(source.client, sourceOperation).catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, OFFER_END_WAIT_MS).unref()),
    ]);
  } catch (error) {
    // The target failed or the task was cancelled: the offer must not wait for a peer.
    await withdrawOffer(source.client, sourceOperation);
    throw error;
  }
}

/** What the target is told to create: the source's own config, devices and profiles (volatile keys left to the target). */
function targetDefinition(instance: LxdInstance, pool?: string) {
  const config = Object.fromEntries(Object.entries(instance.config ?? {}).filter(([key]) => !key.startsWith('volatile.')));
  const devices = { ...instance.devices };
  if (pool) {
    const root = rootDiskName(instance.expanded_devices) ?? 'root';
    devices[root] = { ...instance.expanded_devices[root], type: 'disk', path: '/', pool };
  }
  return {
    type: instance.type,
    architecture: instance.architecture,
    profiles: instance.profiles,
    ephemeral: instance.ephemeral,
    description: instance.description,
    config,
    devices,
  };
}

const UNITS: Record<string, number> = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KIB: 1024, MIB: 1024 ** 2, GIB: 1024 ** 3, TIB: 1024 ** 4 };

/**
 * Bytes moved so far, from the operation's own progress strings (`fs_progress: "rootfs: 12.34MB (5.6MB/s)"`,
 * or a bare byte count); undefined when it reports none.
 */
export function progressBytes(metadata: Record<string, unknown>): number | undefined {
  for (const [key, value] of Object.entries(metadata)) {
    if (!key.endsWith('_progress') || typeof value !== 'string') continue;
    const match = /(\d+(?:\.\d+)?)\s*([KMGT]i?B|B)\b/i.exec(value.replace(/\([^)]*\)/g, ''));
    if (match) return Math.round(Number(match[1]) * (UNITS[match[2].toUpperCase()] ?? 1));
  }
  return undefined;
}

/**
 * Whether the daemons' own migration failed in a way the relay can get around: the target said so
 * itself (it could not reach or trust the source), as opposed to Hangar losing a daemon or a cancel.
 */
export function relayMayHelp(error: unknown): boolean {
  return error instanceof LxdError && error.code === 'daemon_error';
}
