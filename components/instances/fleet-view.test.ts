import { describe, expect, it } from 'vitest';
import type { FleetInstance } from '@/lib/api-types';
import { filterAndSort, nextSort, parseSort, type FleetView } from './fleet-view';

function instance(name: string, over: Partial<FleetInstance> = {}): FleetInstance {
  return {
    daemon: { id: 'id-alpha', name: 'alpha' },
    project: 'default',
    name,
    type: 'container',
    status: 'Running',
    location: 'none',
    image: 'busybox',
    profiles: ['default'],
    ipv4: [],
    ipv6: [],
    createdAt: '2026-01-01T00:00:00Z',
    limits: {},
    usage: { cpuSeconds: 1, memoryBytes: 1000, processes: 1 },
    ...over,
  };
}

const view = (over: Partial<FleetView> = {}): FleetView => ({ q: '', daemon: '', project: '', status: '', location: '', sort: 'name', ...over });

const fleet = [
  instance('web10'),
  instance('web2', { daemon: { id: 'id-beta', name: 'beta' }, status: 'Stopped', usage: { cpuSeconds: null, memoryBytes: null, processes: null } }),
  instance('db', { project: 'prod', ipv4: ['10.0.0.12'], usage: { cpuSeconds: 50, memoryBytes: 5_000_000, processes: 9 } }),
  instance('cache', { daemon: { id: 'id-gamma', name: 'gamma' }, status: 'Frozen', image: 'alpine 3.20', ipv4: ['10.0.0.9'] }),
];

const names = (list: FleetInstance[]) => list.map((i) => i.name);

describe('filterAndSort', () => {
  it('sorts names naturally (web2 before web10)', () => {
    expect(names(filterAndSort(fleet, view()))).toEqual(['cache', 'db', 'web2', 'web10']);
    expect(names(filterAndSort(fleet, view({ sort: '-name' })))).toEqual(['web10', 'web2', 'db', 'cache']);
  });

  it('filters by daemon name or id, project and status (case-insensitive)', () => {
    expect(names(filterAndSort(fleet, view({ daemon: 'beta' })))).toEqual(['web2']);
    expect(names(filterAndSort(fleet, view({ daemon: 'id-gamma' })))).toEqual(['cache']);
    expect(names(filterAndSort(fleet, view({ project: 'prod' })))).toEqual(['db']);
    expect(names(filterAndSort(fleet, view({ status: 'stopped' })))).toEqual(['web2']);
  });

  it('filters by cluster member', () => {
    const clustered = [...fleet, instance('k1', { location: 'member2' }), instance('k2', { location: 'member1' })];
    expect(names(filterAndSort(clustered, view({ location: 'member2' })))).toEqual(['k1']);
  });

  it('searches name, image, address and daemon', () => {
    expect(names(filterAndSort(fleet, view({ q: 'ALPINE' })))).toEqual(['cache']);
    expect(names(filterAndSort(fleet, view({ q: '10.0.0.12' })))).toEqual(['db']);
    expect(names(filterAndSort(fleet, view({ q: 'gamma' })))).toEqual(['cache']);
  });

  it('sorts usage and addresses numerically, with unknown values last in both directions', () => {
    expect(names(filterAndSort(fleet, view({ sort: '-memory' })))).toEqual(['db', 'cache', 'web10', 'web2']);
    expect(names(filterAndSort(fleet, view({ sort: 'memory' })))).toEqual(['cache', 'web10', 'db', 'web2']);
    expect(names(filterAndSort(fleet, view({ sort: 'ipv4' })))).toEqual(['cache', 'db', 'web2', 'web10']);
    expect(names(filterAndSort(fleet, view({ sort: '-ipv4' })))).toEqual(['db', 'cache', 'web2', 'web10']);
  });

  it('does not change the list it is given', () => {
    const copy = [...fleet];
    filterAndSort(fleet, view({ sort: '-name' }));
    expect(fleet).toEqual(copy);
  });
});

describe('sort parameter', () => {
  it('toggles direction on the same column and resets on another', () => {
    expect(nextSort('name', 'name')).toBe('-name');
    expect(nextSort('-name', 'name')).toBe('name');
    expect(nextSort('-name', 'cpu')).toBe('cpu');
  });

  it('falls back to name for unknown keys', () => {
    expect(parseSort('-bogus')).toEqual({ key: 'name', descending: false });
  });
});
