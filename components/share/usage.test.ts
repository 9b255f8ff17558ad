import { describe, expect, it } from 'vitest';
import { cpuLimitCount, memoryLimitBytes, processLimit } from '@/lib/limits';
import { cpuCores, fraction } from './usage';

describe('share usage figures', () => {
  it('computes CPUs in use from two samples', () => {
    expect(cpuCores({ cpuSeconds: 10, at: 0 }, { cpuSeconds: 12.5, at: 5000 })).toBe(0.5);
    expect(cpuCores(undefined, { cpuSeconds: 1, at: 1 })).toBeNull();
    expect(cpuCores({ cpuSeconds: 10, at: 5000 }, { cpuSeconds: 11, at: 5000 })).toBeNull();
    // A restarted instance starts counting again from zero.
    expect(cpuCores({ cpuSeconds: 10, at: 0 }, { cpuSeconds: 1, at: 5000 })).toBeNull();
  });

  it('reads CPU limits as counts or sets', () => {
    expect(cpuLimitCount('2')).toBe(2);
    expect(cpuLimitCount('0-1,4')).toBe(3);
    expect(cpuLimitCount('3')).toBe(3);
    expect(cpuLimitCount(undefined)).toBeNull();
    expect(cpuLimitCount('2-1')).toBeNull();
    expect(cpuLimitCount('abc')).toBeNull();
  });

  it('reads memory and process limits', () => {
    expect(memoryLimitBytes('256MB', null)).toBe(256e6);
    expect(memoryLimitBytes('1GiB', null)).toBe(2 ** 30);
    expect(memoryLimitBytes('50%', null)).toBeNull();
    expect(memoryLimitBytes(undefined, null)).toBeNull();
    expect(processLimit('200')).toBe(200);
    expect(processLimit('x')).toBeNull();
  });

  it('caps fractions at one and needs both figures', () => {
    expect(fraction(50, 200)).toBe(0.25);
    expect(fraction(300, 200)).toBe(1);
    expect(fraction(null, 200)).toBeNull();
    expect(fraction(1, null)).toBeNull();
  });
});
