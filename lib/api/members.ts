'use client';
/** Cluster members of every clustered daemon, and evacuating or restoring one (Hangar's API). */
import { useQuery } from '@tanstack/react-query';
import type { FleetMembersResponse } from '../api-types';
import { memberKeys } from '../query-keys';
import { apiFetch } from './client';

export function useFleetMembers() {
  return useQuery({
    queryKey: memberKeys.fleet(),
    queryFn: () => apiFetch<FleetMembersResponse>('/api/v1/members'),
    refetchInterval: 15_000,
  });
}

export interface MemberTask {
  id: string;
  kind: string;
  state: string;
  error?: string;
}

/** Resolves when the daemon has finished; a failed task (the daemon's words) rejects. */
export async function changeMember(daemonId: string, member: string, action: 'evacuate' | 'restore'): Promise<MemberTask> {
  const { task } = await apiFetch<{ task: MemberTask }>(
    `/api/v1/daemons/${encodeURIComponent(daemonId)}/members/${encodeURIComponent(member)}/${action}`,
    { method: 'POST' },
  );
  if (task.state === 'failed') throw new Error(task.error ?? `${action} failed`);
  return task;
}
