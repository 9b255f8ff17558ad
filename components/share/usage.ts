/** Turns the fleet list's raw usage and limits into the figures a share screen shows. Pure. */
import type { FleetInstance } from '@/lib/api-types';
import { parseByteSize } from '@/lib/units';

export interface CpuSample {
  cpuSeconds: number;
  at: number;
}

/** CPUs in use between two samples (1 = one CPU fully busy); null without two usable samples. */
export function cpuCores(previous: CpuSample | undefined, current: CpuSample | undefined): number | null {
  if (!previous || !current || current.at <= previous.at || current.cpuSeconds < previous.cpuSeconds) return null;
  return (current.cpuSeconds - previous.cpuSeconds) / ((current.at - previous.at) / 1000);
}

/** How many CPUs `limits.cpu` allows: a count ("2") or a set ("0-1,4"); null when unlimited or unreadable. */
export function cpuLimitCount(value: string | undefined): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) || null;
  if (!/^[\d,-]+$/.test(value)) return null;
  let count = 0;
  for (const part of value.split(',')) {
    const [from, to] = part.split('-').map(Number);
    if (!Number.isInteger(from) || (to !== undefined && (!Number.isInteger(to) || to < from))) return null;
    count += to === undefined ? 1 : to - from + 1;
  }
  return count || null;
}

/** The memory limit in bytes; null when unlimited or a percentage of the host. */
export function memoryLimitBytes(value: string | undefined): number | null {
  if (!value || value.endsWith('%')) return null;
  return parseByteSize(value);
}

export function processLimit(value: string | undefined): number | null {
  return value && /^\d+$/.test(value) ? Number(value) || null : null;
}

/** used / limit as 0–1 (capped at 1), or null when either is unknown. */
export function fraction(used: number | null, limit: number | null): number | null {
  if (used === null || limit === null || limit <= 0) return null;
  return Math.min(used / limit, 1);
}

export const instanceKey = (i: Pick<FleetInstance, 'daemon' | 'project' | 'name'>) => `${i.daemon.id}/${i.project}/${i.name}`;
