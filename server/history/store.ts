import { sql, type RawBuilder } from 'kysely';
import type { FleetHistory, HistoryPoint, HistoryRange, UsageTrend } from '@/lib/history';
import type { Db } from '../db/database';
import type { UsageSamplesTable } from '../db/schema';

export type UsageSample = UsageSamplesTable;

/** Raw samples are kept this long, then averaged per bucket. */
export const RAW_WINDOW_MS = 60 * 60_000;
export const BUCKET_MS = 60_000;
export const RETENTION_MS = 24 * 60 * 60_000;
const BUCKET_S = BUCKET_MS / 1000;

const VALUE_COLUMNS = ['cpu_millicores', 'memory_bytes', 'processes', 'net_rx_bps', 'net_tx_bps', 'disk_bytes'] as const;
type ValueColumn = (typeof VALUE_COLUMNS)[number];
const INSERT_BATCH = 200;

/** `(at / 60000) * 60000`: integer division truncates in SQLite and PostgreSQL alike. */
const bucketOfAt: RawBuilder<number> = sql<number>`(at / ${sql.lit(BUCKET_MS)}) * ${sql.lit(BUCKET_MS)}`;
const average = (column: ValueColumn) => sql<number | null>`round(avg(${sql.ref(column)}))`;

/** Usage history in Hangar's database: writing samples, averaging old ones, reading series back. */
export class HistoryStore {
  constructor(private readonly db: Db) {}

  async insert(samples: UsageSample[]): Promise<void> {
    for (let i = 0; i < samples.length; i += INSERT_BATCH) {
      await this.db.insertInto('usage_samples').values(samples.slice(i, i + INSERT_BATCH)).execute();
    }
  }

  /**
   * Drops everything older than the retention, and averages raw samples older than the raw
   * window into one row per instance and minute. The cut-off falls on a minute boundary, so a
   * minute is averaged once, whole.
   */
  async compact(now = Date.now()): Promise<{ averaged: number; expired: number }> {
    const cutoff = Math.floor((now - RAW_WINDOW_MS) / BUCKET_MS) * BUCKET_MS;
    return this.db.transaction().execute(async (trx) => {
      const expired = await trx.deleteFrom('usage_samples').where('at', '<', now - RETENTION_MS).executeTakeFirst();
      const old = (qb: typeof trx) =>
        qb.selectFrom('usage_samples').where('span_s', '<', BUCKET_S).where('at', '<', cutoff);
      const pending = await old(trx).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
      let averaged = 0;
      if (Number(pending?.n ?? 0) > 0) {
        await trx
          .insertInto('usage_samples')
          .columns(['daemon_id', 'project', 'instance', 'at', 'span_s', ...VALUE_COLUMNS])
          .expression(
            old(trx)
              .select(['daemon_id', 'project', 'instance'])
              .select(bucketOfAt.as('bucket'))
              .select(sql.lit(BUCKET_S).as('span_s'))
              .select(VALUE_COLUMNS.map((c) => average(c).as(c)))
              .groupBy(['daemon_id', 'project', 'instance', bucketOfAt]),
          )
          .execute();
        const removed = await trx
          .deleteFrom('usage_samples')
          .where('span_s', '<', BUCKET_S)
          .where('at', '<', cutoff)
          .executeTakeFirst();
        averaged = Number(removed.numDeletedRows);
      }
      return { averaged, expired: Number(expired.numDeletedRows) };
    });
  }

  /** One instance: raw points for 1h, per-minute averages for 24h; oldest first. */
  async instanceSeries(
    ref: { daemonId: string; project: string; name: string },
    range: HistoryRange,
    now = Date.now(),
  ): Promise<HistoryPoint[]> {
    const base = this.db
      .selectFrom('usage_samples')
      .where('daemon_id', '=', ref.daemonId)
      .where('project', '=', ref.project)
      .where('instance', '=', ref.name);
    if (range === '1h') {
      const rows = await base
        .select(['at', ...VALUE_COLUMNS])
        .where('at', '>=', now - RAW_WINDOW_MS)
        .orderBy('at')
        .execute();
      return rows.map(toPoint);
    }
    const rows = await base
      .select(bucketOfAt.as('at'))
      .select(VALUE_COLUMNS.map((c) => average(c).as(c)))
      .where('at', '>=', now - RETENTION_MS)
      .groupBy(bucketOfAt)
      .orderBy(bucketOfAt)
      .execute();
    return rows.map(toPoint);
  }

  /**
   * Every instance's CPU and memory for the last `steps` minutes, one average per minute, plus
   * its newest raw sample when that is younger than `freshMs`.
   */
  async fleetTrends(steps: number, freshMs: number, intervalSeconds: number, now = Date.now()): Promise<FleetHistory> {
    const from = Math.floor(now / BUCKET_MS) * BUCKET_MS - (steps - 1) * BUCKET_MS;
    const buckets = await this.db
      .selectFrom('usage_samples')
      .select(['daemon_id', 'project', 'instance'])
      .select(bucketOfAt.as('bucket'))
      .select([average('cpu_millicores').as('cpu'), average('memory_bytes').as('memory')])
      .where('at', '>=', from)
      .groupBy(['daemon_id', 'project', 'instance', bucketOfAt])
      .execute();
    const latest = await this.db
      .selectFrom('usage_samples')
      .select(['daemon_id', 'project', 'instance', 'at', 'cpu_millicores', 'memory_bytes', 'processes'])
      .where('at', '>=', now - freshMs)
      .where('span_s', '<', BUCKET_S)
      .orderBy('at')
      .execute();

    const trends = new Map<string, UsageTrend>();
    const trendOf = (r: { daemon_id: string; project: string; instance: string }) => {
      const key = `${r.daemon_id}/${r.project}/${r.instance}`;
      let trend = trends.get(key);
      if (!trend) {
        trend = {
          daemon: r.daemon_id,
          project: r.project,
          name: r.instance,
          cpu: new Array<number | null>(steps).fill(null),
          memoryBytes: new Array<number | null>(steps).fill(null),
        };
        trends.set(key, trend);
      }
      return trend;
    };
    for (const row of buckets) {
      const step = Math.round((Number(row.bucket) - from) / BUCKET_MS);
      if (step < 0 || step >= steps) continue;
      const trend = trendOf(row);
      trend.cpu[step] = cores(row.cpu);
      trend.memoryBytes[step] = numberOrNull(row.memory);
    }
    // Ordered by time, so the last row of each instance wins.
    for (const row of latest) {
      trendOf(row).latest = {
        at: Number(row.at),
        cpu: cores(row.cpu_millicores),
        memoryBytes: numberOrNull(row.memory_bytes),
        processes: numberOrNull(row.processes),
      };
    }
    return { from, stepMs: BUCKET_MS, steps, intervalSeconds, trends: [...trends.values()] };
  }
}

function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function cores(millicores: unknown): number | null {
  const n = numberOrNull(millicores);
  return n === null ? null : n / 1000;
}

function toPoint(row: { at: unknown } & Record<ValueColumn, unknown>): HistoryPoint {
  return {
    at: Number(row.at),
    cpu: cores(row.cpu_millicores),
    memoryBytes: numberOrNull(row.memory_bytes),
    processes: numberOrNull(row.processes),
    networkRxBps: numberOrNull(row.net_rx_bps),
    networkTxBps: numberOrNull(row.net_tx_bps),
    diskBytes: numberOrNull(row.disk_bytes),
  };
}
