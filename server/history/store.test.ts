import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/database';
import { Lease } from './lease';
import { BUCKET_MS, HistoryStore, RAW_WINDOW_MS, RETENTION_MS, type UsageSample } from './store';

let db: Db;
let dir: string;
let store: HistoryStore;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-history-'));
  db = await openDatabase({ dataDir: dir });
  store = new HistoryStore(db);
});
afterAll(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await db.deleteFrom('usage_samples').execute();
  await db.deleteFrom('leases').execute();
});

const NOW = Date.UTC(2026, 0, 2, 12, 0, 0);

function sample(at: number, values: Partial<UsageSample> = {}, name = 'c1'): UsageSample {
  return {
    daemon_id: 'd1',
    project: 'default',
    instance: name,
    at,
    span_s: 10,
    cpu_millicores: 100,
    memory_bytes: 1000,
    processes: 2,
    net_rx_bps: null,
    net_tx_bps: null,
    disk_bytes: null,
    ...values,
  };
}

describe('HistoryStore', () => {
  it('averages samples older than an hour per minute, keeps newer ones raw, drops those past a day', async () => {
    const twoHoursAgo = Math.floor((NOW - 2 * 3600_000) / BUCKET_MS) * BUCKET_MS;
    const old = Array.from({ length: 12 }, (_, i) =>
      // Two minutes of 10 s samples: CPU 100…600 in the first minute, 700…1200 in the second.
      sample(twoHoursAgo + i * 10_000, { cpu_millicores: (i + 1) * 100, memory_bytes: i < 6 ? 1000 : 3000 }),
    );
    const recent = [sample(NOW - 60_000), sample(NOW - 50_000)];
    await store.insert([...old, ...recent, sample(NOW - RETENTION_MS - 60_000)]);

    expect(await store.compact(NOW)).toEqual({ averaged: 12, expired: 1 });
    const rows = await db.selectFrom('usage_samples').selectAll().orderBy('at').execute();
    expect(rows.map((r) => [Number(r.at), r.span_s, r.cpu_millicores, Number(r.memory_bytes)])).toEqual([
      [twoHoursAgo, 60, 350, 1000],
      [twoHoursAgo + 60_000, 60, 950, 3000],
      [NOW - 60_000, 10, 100, 1000],
      [NOW - 50_000, 10, 100, 1000],
    ]);
    // Running again changes nothing.
    expect(await store.compact(NOW)).toEqual({ averaged: 0, expired: 0 });
  });

  it('serves raw points for 1h and per-minute averages for 24h, as cores', async () => {
    await store.insert([
      sample(NOW - 2 * 3600_000, { span_s: 60, cpu_millicores: 2000 }),
      sample(NOW - 30_000, { cpu_millicores: 500 }),
      sample(NOW - 20_000, { cpu_millicores: 1500 }),
      sample(NOW - 20_000, {}, 'other'),
    ]);
    const hour = await store.instanceSeries({ daemonId: 'd1', project: 'default', name: 'c1' }, '1h', NOW);
    expect(hour.map((p) => p.cpu)).toEqual([0.5, 1.5]);
    const day = await store.instanceSeries({ daemonId: 'd1', project: 'default', name: 'c1' }, '24h', NOW);
    expect(day.map((p) => p.cpu)).toEqual([2, 1]);
    expect(day[1].at % BUCKET_MS).toBe(0);
  });

  it('gives every instance a per-minute trend and its newest sample', async () => {
    await store.insert([
      sample(NOW - 5 * 60_000, { cpu_millicores: 100 }),
      sample(NOW - 10_000, { cpu_millicores: 300, memory_bytes: 7000 }),
      sample(NOW - RAW_WINDOW_MS + 60_000, {}, 'quiet'),
    ]);
    const fleet = await store.fleetTrends(10, 30_000, 10, NOW);
    expect(fleet.steps).toBe(10);
    const c1 = fleet.trends.find((t) => t.name === 'c1')!;
    expect(c1.cpu).toHaveLength(10);
    expect(c1.cpu.filter((v) => v !== null)).toEqual([0.1, 0.3]);
    expect(c1.latest).toEqual({ at: NOW - 10_000, cpu: 0.3, memoryBytes: 7000, processes: 2 });
    expect(fleet.trends.some((t) => t.name === 'quiet')).toBe(false);
  });
});

describe('Lease', () => {
  it('lets one holder at a time have it, and another take it once it expired', async () => {
    const lease = new Lease(db, 'job');
    expect(await lease.acquire('a', 1000, 0)).toBe(true);
    expect(await lease.acquire('b', 1000, 500)).toBe(false);
    expect(await lease.acquire('a', 1000, 900)).toBe(true); // renewed until 1900
    expect(await lease.acquire('b', 1000, 1500)).toBe(false);
    expect(await lease.acquire('b', 1000, 2000)).toBe(true);
    expect(await lease.acquire('a', 1000, 2100)).toBe(false);
    await lease.release('b');
    expect(await lease.acquire('a', 1000, 2200)).toBe(true);
  });

  it('grants each moment once: a replica taking over a handed-back lease does not redo the round', async () => {
    const lease = new Lease(db, 'rounds');
    expect(await lease.acquire('a', 3000, 1000)).toBe(true);
    await lease.release('a'); // a stops right after its round at 1000
    expect(await lease.acquire('b', 3000, 1000)).toBe(false); // b's timer for the same round fired late
    expect(await lease.acquire('b', 3000, 2000)).toBe(true);
    expect(await lease.acquire('b', 3000, 2000)).toBe(false); // not even twice to the same holder
    expect(await lease.acquire('b', 3000, 3000)).toBe(true);
  });
});
