import { describe, expect, it } from 'vitest';
import { capDetails, gatewayAction, gatewayReadAction, MAX_DETAILS_JSON, routeAction } from './actions';

describe('gatewayAction', () => {
  it('tells the state changes apart by the body of PUT …/state', () => {
    for (const verb of ['start', 'stop', 'restart', 'freeze', 'unfreeze']) {
      expect(gatewayAction('PUT', '/1.0/instances/web/state', '', { action: verb, timeout: 30 })).toEqual({ action: `instance.${verb}`, instance: 'web' });
    }
    expect(gatewayAction('PUT', '/1.0/instances/web/state', 'project=dev', { action: 'stop', force: true })).toEqual({
      action: 'instance.stop',
      instance: 'web',
      details: { force: true, project: 'dev' },
    });
    expect(gatewayAction('PUT', '/1.0/instances/web/state', '', undefined).action).toBe('instance.state');
  });

  it('names the instance a create makes, and a copy', () => {
    expect(gatewayAction('POST', '/1.0/instances', '', { name: 'web', source: { type: 'image', alias: 'busybox' } })).toEqual({
      action: 'instance.create',
      instance: 'web',
      details: { source: 'busybox', sourceType: 'image' },
    });
    expect(gatewayAction('POST', '/1.0/instances', '', { name: 'web2', source: { type: 'copy', source: 'web' } })).toMatchObject({
      action: 'instance.copy',
      instance: 'web2',
      details: { source: 'web' },
    });
  });

  it('shows a rename’s new name, a move’s target, and a delete', () => {
    expect(gatewayAction('POST', '/1.0/instances/web', '', { name: 'web-new' })).toEqual({ action: 'instance.rename', instance: 'web', details: { newName: 'web-new' } });
    expect(gatewayAction('POST', '/1.0/containers/web', '', { migration: true, target: 'member2' })).toMatchObject({
      action: 'instance.move',
      details: { target: 'member2' },
    });
    expect(gatewayAction('DELETE', '/1.0/virtual-machines/vm%201', '', undefined)).toEqual({ action: 'instance.delete', instance: 'vm 1' });
  });

  it('tells a restore from a config save, with the keys saved', () => {
    expect(gatewayAction('PUT', '/1.0/instances/web', '', { restore: 'snap0' })).toEqual({ action: 'snapshot.restore', instance: 'web', details: { snapshot: 'snap0' } });
    expect(gatewayAction('PATCH', '/1.0/instances/web', '', { config: { 'limits.cpu': '1', 'boot.autostart': 'true' } })).toEqual({
      action: 'config.update',
      instance: 'web',
      details: { keys: ['limits.cpu', 'boot.autostart'] },
    });
    expect(gatewayAction('PUT', '/1.0/instances/web', '', { config: {}, devices: {}, profiles: ['default'] })).toEqual({
      action: 'config.update',
      instance: 'web',
      details: { fields: ['devices', 'profiles'] },
    });
  });

  it('covers snapshots, files, backups and exec', () => {
    expect(gatewayAction('POST', '/1.0/instances/web/snapshots', '', { name: 's1' })).toEqual({ action: 'snapshot.create', instance: 'web', details: { snapshot: 's1' } });
    expect(gatewayAction('POST', '/1.0/instances/web/snapshots/s1', '', { name: 's2' })).toEqual({
      action: 'snapshot.rename',
      instance: 'web',
      details: { snapshot: 's1', newName: 's2' },
    });
    expect(gatewayAction('DELETE', '/1.0/instances/web/snapshots/s1', '', undefined)).toEqual({ action: 'snapshot.delete', instance: 'web', details: { snapshot: 's1' } });
    expect(gatewayAction('POST', '/1.0/instances/web/files', 'path=%2Fetc%2Fmotd', undefined)).toEqual({ action: 'file.write', instance: 'web', details: { path: '/etc/motd' } });
    expect(gatewayAction('DELETE', '/1.0/instances/web/files', 'path=/tmp/x', undefined).action).toBe('file.delete');
    expect(gatewayAction('POST', '/1.0/instances/web/backups', '', { name: 'b1' }).action).toBe('backup.create');
    expect(gatewayAction('POST', '/1.0/instances/web/exec', '', { command: ['ls'] })).toEqual({ action: 'instance.exec', instance: 'web', details: { command: ['ls'] } });
  });

  it('gives every other daemon write a noun and a verb', () => {
    expect(gatewayAction('POST', '/1.0/profiles', '', { name: 'p1' })).toEqual({ action: 'profile.create', details: { name: 'p1' } });
    expect(gatewayAction('POST', '/1.0/profiles/p1', '', { name: 'p2' })).toEqual({ action: 'profile.rename', details: { name: 'p1', newName: 'p2' } });
    expect(gatewayAction('PATCH', '/1.0/storage-pools/default', '', {}).action).toBe('storage-pool.update');
    expect(gatewayAction('POST', '/1.0/storage-pools/default/volumes/custom', '', { name: 'v' })).toMatchObject({ action: 'volume.create', details: { pool: 'default', volume: 'v' } });
    expect(gatewayAction('DELETE', '/1.0/images/abc', '', undefined)).toEqual({ action: 'image.delete', details: { name: 'abc' } });
    expect(gatewayAction('DELETE', '/1.0/operations/123', '', undefined).action).toBe('operation.cancel');
    expect(gatewayAction('PATCH', '/1.0', '', {}).action).toBe('server.update');
  });
});

describe('gatewayReadAction', () => {
  it('names the reads that hand out what is inside an instance', () => {
    expect(gatewayReadAction('/1.0/instances/web/files', 'path=%2Fetc%2Fshadow')).toEqual({ action: 'file.read', instance: 'web', details: { path: '/etc/shadow' } });
    expect(gatewayReadAction('/1.0/instances/web/console', 'project=dev')).toEqual({ action: 'console.read', instance: 'web', details: { project: 'dev' } });
    expect(gatewayReadAction('/1.0/containers/web/backups/b1/export', '')).toEqual({ action: 'backup.export', instance: 'web', details: { backup: 'b1' } });
    for (const path of ['/1.0/instances', '/1.0/instances/web', '/1.0/instances/web/state', '/1.0/instances/web/logs', '/1.0/images/abc', '/1.0']) {
      expect(gatewayReadAction(path, ''), path).toBeUndefined();
    }
  });
});

describe('routeAction', () => {
  it('names the changes of Hangar’s own routes', () => {
    expect(routeAction('POST', '/api/v1/users')).toEqual({ action: 'user.create' });
    expect(routeAction('PATCH', '/api/v1/users/bob')).toEqual({ action: 'user.update', details: { username: 'bob' } });
    expect(routeAction('DELETE', '/api/v1/users/bob').action).toBe('user.delete');
    expect(routeAction('DELETE', '/api/v1/users/bob/sessions').action).toBe('session.end');
    expect(routeAction('POST', '/api/v1/tokens').action).toBe('token.create');
    expect(routeAction('DELETE', '/api/v1/tokens/t1').action).toBe('token.delete');
    expect(routeAction('POST', '/api/v1/shares').action).toBe('share.create');
    expect(routeAction('DELETE', '/api/v1/shares/s1').action).toBe('share.delete');
    expect(routeAction('POST', '/api/v1/daemons').action).toBe('daemon.create');
    expect(routeAction('PATCH', '/api/v1/daemons/d1').action).toBe('daemon.update');
    expect(routeAction('DELETE', '/api/v1/daemons/d1').action).toBe('daemon.delete');
    expect(routeAction('PATCH', '/api/v1/daemons/d1/instances/web/limits')).toEqual({ action: 'limits.update', instance: 'web' });
    expect(routeAction('POST', '/api/v1/limits/bulk').action).toBe('limits.update');
    expect(routeAction('POST', '/api/v1/limits/presets/small/apply')).toEqual({ action: 'limits.update', details: { preset: 'small' } });
    expect(routeAction('POST', '/api/v1/limits/presets').action).toBe('preset.create');
    expect(routeAction('DELETE', '/api/v1/limits/presets/small').action).toBe('preset.delete');
    expect(routeAction('POST', '/api/v1/me/password').action).toBe('password.change');
    expect(routeAction('POST', '/api/v1/images/copy').action).toBe('image.copy');
  });
});

describe('capDetails', () => {
  it('keeps a record small whatever was sent', () => {
    const huge = { keys: Array.from({ length: 5000 }, (_, i) => `key.${i}`), value: 'x'.repeat(30_000_000) };
    const capped = capDetails(huge)!;
    expect(JSON.stringify(capped).length).toBeLessThanOrEqual(MAX_DETAILS_JSON);
    expect((capped.keys as string[]).at(-1)).toBe('… 4980 more');
    expect(capDetails({ a: undefined, b: [] })).toBeUndefined();
  });
});
