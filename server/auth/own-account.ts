import { ApiError, badRequest } from '../http/errors';
import type { Services } from '../services';
import { verifyPassword } from './passwords';
import { validatePassword } from './users';
import type { Principal } from './principal';

/**
 * A user changes their own password: the current one is needed (and wrong guesses count against
 * the client like failed logins). Every session of the user ends, this one included.
 */
export async function changeOwnPassword(
  s: Services,
  principal: Principal,
  body: { currentPassword?: unknown; newPassword?: unknown },
  client: string,
): Promise<void> {
  const wait = s.loginThrottle.retryAfter(client, principal.username);
  if (wait > 0) throw new ApiError(429, 'too_many_attempts', `Too many wrong passwords from this address; try again in ${wait} s.`);
  // A bad new password is refused before the current one is checked, so it costs no attempt.
  validatePassword(body.newPassword);
  const user = await s.users.findById(principal.userId);
  if (!user) throw badRequest('your user no longer exists', 'no_user');
  const current = typeof body.currentPassword === 'string' ? body.currentPassword : '';
  if (!(await verifyPassword(current, user.password_hash))) {
    s.loginThrottle.fail(client, principal.username);
    throw badRequest('the current password is wrong', 'wrong_password');
  }
  await s.users.update(user.username, { password: body.newPassword });
}
