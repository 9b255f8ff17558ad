import { ApiError } from '../http/errors';
import type { Services } from '../services';
import { decoyHash, verifyPassword } from './passwords';
import type { User } from './users';

/**
 * Checks a username and password for both the browser login and POST /auth/token: throttled per
 * client, constant work whether or not the user exists, audited either way.
 */
export async function login(s: Services, username: unknown, password: unknown, client: string, via: string): Promise<User> {
  const started = Date.now();
  const wait = s.loginThrottle.retryAfter(client);
  if (wait > 0) {
    throw new ApiError(429, 'too_many_attempts', `Too many failed logins from this address; try again in ${wait} s.`);
  }
  const name = typeof username === 'string' ? username : '';
  const user = name ? await s.users.findByUsername(name) : undefined;
  const ok =
    (await verifyPassword(typeof password === 'string' ? password : '', user?.password_hash ?? (await decoyHash()))) &&
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
    s.loginThrottle.fail(client);
    throw new ApiError(401, 'invalid_credentials', 'Wrong username or password.');
  }
  s.loginThrottle.succeed(client);
  return user;
}
