import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  it('blocks a client after the maximum failures until the window passes', () => {
    const t = new LoginThrottle({ perClient: 3, perAccount: 100, windowMs: 60_000 });
    t.fail('a', 'x', 0);
    t.fail('a', 'y', 1000);
    expect(t.retryAfter('a', 'z', 2000)).toBe(0);
    t.fail('a', 'z', 2000);
    expect(t.retryAfter('a', 'other', 3000)).toBe(57);
    expect(t.retryAfter('b', 'x', 3000)).toBe(0);
    expect(t.retryAfter('a', 'x', 60_001)).toBe(0);
  });

  it('blocks an account after the maximum failures from any clients', () => {
    const t = new LoginThrottle({ perClient: 100, perAccount: 3, windowMs: 60_000 });
    for (const client of ['a', 'b', 'c']) t.fail(client, 'Admin', 0);
    expect(t.retryAfter('d', 'admin', 1000)).toBe(59);
    expect(t.retryAfter('d', 'someone', 1000)).toBe(0);
  });

  it('a success clears only its own account, never the client or another account', () => {
    const t = new LoginThrottle({ perClient: 3, perAccount: 3, windowMs: 60_000 });
    t.fail('a', 'victim', 0);
    t.fail('a', 'victim', 1);
    t.succeed('mine');
    t.fail('a', 'victim', 2);
    expect(t.retryAfter('a', 'mine', 3)).toBeGreaterThan(0);
    expect(t.retryAfter('b', 'victim', 3)).toBeGreaterThan(0);
    t.succeed('victim');
    expect(t.retryAfter('b', 'victim', 4)).toBe(0);
  });

  it('forgets entries once the window has passed', () => {
    const t = new LoginThrottle({ perClient: 3, perAccount: 3, windowMs: 1000 });
    for (let i = 0; i < 500; i++) t.fail(`client-${i}`, `user-${i}`, i);
    expect(t.size).toBe(1000);
    t.retryAfter('someone', 'else', 1200);
    expect(t.size).toBe(2 * (500 - 201));
    t.retryAfter('someone', 'else', 5000);
    expect(t.size).toBe(0);
  });
});
