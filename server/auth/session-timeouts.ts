/** Absolute session lifetime: a session ends this long after its login, however busy. */
export const SESSION_MAX_AGE_S = 12 * 60 * 60;

export interface SessionTimes {
  /** When the user logged in (epoch ms), set once. */
  loginAt?: unknown;
  /** When the session was last used by a person (epoch ms), refreshed by next-auth's jwt callback. */
  seenAt?: unknown;
  [claim: string]: unknown;
}

export type SessionEnd = 'expired' | 'idle' | null;

/** Why a browser session has ended, or null while it is still good. */
export function sessionEnd(times: SessionTimes, idleMinutes: number, now = Date.now()): SessionEnd {
  const loginAt = typeof times.loginAt === 'number' ? times.loginAt : NaN;
  if (!Number.isFinite(loginAt) || now - loginAt > SESSION_MAX_AGE_S * 1000) return 'expired';
  const seenAt = typeof times.seenAt === 'number' ? Math.max(times.seenAt, loginAt) : loginAt;
  return now - seenAt > idleMinutes * 60_000 ? 'idle' : null;
}
