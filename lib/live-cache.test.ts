import { describe, expect, it } from 'vitest';
import type { FleetInstance, FleetResponse } from './api-types';
import type { LiveEvent, LiveInstanceUpdate } from './live';
import { applyEventToFleet, applyRowsToFleet, applyRowToFleet } from './live-cache';

function row(name: string, status = 'Running', daemon = 'd1'): FleetInstance {
  return {
    daemon: { id: daemon, name: daemon },
    project: 'default',
    name,
    type: 'container',
    status,
    location: 'none',
    image: '',
    profiles: [],
    ipv4: [],
    ipv6: [],
    createdAt: 't',
    limits: {},
    usage: { cpuSeconds: 1, memoryBytes: 2, processes: 3 },
  };
}

const fleet = (...rows: FleetInstance[]): FleetResponse => ({ instances: rows, errors: [] });
const names = (data: FleetResponse | null) => data?.instances.map((r) => `${r.daemon.id}/${r.name}:${r.status}`);

function event(action: string, instance: string, extra: Partial<LiveEvent> = {}): LiveEvent {
  return { daemon: 'd1', daemonName: 'd1', type: 'lifecycle', project: 'default', action, instance, timestamp: 't', ...extra };
}

const update = (r: FleetInstance): LiveInstanceUpdate => ({ daemon: r.daemon.id, daemonName: r.daemon.name, project: r.project, instance: r.name, row: r });

describe('applyEventToFleet', () => {
  it('gives only the row the event is about its new status, and clears a stopped one\'s usage', () => {
    const data = fleet(row('a'), row('b'), row('a', 'Running', 'd2'));
    const next = applyEventToFleet(data, event('instance-stopped', 'a', { status: 'Stopped' }))!;
    expect(names(next)).toEqual(['d1/a:Stopped', 'd1/b:Running', 'd2/a:Running']);
    expect(next.instances[0].usage).toEqual({ cpuSeconds: null, memoryBytes: null, processes: null });
    expect(next.instances[1]).toBe(data.instances[1]);
    expect(next.instances[2]).toBe(data.instances[2]);
  });

  it('removes a deleted instance and the old name of a renamed one', () => {
    expect(names(applyEventToFleet(fleet(row('a'), row('b')), event('instance-deleted', 'a')))).toEqual(['d1/b:Running']);
    const renamed = applyEventToFleet(fleet(row('a'), row('b')), event('instance-renamed', 'c', { context: { old_name: 'a' } }));
    expect(names(renamed)).toEqual(['d1/b:Running']);
  });

  it('changes nothing for events that change no row', () => {
    expect(applyEventToFleet(fleet(row('a')), event('instance-exec', 'a'))).toBeNull();
    expect(applyEventToFleet(fleet(row('a')), event('instance-started', 'a', { status: 'Running' }))).toBeNull();
    expect(applyEventToFleet(fleet(row('a')), { ...event('operation-success', 'a'), type: 'operation' })).toBeNull();
    expect(applyEventToFleet(fleet(row('a')), event('instance-deleted', 'zzz'))).toBeNull();
    // A new instance is added by its row, which follows the event.
    expect(applyEventToFleet(fleet(row('a')), event('instance-created', 'n', { status: 'Stopped' }))).toBeNull();
  });
});

describe('applyRowToFleet', () => {
  it('replaces the instance\'s row and keeps the others', () => {
    const data = fleet(row('a'), row('b'));
    const next = applyRowToFleet(data, update(row('a', 'Frozen')));
    expect(names(next)).toEqual(['d1/a:Frozen', 'd1/b:Running']);
    expect(next.instances[1]).toBe(data.instances[1]);
  });

  it('adds a new instance', () => {
    expect(names(applyRowToFleet(fleet(row('a')), update(row('n', 'Stopped'))))).toEqual(['d1/a:Running', 'd1/n:Stopped']);
  });
});

describe('applyRowsToFleet', () => {
  it('replaces and adds many rows in one pass, the last update of an instance winning, others untouched', () => {
    const data = fleet(row('a'), row('b'));
    const next = applyRowsToFleet(data, [update(row('a', 'Stopped')), update(row('n', 'Stopped')), update(row('a', 'Frozen'))]);
    expect(names(next)).toEqual(['d1/a:Frozen', 'd1/b:Running', 'd1/n:Stopped']);
    expect(next.instances[1]).toBe(data.instances[1]);
  });
});
