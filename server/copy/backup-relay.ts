import type { DaemonRow } from '../daemons/registry';
import type { LxdClient } from '../lxd/client';
import type { TaskContext } from '../tasks/runner';
import { streamingProgress, waitOperation } from './daemon-ops';
import { relay, type RelayOptions } from './relay';
import { deleteOnDaemon } from './undo-records';

/** A backup made for a relay expires by itself after this long should nobody remove it. */
const BACKUP_HOURS = 6;

/**
 * The source half of a relayed copy, for instances and custom volumes alike: the source makes an
 * uncompressed backup (compressing costs the source daemon CPU time for bytes that only travel to
 * Hangar and on), `transfer` gets its export path, and the backup is removed again — by the replica that
 * finds the task orphaned, should this one die.
 * `at` builds a path under the instance or volume (`at('/backups')`).
 */
export async function withSourceBackup<T>(
  ctx: TaskContext,
  source: { row: DaemonRow; client: LxdClient },
  at: (rest: string) => string,
  options: Record<string, unknown>,
  transfer: (exportPath: string) => Promise<T>,
): Promise<T> {
  const name = `hangar-${ctx.id.slice(0, 8)}`;
  const backupPath = at(`/backups/${encodeURIComponent(name)}`);
  await ctx.recordUndo(deleteOnDaemon(source, backupPath));
  ctx.progress({ stage: 'making a backup on the source' });
  const made = await source.client.call('POST', at('/backups'), {
    body: {
      name,
      expires_at: new Date(Date.now() + BACKUP_HOURS * 3600_000).toISOString(),
      optimized_storage: false,
      compression_algorithm: 'none',
      ...options,
    },
  });
  try {
    await waitOperation(source.client, made.body.operation!, ctx.signal);
    return await transfer(at(`/backups/${encodeURIComponent(name)}/export`));
  } finally {
    await source.client.call('DELETE', backupPath).catch(() => undefined);
  }
}

/** The other half: the export streamed into the target's import, with progress, until the target has imported it. */
export async function relayImport(ctx: TaskContext, options: Omit<RelayOptions, 'signal' | 'onBytes'>): Promise<void> {
  const { operation, bytes } = await relay({ ...options, signal: ctx.signal, onBytes: streamingProgress(ctx) });
  ctx.setResult({ bytes });
  ctx.progress({ stage: 'importing on the target', bytes, percent: 99 });
  await waitOperation(options.target, operation, ctx.signal);
}
