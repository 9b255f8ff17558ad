import { describe, expect, it } from 'vitest';
import { deviceReferences, isInstanceWrite } from './preflight';

describe('isInstanceWrite', () => {
  it('checks creates and whole-instance updates only', () => {
    expect(isInstanceWrite('POST', '/1.0/instances')).toBe(true);
    expect(isInstanceWrite('PATCH', '/1.0/instances/c1')).toBe(true);
    expect(isInstanceWrite('PUT', '/1.0/containers/c1')).toBe(true);
    expect(isInstanceWrite('POST', '/1.0/instances/c1')).toBe(false); // rename, migrate
    expect(isInstanceWrite('PUT', '/1.0/instances/c1/state')).toBe(false);
    expect(isInstanceWrite('GET', '/1.0/instances')).toBe(false);
  });
});

describe('deviceReferences', () => {
  it('collects the pools of disks and the networks of NICs, with the first device naming each', () => {
    const refs = deviceReferences({
      root: { type: 'disk', path: '/', pool: 'default' },
      data: { type: 'disk', path: '/data', pool: 'fast' },
      more: { type: 'disk', path: '/more', pool: 'fast' },
      host: { type: 'disk', path: '/mnt', source: '/srv' },
      eth0: { type: 'nic', network: 'br0' },
      eth1: { type: 'nic', nictype: 'p2p' },
      web: { type: 'proxy', listen: 'tcp:127.0.0.1:80', connect: 'tcp:127.0.0.1:80' },
      gone: null,
    });
    expect([...refs.pools]).toEqual([['default', 'root'], ['fast', 'data']]);
    expect([...refs.networks]).toEqual([['br0', 'eth0']]);
  });
});
