import { describe, expect, it } from 'vitest';
import { operationPhase } from './operation-phase';

const NOW = Date.parse('2026-06-01T12:00:00Z');
const op = (o: Partial<Parameters<typeof operationPhase>[0]>) => ({ class: 'task' as const, status: 'Running', status_code: 103, metadata: null, ...o });

describe('operationPhase', () => {
  it('shows a running task as running, finished ones as done', () => {
    expect(operationPhase(op({}), NOW)).toEqual({ label: 'Running', tone: 'blue', live: true });
    expect(operationPhase(op({ status: 'Success', status_code: 200 }), NOW).live).toBe(false);
    expect(operationPhase(op({ class: 'token', status: 'Cancelled', status_code: 401 }), NOW)).toEqual({ label: 'Cancelled', tone: 'red', live: false });
  });

  it('never calls a token running: it waits to be used, or has expired', () => {
    // An image download token (no expiry) as LXD 5.0 reports it.
    expect(operationPhase(op({ class: 'token' }), NOW)).toEqual({ label: 'Waiting to be used', tone: 'amber', live: true });
    expect(operationPhase(op({ class: 'token', metadata: { expiresAt: '2026-06-01T11:59:59Z' } }), NOW)).toEqual({ label: 'Expired', tone: 'grey', live: false });
    expect(operationPhase(op({ class: 'token', metadata: { expiresAt: '2026-06-01T12:30:00Z' } }), NOW).live).toBe(true);
    expect(operationPhase(op({ class: 'token', metadata: { expiresAt: '0001-01-01T00:00:00Z' } }), NOW).live).toBe(true);
  });
});
