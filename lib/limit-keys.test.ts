import { describe, expect, it } from 'vitest';
import { apiKeyToLimit, limitKeyToApi, limitsOf } from './limit-keys';

describe('limit key names', () => {
  it.each([
    ['limits.cpu', 'cpu'],
    ['limits.cpu.allowance', 'cpuAllowance'],
    ['limits.memory.swap.priority', 'memorySwapPriority'],
    ['limits.processes', 'processes'],
  ])('%s ↔ %s', (lxd, api) => {
    expect(limitKeyToApi(lxd)).toBe(api);
    expect(apiKeyToLimit(api)).toBe(lxd);
  });

  it('picks only limits.* keys', () => {
    expect(limitsOf({ 'limits.memory': '1GB', 'image.os': 'x' })).toEqual({ memory: '1GB' });
  });
});
