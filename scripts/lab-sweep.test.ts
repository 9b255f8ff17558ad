import { describe, expect, it } from 'vitest';
import { hostLinkName, uniqueName } from '../tests/support/lab';
import { hostLinkAge, isStale, isStaleLink, madeAt, shortStamp } from './lab-sweep.mjs';

const HOUR = 3600_000;

describe('lab sweep: which names are leftovers', () => {
  it('reads the time uniqueName put in a name, with or without a suffix', () => {
    const before = Date.now();
    const name = uniqueName('e2e-vol');
    expect(madeAt(name)).toBeGreaterThanOrEqual(before);
    expect(madeAt(`${name}-copy`)).toBe(madeAt(name));
  });

  it('sweeps only test names older than the age, never young ones or names no test made', () => {
    const now = Date.now();
    const old = `cp-${(now - 3 * HOUR).toString(36)}-1a`;
    expect(isStale(old, now, 2 * HOUR)).toBe(true);
    expect(isStale(`${old}-moved`, now, 2 * HOUR)).toBe(true);
    expect(isStale(`cp-${(now - HOUR).toString(36)}-1a`, now, 2 * HOUR)).toBe(false);
    expect(isStale(uniqueName('ev'), now + 60_000, 2 * HOUR)).toBe(false);
    for (const name of ['default', 'web-01', 'c1', 'my-database-server', 'lxdbr0', 'build-abcdefgh-1', `${(now - 3 * HOUR).toString(36)}-1a`]) {
      expect(isStale(name, now, 2 * HOUR), name).toBe(false);
    }
  });

  it('dates the short names of host links and networks, within the ~25 days they can hold', () => {
    const name = hostLinkName();
    expect(name.length + 1).toBeLessThanOrEqual(15);
    expect(hostLinkAge(name)).toBeLessThan(60_000);
    const now = Date.now();
    const old = `hv${shortStamp(now - 3 * HOUR)}x1`;
    expect(isStaleLink(old, now, 2 * HOUR)).toBe(true);
    expect(isStaleLink(`${old}p`, now, 2 * HOUR)).toBe(true);
    expect(isStaleLink(`hv${shortStamp(now - HOUR)}x1q`, now, 2 * HOUR)).toBe(false);
    for (const other of ['lxdbr0', 'veth1234', 'eth0', 'hvbr0', 'c2babcdefg1p']) expect(hostLinkAge(other, now), other).toBeNull();
  });
});
