import { describe, expect, it } from 'vitest';
import { fromForm, toForm } from './profile-form-model';

const profile = {
  description: 'web',
  config: { 'limits.cpu': '2', 'environment.MODE': 'prod', 'security.nesting': 'true' },
  devices: { root: { type: 'disk', path: '/', pool: 'default' } },
};

describe('profile form model', () => {
  it('round-trips a profile, keeping the keys the form does not show', () => {
    expect(fromForm(toForm(profile), profile)).toEqual(profile);
  });

  it('applies form edits: a cleared limit is removed, new environment and devices are added', () => {
    const form = toForm(profile);
    form.limits['limits.cpu'] = '';
    form.limits['limits.memory'] = '512MB';
    form.environment.push({ name: 'TZ', value: 'UTC' });
    form.devices.push({ name: 'data', settings: 'type=disk\nsource=/srv\npath=/data' });
    expect(fromForm(form, profile)).toEqual({
      description: 'web',
      config: { 'security.nesting': 'true', 'limits.memory': '512MB', 'environment.MODE': 'prod', 'environment.TZ': 'UTC' },
      devices: { root: profile.devices.root, data: { type: 'disk', source: '/srv', path: '/data' } },
    });
  });

  it('names what cannot be read', () => {
    const form = toForm(profile);
    form.devices.push({ name: 'bad', settings: 'type=nic\nnonsense' });
    expect(() => fromForm(form, profile)).toThrow('device "bad", line 2: write each setting as key=value');
    form.devices[1] = { name: 'notype', settings: 'path=/x' };
    expect(() => fromForm(form, profile)).toThrow('device "notype" needs a type= line');
  });
});
