import { describe, expect, it } from 'vitest';
import type { FleetInstance } from '@/lib/api-types';
import { filterAndSort, naturalKey, nextSort, parseSort, viewRows, type FleetView } from './fleet-view';

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

describe('naturalKey', () => {
  const sorted = (values: string[]) => [...values].sort((a, b) => (naturalKey(a) < naturalKey(b) ? -1 : naturalKey(a) > naturalKey(b) ? 1 : 0));

  it('orders numbers by value, ignoring case, accents and leading zeros', () => {
    expect(sorted(['web10', 'Web2', 'web1', 'web002b', 'web100', 'web9'])).toEqual(['web1', 'Web2', 'web002b', 'web9', 'web10', 'web100']);
    expect(sorted(['élan', 'Zulu', 'alpha', 'Ébène'])).toEqual(['alpha', 'Ébène', 'élan', 'Zulu']);
    expect(naturalKey('Node-07')).toBe(naturalKey('node-7'));
  });
});

describe('filterAndSort with rows replaced by live updates', () => {
  it('searches and sorts a replaced row by its new fields, not by what was worked out for the old one', () => {
    const before = [instance('a1'), instance('b2', { ipv4: ['10.0.0.1'] })];
    expect(names(filterAndSort(before, view({ q: '10.0.0.1' })))).toEqual(['b2']);
    expect(names(filterAndSort(before, view({ sort: 'ipv4' })))).toEqual(['b2', 'a1']);
    const after = [before[0], { ...before[1], name: 'z9', ipv4: [] }];
    expect(names(filterAndSort(after, view({ q: '10.0.0.1' })))).toEqual([]);
    expect(names(filterAndSort(after, view({ q: 'z9' })))).toEqual(['z9']);
    expect(names(filterAndSort(after, view({ sort: '-name' })))).toEqual(['z9', 'a1']);
  });
});

describe('viewRows (live changes without a full re-sort)', () => {
  const big = Array.from({ length: 50 }, (_, n) =>
    instance(`vm${n}`, { daemon: n % 2 ? { id: 'id-beta', name: 'beta' } : { id: 'id-alpha', name: 'alpha' }, usage: { cpuSeconds: n, memoryBytes: 1000 * (50 - n), processes: 1 } }),
  );
  const replace = (list: FleetInstance[], name: string, over: Partial<FleetInstance>) => list.map((i) => (i.name === name ? { ...i, ...over } : i));

  it('always answers what filterAndSort answers, whatever changed', () => {
    const views = [view(), view({ sort: '-cpu' }), view({ sort: 'memory' }), view({ q: 'vm1' }), view({ status: 'running', sort: '-name' }), view({ daemon: 'beta', sort: 'image' })];
    const changes: ((list: FleetInstance[]) => FleetInstance[])[] = [
      (l) => replace(l, 'vm3', { image: 'changed description' }),
      (l) => replace(l, 'vm4', { usage: { cpuSeconds: 999, memoryBytes: 1, processes: 1 } }),
      (l) => replace(l, 'vm5', { status: 'Stopped', usage: { cpuSeconds: null, memoryBytes: null, processes: null } }),
      (l) => replace(l, 'vm12', { name: 'renamed' }),
      (l) => l.filter((i) => i.name !== 'vm7'),
      (l) => [...l, instance('vm100')],
      (l) => replace(l, 'vm10', { daemon: { id: 'id-beta', name: 'beta' } }),
    ];
    for (const v of views) {
      const rowsOf = viewRows();
      let list = big;
      expect(rowsOf(list, v)).toEqual(filterAndSort(list, v));
      for (const change of changes) {
        list = change(list);
        expect(rowsOf(list, v)).toEqual(filterAndSort(list, v));
      }
    }
  });

  it('swaps a changed row in place when its order cannot change, keeping the other rows', () => {
    const rowsOf = viewRows();
    const first = rowsOf(big, view());
    const changed = replace(big, 'vm3', { image: 'new description' });
    const second = rowsOf(changed, view());
    expect(second).not.toBe(first);
    expect(second.find((i) => i.name === 'vm3')!.image).toBe('new description');
    expect(second.filter((i, n) => i !== first[n]).map((i) => i.name)).toEqual(['vm3']);
    // Nothing changed: the same answer, so the table renders nothing.
    expect(rowsOf(changed, view())).toBe(second);
  });
});
