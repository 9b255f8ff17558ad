import type { TaskView } from '@/lib/api-types';
import type { Principal } from '../auth/principal';
import { notFound } from '../http/errors';
import type { Services } from '../services';

/** Admins see every task; everyone else the tasks they started. */
export function taskVisibleTo(principal: Principal, task: TaskView): boolean {
  return principal.role === 'admin' || task.user === principal.username;
}

/** A task the caller may see; 404 (not 403) for someone else's, so ids reveal nothing. */
export async function visibleTask(s: Services, principal: Principal, id: string): Promise<TaskView> {
  const task = await s.tasks.get(id);
  if (!taskVisibleTo(principal, task)) throw notFound(`no task "${id}"`);
  return task;
}
