import { ApiError } from '../http/errors';
import type { Services } from '../services';
import { MAX_PASSWORD_LENGTH } from '@/lib/passwords';
import { decoyHash, verifyPassword } from './passwords';
import type { User } from './users';

/**
 * Checks a username and password for both the browser login and POST /auth/token: throttled per
 * client and per account, constant work whether or not the user exists, audited either way.
 */
export async function login(s: Services, username: unknown, password: unknown, client: string, via: string): Promise<User> {
  const started = Date.now();
  const name = typeof username === 'string' && username.length <= 256 ? username : '';
  const wait = s.loginThrottle.retryAfter(client, name || undefined);
  if (wait > 0) {
    throw new ApiError(429, 'too_many_attempts', `Too many failed logins from this address or for this account; try again in ${wait} s.`);
  }
  const user = name ? await s.users.findByUsername(name) : undefined;
  const ok =
    (await verifyPassword(
      typeof password === 'string' && password.length <= MAX_PASSWORD_LENGTH ? password : '',
      user?.password_hash ?? (await decoyHash()),
    )) &&
    user !== undefined &&
    user.disabled === 0;
  await s.audit.record({
    username: name || '(none)',
    role: user?.role ?? '',
    method: 'POST',
    target: via,
    status: ok ? 200 : 401,
    durationMs: Date.now() - started,
    action: ok ? 'login.success' : 'login.failure',
    details: { via: via === '/login' ? 'browser' : 'token', client },
    detail: { event: ok ? 'login.succeeded' : 'login.failed', client },
  });
  if (!ok || !user) {
    s.loginThrottle.fail(client, name || undefined);
    throw new ApiError(401, 'invalid_credentials', 'Wrong username or password.');
  }
  s.loginThrottle.succeed(name);
  return user;
}
