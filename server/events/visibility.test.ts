import { describe, expect, it } from 'vitest';
import type { LiveEvent } from '@/lib/live';
import { audienceOf, viewFor } from './visibility';

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

describe('audienceOf', () => {
  it('puts viewers apart from the roles that may read secrets', () => {
    expect(audienceOf('viewer')).toBe('viewer');
    expect(audienceOf('operator')).toBe('operator');
    expect(audienceOf('admin')).toBe('operator');
  });
});

describe('viewFor', () => {
  it('gives a viewer no operation metadata (commands, environment)', () => {
    const view = viewFor('viewer', execOperation)!;
    expect(view.operation).not.toHaveProperty('metadata');
    expect(view.operation).toMatchObject({ id: 'op1', class: 'websocket', description: 'Executing command', status: 'Running' });
    expect(JSON.stringify(view)).not.toContain('secret');
  });

  it('never passes on websocket secrets, even to operators', () => {
    const view = viewFor('operator', execOperation)!;
    expect(view.operation?.metadata).toEqual({ command: ['sh', '-c', 'echo secret'], environment: { TOKEN: 'x' } });
    expect(JSON.stringify(view)).not.toContain('fd-secret');
  });

  it('hides a trust token operation\'s metadata from everyone', () => {
    const token: LiveEvent = { ...execOperation, operation: { ...execOperation.operation!, class: 'token', metadata: { secret: 's' } } };
    expect(viewFor('operator', token)!.operation).not.toHaveProperty('metadata');
  });

  it('keeps only harmless lifecycle context for a viewer and drops the requestor', () => {
    const view = viewFor('viewer', execLifecycle)!;
    expect(view.context).toEqual({ type: 'container' });
    expect(view).not.toHaveProperty('requestor');
    expect(viewFor('operator', execLifecycle)).toBe(execLifecycle);
  });

  it('shows a viewer no trust-store events', () => {
    expect(viewFor('viewer', { ...execLifecycle, action: 'certificate-created', instance: undefined })).toBeNull();
    expect(viewFor('operator', { ...execLifecycle, action: 'certificate-created' })).not.toBeNull();
  });
});
