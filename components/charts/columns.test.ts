import { describe, expect, it } from 'vitest';
import type { HistoryPoint } from '@/lib/history';
import { hasValues, toColumns } from './columns';

const point = (at: number, cpu: number | null): HistoryPoint => ({
  at,
  cpu,
  memoryBytes: 100,
  processes: 1,
  networkRxBps: null,
  networkTxBps: null,
  diskBytes: null,
});

describe('toColumns', () => {
  it('turns points into columns with times in seconds', () => {
    const c = toColumns([point(10_000, 0.5), point(20_000, 1)], 10_000);
    expect(c.times).toEqual([10, 20]);
    expect(c.cpu).toEqual([0.5, 1]);
    expect(c.memoryBytes).toEqual([100, 100]);
  });

  it('breaks the line where samples are missing', () => {
    const c = toColumns([point(10_000, 0.5), point(20_000, 1), point(90_000, 2)], 10_000);
    expect(c.times).toEqual([10, 20, 30, 90]);
    expect(c.cpu).toEqual([0.5, 1, null, 2]);
  });

  it('knows when a column has nothing to draw', () => {
    const c = toColumns([point(10_000, null)], 10_000);
    expect(hasValues(c.cpu)).toBe(false);
    expect(hasValues(c.memoryBytes)).toBe(true);
  });
});
