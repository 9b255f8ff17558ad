import { changeOwnPassword } from '@/server/auth/own-account';
import { clientAddress } from '@/server/auth/principal';
import { readBody, route } from '@/server/http/route';

/** `{"currentPassword","newPassword"}` → 204; every session of the caller ends, so log in again. */
export const POST = route({ capability: 'read' }, async ({ req, s, principal, auditDetail }) => {
  const body = await readBody(req);
  auditDetail({ event: 'password.changed', username: principal.username });
  await changeOwnPassword(s, principal, body, clientAddress(req.headers));
  return new Response(null, { status: 204 });
});
