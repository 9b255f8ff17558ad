import crypto from 'node:crypto';
import type { LxdInstance } from '@/lib/lxd-types';
import type { DaemonRow } from '../daemons/registry';
import type { Services } from '../services';
import { Lease } from './lease';
import { toSample, type Counters } from './sample';
import { HistoryStore, type UsageSample } from './store';

export const DEFAULT_INTERVAL_S = 10;
const LIST_PATH = '/1.0/instances?recursion=2&all-projects=true';

/**
 * `HANGAR_HISTORY_INTERVAL_S`: seconds between samples (default 10); 0 turns sampling off.
 * Anything else is refused at start with the reason.
 */
export function historyIntervalSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.HANGAR_HISTORY_INTERVAL_S;
  if (raw === undefined || raw === '') return DEFAULT_INTERVAL_S;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 3600) {
    throw new Error(`HANGAR_HISTORY_INTERVAL_S must be a whole number of seconds from 0 (off) to 3600, got "${raw}"`);
  }
  return value;
}

/**
 * Samples the usage of every running instance at a fixed interval, one
 * `/1.0/instances?recursion=2&all-projects=true` per daemon, and keeps 24 hours of it.
 *
 * With several replicas on one PostgreSQL, only the holder of the `history-sampler` lease
 * (server/history/lease.ts) samples. It renews the lease every round for three intervals (at
 * least 15 s) and hands it back when it shuts down, so another replica takes over at its next
 * round after a clean stop, and within the lease's length after a crash.
 */
export class HistorySampler {
  readonly store: HistoryStore;
  private readonly lease: Lease;
  private readonly holder = crypto.randomUUID();
  /** Per daemon, the counters each running instance had at the last round. */
  private readonly previous = new Map<string, Map<string, Counters>>();
  private timer: NodeJS.Timeout | undefined;
  /** The last failure per daemon, so a daemon that stays down is logged once, not every round. */
  private readonly failures = new Map<string, string>();
  /** The round in progress, if any. */
  private round: Promise<void> | undefined;
  private leader = false;

  constructor(
    private readonly s: Services,
    readonly intervalS: number,
  ) {
    this.store = new HistoryStore(s.db);
    this.lease = new Lease(s.db, 'history-sampler');
  }

  start(): this {
    const intervalMs = this.intervalS * 1000;
    // Aligned to the interval so samples of different instances share timestamps.
    const first = intervalMs - (Date.now() % intervalMs);
    this.timer = setTimeout(() => {
      void this.tick();
      this.timer = setInterval(() => void this.tick(), intervalMs);
      this.timer.unref();
    }, first);
    this.timer.unref();
    return this;
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    clearInterval(this.timer);
    await this.round;
    if (this.leader) await this.lease.release(this.holder).catch(() => undefined);
  }

  /** One round: every daemon at once; a slow round makes the next one skip rather than pile up. */
  tick(now = Date.now()): Promise<void> {
    this.round ??= this.sampleAll(now).finally(() => (this.round = undefined));
    return this.round;
  }

  private async sampleAll(now: number): Promise<void> {
    try {
      const ttl = Math.max(3 * this.intervalS * 1000, 15_000);
      this.leader = await this.lease.acquire(this.holder, ttl, now);
      if (!this.leader) {
        this.previous.clear();
        return;
      }
      const rows = await this.s.daemons.rows();
      for (const id of this.previous.keys()) if (!rows.some((r) => r.id === id)) this.previous.delete(id);
      const results = await Promise.allSettled(rows.map((row) => this.sampleDaemon(row)));
      results.forEach((r, i) => this.noteFailure(rows[i], r.status === 'rejected' ? (r.reason as Error).message : undefined));
      const samples = results.flatMap((r) => (r.status === 'fulfilled' ? r.value : []));
      await this.store.insert(samples);
      await this.store.compact(now);
    } catch (error) {
      console.error('[hangar] history: sampling failed:', (error as Error).message);
    }
  }

  private noteFailure(row: DaemonRow, message: string | undefined): void {
    if (message === this.failures.get(row.id)) return;
    if (message) console.error(`[hangar] history: cannot sample ${row.name}: ${message}`);
    else console.log(`[hangar] history: sampling ${row.name} again`);
    if (message) this.failures.set(row.id, message);
    else this.failures.delete(row.id);
  }

  private async sampleDaemon(row: DaemonRow): Promise<UsageSample[]> {
    const timeoutMs = Math.max(this.intervalS * 1000, 5000);
    const instances = await this.s.daemons.client(row).get<LxdInstance[]>(LIST_PATH, timeoutMs);
    const at = Date.now();
    const before = this.previous.get(row.id);
    const after = new Map<string, Counters>();
    const samples: UsageSample[] = [];
    for (const instance of instances) {
      const key = `${instance.project || 'default'}/${instance.name}`;
      const reading = toSample(row.id, instance, at, this.intervalS, before?.get(key));
      if (!reading) continue;
      after.set(key, reading.counters);
      samples.push(reading.sample);
    }
    this.previous.set(row.id, after);
    return samples;
  }
}

declare global {
  // One sampler per process, whichever bundle asks (the custom server starts it).
  var __hangarHistorySampler: HistorySampler | undefined;
}

/** Starts the process's sampler unless HANGAR_HISTORY_INTERVAL_S is 0; returns it. */
export function startHistorySampler(s: Services): HistorySampler | undefined {
  const interval = historyIntervalSeconds();
  if (interval === 0) return undefined;
  globalThis.__hangarHistorySampler ??= new HistorySampler(s, interval).start();
  return globalThis.__hangarHistorySampler;
}
