import { describe, expect, it } from 'vitest';
import type { LxdOperation } from '@/lib/lxd-types';
import { safeMetadata, toFleetOperation } from './operations';

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

describe('operation metadata in the fleet list', () => {
  it('keeps task progress', () => {
    expect(safeMetadata(op({ metadata: { download_progress: '45%' } }))).toEqual({ download_progress: '45%' });
  });

  it('drops websocket fds and token secrets', () => {
    expect(safeMetadata(op({ class: 'websocket', metadata: { fds: { '0': 'abc', control: 'def' } } }))).toBeNull();
    expect(safeMetadata(op({ class: 'token', metadata: { secret: 's3cret', fingerprint: 'f' } }))).toBeNull();
    expect(safeMetadata(op({ metadata: { secret: 's', progress: { percent: '5' } } }))).toEqual({ progress: { percent: '5' } });
  });

  it('keeps only the expiry of a token', () => {
    const expiresAt = '2026-01-01T01:00:00Z';
    expect(safeMetadata(op({ class: 'token', metadata: { secret: 's3cret', expiresAt, request: { token: 't' } } }))).toEqual({ expiresAt });
  });

  it('names the daemon', () => {
    expect(toFleetOperation({ id: 'd1', name: 'alpha' }, op({})).daemon).toEqual({ id: 'd1', name: 'alpha' });
  });
});
