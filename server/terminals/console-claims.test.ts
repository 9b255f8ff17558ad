import { describe, expect, it } from 'vitest';
import { ConsoleClaims } from './console-claims';

describe('ConsoleClaims', () => {
  it('refuses a second claim on the same instance until the first is released', () => {
    const claims = new ConsoleClaims();
    const release = claims.claim('d1', 'default', 'c1');
    expect(() => claims.claim('d1', 'default', 'c1')).toThrow(/already open in Hangar/);
    // Other instances, projects and daemons are independent.
    claims.claim('d1', 'default', 'c2');
    claims.claim('d1', 'web', 'c1');
    claims.claim('d2', 'default', 'c1');
    release();
    release(); // twice is harmless and frees nothing else
    const again = claims.claim('d1', 'default', 'c1');
    expect(() => claims.claim('d1', 'default', 'c1')).toThrow(expect.objectContaining({ status: 409, code: 'console_busy' }));
    again();
  });
});
