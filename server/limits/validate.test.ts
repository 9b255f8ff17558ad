import { describe, expect, it } from 'vitest';
import { checkLimit, formatCpuSet, parseCpuLimit, parseLimitChanges, type LimitName } from '@/lib/limits';
import { LimitValidationError, requireValidChanges, requireValidFor } from './validate';

const host = { hostCpus: [0, 1] };
const ok = (name: LimitName, value: string, ctx = {}) => expect(checkLimit(name, value, ctx), `${name}=${value}`).toBeNull();
const bad = (name: LimitName, value: string, ctx = {}) => {
  const issue = checkLimit(name, value, ctx);
  expect(issue, `${name}=${value} should be refused`).not.toBeNull();
  expect(issue!.field).toBe(name);
  expect(issue!.message.startsWith(`${name}: `)).toBe(true);
  return issue!.message;
};

describe('limit values, as LXD 5.0 and Incus 6.0 accept them', () => {
  it('memory: case-sensitive LXD units, whole numbers, or a percentage', () => {
    for (const v of ['256MB', '1GiB', '512', '1kB', '64MiB', '50%', '100%']) ok('memory', v);
    for (const v of ['512M', '512m', '1KB', '1kiB', '1.5GB', '1 GB', '0', '0%', '12.5%', '101%', 'lots', '']) bad('memory', v);
    expect(bad('memory', '512M')).toBe(
      'memory: "512M" is not a size; use a number with kB, MB, GB, KiB, MiB, GiB… (case-sensitive) or a percentage like 50%',
    );
  });

  it('processes: a whole number of at least 1', () => {
    ok('processes', '200');
    for (const v of ['0', '-1', 'abc', '1.5', '99999999']) bad('processes', v);
  });

  it('priorities: 0 to 10', () => {
    for (const name of ['cpuPriority', 'memorySwapPriority', 'diskPriority', 'networkPriority'] as const) {
      ok(name, '0');
      ok(name, '10');
      expect(bad(name, '11')).toContain('from 0 (lowest) to 10 (highest)');
      bad(name, '-1');
      bad(name, 'high');
    }
  });

  it('cpu: a count or a set, checked against the host when it is known', () => {
    for (const v of ['1', '2', '0-1', '0,1', '1-1']) ok('cpu', v, host);
    expect(bad('cpu', '0-7', host)).toContain('names CPU 2-7, which the host lacks (it has 0-1)');
    expect(bad('cpu', '5', host)).toContain('asks for 5 CPUs but the host has 2');
    bad('cpu', '0', host);
    for (const v of [' 1', '0, 1', '1-0', 'two', '0-', '']) bad('cpu', v);
    expect(bad('cpu', '0-1,1', host)).toContain('names CPU 1 more than once');
    ok('cpu', '0-7'); // without host facts only the form is checked
  });

  it('cpuAllowance: a share or a quota over a period', () => {
    for (const v of ['50%', '100%', '25ms/100ms', '200ms/100ms', '1ms/1000ms']) ok('cpuAllowance', v);
    for (const v of ['0%', '0.5%', '150%', '0ms/100ms', '5ms/2000ms', '25/100', 'abc']) bad('cpuAllowance', v);
  });

  it('memoryEnforce: hard or soft, lowercase', () => {
    ok('memoryEnforce', 'hard');
    ok('memoryEnforce', 'soft');
    bad('memoryEnforce', 'Hard');
  });

  it('memorySwap: a boolean on LXD 5.0, a boolean or a size on Incus 6.0', () => {
    for (const v of ['true', 'false', 'yes', 'off', '1', 'TRUE']) ok('memorySwap', v, { kind: 'lxd' });
    expect(bad('memorySwap', '1GB', { kind: 'lxd' })).toBe('memorySwap: "1GB" is not a boolean; use true or false');
    ok('memorySwap', '1GB', { kind: 'incus' });
    ok('memorySwap', 'false', { kind: 'incus' });
    bad('memorySwap', '100M', { kind: 'incus' });
  });

  it('root disk I/O: bytes per second or iops', () => {
    for (const v of ['10MB', '20MiB', '100iops', '1048576']) ok('diskRead', v);
    for (const v of ['10M', 'abc', '0iops', '1.5MB', '10 MB/s']) bad('diskMax', v);
  });

  it('networkPriority exists on LXD only', () => {
    ok('networkPriority', '5', { kind: 'lxd' });
    expect(bad('networkPriority', '5', { kind: 'incus' })).toBe('networkPriority: Incus has no limits.network.priority; only LXD does');
  });
});

describe('cpu sets', () => {
  it('parses counts and sets, and formats sets back', () => {
    expect(parseCpuLimit('3')).toEqual({ count: 3 });
    expect(parseCpuLimit('0-2,5,4')).toEqual({ ids: [0, 1, 2, 4, 5] });
    expect(parseCpuLimit('0-99999')).toBeNull();
    expect(formatCpuSet([5, 0, 1, 2, 7, 8])).toBe('0-2,5,7-8');
  });
});

describe('a change request', () => {
  it('converts numbers and booleans where the key takes them, and keeps null as removal', () => {
    expect(parseLimitChanges({ processes: 200, cpu: 2, memorySwap: false, memory: null })).toEqual({
      changes: { processes: '200', cpu: '2', memorySwap: 'false', memory: null },
      issues: [],
    });
  });

  it('refuses unknown keys, wrong types and every bad value, naming each field', () => {
    const { issues } = parseLimitChanges({ memory: '512M', bogus: 1, memoryEnforce: 3, processes: 1.5 });
    expect(issues.map((i) => i.field)).toEqual(['memory', 'bogus', 'memoryEnforce', 'processes']);
    expect(issues[1].message).toContain('bogus: not a limit Hangar knows');
    expect(issues[2].message).toContain('has the wrong type');
    expect(parseLimitChanges('memory=1GB').issues[0].field).toBe('limits');
  });

  it('throws a 400 invalid_limit whose body names the field', () => {
    let thrown: unknown;
    try {
      requireValidChanges({ memory: '256MB', cpuPriority: 11 });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(LimitValidationError);
    const error = thrown as LimitValidationError;
    expect(error.status).toBe(400);
    expect(error.toBody()).toEqual({
      error: {
        code: 'invalid_limit',
        field: 'cpuPriority',
        message: 'cpuPriority: "11" is out of range; use a whole number from 0 (lowest) to 10 (highest)',
      },
    });
  });

  it('checks again against the daemon kind and host, ignoring removals', () => {
    expect(() => requireValidFor({ cpu: '0-1', memory: null }, { kind: 'lxd', hostCpus: [0, 1] })).not.toThrow();
    expect(() => requireValidFor({ cpu: '0-3' }, { kind: 'lxd', hostCpus: [0, 1] })).toThrow(/cpu: "0-3" names CPU 2-3/);
  });
});
