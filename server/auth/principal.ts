import { decode } from 'next-auth/jwt';
import type { Role } from '@/lib/roles';
import type { Services } from '../services';
import { forbidden } from '../http/errors';
import { hashToken } from '../secrets';
import { SESSION_MAX_AGE_S, sessionEnd, type SessionTimes } from './session-timeouts';
import { isLive, type TokenRow } from './tokens';
import type { User } from './users';

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
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeCookie(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** A cookie value that is not valid percent-encoding (`%`) is no cookie at all, not an error. */
function decodeCookie(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** Who is calling: a bearer token, else the next-auth session cookie; null when neither is valid. */
export async function authenticate(s: Services, headers: HeaderSource): Promise<Principal | null> {
  const authorization = header(headers, 'authorization');
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    return match ? byToken(s, match[1]) : null;
  }
  const cookie = readCookie(headers, SESSION_COOKIE);
  return cookie ? bySession(s, cookie) : null;
}

/** A token's holder; its row and user are read once per auth generation (principal-cache.ts). */
async function byToken(s: Services, secret: string): Promise<Principal | null> {
  const generation = await s.principals.generation();
  const key = `token:${hashToken(secret)}`;
  let found = s.principals.get<{ row: TokenRow; user: User }>(key, generation);
  if (!found) {
    const row = await s.tokens.lookup(secret);
    const user = row && (await s.users.findById(row.user_id));
    if (!row || !user) return null;
    found = { row, user };
    s.principals.set(key, generation, found);
  }
  if (!isLive(found.row)) return null;
  await s.tokens.used(found.row);
  return standing(found.user, { userId: found.user.id, via: 'token', tokenId: found.row.id });
}

/** What a session cookie said once decrypted, with its user and session as read then. */
interface CookieSession {
  who: Credential & { sessionId: string };
  /** The claims sessionEnd judges (login and last-seen times). */
  claims: SessionTimes;
  /** The cookie's own expiry (its JWT `exp`, epoch ms): past it, the cookie is decrypted again (and refused). */
  expiresAt: number;
  user: User;
}

/**
 * A session cookie's user. The cookie is decrypted (next-auth's JWE: a key derivation and
 * AES-GCM, the costliest step of a call) once per cookie value and auth generation, and kept
 * under the SHA-256 of the value (the cookie itself is not held); the session's row and its user
 * are read then too. Logout, disable, role or password changes raise the generation, so the next
 * call reads everything again; timeouts and the cookie's expiry are checked on every call.
 */
async function bySession(s: Services, cookie: string): Promise<Principal | null> {
  const generation = await s.principals.generation();
  const key = `cookie:${hashToken(cookie)}`;
  const now = Date.now();
  let found = s.principals.get<CookieSession>(key, generation);
  if (found && found.expiresAt <= now) found = undefined;
  if (!found) {
    const claims = await decode({ token: cookie, secret: s.secrets.sessionSecret }).catch(() => null);
    if (!claims || typeof claims.uid !== 'string' || typeof claims.sid !== 'string') return null;
    const loginAt = typeof claims.loginAt === 'number' ? claims.loginAt : 0;
    const user = await s.users.findById(claims.uid);
    if (!user || !(await s.sessions.isLive(claims.sid))) return null;
    found = {
      who: { userId: claims.uid, via: 'session', sessionId: claims.sid, loginAt },
      claims: { loginAt: claims.loginAt, seenAt: claims.seenAt },
      // next-auth always sets exp; a cookie without one is kept no longer than a session may live.
      expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : now + SESSION_MAX_AGE_S * 1000,
      user,
    };
    s.principals.set(key, generation, found);
  }
  if (sessionEnd(found.claims, s.config.sessionIdleMinutes, now) !== null) return null;
  return standing(found.user, found.who);
}

/**
 * The caller as they stand now, or null once their access has ended: user disabled or deleted,
 * session logged out or ended by a password or role change, token revoked or expired. Open
 * terminals and event streams ask this again while they run (access-watch.ts).
 */
export async function current(s: Services, who: Credential): Promise<Principal | null> {
  const user = await s.users.findById(who.userId);
  if (!user) return null;
  if (who.via === 'token') {
    if (!who.tokenId || !(await s.tokens.isLive(who.tokenId))) return null;
  } else if (!who.sessionId || !(await s.sessions.isLive(who.sessionId))) return null;
  return standing(user, who);
}

/** What the user's row says of a credential now (disabled; a session from before its user's sessions were ended, or too old). */
function standing(user: User, who: Credential): Principal | null {
  if (user.disabled) return null;
  if (who.via === 'session') {
    const loginAt = who.loginAt ?? 0;
    if (loginAt < user.sessions_valid_after || Date.now() - loginAt > SESSION_MAX_AGE_S * 1000) return null;
  }
  return { ...who, username: user.username, role: user.role };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A browser sends Origin on every cross-site state-changing request; a cookie-authenticated change
 * must come from a page of Hangar itself: an Origin equal, scheme included, to HANGAR_PUBLIC_URL
 * or to the origin this request was sent to. X-Forwarded-Host and -Proto only count here because
 * the server removes them from every request that does not come from a trusted proxy
 * (server/http/forwarded.ts). Bearer tokens are not sent by browsers on their own.
 */
export function assertSameOrigin(principal: Principal, method: string, headers: HeaderSource, publicUrl?: string): void {
  if (principal.via !== 'session' || SAFE_METHODS.has(method.toUpperCase())) return;
  const origin = header(headers, 'origin');
  if (!origin || (origin !== originOf(publicUrl) && origin !== requestOrigin(headers))) {
    throw forbidden('cross-site request refused: a change made with a session cookie must come from Hangar\'s own pages');
  }
}

function originOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).origin : undefined;
  } catch {
    return undefined;
  }
}

/** `scheme://host[:port]` the client addressed: Hangar itself speaks plain HTTP unless a trusted proxy says otherwise. */
function requestOrigin(headers: HeaderSource): string | undefined {
  const host = firstValue(header(headers, 'x-forwarded-host')) ?? header(headers, 'host');
  const proto = firstValue(header(headers, 'x-forwarded-proto')) ?? 'http';
  return host ? originOf(`${proto}://${host}`) : undefined;
}

function firstValue(value: string | undefined): string | undefined {
  return value?.split(',')[0].trim() || undefined;
}

export function clientAddress(headers: HeaderSource): string {
  return header(headers, CLIENT_ADDRESS_HEADER) ?? 'unknown';
}
