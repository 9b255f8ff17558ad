import { cpusOf, memoryLimitBytes, strictByteSize, type LimitValues, type LimitsUsage } from '@/lib/limits';
import type { LxdInstanceState } from '@/lib/lxd-types';
import type { CpuSample } from './caches';
import type { HostFacts } from './host';
import { instancePath, type LimitTarget } from './target';

/** A previous sample older than this is too stale to describe "now"; a newer one too noisy. */
const MAX_SAMPLE_AGE_MS = 5 * 60_000;
const MIN_INTERVAL_MS = 200;
const SECOND_SAMPLE_DELAY_MS = 250;
const MAX_SAMPLES = 5000;

function remember(map: Map<string, CpuSample>, key: string, sample: CpuSample): void {
  map.delete(key); // re-insert so the map's order stays oldest-first
  map.set(key, sample);
  if (map.size > MAX_SAMPLES) map.delete(map.keys().next().value!);
}

async function readState(target: LimitTarget): Promise<{ state: LxdInstanceState; at: number }> {
  const state = await target.client.get<LxdInstanceState>(instancePath(target, '/state'));
  return { state, at: performance.now() };
}

/**
 * CPU use over an interval from the daemon's cumulative counter: against the previous reading of
 * this instance when there is a recent one, else against a second reading a quarter second later.
 */
async function cpuInterval(target: LimitTarget, first: { state: LxdInstanceState; at: number }) {
  const key = `${target.row.id}/${target.project}/${target.name}`;
  let previous = target.caches.cpuSamples.get(key);
  let latest = first;
  const age = previous ? first.at - previous.at : Infinity;
  if (!previous || age < MIN_INTERVAL_MS || age > MAX_SAMPLE_AGE_MS || first.state.cpu.usage < previous.usageNs) {
    previous = { usageNs: first.state.cpu.usage, at: first.at };
    await new Promise((resolve) => setTimeout(resolve, SECOND_SAMPLE_DELAY_MS));
    latest = await readState(target);
  }
  remember(target.caches.cpuSamples, key, { usageNs: latest.state.cpu.usage, at: latest.at });
  return { usedNs: latest.state.cpu.usage - previous.usageNs, intervalMs: latest.at - previous.at, state: latest.state };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The allowance's cap on the instance's CPUs, in percent (see LimitsUsage). */
function allowanceCap(allowance: string | undefined, cpus: number): { percent: number | null; hard: boolean } {
  if (!allowance) return { percent: null, hard: false };
  const share = /^(\d+)%$/.exec(allowance);
  if (share) return { percent: Number(share[1]), hard: false };
  const quota = /^(\d+)ms\/(\d+)ms$/.exec(allowance);
  if (!quota) return { percent: null, hard: false };
  return { percent: round1(Math.min(100, ((Number(quota[1]) / Number(quota[2])) * 100) / cpus)), hard: true };
}

export interface UsageInput {
  status: string;
  /** Read the live figures (a running instance only); false gives the limits alone. */
  live: boolean;
  effective: LimitValues;
  host: HostFacts;
  rootDisk: { name: string | null; pool: string | null; size: string | null };
}

/** Live usage beside the limits in force; a stopped instance has limits but no figures. */
export async function measureUsage(target: LimitTarget, input: UsageInput): Promise<LimitsUsage> {
  const { effective, host, rootDisk } = input;
  const cpus = cpusOf(effective.cpu, host.cpus.length);
  const cap = allowanceCap(effective.cpuAllowance, cpus);
  const usage: LimitsUsage = {
    status: input.status,
    cpu: {
      percent: null,
      intervalMs: null,
      seconds: null,
      cpus,
      limit: effective.cpu ?? null,
      allowance: effective.cpuAllowance ?? null,
      allowancePercent: cap.percent,
      allowanceHard: cap.hard,
    },
    memory: {
      usedBytes: null,
      peakBytes: null,
      limitBytes: memoryLimitBytes(effective.memory, host.memoryBytes),
      limit: effective.memory ?? null,
      swapUsedBytes: null,
    },
    processes: { count: null, limit: effective.processes ? Number(effective.processes) : null },
    disk: {
      device: rootDisk.name,
      pool: rootDisk.pool,
      usedBytes: null,
      limitBytes: rootDisk.size ? strictByteSize(rootDisk.size) : null,
      read: effective.diskRead ?? null,
      write: effective.diskWrite ?? null,
      max: effective.diskMax ?? null,
    },
  };
  if (!input.live || input.status !== 'Running') return usage;

  const { usedNs, intervalMs, state } = await cpuInterval(target, await readState(target));
  usage.status = state.status;
  usage.cpu.percent = intervalMs > 0 ? round1(Math.min(100, (usedNs / (intervalMs * 1e6) / cpus) * 100)) : null;
  usage.cpu.intervalMs = Math.round(intervalMs);
  usage.cpu.seconds = state.cpu.usage / 1e9;
  usage.memory.usedBytes = state.memory.usage;
  usage.memory.peakBytes = state.memory.usage_peak ?? null;
  usage.memory.swapUsedBytes = state.memory.swap_usage ?? null;
  usage.processes.count = state.processes >= 0 ? state.processes : null;
  const disk = rootDisk.name ? state.disk?.[rootDisk.name] : undefined;
  usage.disk.usedBytes = disk ? disk.usage : null;
  return usage;
}
