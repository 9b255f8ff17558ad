import { describe, expect, it } from 'vitest';
import type { LxdInstanceState } from '@/lib/lxd-types';
import type { DaemonRow } from '../daemons/registry';
import type { LxdClient } from '../lxd/client';
import { newLimitCaches } from './caches';
import type { LimitTarget } from './target';
import { measureUsage, type UsageInput } from './usage';

/** A running instance whose CPU counter advances by `nsPerRead` each time its state is read. */
function instanceUsing(nsPerRead: number) {
  let usage = 0;
  let reads = 0;
  const client = {
    get: async (path: string): Promise<Partial<LxdInstanceState>> => {
      if (!path.includes('/state')) throw new Error(`unexpected GET ${path}`);
      reads++;
      usage += nsPerRead;
      return { status: 'Running', cpu: { usage }, memory: { usage: 50e6, usage_peak: 60e6 }, processes: 7, disk: {} };
    },
  } as unknown as LxdClient;
  const target: LimitTarget = { row: { id: `u-${Math.random()}` } as DaemonRow, client, project: 'default', name: 'c1', caches: newLimitCaches() };
  return { target, reads: () => reads };
}

const input = (over: Partial<UsageInput> = {}): UsageInput => ({
  status: 'Running',
  live: true,
  effective: { cpu: '1', memory: '50%', processes: '70', cpuAllowance: '25ms/100ms' },
  host: { cpus: [0, 1], memoryBytes: 400e6 },
  rootDisk: { name: 'root', pool: 'default', size: null },
  ...over,
});

describe('measureUsage', () => {
  it('computes CPU percent from two readings of the cumulative counter, over the CPUs it may use', async () => {
    const { target, reads } = instanceUsing(125e6); // 125 ms of CPU per reading
    const usage = await measureUsage(target, input());
    expect(reads()).toBe(2); // no earlier sample: two readings a quarter second apart
    expect(usage.cpu.intervalMs).toBeGreaterThanOrEqual(240);
    // 125 ms of CPU over the interval (≈250 ms, longer on a busy machine) on its one CPU.
    expect(Math.abs(usage.cpu.percent! - (125 / usage.cpu.intervalMs!) * 100)).toBeLessThan(1);
    expect(usage.cpu).toMatchObject({ cpus: 1, limit: '1', allowance: '25ms/100ms', allowancePercent: 25, allowanceHard: true });
    expect(usage.memory).toMatchObject({ usedBytes: 50e6, peakBytes: 60e6, limit: '50%', limitBytes: 200e6 });
    expect(usage.processes).toEqual({ count: 7, limit: 70 });
    expect(usage.disk).toMatchObject({ device: 'root', usedBytes: null, limitBytes: null });
  });

  it('measures from the previous reading when there is a recent one', async () => {
    const { target, reads } = instanceUsing(100e6);
    await measureUsage(target, input());
    await new Promise((r) => setTimeout(r, 300));
    const usage = await measureUsage(target, input());
    expect(reads()).toBe(3);
    expect(usage.cpu.intervalMs).toBeGreaterThanOrEqual(290);
  });

  it('gives limits but no figures for a stopped instance, and all host CPUs without limits.cpu', async () => {
    const { target, reads } = instanceUsing(1);
    const usage = await measureUsage(target, input({ status: 'Stopped', effective: { cpuAllowance: '50%' } }));
    expect(reads()).toBe(0);
    expect(usage.cpu).toMatchObject({ percent: null, cpus: 2, allowancePercent: 50, allowanceHard: false });
    expect(usage.memory.limitBytes).toBeNull();
  });
});
