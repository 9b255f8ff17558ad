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

const nic = (rx: number, tx: number) => ({
  addresses: [],
  counters: { bytes_received: rx, bytes_sent: tx, packets_received: 0, packets_sent: 0 },
  hwaddr: '',
  state: 'up',
  type: 'broadcast',
});

describe('toSample', () => {
  it('skips an instance that is not running', () => {
    expect(toSample('d1', instance(null), 0, 10, undefined)).toBeNull();
    expect(toSample('d1', instance({ pid: 0 }), 0, 10, undefined)).toBeNull();
  });

  it('keeps gauges and has no rates without a previous reading', () => {
    const { sample } = toSample('d1', instance({ disk: { root: { usage: 5000 } } }), 1000, 10, undefined)!;
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
    const first = toSample('d1', instance({ cpu: { usage: 1e9 }, network: { eth0: nic(1000, 0), lo: nic(1e9, 1e9) } }), 0, 10, undefined)!;
    // 10 s later: 15 s of CPU time used (1.5 cores), 20 kB received, 5 kB sent.
    const second = toSample(
      'd1',
      instance({ cpu: { usage: 16e9 }, network: { eth0: nic(21_000, 5000), lo: nic(2e9, 2e9) } }),
      10_000,
      10,
      first.counters,
    )!;
    expect(second.sample.cpu_millicores).toBe(1500);
    expect(second.sample.net_rx_bps).toBe(2000);
    expect(second.sample.net_tx_bps).toBe(500);
  });

  it('has no rate after a counter went backwards (the instance restarted)', () => {
    const first = toSample('d1', instance({ cpu: { usage: 9e9 } }), 0, 10, undefined)!;
    const second = toSample('d1', instance({ cpu: { usage: 1e9 } }), 10_000, 10, first.counters)!;
    expect(second.sample.cpu_millicores).toBeNull();
  });
});
