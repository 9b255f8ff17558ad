import { describe, expect, it } from 'vitest';
import type { FleetInstance } from '@/lib/api-types';
import type { LiveEvent } from '@/lib/live';
import { DaemonInstances } from './snapshot';

function row(name: string, status: string, extra: Partial<FleetInstance> = {}): FleetInstance {
  return {
    daemon: { id: 'd1', name: 'alpha' },
    project: 'default',
    name,
    type: 'container',
    status,
    location: 'none',
    image: 'busybox',
    profiles: ['default'],
    ipv4: [],
    ipv6: [],
    createdAt: 't',
    limits: {},
    usage: { cpuSeconds: 1, memoryBytes: 1, processes: 1 },
    ...extra,
  };
}

function lifecycle(action: string, instance: string, extra: Partial<LiveEvent> = {}): LiveEvent {
  return { daemon: 'd1', daemonName: 'alpha', type: 'lifecycle', project: 'default', action, instance, timestamp: 't', ...extra };
}

describe('DaemonInstances', () => {
  it('reports nothing on its first load', () => {
    const snapshot = new DaemonInstances();
    expect(snapshot.reconcile([row('a', 'Running')], 100)).toEqual([]);
    expect(snapshot.isLoaded).toBe(true);
  });

  it('finds what was created, deleted and changed while it was not listening', () => {
    const snapshot = new DaemonInstances();
    snapshot.reconcile([row('a', 'Running'), row('b', 'Running'), row('c', 'Stopped')], 100);
    const changes = snapshot.reconcile(
      [row('a', 'Stopped'), row('c', 'Stopped', { limits: { memory: '1GB' } }), row('d', 'Stopped')],
      200,
    );
    expect(changes).toEqual([
      { kind: 'deleted', project: 'default', name: 'b' },
      { kind: 'changed', project: 'default', name: 'a', row: row('a', 'Stopped'), before: 'Running' },
      { kind: 'changed', project: 'default', name: 'c', row: row('c', 'Stopped', { limits: { memory: '1GB' } }), before: 'Stopped' },
      { kind: 'created', project: 'default', name: 'd', row: row('d', 'Stopped') },
    ]);
  });

  it('reports usage that moved as usage only, and keeps the row object when nothing did', () => {
    const snapshot = new DaemonInstances();
    snapshot.reconcile([row('a', 'Running'), row('b', 'Running')], 100);
    const before = snapshot.rows();
    const moved = row('a', 'Running', { usage: { cpuSeconds: 9, memoryBytes: 9, processes: 9 } });
    expect(snapshot.reconcile([moved, row('b', 'Running')], 200)).toEqual([{ kind: 'usage', project: 'default', name: 'a', row: moved }]);
    expect(snapshot.rows()[1]).toBe(before[1]);
    expect(snapshot.reconcile([moved, row('b', 'Running')], 300)).toEqual([]);
  });

  it('keeps the latest state reading of running instances, and drops it when one stops', () => {
    const snapshot = new DaemonInstances();
    const state = { pid: 7, processes: 1, cpu: { usage: 5 }, memory: { usage: 9 } } as never;
    snapshot.reconcile([row('a', 'Running')], 100, new Map([['default/a', { state, at: 100 }]]));
    expect([...snapshot.readings()]).toEqual([{ project: 'default', name: 'a', reading: { state, at: 100 } }]);
    snapshot.apply(lifecycle('instance-stopped', 'a', { status: 'Stopped' }), 150);
    expect([...snapshot.readings()]).toEqual([]);
    expect(snapshot.rows()[0].usage).toEqual({ cpuSeconds: null, memoryBytes: null, processes: null });
  });

  it('follows events, and trusts an event newer than the list over the list', () => {
    const snapshot = new DaemonInstances();
    snapshot.reconcile([row('a', 'Running'), row('b', 'Running')], 100);
    snapshot.apply(lifecycle('instance-stopped', 'a', { status: 'Stopped' }), 150);
    snapshot.apply(lifecycle('instance-deleted', 'b'), 150);
    snapshot.apply(lifecycle('instance-renamed', 'x', { context: { old_name: 'a' } }), 150);
    snapshot.applyRow(row('x', 'Stopped'), 150);
    // The list was fetched at 120, before those events: they win, nothing is reported.
    expect(snapshot.reconcile([row('a', 'Running'), row('b', 'Running')], 120)).toEqual([]);
    expect(snapshot.size).toBe(1);
    // A list fetched after them shows a and b are really there, and x is gone.
    const later = snapshot.reconcile([row('a', 'Running'), row('b', 'Running')], 300);
    expect(later.map((c) => `${c.kind}:${c.name}`)).toEqual(['deleted:x', 'created:a', 'created:b']);
  });
});

describe('DaemonInstances.applyStates (the refresh between full lists)', () => {
  const state = (status: string, memory: number, address?: string) =>
    ({
      status,
      pid: status === 'Running' ? 42 : 0,
      processes: 3,
      cpu: { usage: 2e9 },
      memory: { usage: memory },
      network: address ? { eth0: { addresses: [{ family: 'inet', address, scope: 'global' }] } } : {},
    }) as never;

  it('asks only for the running, and moves usage and addresses without touching the rest', () => {
    const snapshot = new DaemonInstances();
    snapshot.reconcile([row('a', 'Running', { limits: { memory: '1GB' } }), row('b', 'Stopped')], 100);
    expect(snapshot.running()).toEqual([{ project: 'default', name: 'a' }]);
    const changes = snapshot.applyStates(new Map([['default/a', { state: state('Running', 5000, '10.0.0.2'), at: 200 }]]), 200);
    expect(changes).toEqual([{ kind: 'usage', project: 'default', name: 'a', before: 'Running', row: expect.objectContaining({ ipv4: ['10.0.0.2'] }) }]);
    const a = snapshot.rows().find((r) => r.name === 'a')!;
    expect(a.usage).toEqual({ cpuSeconds: 2, memoryBytes: 5000, processes: 3 });
    expect(a.limits).toEqual({ memory: '1GB' });
    expect([...snapshot.readings()].map((r) => r.name)).toEqual(['a']);
    // The same figures again: nothing to send.
    expect(snapshot.applyStates(new Map([['default/a', { state: state('Running', 5000, '10.0.0.2'), at: 300 }]]), 300)).toEqual([]);
  });

  it('reports a status the state shows (stopped with no event), and keeps what an event set after the read began', () => {
    const snapshot = new DaemonInstances();
    snapshot.reconcile([row('a', 'Running'), row('c', 'Running')], 100);
    snapshot.apply(lifecycle('instance-updated', 'c'), 250);
    const changes = snapshot.applyStates(
      new Map([
        ['default/a', { state: state('Stopped', 0), at: 200 }],
        ['default/c', { state: state('Stopped', 0), at: 200 }],
      ]),
      200,
    );
    expect(changes.map((c) => [c.name, c.kind, c.before, c.row?.status])).toEqual([['a', 'changed', 'Running', 'Stopped']]);
    expect(snapshot.rows().find((r) => r.name === 'a')!.usage).toEqual({ cpuSeconds: null, memoryBytes: null, processes: null });
    expect(snapshot.rows().find((r) => r.name === 'c')!.status).toBe('Running');
  });
});
