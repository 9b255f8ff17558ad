import { describe, expect, it } from 'vitest';
import { attributeConfig, INSTANCE_SOURCE, sourceLabel } from './config-sources';

const profile = (name: string) => ({ kind: 'profile' as const, name });

describe('attributeConfig', () => {
  const profiles = {
    default: {
      config: { 'limits.memory': '1GB', 'security.nesting': 'false' },
      devices: { root: { type: 'disk', path: '/', pool: 'default' }, eth0: { type: 'nic', network: 'lxdbr0' } },
    },
    big: {
      config: { 'limits.memory': '4GB', 'limits.cpu': '4' },
      devices: { root: { type: 'disk', path: '/', pool: 'fast', size: '50GB' } },
    },
  };

  it('lets a later profile win over an earlier one and remembers who lost', () => {
    const result = attributeConfig({ config: {}, devices: {} }, ['default', 'big'], profiles);
    const memory = result.config.find((c) => c.key === 'limits.memory')!;
    expect(memory).toEqual({
      key: 'limits.memory',
      value: '4GB',
      source: profile('big'),
      overridden: [{ source: profile('default'), value: '1GB' }],
    });
    expect(result.config.find((c) => c.key === 'security.nesting')!.source).toEqual(profile('default'));
  });

  it('follows the instance order, not the order of the profiles map', () => {
    const result = attributeConfig({ config: {}, devices: {} }, ['big', 'default'], profiles);
    expect(result.config.find((c) => c.key === 'limits.memory')).toMatchObject({ value: '1GB', source: profile('default') });
  });

  it('lets the instance win over every profile', () => {
    const result = attributeConfig(
      { config: { 'limits.memory': '512MB' }, devices: { root: { type: 'disk', path: '/', pool: 'local' } } },
      ['default', 'big'],
      profiles,
    );
    const memory = result.config.find((c) => c.key === 'limits.memory')!;
    expect(memory.source).toBe(INSTANCE_SOURCE);
    expect(memory.value).toBe('512MB');
    expect(memory.overridden.map((o) => sourceLabel(o.source))).toEqual(['profile default', 'profile big']);
  });

  it('replaces a device whole, never merging its keys', () => {
    const result = attributeConfig({ config: {}, devices: {} }, ['default', 'big'], profiles);
    const root = result.devices.find((d) => d.key === 'root')!;
    expect(root.value).toEqual({ type: 'disk', path: '/', pool: 'fast', size: '50GB' });
    expect(root.source).toEqual(profile('big'));
    expect(result.devices.find((d) => d.key === 'eth0')!.source).toEqual(profile('default'));
  });

  it('treats an unknown profile as empty and sorts keys', () => {
    const result = attributeConfig({ config: { 'user.b': '2', 'user.a': '1' }, devices: {} }, ['gone'], {});
    expect(result.config.map((c) => c.key)).toEqual(['user.a', 'user.b']);
    expect(result.devices).toEqual([]);
  });
});
