import { describe, expect, it } from 'vitest';
import { SESSION_MAX_AGE_S, sessionEnd } from './session-timeouts';

const MIN = 60_000;

describe('sessionEnd', () => {
  const now = 10 * SESSION_MAX_AGE_S * 1000;

  it('keeps a session used within the idle time', () => {
    expect(sessionEnd({ loginAt: now - 5 * MIN, seenAt: now - 59 * MIN }, 60, now)).toBeNull();
    expect(sessionEnd({ loginAt: now - 30 * MIN }, 60, now)).toBeNull();
  });

  it('ends a session idle for longer than the idle time', () => {
    expect(sessionEnd({ loginAt: now - 2 * 60 * MIN, seenAt: now - 61 * MIN }, 60, now)).toBe('idle');
    expect(sessionEnd({ loginAt: now - 61 * MIN }, 60, now)).toBe('idle');
    expect(sessionEnd({ loginAt: now - 3 * MIN, seenAt: now - 3 * MIN }, 2, now)).toBe('idle');
  });

  it('ends a session past its absolute lifetime however recently it was used', () => {
    expect(sessionEnd({ loginAt: now - SESSION_MAX_AGE_S * 1000 - 1, seenAt: now }, 60, now)).toBe('expired');
  });

  it('treats a session without a login time as ended, and ignores a seen time before the login', () => {
    expect(sessionEnd({}, 60, now)).toBe('expired');
    expect(sessionEnd({ loginAt: 'yesterday' }, 60, now)).toBe('expired');
    expect(sessionEnd({ loginAt: now - 61 * MIN, seenAt: now - 120 * MIN }, 60, now)).toBe('idle');
  });
});
