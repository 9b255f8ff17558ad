import { describe, expect, it } from 'vitest';
import type { LxdOperation } from '@/lib/lxd-types';
import { toFleetOperation } from './operations';

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

describe('the fleet list of operations', () => {
  it('names the daemon', () => {
    expect(toFleetOperation({ id: 'd1', name: 'alpha' }, op({})).daemon).toEqual({ id: 'd1', name: 'alpha' });
  });
});
