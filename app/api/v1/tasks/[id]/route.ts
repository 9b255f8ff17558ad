import { json, route } from '@/server/http/route';
import { visibleTask } from '@/server/tasks/access';

type Params = { id: string };

/** `GET /api/v1/tasks/{id}`: one task the caller may see. */
export const GET = route<Params>({ capability: 'read' }, async ({ s, principal, params }) =>
  json(await visibleTask(s, principal, params.id)),
);

/** `DELETE /api/v1/tasks/{id}`: cancels a running task; what it had done is undone. */
export const DELETE = route<Params>({ capability: 'read' }, async ({ s, principal, params, auditDetail }) => {
  const task = await visibleTask(s, principal, params.id);
  auditDetail({ task: task.id, kind: task.kind });
  return json(await s.tasks.cancel(task.id));
});
