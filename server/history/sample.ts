import type { LxdInstance } from '@/lib/lxd-types';
import { reportedUsage } from '../fleet/row';
import type { UsageSample } from './store';

/** The daemon's cumulative counters at one moment, kept to turn the next reading into rates. */
export interface Counters {
  /** When the daemon answered (epoch ms). */
  at: number;
  cpuNs: number | null;
  rxBytes: number | null;
  txBytes: number | null;
}

export interface Reading {
  /** The round's time on the sampling grid: the sample's timestamp. */
  at: number;
  /** When the daemon answered: rates are computed over real elapsed time. */
  measuredAt: number;
  spanS: number;
}

/**
 * One running instance's state reading as a stored sample: gauges as they are, CPU and network as
 * rates since `previous` (null without one, or after a counter went backwards because the
 * instance restarted). A figure the daemon did not report is null, never 0. Null for an instance
 * that is not running.
 */
export function toSample(
  daemonId: string,
  instance: Pick<LxdInstance, 'name' | 'project' | 'state'>,
  reading: Reading,
  previous: Counters | undefined,
): { sample: UsageSample; counters: Counters } | null {
  const state = instance.state;
  if (!state || !(state.pid > 0)) return null;
  const nics = Object.entries(state.network ?? {}).filter(([name]) => name !== 'lo');
  const sum = (pick: (c: { bytes_received: number; bytes_sent: number }) => number) =>
    nics.length > 0 ? nics.reduce((total, [, nic]) => total + (nic.counters ? pick(nic.counters) : 0), 0) : null;
  const reported = reportedUsage(state);
  const counters: Counters = {
    at: reading.measuredAt,
    cpuNs: reported.cpuNs,
    rxBytes: sum((c) => c.bytes_received),
    txBytes: sum((c) => c.bytes_sent),
  };
  const elapsedMs = previous ? counters.at - previous.at : 0;
  const rate = (now: number | null, before: number | null | undefined, perMs: number) =>
    previous && elapsedMs > 0 && now !== null && before !== null && before !== undefined && now >= before
      ? Math.round(((now - before) / elapsedMs) * perMs)
      : null;
  const disks = Object.values(state.disk ?? {});
  return {
    counters,
    sample: {
      daemon_id: daemonId,
      project: instance.project || 'default',
      instance: instance.name,
      at: reading.at,
      span_s: reading.spanS,
      // ns per ms of wall time ÷ 1000 = thousandths of a core
      cpu_millicores: rate(counters.cpuNs, previous?.cpuNs, 1 / 1000),
      memory_bytes: reported.memoryBytes,
      processes: reported.processes,
      net_rx_bps: rate(counters.rxBytes, previous?.rxBytes, 1000),
      net_tx_bps: rate(counters.txBytes, previous?.txBytes, 1000),
      disk_bytes: state.disk?.root?.usage ?? (disks.length > 0 ? disks.reduce((t, d) => t + (d.usage ?? 0), 0) : null),
    },
  };
}
