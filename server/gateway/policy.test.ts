import { describe, expect, it } from 'vitest';
import { roleAllows, type Role } from '@/lib/roles';
import { decide, isRenameOnly, isRestoreOnly } from './policy';
import { parseGatewayUrl } from './path';

/** The least role that may send method+path, or 'deny'. */
function least(method: string, path: string): Role | 'deny' {
  const d = decide(method, path);
  return 'deny' in d ? 'deny' : d.role;
}

describe('gateway policy table', () => {
  it.each([
    // Viewers: only what is known to carry no secrets.
    ['GET', '/1.0', 'viewer'],
    ['GET', '/1.0/instances', 'viewer'],
    ['GET', '/1.0/instances/c1', 'viewer'],
    ['GET', '/1.0/instances/c1/state', 'viewer'],
    ['GET', '/1.0/instances/c1/snapshots', 'viewer'],
    ['GET', '/1.0/instances/c1/snapshots/s1', 'viewer'],
    ['GET', '/1.0/instances/c1/backups', 'viewer'],
    ['GET', '/1.0/instances/c1/backups/b', 'viewer'],
    ['GET', '/1.0/instances/c1/logs', 'viewer'],
    ['GET', '/1.0/instances/c1/logs/lxc.log', 'viewer'],
    ['GET', '/1.0/instances/c1/metadata', 'viewer'],
    ['GET', '/1.0/images', 'viewer'],
    ['GET', '/1.0/images/abc', 'viewer'],
    ['GET', '/1.0/images/aliases', 'viewer'],
    ['GET', '/1.0/images/aliases/busybox', 'viewer'],
    ['GET', '/1.0/profiles', 'viewer'],
    ['GET', '/1.0/profiles/default', 'viewer'],
    ['GET', '/1.0/storage-pools', 'viewer'],
    ['GET', '/1.0/storage-pools/default', 'viewer'],
    ['GET', '/1.0/storage-pools/default/resources', 'viewer'],
    ['GET', '/1.0/storage-pools/default/volumes', 'viewer'],
    ['GET', '/1.0/storage-pools/default/volumes/custom', 'viewer'],
    ['GET', '/1.0/storage-pools/default/volumes/custom/v1', 'viewer'],
    ['GET', '/1.0/storage-pools/default/volumes/custom/v1/snapshots', 'viewer'],
    ['GET', '/1.0/networks', 'viewer'],
    ['GET', '/1.0/networks/br0/state', 'viewer'],
    ['GET', '/1.0/network-acls', 'viewer'],
    ['GET', '/1.0/network-acls/web', 'viewer'],
    ['GET', '/1.0/projects/default', 'viewer'],
    ['GET', '/1.0/cluster', 'viewer'],
    ['GET', '/1.0/cluster/members/member1', 'viewer'],
    ['GET', '/1.0/operations', 'viewer'],
    ['GET', '/1.0/operations/x', 'viewer'],
    ['GET', '/1.0/operations/x/wait', 'viewer'],
    ['GET', '/1.0/warnings', 'viewer'],
    ['GET', '/1.0/resources', 'viewer'],
    ['HEAD', '/1.0/instances', 'viewer'],
    // Operators: what is inside an instance, same trust as a terminal.
    ['GET', '/1.0/instances/c1/files', 'operator'],
    ['GET', '/1.0/instances/c1/console', 'operator'],
    ['GET', '/1.0/instances/c1/backups/b/export', 'operator'],
    ['GET', '/1.0/instances/c1/logs/lxc.conf', 'operator'],
    ['GET', '/1.0/instances/c1/logs/exec_0123.stdout', 'operator'],
    ['GET', '/1.0/instances/c1/logs/console.log', 'operator'],
    ['GET', '/1.0/instances/c1/metadata/templates', 'operator'],
    // Admins: the trust store, image exports, volume backups, anything not known.
    ['GET', '/1.0/certificates', 'admin'],
    ['GET', '/1.0/certificates/abc', 'admin'],
    ['GET', '/1.0/images/abc/export', 'admin'],
    ['GET', '/1.0/storage-pools/default/volumes/custom/v1/backups', 'admin'],
    ['GET', '/1.0/storage-pools/default/volumes/custom/v1/backups/b/export', 'admin'],
    ['GET', '/1.0/network-zones', 'admin'],
    ['GET', '/1.0/network-acls/web/log', 'admin'],
    ['GET', '/1.0/metrics', 'admin'],
    ['GET', '/1.0/some-future-endpoint', 'admin'],
    ['GET', '/1.0/instances/c1/some-future-endpoint', 'admin'],
    // Writes.
    ['PUT', '/1.0/instances/c1/state', 'operator'],
    ['POST', '/1.0/instances/c1/exec', 'operator'],
    ['POST', '/1.0/instances/c1/console', 'operator'],
    ['DELETE', '/1.0/instances/c1/console', 'operator'],
    ['POST', '/1.0/instances/c1/files', 'operator'],
    ['DELETE', '/1.0/instances/c1/files', 'operator'],
    ['POST', '/1.0/instances/c1/snapshots', 'operator'],
    ['PUT', '/1.0/instances/c1/snapshots/s1', 'operator'],
    ['DELETE', '/1.0/instances/c1/snapshots/s1', 'operator'],
    ['DELETE', '/1.0/operations/x', 'operator'],
    ['POST', '/1.0/instances/c1/snapshots/s1', 'admin'],
    ['PUT', '/1.0/instances/c1', 'admin'],
    ['PATCH', '/1.0/instances/c1', 'admin'],
    ['POST', '/1.0/instances', 'admin'],
    ['DELETE', '/1.0/instances/c1', 'admin'],
    ['POST', '/1.0/instances/c1', 'admin'],
    ['POST', '/1.0/instances/c1/backups', 'admin'],
    ['POST', '/1.0/images', 'admin'],
    ['DELETE', '/1.0/images/abc', 'admin'],
    ['POST', '/1.0/profiles', 'admin'],
    ['PUT', '/1.0/profiles/default', 'admin'],
    ['POST', '/1.0/certificates', 'admin'],
    ['DELETE', '/1.0/certificates/abc', 'admin'],
    ['PUT', '/1.0', 'admin'],
    ['PUT', '/1.0/instances/c1/files', 'admin'],
    // Nobody.
    ['GET', '/1.0/operations/x/websocket', 'deny'],
    ['GET', '/1.0/events', 'deny'],
    ['GET', '/1.0/instances/c1/sftp', 'deny'],
    ['GET', '/1.0/storage-pools/default/volumes/custom/v1/sftp', 'deny'],
    ['TRACE', '/1.0', 'deny'],
    ['CONNECT', '/1.0', 'deny'],
  ])('%s %s needs %s', (method, path, role) => {
    expect(least(method, path)).toBe(role);
  });

  it('decides the same for every alias of an instance path', () => {
    for (const rest of ['', '/state', '/files', '/console', '/logs/lxc.conf', '/logs/lxc.log', '/logs/exec_1.stdout', '/backups/b/export', '/snapshots/s1', '/metadata/templates']) {
      for (const method of ['GET', 'POST', 'PUT', 'DELETE']) {
        const want = decide(method, `/1.0/instances/c1${rest}`);
        expect(decide(method, `/1.0/containers/c1${rest}`), `${method} containers${rest}`).toEqual(want);
        expect(decide(method, `/1.0/virtual-machines/c1${rest}`), `${method} virtual-machines${rest}`).toEqual(want);
      }
    }
  });

  it('decides on the path the daemon will see, however it is percent-encoded', () => {
    for (const spelling of ['lxc.con%66', '%6cxc.conf', '%6C%78%63.conf', 'lxc.%63onf']) {
      const parsed = parseGatewayUrl(`/api/v1/daemons/d/lxd/1.0/instances/c1/logs/${spelling}`);
      expect(parsed.ok && least('GET', parsed.path)).toBe('operator');
    }
    const certs = parseGatewayUrl('/api/v1/daemons/d/lxd/1.0/%63ertificates');
    expect(certs.ok && least('GET', certs.path)).toBe('admin');
  });

  it('lets an operator restore a snapshot with PUT, and nothing else', () => {
    const d = decide('PUT', '/1.0/instances/c1');
    expect('deny' in d ? null : d.narrower?.role).toBe('operator');
    expect(isRestoreOnly({ restore: 'snap0' })).toBe(true);
    expect(isRestoreOnly({ restore: 'snap0', stateful: false })).toBe(true);
    expect(isRestoreOnly({ restore: 'snap0', config: { 'limits.memory': '1GB' } })).toBe(false);
    expect(isRestoreOnly({ config: {} })).toBe(false);
    expect(isRestoreOnly([])).toBe(false);
    expect(isRestoreOnly(null)).toBe(false);
  });

  it('lets an operator rename a snapshot with POST, never migrate it or send it to a target', () => {
    const d = decide('POST', '/1.0/instances/c1/snapshots/s1');
    expect('deny' in d ? null : d.narrower?.role).toBe('operator');
    expect(isRenameOnly({ name: 's2' })).toBe(true);
    expect(isRenameOnly({ name: 's2', migration: true })).toBe(false);
    expect(isRenameOnly({ name: 's2', migration: false, target: { operation: 'https://evil.example' } })).toBe(false);
    expect(isRenameOnly({ migration: true })).toBe(false);
    expect(isRenameOnly({ name: 's2', live: true })).toBe(false);
    expect(isRenameOnly('s2')).toBe(false);
  });

  it('records operators\' reads of files, console and backup exports', () => {
    for (const path of ['/1.0/instances/c1/files', '/1.0/instances/c1/console', '/1.0/containers/c1/backups/b/export']) {
      const d = decide('GET', path);
      expect('deny' in d ? null : d.audit).toBe(true);
    }
    const plain = decide('GET', '/1.0/instances/c1');
    expect('deny' in plain ? null : plain.audit).toBeUndefined();
  });

  it('orders roles viewer < operator < admin', () => {
    expect(roleAllows('admin', 'operator')).toBe(true);
    expect(roleAllows('operator', 'admin')).toBe(false);
    expect(roleAllows('viewer', 'viewer')).toBe(true);
  });
});
