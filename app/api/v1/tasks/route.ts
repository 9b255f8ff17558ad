import { TASK_STATES } from '@/lib/api-types';
import { badRequest } from '@/server/http/errors';
import { json, route } from '@/server/http/route';

/** `GET /api/v1/tasks?state=&limit=`: newest first; admins see all tasks, others their own. */
export const GET = route({ capability: 'read' }, async ({ req, s, principal }) => {
  const query = new URL(req.url).searchParams;
  const state = query.get('state') ?? undefined;
  if (state && !(TASK_STATES as readonly string[]).includes(state)) {
    throw badRequest(`state must be one of ${TASK_STATES.join(', ')}`, 'invalid_state');
  }
  const limit = query.has('limit') ? Number(query.get('limit')) : undefined;
  return json(
    await s.tasks.store.list({ state, limit, user: principal.role === 'admin' ? undefined : principal.username }),
  );
});
