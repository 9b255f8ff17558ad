/** Turns the fleet list's raw usage and limits into the figures a share screen shows. Pure. */

export interface CpuSample {
  cpuSeconds: number;
  at: number;
}

/** CPUs in use between two samples (1 = one CPU fully busy); null without two usable samples. */
export function cpuCores(previous: CpuSample | undefined, current: CpuSample | undefined): number | null {
  if (!previous || !current || current.at <= previous.at || current.cpuSeconds < previous.cpuSeconds) return null;
  return (current.cpuSeconds - previous.cpuSeconds) / ((current.at - previous.at) / 1000);
}


/** used / limit as 0–1 (capped at 1), or null when either is unknown. */
export function fraction(used: number | null, limit: number | null): number | null {
  if (used === null || limit === null || limit <= 0) return null;
  return Math.min(used / limit, 1);
}
