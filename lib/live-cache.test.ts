import { describe, expect, it } from 'vitest';
import type { FleetInstance, FleetResponse } from './api-types';
import type { LiveEvent } from './live';
import { patchFleet } from './live-cache';

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

function event(action: string, instance: string, extra: Partial<LiveEvent> = {}): LiveEvent {
  return { daemon: 'd1', daemonName: 'd1', type: 'lifecycle', project: 'default', action, instance, timestamp: 't', ...extra };
}

describe('patchFleet', () => {
  it('replaces only the row the event is about, keeping the other rows as they were', () => {
    const data = fleet(row('a'), row('b'), row('a', 'Running', 'd2'));
    const result = patchFleet(data, event('instance-stopped', 'a', { status: 'Stopped', row: row('a', 'Stopped') }));
    expect(result.kind).toBe('patched');
    const rows = (result as { data: FleetResponse }).data.instances;
    expect(rows.map((r) => `${r.daemon.id}/${r.name}:${r.status}`)).toEqual(['d1/a:Stopped', 'd1/b:Running', 'd2/a:Running']);
    expect(rows[1]).toBe(data.instances[1]);
    expect(rows[2]).toBe(data.instances[2]);
  });

  it('sets the status alone when the event carries no row, and clears usage of a stopped instance', () => {
    const result = patchFleet(fleet(row('a')), event('instance-stopped', 'a', { status: 'Stopped' }));
    expect((result as { data: FleetResponse }).data.instances[0]).toMatchObject({
      status: 'Stopped',
      usage: { cpuSeconds: null, memoryBytes: null, processes: null },
    });
  });

  it('adds a created instance, removes a deleted one, and follows a rename', () => {
    const added = patchFleet(fleet(row('a')), event('instance-created', 'n', { row: row('n', 'Stopped') }));
    expect((added as { data: FleetResponse }).data.instances.map((r) => r.name)).toEqual(['a', 'n']);
    const removed = patchFleet(fleet(row('a'), row('b')), event('instance-deleted', 'a'));
    expect((removed as { data: FleetResponse }).data.instances.map((r) => r.name)).toEqual(['b']);
    const renamed = patchFleet(fleet(row('a'), row('b')), event('instance-renamed', 'c', { context: { old_name: 'a' }, row: row('c') }));
    expect((renamed as { data: FleetResponse }).data.instances.map((r) => r.name)).toEqual(['b', 'c']);
  });

  it('asks for a fetch when a new instance comes without its row', () => {
    expect(patchFleet(fleet(row('a')), event('instance-created', 'n', { status: 'Stopped' })).kind).toBe('refetch');
  });

  it('leaves the list alone for events that change no row', () => {
    expect(patchFleet(fleet(row('a')), event('instance-exec', 'a')).kind).toBe('unchanged');
    expect(patchFleet(fleet(row('a')), event('instance-started', 'a', { status: 'Running' })).kind).toBe('unchanged');
    expect(patchFleet(fleet(row('a')), { ...event('operation-success', 'a'), type: 'operation' }).kind).toBe('unchanged');
    expect(patchFleet(fleet(row('a')), event('instance-deleted', 'zzz')).kind).toBe('unchanged');
  });
});
