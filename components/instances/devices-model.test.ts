import { describe, expect, it } from 'vitest';
import { changedDevices, deviceProblems, draftOf, isEditableDevice, lxdDevice, newDevice } from './devices-model';

const ctx = { pools: ['default'], networks: [{ name: 'br0', config: { 'ipv4.address': '10.1.0.1/24', 'ipv6.address': 'none' } }] };

describe('devices model', () => {
  it('round-trips a device and leaves out empty fields', () => {
    const draft = draftOf('data', { type: 'disk', path: '/data', pool: 'default', source: 'vol1' });
    expect(draft).toEqual({ name: 'data', type: 'disk', values: { path: '/data', pool: 'default', source: 'vol1' } });
    expect(lxdDevice({ ...draft, values: { ...draft.values, size: ' ' } })).toEqual({ type: 'disk', path: '/data', pool: 'default', source: 'vol1' });
  });

  it('names new devices after the free slot of their kind', () => {
    expect(newDevice('nic', ['eth0', 'eth1']).name).toBe('eth2');
    expect(newDevice('disk', []).name).toBe('disk0');
  });

  it('allows static addresses only in the families the network hands out', () => {
    const nic = (values: Record<string, string>) => deviceProblems({ name: 'eth1', type: 'nic', values: { network: 'br0', ...values } }, ctx);
    expect(nic({ 'ipv4.address': '10.1.0.9' })).toEqual([]);
    expect(nic({ 'ipv6.address': 'fd00::9' })).toEqual(['eth1: network br0 hands out no IPv6 addresses, so a static one cannot be set']);
  });

  it('warns that only NICs on a bridge take bandwidth limits, as the daemon would refuse them', () => {
    const networks = [...ctx.networks, { name: 'mv0', type: 'macvlan', config: { parent: 'eth9' } }];
    const nic = (network: string, values: Record<string, string>) => deviceProblems({ name: 'eth1', type: 'nic', values: { network, ...values } }, { ...ctx, networks });
    expect(nic('mv0', { 'limits.ingress': '10Mbit' })).toEqual(['eth1: a NIC on macvlan network mv0 takes no limits.ingress (only NICs on a bridge do)']);
    expect(nic('mv0', {})).toEqual([]);
    expect(nic('br0', { 'limits.ingress': '10Mbit', 'limits.egress': '10Mbit' })).toEqual([]);
  });

  it('refuses a disk with no place to come from, and a relative path', () => {
    expect(deviceProblems({ name: 'd', type: 'disk', values: { path: 'data' } }, ctx)).toEqual([
      'd: the path must be absolute',
      'd: give a storage pool (with a volume as source) or a host path as source',
    ]);
  });

  it('replaces, renames and removes one device, leaving the others', () => {
    const devices = { root: { type: 'disk', path: '/', pool: 'default' }, web: { type: 'proxy', listen: 'tcp:127.0.0.1:1', connect: 'tcp:127.0.0.1:2' } };
    expect(changedDevices(devices, { remove: 'web' })).toEqual({ root: devices.root });
    const renamed = changedDevices(devices, { put: { name: 'site', type: 'proxy', values: { listen: 'tcp:127.0.0.1:3', connect: 'tcp:127.0.0.1:2' } }, replacing: 'web' });
    expect(Object.keys(renamed)).toEqual(['root', 'site']);
    expect(changedDevices(devices, { put: { name: 'root', type: 'disk', values: { path: '/', pool: 'default', size: '2GiB' } }, replacing: 'root' }).root.size).toBe('2GiB');
    expect(isEditableDevice({ type: 'gpu' })).toBe(false);
    expect(isEditableDevice({ type: 'nic', nictype: 'p2p' })).toBe(false);
  });
});
