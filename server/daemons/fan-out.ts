import type { DaemonRegistry, DaemonRow } from './registry';

export interface FanOutResult<T> {
  items: T[];
  /** One entry per daemon that failed; the others' items are returned all the same. */
  errors: { daemon: string; message: string }[];
}

/**
 * Asks every registered daemon (or the one named by id or name) in parallel. A daemon that fails
 * is reported in `errors` and never fails the whole call.
 */
export async function fanOut<T>(
  registry: DaemonRegistry,
  daemon: string | undefined,
  each: (row: DaemonRow) => Promise<T[]>,
): Promise<FanOutResult<T>> {
  const rows = (await registry.rows()).filter((row) => !daemon || row.id === daemon || row.name === daemon);
  const results = await Promise.allSettled(rows.map(each));
  const items: T[] = [];
  const errors: FanOutResult<T>['errors'] = [];
  results.forEach((result, i) => {
    if (result.status === 'fulfilled') items.push(...result.value);
    else errors.push({ daemon: rows[i].name, message: (result.reason as Error).message });
  });
  return { items, errors };
}
