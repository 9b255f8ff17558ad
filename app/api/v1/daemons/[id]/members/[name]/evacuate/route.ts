import { json, route } from '@/server/http/route';
import { planMemberChange, runMemberChange, startMemberChange } from '@/server/infra/evacuate';

/**
 * `POST /api/v1/daemons/{id}/members/{name}/evacuate` (admin) → 202 `{"task"}`: a Hangar task that
 * follows the daemon's operation (its refusal is this request's 4xx, with the daemon's words).
 */
export const POST = route<{ id: string; name: string }>({ capability: 'manageInfrastructure' }, async ({ s, params, principal, auditDaemon, auditDetail }) => {
  auditDaemon((await s.daemons.row(params.id)).name);
  auditDetail({ action: 'member.evacuate', member: params.name });
  const change = await planMemberChange(s.daemons, params.id, params.name, 'evacuate');
  const operation = await startMemberChange(change);
  const task = await s.tasks.run({ kind: 'member.evacuate', user: principal.username, target: change.target }, (ctx) =>
    runMemberChange(change, operation, ctx),
  );
  auditDetail({ task: task.id });
  return json({ task }, 202);
});
