import { describe, expect, it } from 'vitest';
import type { LxdInstance, LxdProfile } from '@/lib/lxd-types';
import { instancePut, mergeLimits } from './merge';
import { limitSources } from './sources';

const profileRoot = { type: 'disk', path: '/', pool: 'default' };

function instance(over: Partial<LxdInstance> = {}): LxdInstance {
  return {
    name: 'c1',
    description: 'keep me',
    type: 'container',
    status: 'Running',
    status_code: 103,
    project: 'default',
    location: 'none',
    architecture: 'x86_64',
    created_at: '',
    last_used_at: '',
    ephemeral: false,
    stateful: false,
    profiles: ['default', 'big'],
    config: { 'limits.memory': '128MB', 'user.note': 'someone else', 'volatile.uuid': 'x' },
    devices: { eth1: { type: 'nic', nictype: 'p2p' } },
    expanded_config: { 'limits.memory': '128MB', 'limits.processes': '300', 'user.note': 'someone else' },
    expanded_devices: { root: { ...profileRoot, 'limits.read': '30MB' }, eth1: { type: 'nic', nictype: 'p2p' } },
    ...over,
  };
}

const profiles: LxdProfile[] = [
  { name: 'default', description: '', used_by: [], config: { 'limits.processes': '100' }, devices: { root: profileRoot } },
  {
    name: 'big',
    description: '',
    used_by: [],
    config: { 'limits.processes': '300', 'limits.memory': '1GB' },
    devices: { root: { ...profileRoot, 'limits.read': '30MB' } },
  },
];

describe('mergeLimits', () => {
  it('changes only the limit keys and keeps every other key, device and field', () => {
    const i = instance();
    const plan = mergeLimits(i, { memory: '256MB', processes: '200' });
    expect(plan.config).toEqual({ 'limits.memory': '256MB', 'limits.processes': '200', 'user.note': 'someone else', 'volatile.uuid': 'x' });
    expect(plan.devices).toEqual(i.devices);
    expect(plan.changes).toEqual({ memory: { before: '128MB', after: '256MB' }, processes: { before: null, after: '200' } });
    const put = instancePut(i, plan);
    expect(put).toMatchObject({ description: 'keep me', profiles: ['default', 'big'], architecture: 'x86_64', ephemeral: false });
    expect(i.config['limits.memory']).toBe('128MB'); // the snapshot itself is not modified
  });

  it('removes a key for null and records nothing when nothing changes', () => {
    expect(mergeLimits(instance(), { memory: null }).config).not.toHaveProperty('limits.memory');
    expect(mergeLimits(instance(), { memory: '128MB', cpu: null }).changes).toEqual({});
  });

  it("copies the profile's root disk into the instance to set its I/O limits", () => {
    const plan = mergeLimits(instance(), { diskWrite: '5MB' });
    expect(plan.devices.root).toEqual({ ...profileRoot, 'limits.read': '30MB', 'limits.write': '5MB' });
    expect(plan.changes).toEqual({ diskRead: { before: null, after: '30MB' }, diskWrite: { before: null, after: '5MB' } });
  });

  it('leaves an inherited root disk alone when only removing', () => {
    expect(mergeLimits(instance(), { diskRead: null }).devices).not.toHaveProperty('root');
  });

  it('refuses a disk limit when the instance has no root disk', () => {
    expect(() => mergeLimits(instance({ expanded_devices: {} }), { diskMax: '1MB' })).toThrow(/no root disk device/);
  });
});

describe('limitSources', () => {
  it('tells own values from inherited ones, the later profile winning', () => {
    const sources = limitSources(instance(), profiles);
    expect(sources.own).toEqual({ memory: '128MB' });
    expect(sources.inherited).toEqual({
      memory: { value: '1GB', profile: 'big', overridden: true },
      processes: { value: '300', profile: 'big', overridden: false },
      diskRead: { value: '30MB', profile: 'big', overridden: false },
    });
    expect(sources.effective).toEqual({ memory: '128MB', processes: '300', diskRead: '30MB' });
    expect(sources.rootDisk).toBe('root');
  });

  it("marks the profile's root disk limits overridden once the instance has its own root disk", () => {
    const own = instance({ devices: { root: { ...profileRoot, 'limits.write': '5MB' } } });
    expect(limitSources(own, profiles).inherited.diskRead).toEqual({ value: '30MB', profile: 'big', overridden: true });
    expect(limitSources(own, profiles).own.diskWrite).toBe('5MB');
  });

  it('takes a device whole from the last profile that has it', () => {
    const later = [...profiles, { name: 'plain', description: '', used_by: [], config: {}, devices: { root: profileRoot } }];
    expect(limitSources(instance({ profiles: ['default', 'big', 'plain'] }), later).inherited.diskRead).toBeUndefined();
  });
});
