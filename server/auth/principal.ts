import { decode } from 'next-auth/jwt';
import type { Role } from '@/lib/roles';
import type { Services } from '../services';
import { forbidden } from '../http/errors';
import { SESSION_MAX_AGE_S, sessionEnd } from './session-timeouts';

export const SESSION_COOKIE = 'hangar.session';
/** Set by Hangar's own server from the socket address; any value a client sends is dropped first. */
export const CLIENT_ADDRESS_HEADER = 'x-hangar-client-address';

export interface Principal {
  userId: string;
  username: string;
  role: Role;
  via: 'session' | 'token';
  tokenId?: string;
  /** The server-side session (sessions.ts) of a cookie. */
  sessionId?: string;
  /** When that session logged in (epoch ms). */
  loginAt?: number;
}

/** What identifies a caller's credential, to check it again later. */
export type Credential = Omit<Principal, 'username' | 'role'>;

/** Reads one header from node's IncomingHttpHeaders or a fetch Headers, the same way. */
export type HeaderSource = Headers | Record<string, string | string[] | undefined>;
export function header(headers: HeaderSource, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

export function readCookie(headers: HeaderSource, name: string): string | undefined {
  for (const part of (header(headers, 'cookie') ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** Who is calling: a bearer token, else the next-auth session cookie; null when neither is valid. */
export async function authenticate(s: Services, headers: HeaderSource): Promise<Principal | null> {
  const authorization = header(headers, 'authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const row = match ? await s.tokens.verify(match[1]) : undefined;
    if (!row) return null;
    return current(s, { userId: row.user_id, via: 'token', tokenId: row.id }, { tokenVerified: true });
  }
  const cookie = readCookie(headers, SESSION_COOKIE);
  if (!cookie) return null;
  const claims = await decode({ token: cookie, secret: s.secrets.sessionSecret }).catch(() => null);
  if (!claims || typeof claims.uid !== 'string' || typeof claims.sid !== 'string') return null;
  if (sessionEnd(claims, s.config.sessionIdleMinutes) !== null) return null;
  const loginAt = typeof claims.loginAt === 'number' ? claims.loginAt : 0;
  return current(s, { userId: claims.uid, via: 'session', sessionId: claims.sid, loginAt });
}

/**
 * The caller as they stand now, or null once their access has ended: user disabled or deleted,
 * session logged out or ended by a password or role change, token revoked or expired. Open
 * terminals and event streams ask this again while they run (access-watch.ts).
 */
export async function current(s: Services, who: Credential, options: { tokenVerified?: boolean } = {}): Promise<Principal | null> {
  const user = await s.users.findById(who.userId);
  if (!user || user.disabled) return null;
  if (who.via === 'token') {
    if (!who.tokenId || (!options.tokenVerified && !(await s.tokens.isLive(who.tokenId)))) return null;
  } else {
    const loginAt = who.loginAt ?? 0;
    if (loginAt < user.sessions_valid_after || Date.now() - loginAt > SESSION_MAX_AGE_S * 1000) return null;
    if (!who.sessionId || !(await s.sessions.isLive(who.sessionId))) return null;
  }
  return { ...who, username: user.username, role: user.role };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A browser sends Origin on every cross-site state-changing request; a cookie-authenticated change
 * must come from a page of Hangar itself. Bearer tokens are not sent by browsers on their own.
 */
export function assertSameOrigin(principal: Principal, method: string, headers: HeaderSource): void {
  if (principal.via !== 'session' || SAFE_METHODS.has(method.toUpperCase())) return;
  const origin = header(headers, 'origin');
  const host = header(headers, 'x-forwarded-host') ?? header(headers, 'host');
  let originHost: string | undefined;
  try {
    originHost = origin ? new URL(origin).host : undefined;
  } catch {
    originHost = undefined;
  }
  if (!originHost || originHost !== host) {
    throw forbidden('cross-site request refused: a change made with a session cookie must come from Hangar\'s own pages');
  }
}

export function clientAddress(headers: HeaderSource): string {
  return header(headers, CLIENT_ADDRESS_HEADER) ?? 'unknown';
}
