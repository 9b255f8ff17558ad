import { describe, expect, it } from 'vitest';
import type { FleetInstance } from '@/lib/api-types';
import type { LiveEvent } from '@/lib/live';
import { InstanceSnapshot } from './snapshot';

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

describe('InstanceSnapshot', () => {
  it('reports nothing on its first load', () => {
    const snapshot = new InstanceSnapshot();
    expect(snapshot.reconcile([row('a', 'Running')], 100)).toEqual([]);
    expect(snapshot.isLoaded).toBe(true);
  });

  it('finds what was created, deleted and changed while it was not listening', () => {
    const snapshot = new InstanceSnapshot();
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
    const snapshot = new InstanceSnapshot();
    snapshot.reconcile([row('a', 'Running'), row('b', 'Running')], 100);
    const before = snapshot.rows();
    const moved = row('a', 'Running', { usage: { cpuSeconds: 9, memoryBytes: 9, processes: 9 } });
    expect(snapshot.reconcile([moved, row('b', 'Running')], 200)).toEqual([{ kind: 'usage', project: 'default', name: 'a', row: moved }]);
    expect(snapshot.rows()[1]).toBe(before[1]);
    expect(snapshot.reconcile([moved, row('b', 'Running')], 300)).toEqual([]);
  });

  it('keeps the latest state reading of running instances, and drops it when one stops', () => {
    const snapshot = new InstanceSnapshot();
    const state = { pid: 7, processes: 1, cpu: { usage: 5 }, memory: { usage: 9 } } as never;
    snapshot.reconcile([row('a', 'Running')], 100, new Map([['default/a', { state, at: 100 }]]));
    expect([...snapshot.readings()]).toEqual([{ project: 'default', name: 'a', reading: { state, at: 100 } }]);
    snapshot.apply(lifecycle('instance-stopped', 'a', { status: 'Stopped' }), 150);
    expect([...snapshot.readings()]).toEqual([]);
    expect(snapshot.rows()[0].usage).toEqual({ cpuSeconds: null, memoryBytes: null, processes: null });
  });

  it('follows events, and trusts an event newer than the list over the list', () => {
    const snapshot = new InstanceSnapshot();
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
