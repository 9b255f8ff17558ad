import { describe, expect, it } from 'vitest';
import type { LiveEvent } from '@/lib/live';
import { viewFor } from './visibility';

const execOperation: LiveEvent = {
  daemon: 'd1',
  daemonName: 'alpha',
  type: 'operation',
  project: 'default',
  action: 'operation-running',
  instance: 'c1',
  timestamp: 't',
  operation: {
    id: 'op1',
    class: 'websocket',
    description: 'Executing command',
    status: 'Running',
    status_code: 103,
    resources: { instances: ['/1.0/instances/c1'] },
    may_cancel: false,
    err: '',
    created_at: 't',
    updated_at: 't',
    location: 'none',
    metadata: { command: ['sh', '-c', 'echo secret'], environment: { TOKEN: 'x' }, fds: { '0': 'fd-secret' } },
  },
};

const execLifecycle: LiveEvent = {
  daemon: 'd1',
  daemonName: 'alpha',
  type: 'lifecycle',
  project: 'default',
  action: 'instance-exec',
  instance: 'c1',
  timestamp: 't',
  context: { command: ['sh', '-c', 'echo secret'], type: 'container' },
  requestor: { username: 'root', address: '@' },
};

describe('viewFor', () => {
  it('gives a viewer no exec command or environment', () => {
    const view = viewFor('viewer', execOperation)!;
    expect(view.operation?.metadata ?? null).toBeNull();
    expect(view.operation).toMatchObject({ id: 'op1', class: 'websocket', description: 'Executing command', status: 'Running' });
    expect(JSON.stringify(view)).not.toContain('secret');
  });

  it('never passes on websocket secrets, even to operators and admins', () => {
    for (const audience of ['operator', 'admin'] as const) {
      const view = viewFor(audience, execOperation)!;
      expect(view.operation?.metadata).toEqual({ command: ['sh', '-c', 'echo secret'], environment: { TOKEN: 'x' } });
      expect(JSON.stringify(view)).not.toContain('fd-secret');
    }
  });

  it('shows a trust token operation to admins only', () => {
    const token: LiveEvent = { ...execOperation, operation: { ...execOperation.operation!, class: 'token', metadata: { secret: 's' } } };
    expect(viewFor('viewer', token)).toBeNull();
    expect(viewFor('operator', token)).toBeNull();
    expect(viewFor('admin', token)?.operation?.metadata).toEqual({ secret: 's' });
  });

  it('keeps only harmless lifecycle context for a viewer and drops the requestor', () => {
    const view = viewFor('viewer', execLifecycle)!;
    expect(view.context).toEqual({ type: 'container' });
    expect(view).not.toHaveProperty('requestor');
    expect(viewFor('operator', execLifecycle)).toBe(execLifecycle);
  });

  it('shows trust-store events to admins only', () => {
    for (const action of ['certificate-created', 'cluster-token-created']) {
      expect(viewFor('viewer', { ...execLifecycle, action, instance: undefined })).toBeNull();
      expect(viewFor('operator', { ...execLifecycle, action })).toBeNull();
      expect(viewFor('admin', { ...execLifecycle, action })).not.toBeNull();
    }
  });
});
