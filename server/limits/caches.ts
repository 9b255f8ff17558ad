import type { HostFacts } from './host';

/** A reading of an instance's cumulative CPU counter. */
export interface CpuSample {
  /** Cumulative CPU time the instance used, in nanoseconds (the daemon's counter). */
  usageNs: number;
  /** When it was read, on this process's monotonic clock, in milliseconds. */
  at: number;
}

/** What the limits remember between requests, once per process (on Services as `limitCaches`). */
export interface LimitCaches {
  /** Per `daemonId/member`: the host's CPUs and memory, for a minute. */
  hostFacts: Map<string, { at: number; facts: Promise<HostFacts> }>;
  /** Per `daemonId/project/name`: the last CPU reading, oldest first. */
  cpuSamples: Map<string, CpuSample>;
}

export function newLimitCaches(): LimitCaches {
  return { hostFacts: new Map(), cpuSamples: new Map() };
}
