import { route } from '@/server/http/route';

/** An admin ends every browser session of a user ("log out everywhere" on their behalf). */
export const DELETE = route<{ username: string }>({ capability: 'manageUsers' }, async ({ s, params, auditDetail }) => {
  await s.users.endSessions(params.username);
  auditDetail({ event: 'sessions.ended', username: params.username });
  return new Response(null, { status: 204 });
});
