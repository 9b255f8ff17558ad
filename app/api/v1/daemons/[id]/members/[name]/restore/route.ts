import { json, route } from '@/server/http/route';
import { changeMemberState } from '@/server/infra/evacuate';

/** `POST /api/v1/daemons/{id}/members/{name}/restore` (admin) → 202 `{"task"}`. */
export const POST = route<{ id: string; name: string }>({ capability: 'manageInfrastructure' }, async ({ s, params, principal, auditDaemon, auditDetail }) => {
  auditDaemon((await s.daemons.row(params.id)).name);
  auditDetail({ action: 'member.restore', member: params.name });
  const task = await changeMemberState(s.daemons, params.id, params.name, 'restore', principal.username);
  return json({ task }, 202);
});
