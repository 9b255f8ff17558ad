import { describe, expect, it } from 'vitest';
import type { LxdInstance, LxdInstanceState } from '@/lib/lxd-types';
import { toSample } from './sample';

function instance(state: Partial<LxdInstanceState> | null): LxdInstance {
  return {
    name: 'c1',
    project: 'web',
    state: state === null ? null : ({ pid: 42, processes: 3, cpu: { usage: 0 }, memory: { usage: 1000 }, ...state } as LxdInstanceState),
  } as LxdInstance;
}

/** A round at `ms` whose daemon answered at once. */
const at = (ms: number) => ({ at: ms, measuredAt: ms, spanS: 10 });

const nic = (rx: number, tx: number) => ({
  addresses: [],
  counters: { bytes_received: rx, bytes_sent: tx, packets_received: 0, packets_sent: 0 },
  hwaddr: '',
  state: 'up',
  type: 'broadcast',
});

describe('toSample', () => {
  it('skips an instance that is not running', () => {
    expect(toSample('d1', instance(null), at(0), undefined)).toBeNull();
    expect(toSample('d1', instance({ pid: 0 }), at(0), undefined)).toBeNull();
  });

  it('keeps gauges and has no rates without a previous reading', () => {
    const { sample } = toSample('d1', instance({ disk: { root: { usage: 5000 } } }), at(1000), undefined)!;
    expect(sample).toMatchObject({
      daemon_id: 'd1',
      project: 'web',
      instance: 'c1',
      at: 1000,
      span_s: 10,
      memory_bytes: 1000,
      processes: 3,
      disk_bytes: 5000,
      cpu_millicores: null,
      net_rx_bps: null,
    });
  });

  it('turns counters into CPU cores and bytes per second, loopback left out', () => {
    const first = toSample('d1', instance({ cpu: { usage: 1e9 }, network: { eth0: nic(1000, 0), lo: nic(1e9, 1e9) } }), at(0), undefined)!;
    // 10 s later: 15 s of CPU time used (1.5 cores), 20 kB received, 5 kB sent.
    const second = toSample(
      'd1',
      instance({ cpu: { usage: 16e9 }, network: { eth0: nic(21_000, 5000), lo: nic(2e9, 2e9) } }),
      at(10_000),
      first.counters,
    )!;
    expect(second.sample.cpu_millicores).toBe(1500);
    expect(second.sample.net_rx_bps).toBe(2000);
    expect(second.sample.net_tx_bps).toBe(500);
  });

  it('has no rate after a counter went backwards (the instance restarted)', () => {
    const first = toSample('d1', instance({ cpu: { usage: 9e9 } }), at(0), undefined)!;
    const second = toSample('d1', instance({ cpu: { usage: 1e9 } }), at(10_000), first.counters)!;
    expect(second.sample.cpu_millicores).toBeNull();
  });
});

describe('toSample gaps', () => {
  it('stores a figure the daemon did not report as a gap, not a zero', () => {
    const first = toSample('d1', instance({ cpu: { usage: 1e9 } }), at(0), undefined)!;
    const { sample } = toSample('d1', instance({ cpu: { usage: 0 }, memory: { usage: 0 }, processes: -1 }), at(10_000), first.counters)!;
    expect(sample).toMatchObject({ memory_bytes: null, processes: null, cpu_millicores: null });
  });
});

describe('toSample timing', () => {
  it('stamps the round\'s time but computes rates over the time the daemon really took', () => {
    const first = toSample('d1', instance({ cpu: { usage: 1e9 } }), { at: 0, measuredAt: 2000, spanS: 10 }, undefined)!;
    // The next round is stamped 10 s later, but the daemon answered only 5 s after the first time.
    const second = toSample('d1', instance({ cpu: { usage: 6e9 } }), { at: 10_000, measuredAt: 7000, spanS: 10 }, first.counters)!;
    expect(second.sample.at).toBe(10_000);
    expect(second.sample.cpu_millicores).toBe(1000);
  });
});
