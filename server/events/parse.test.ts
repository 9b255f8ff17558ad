import { describe, expect, it } from 'vitest';
import { parseLxdEvent, toLiveEvent } from './parse';

const daemon = { id: 'd1', name: 'alpha' };

describe('parseLxdEvent', () => {
  it('keeps lifecycle and operation events and drops everything else', () => {
    expect(parseLxdEvent('{"type":"logging","metadata":{}}')).toBeNull();
    expect(parseLxdEvent('not json')).toBeNull();
    expect(parseLxdEvent('{"type":"lifecycle"}')).toBeNull();
    expect(parseLxdEvent('{"type":"lifecycle","timestamp":"t","metadata":{"action":"instance-started"}}')?.type).toBe('lifecycle');
  });
});

describe('toLiveEvent', () => {
  it('names the instance and the status a lifecycle action implies', () => {
    const event = toLiveEvent(daemon, {
      type: 'lifecycle',
      timestamp: '2026-01-01T00:00:00Z',
      project: 'web',
      location: 'member2',
      metadata: { action: 'instance-started', source: '/1.0/instances/c1?project=web', requestor: { username: 'root' } },
    });
    expect(event).toMatchObject({
      daemon: 'd1',
      daemonName: 'alpha',
      type: 'lifecycle',
      project: 'web',
      action: 'instance-started',
      instance: 'c1',
      status: 'Running',
      location: 'member2',
      requestor: { username: 'root' },
    });
  });

  it('does not give a snapshot event a status for its instance', () => {
    const event = toLiveEvent(daemon, {
      type: 'lifecycle',
      timestamp: 't',
      metadata: { action: 'instance-snapshot-created', source: '/1.0/instances/c1/snapshots/snap0' },
    });
    expect(event.instance).toBe('c1');
    expect(event.status).toBeUndefined();
    expect(event.project).toBe('default');
  });

  it('turns an operation into operation-<status> about the instance of its resources', () => {
    const event = toLiveEvent(daemon, {
      type: 'operation',
      timestamp: 't',
      project: 'default',
      metadata: {
        id: 'op1',
        class: 'task',
        description: 'Starting instance',
        status: 'Success',
        status_code: 200,
        resources: { instances: ['/1.0/instances/my%20box'] },
      },
    });
    expect(event).toMatchObject({ type: 'operation', action: 'operation-success', instance: 'my box' });
    expect(event.operation?.id).toBe('op1');
  });
});
