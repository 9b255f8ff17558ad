import crypto from 'node:crypto';
import type { DaemonRegistry } from '../daemons/registry';
import { badRequest, conflict, notFound } from '../http/errors';
import { clusterMembers } from './members';

export type MemberAction = 'evacuate' | 'restore';

/**
 * What `POST …/members/{name}/evacuate|restore` answers: shaped like a Hangar task (API.md,
 * "Tasks"). Until tasks are on main this runs in the request and the task is already finished.
 */
export interface MemberTask {
  id: string;
  kind: `member.${MemberAction}`;
  state: 'done' | 'failed';
  progress: { stage: string; percent?: number };
  target: { daemon: string; member: string };
  user: string;
  startedAt: string;
  endedAt: string;
  error?: string;
}

const TIMEOUT_S = 600;

/**
 * Evacuates a cluster member (its instances move to the others, or stop) or restores it. Evacuating
 * the last online member is refused before the daemon is asked: there would be nowhere to go.
 */
export async function changeMemberState(
  registry: DaemonRegistry,
  daemonId: string,
  member: string,
  action: MemberAction,
  user: string,
): Promise<MemberTask> {
  const row = await registry.row(daemonId);
  if (row.clustered !== 1) throw badRequest(`daemon "${row.name}" is not a cluster`, 'not_clustered');
  const client = registry.client(row);
  const members = await clusterMembers(client, row);
  const self = members.find((m) => m.server_name === member);
  if (!self) throw notFound(`cluster "${row.name}" has no member "${member}"`);
  if (action === 'evacuate' && !members.some((m) => m.server_name !== member && m.status === 'Online')) {
    throw conflict(
      `"${member}" is the last online member of "${row.name}": its instances would have nowhere to go`,
      'last_online_member',
    );
  }
  const startedAt = new Date().toISOString();
  const task = { id: crypto.randomUUID(), kind: `member.${action}` as const, target: { daemon: row.id, member }, user, startedAt };
  // The daemon's own refusal (already evacuated, offline…) is a 4xx with its words, not a failed task.
  const reply = await client.call('POST', `/1.0/cluster/members/${encodeURIComponent(member)}/state`, {
    body: { action },
  });
  try {
    if (reply.body.type === 'async' && reply.body.operation) await client.waitOperation(reply.body.operation, TIMEOUT_S);
    return { ...task, state: 'done', progress: { stage: 'done', percent: 100 }, endedAt: new Date().toISOString() };
  } catch (error) {
    return {
      ...task,
      state: 'failed',
      progress: { stage: 'failed' },
      endedAt: new Date().toISOString(),
      error: (error as Error).message,
    };
  }
}
