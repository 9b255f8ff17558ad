import crypto from 'node:crypto';
import type { DaemonRow } from '../daemons/registry';
import type { Services } from '../services';
import { Lease } from './lease';
import { toSample, type Counters } from './sample';
import { HistoryStore, type UsageSample } from './store';

export const DEFAULT_INTERVAL_S = 10;

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
 * Samples the usage of every running instance at a fixed interval from the live fleet
 * (`s.events`, which refreshes running instances' state at least as often), without asking the
 * daemons anything itself, and keeps 24 hours of it. An instance whose state was not read again
 * since the last round, or a figure the daemon did not report, is a gap, not a zero.
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
  private readonly intervalMs: number;
  /** Per daemon, the counters each running instance had at its last sample. */
  private readonly previous = new Map<string, Map<string, Counters>>();
  /** The last failure per daemon, so a daemon that stays down is logged once, not every round. */
  private readonly failures = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private leader = false;

  constructor(
    private readonly s: Services,
    readonly intervalS: number,
  ) {
    this.intervalMs = intervalS * 1000;
    this.store = new HistoryStore(s.db);
    this.lease = new Lease(s.db, 'history-sampler');
  }

  start(): this {
    // Rounds fall on multiples of the interval, so every sample's time is on the same grid.
    this.timer = setTimeout(() => {
      void this.tick();
      this.timer = setInterval(() => void this.tick(), this.intervalMs);
      this.timer.unref();
    }, this.intervalMs - (Date.now() % this.intervalMs));
    this.timer.unref();
    return this;
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    clearInterval(this.timer);
    await this.round;
    if (this.leader) await this.lease.release(this.holder).catch(() => undefined);
  }

  /** One round: samples every daemon the live fleet has, then compacts. */
  tick(now = Date.now()): Promise<void> {
    this.round ??= this.startRound(Math.round(now / this.intervalMs) * this.intervalMs).finally(() => (this.round = undefined));
    return this.round;
  }

  private async startRound(at: number): Promise<void> {
    try {
      this.leader = await this.lease.acquire(this.holder, Math.max(3 * this.intervalMs, 15_000), at);
      if (!this.leader) {
        this.previous.clear();
        return;
      }
      const rows = await this.s.daemons.rows();
      for (const id of this.previous.keys()) if (!rows.some((r) => r.id === id)) this.previous.delete(id);
      const samples = rows.flatMap((row) => this.sampleDaemon(row, at));
      await this.store.insert(samples);
      await this.store.compact(at);
    } catch (error) {
      console.error('[hangar] history: sampling failed:', (error as Error).message);
    }
  }

  /** A daemon's running instances as the live fleet last read them; the samples carry the round's time `at`. */
  private sampleDaemon(row: DaemonRow, at: number): UsageSample[] {
    const readings = this.s.events.readings(row.id);
    if (!readings) {
      this.noteFailure(row, 'its instances are not available (see the daemon\'s event stream)');
      return [];
    }
    const before = this.previous.get(row.id);
    const after = new Map<string, Counters>();
    const samples: UsageSample[] = [];
    for (const { project, name, reading } of readings) {
      const key = `${project}/${name}`;
      const last = before?.get(key);
      if (last && last.at >= reading.at) {
        // Not read again since the last round: a gap rather than the same figures twice.
        after.set(key, last);
        continue;
      }
      const sample = toSample(row.id, { name, project, state: reading.state }, { at, measuredAt: reading.at, spanS: this.intervalS }, last);
      if (!sample) continue;
      after.set(key, sample.counters);
      samples.push(sample.sample);
    }
    this.previous.set(row.id, after);
    this.noteFailure(row, undefined);
    return samples;
  }

  private noteFailure(row: DaemonRow, message: string | undefined): void {
    if (message === this.failures.get(row.id)) return;
    if (message) {
      console.error(`[hangar] history: cannot sample ${row.name}: ${message}`);
      this.failures.set(row.id, message);
    } else {
      console.log(`[hangar] history: sampling ${row.name} again`);
      this.failures.delete(row.id);
    }
  }
}

