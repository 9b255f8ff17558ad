import { describe, expect, it } from 'vitest';
import { roleAllows, type Role } from '@/lib/roles';
import { decide, HIDDEN, isRestoreOnly, redactEnvironment } from './policy';

/** The least role that may send method+path, or 'deny'. */
function least(method: string, path: string): Role | 'deny' {
  const d = decide(method, path);
  return 'deny' in d ? 'deny' : d.role;
}

describe('gateway policy table', () => {
  it.each([
    ['GET', '/1.0', 'viewer'],
    ['GET', '/1.0/instances', 'viewer'],
    ['GET', '/1.0/instances/c1/state', 'viewer'],
    ['GET', '/1.0/images', 'viewer'],
    ['GET', '/1.0/operations/x/wait', 'viewer'],
    ['GET', '/1.0/certificates', 'operator'],
    ['GET', '/1.0/certificates/abc', 'operator'],
    ['GET', '/1.0/instances/c1/files', 'operator'],
    ['GET', '/1.0/instances/c1/backups/b/export', 'operator'],
    ['GET', '/1.0/instances/c1/console', 'operator'],
    ['GET', '/1.0/instances/c1/logs/lxc.conf', 'operator'],
    ['GET', '/1.0/instances/c1/logs/lxc.log', 'viewer'],
    ['GET', '/1.0/operations', 'operator'],
    ['PUT', '/1.0/instances/c1/state', 'operator'],
    ['POST', '/1.0/instances/c1/exec', 'operator'],
    ['POST', '/1.0/instances/c1/console', 'operator'],
    ['POST', '/1.0/instances/c1/snapshots', 'operator'],
    ['POST', '/1.0/instances/c1/snapshots/s1', 'operator'],
    ['DELETE', '/1.0/instances/c1/snapshots/s1', 'operator'],
    ['DELETE', '/1.0/operations/x', 'operator'],
    ['PUT', '/1.0/instances/c1', 'admin'],
    ['PATCH', '/1.0/instances/c1', 'admin'],
    ['POST', '/1.0/instances', 'admin'],
    ['DELETE', '/1.0/instances/c1', 'admin'],
    ['POST', '/1.0/instances/c1', 'admin'],
    ['POST', '/1.0/images', 'admin'],
    ['DELETE', '/1.0/images/abc', 'admin'],
    ['POST', '/1.0/profiles', 'admin'],
    ['PUT', '/1.0/profiles/default', 'admin'],
    ['POST', '/1.0/certificates', 'admin'],
    ['DELETE', '/1.0/certificates/abc', 'admin'],
    ['PUT', '/1.0', 'admin'],
    ['PUT', '/1.0/instances/c1/files', 'admin'],
    ['GET', '/1.0/operations/x/websocket', 'deny'],
    ['GET', '/1.0/events', 'deny'],
    ['GET', '/1.0/instances/c1/sftp', 'deny'],
    ['TRACE', '/1.0', 'deny'],
    ['CONNECT', '/1.0', 'deny'],
  ])('%s %s needs %s', (method, path, role) => {
    expect(least(method, path)).toBe(role);
  });

  it('lets an operator restore a snapshot with PUT, and nothing else', () => {
    const d = decide('PUT', '/1.0/instances/c1');
    expect('deny' in d ? null : d.restoreOnlyFor).toBe('operator');
    expect(isRestoreOnly({ restore: 'snap0' })).toBe(true);
    expect(isRestoreOnly({ restore: 'snap0', stateful: false })).toBe(true);
    expect(isRestoreOnly({ restore: 'snap0', config: { 'limits.memory': '1GB' } })).toBe(false);
    expect(isRestoreOnly({ config: {} })).toBe(false);
    expect(isRestoreOnly([])).toBe(false);
    expect(isRestoreOnly(null)).toBe(false);
  });

  it('orders roles viewer < operator < admin', () => {
    expect(roleAllows('admin', 'operator')).toBe(true);
    expect(roleAllows('operator', 'admin')).toBe(false);
    expect(roleAllows('viewer', 'viewer')).toBe(true);
  });
});

describe('redactEnvironment', () => {
  it('hides environment.* values in config and expanded_config at any depth', () => {
    const input = {
      metadata: [
        {
          name: 'c1',
          config: { 'environment.DB_PASSWORD': 's3cret', 'limits.memory': '1GB' },
          expanded_config: { 'environment.TOKEN': 'x', 'image.os': 'busybox' },
        },
      ],
    };
    const out = redactEnvironment(input) as typeof input;
    expect(out.metadata[0].config).toEqual({ 'environment.DB_PASSWORD': HIDDEN, 'limits.memory': '1GB' });
    expect(out.metadata[0].expanded_config).toEqual({ 'environment.TOKEN': HIDDEN, 'image.os': 'busybox' });
    expect(JSON.stringify(out)).not.toContain('s3cret');
  });
});
