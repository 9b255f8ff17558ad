import { route } from '@/server/http/route';

/** Ends every browser session of the caller, this one included. Tokens stay: revoke them one by one. */
export const POST = route({ capability: 'read' }, async ({ s, principal, auditDetail }) => {
  await s.users.endSessions(principal.username);
  auditDetail({ event: 'sessions.ended', username: principal.username });
  return new Response(null, { status: 204 });
});
