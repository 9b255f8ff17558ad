import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  it('blocks a client after the maximum failures until the window passes', () => {
    const t = new LoginThrottle(3, 60_000);
    t.fail('a', 0);
    t.fail('a', 1000);
    expect(t.retryAfter('a', 2000)).toBe(0);
    t.fail('a', 2000);
    expect(t.retryAfter('a', 3000)).toBe(57);
    expect(t.retryAfter('b', 3000)).toBe(0);
    expect(t.retryAfter('a', 60_001)).toBe(0);
  });

  it('forgets failures after a success', () => {
    const t = new LoginThrottle(2, 60_000);
    t.fail('a', 0);
    t.succeed('a');
    t.fail('a', 10);
    expect(t.retryAfter('a', 20)).toBe(0);
  });
});
