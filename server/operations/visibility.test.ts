import { describe, expect, it } from 'vitest';
import type { LxdOperation } from '@/lib/lxd-types';
import { ROLES } from '@/lib/roles';
import { toFleetOperation } from './operations';
import { operationFor } from './visibility';

const op = (overrides: Partial<LxdOperation>): LxdOperation => ({
  id: 'x',
  class: 'task',
  description: 'Downloading image',
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
  status: 'Running',
  status_code: 103,
  resources: null,
  metadata: null,
  may_cancel: false,
  err: '',
  location: 'none',
  ...overrides,
});

// Shaped like LXD 5.0's replies (exec, a trust token, a snapshot migration source).
const exec = op({
  class: 'websocket',
  description: 'Executing command',
  metadata: { command: ['sh', '-c', 'echo hi'], environment: { TOKEN: 'env-secret' }, fds: { '0': 'fd-secret', control: 'ctl-secret' }, interactive: true },
});
const trust = op({ class: 'token', description: 'Executing operation', metadata: { secret: 'trust-secret', fingerprint: 'f', addresses: ['127.0.0.1:8443'], request: { name: 'x' } } });
const migration = op({ class: 'websocket', description: 'Migrating snapshot', metadata: { control: 'ctl-secret', fs: 'fs-secret', criu: 'criu-secret' } });

describe('operationFor', () => {
  it('keeps task progress for operators and admins and drops secret-named keys', () => {
    for (const role of ['operator', 'admin'] as const) {
      expect(operationFor(role, op({ metadata: { download_progress: '45%', secret: 's', token: 't' } }))?.metadata).toEqual({ download_progress: '45%' });
    }
  });

  it('never passes on websocket secrets (exec fds, migration control/fs/criu), to anyone', () => {
    for (const role of ROLES) {
      const text = JSON.stringify([operationFor(role, exec), operationFor(role, migration)]);
      expect(text).not.toMatch(/fd-secret|ctl-secret|fs-secret|criu-secret/);
    }
    expect(operationFor('operator', exec)?.metadata).toEqual({ command: ['sh', '-c', 'echo hi'], environment: { TOKEN: 'env-secret' }, interactive: true });
    expect(operationFor('admin', migration)?.metadata).toEqual({});
  });

  it('shows a viewer no operation metadata: no exec command or environment', () => {
    expect(operationFor('viewer', exec)).toMatchObject({ id: 'x', class: 'websocket', description: 'Executing command', metadata: null });
    expect(operationFor('viewer', op({ metadata: { command: ['x'], environment: { A: 'b' }, return: 0 } }))?.metadata).toBeNull();
  });

  it('makes trust and join token operations (and unknown classes) invisible below admin', () => {
    expect(operationFor('viewer', trust)).toBeNull();
    expect(operationFor('operator', trust)).toBeNull();
    expect(operationFor('operator', op({ class: 'something-new' as LxdOperation['class'] }))).toBeNull();
    expect(operationFor('admin', trust)).toBe(trust);
  });
});

describe('toFleetOperation', () => {
  it('names the daemon', () => {
    expect(toFleetOperation({ id: 'd1', name: 'alpha' }, op({})).daemon).toEqual({ id: 'd1', name: 'alpha' });
  });
});
