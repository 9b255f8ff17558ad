import { describe, expect, it } from 'vitest';
import { parseGatewayUrl } from './path';

const base = '/api/v1/daemons/abc/lxd';

describe('parseGatewayUrl', () => {
  it.each([
    ['/1.0', '/1.0', ''],
    ['/1.0/instances?recursion=1', '/1.0/instances', 'recursion=1'],
    ['/1.0/instances/c%20one/state?project=p%2Fx', '/1.0/instances/c%20one/state', 'project=p%2Fx'],
    ['/1.0/operations/5e1c/wait?timeout=30', '/1.0/operations/5e1c/wait', 'timeout=30'],
  ])('forwards %s', (rest, path, query) => {
    expect(parseGatewayUrl(base + rest)).toEqual({ ok: true, daemon: 'abc', path, query });
  });

  it.each([
    ['/1.0/../internal', 'dot'],
    ['/1.0/./instances', 'dot'],
    ['/1.0/%2e%2e/x', 'encoded'],
    ['/1.0/%2E%2E/x', 'encoded'],
    ['/1.0/instances%2f..%2f..%2fx', 'encoded'],
    ['/1.0/instances/%5c..', 'encoded'],
    ['/1.0//instances', 'empty'],
    ['//evil.example/1.0', '/1.0'],
    ['/2.0/instances', '/1.0'],
    ['/internal/1.0', '/1.0'],
    ['/1.0x/instances', '/1.0'],
    ['', '/1.0'],
    ['/1.0/instances\\..\\x', 'backslash'],
    ['/1.0/in%00stances', 'encoded'],
    ['/1.0/%zz', 'encoding'],
  ])('refuses %s', (rest, reason) => {
    const result = parseGatewayUrl(base + rest);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain(reason);
  });

  it('refuses absolute URLs and other prefixes', () => {
    expect(parseGatewayUrl('http://evil.example/1.0').ok).toBe(false);
    expect(parseGatewayUrl('/api/v1/daemons/abc/lxdx/1.0').ok).toBe(false);
  });

  it.each([
    ['/1.0/instances/c1/logs/lxc.con%66', '/1.0/instances/c1/logs/lxc.conf'],
    ['/1.0/instances/c1/logs/%6cxc.conf', '/1.0/instances/c1/logs/lxc.conf'],
    ['/1.0/instance%73/c1/logs/%6C%58c.conf', '/1.0/instances/c1/logs/lXc.conf'],
    ['/1.0/%63ertificates', '/1.0/certificates'],
    ['/1.0/instances/c1/logs/exec%5F1.stdout', '/1.0/instances/c1/logs/exec_1.stdout'],
    ['/1.0/instances/c%20one%7e', '/1.0/instances/c%20one~'],
  ])('decodes unreserved characters in %s before the policy sees it', (rest, path) => {
    const r = parseGatewayUrl(base + rest);
    expect(r.ok && r.path).toBe(path);
  });

  it('decodes the daemon id', () => {
    const r = parseGatewayUrl('/api/v1/daemons/my%20daemon/lxd/1.0');
    expect(r.ok && r.daemon).toBe('my daemon');
  });
});
