'use client';
/** Cluster members of every clustered daemon, and evacuating or restoring one (Hangar's API). */
import type { FleetMembersResponse, TaskView } from '../api-types';
import { memberKeys } from '../query-keys';
import { apiFetch } from './client';
import { isActive } from './tasks';
import { useFleetList } from './fleet';

export function useFleetMembers() {
  return useFleetList<FleetMembersResponse>(memberKeys, '/api/v1/members', 15_000);
}

/** Starts the evacuation or restore as a Hangar task; the daemon's refusal rejects with its words. */
export async function changeMember(daemonId: string, member: string, action: 'evacuate' | 'restore'): Promise<TaskView> {
  const { task } = await apiFetch<{ task: TaskView }>(
    `/api/v1/daemons/${encodeURIComponent(daemonId)}/members/${encodeURIComponent(member)}/${action}`,
    { method: 'POST' },
  );
  return task;
}

/** The running evacuate/restore task of each member, by `daemonId/member`. */
export function memberTasks(tasks: TaskView[] | undefined): Map<string, TaskView> {
  const byMember = new Map<string, TaskView>();
  for (const task of tasks ?? []) {
    if (!task.kind.startsWith('member.') || !task.target?.member || !isActive(task)) continue;
    byMember.set(`${task.target.daemon}/${task.target.member}`, task);
  }
  return byMember;
}
