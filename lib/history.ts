/** Usage history of running instances (Hangar keeps it; LXD does not), shared by server and browser. */

export const HISTORY_RANGES = ['1h', '24h'] as const;
export type HistoryRange = (typeof HISTORY_RANGES)[number];

export function isHistoryRange(value: unknown): value is HistoryRange {
  return typeof value === 'string' && (HISTORY_RANGES as readonly string[]).includes(value);
}

/** One point of an instance's history; null where the instance was not running or the daemon did not say. */
export interface HistoryPoint {
  /** Epoch ms. */
  at: number;
  /** CPU cores in use (1.5 = one and a half cores busy). */
  cpu: number | null;
  memoryBytes: number | null;
  processes: number | null;
  /** Bytes per second received and sent over all interfaces but loopback. */
  networkRxBps: number | null;
  networkTxBps: number | null;
  /** Root disk usage, where the storage driver reports it. */
  diskBytes: number | null;
}

/** `GET /api/v1/daemons/{id}/instances/{name}/history?project=&range=1h|24h` */
export interface InstanceHistory {
  daemon: string;
  project: string;
  name: string;
  range: HistoryRange;
  /** Seconds between raw samples; the 24h range is averaged per minute. */
  intervalSeconds: number;
  points: HistoryPoint[];
}

/** Recent usage of one instance for sparklines: one value per step, null where there was none. */
export interface UsageTrend {
  daemon: string;
  project: string;
  name: string;
  cpu: (number | null)[];
  memoryBytes: (number | null)[];
  /** The newest raw sample, when it is recent. */
  latest?: { at: number; cpu: number | null; memoryBytes: number | null; processes: number | null };
}

/** `GET /api/v1/history?minutes=N`: every instance's recent trend in one answer. */
export interface FleetHistory {
  /** Start of the first step, epoch ms. */
  from: number;
  stepMs: number;
  steps: number;
  intervalSeconds: number;
  trends: UsageTrend[];
}
