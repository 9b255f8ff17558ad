import type { TaskEndpoint } from '@/lib/api-types';
import type { LxdInstance } from '@/lib/lxd-types';
import type { DaemonRegistry } from '../daemons/registry';
import { badRequest, conflict, notFound } from '../http/errors';
import type { LxdClient } from '../lxd/client';
import { operationPath, progressWords, waitOperation } from '../copy/daemon-ops';
import type { TaskContext } from '../tasks/runner';
import { clusterMembers } from './members';

export type MemberAction = 'evacuate' | 'restore';

export interface MemberChange {
  action: MemberAction;
  member: string;
  client: LxdClient;
  target: TaskEndpoint;
}

const POLL_MS = 1000;

/**
 * Checks an evacuate or restore before it becomes a task: the daemon must be a cluster with that
 * member in the right state, and evacuating the last online member is refused before the daemon
 * is asked (its instances would have nowhere to go).
 */
export async function planMemberChange(registry: DaemonRegistry, daemonId: string, member: string, action: MemberAction): Promise<MemberChange> {
  const row = await registry.row(daemonId);
  if (row.clustered !== 1) throw badRequest(`daemon "${row.name}" is not a cluster`, 'not_clustered');
  const client = registry.client(row);
  const members = await clusterMembers(client, row);
  const self = members.find((m) => m.server_name === member);
  if (!self) throw notFound(`cluster "${row.name}" has no member "${member}"`);
  // The daemon would accept these and fail later in its operation; an evacuation that fails is
  // undone by a restore, which must never be of a member someone else evacuated.
  if (action === 'evacuate' && self.status !== 'Online') {
    throw conflict(`"${member}" is ${self.status.toLowerCase()}: only an online member can be evacuated`, 'member_not_online');
  }
  if (action === 'restore' && self.status !== 'Evacuated') {
    throw conflict(`"${member}" is ${self.status.toLowerCase()}, not evacuated: there is nothing to restore`, 'member_not_evacuated');
  }
  if (action === 'evacuate' && !members.some((m) => m.server_name !== member && m.status === 'Online')) {
    throw conflict(
      `"${member}" is the last online member of "${row.name}": its instances would have nowhere to go`,
      'last_online_member',
    );
  }
  return { action, member, client, target: { daemon: row.id, daemonName: row.name, member } };
}

/**
 * Starts the daemon's operation. Its refusal (already evacuated, offline…) is the request's 4xx
 * with the daemon's words, so nothing is recorded as a task for a change that never began.
 */
export async function startMemberChange(change: MemberChange): Promise<string> {
  const reply = await change.client.call('POST', `/1.0/cluster/members/${encodeURIComponent(change.member)}/state`, {
    body: { action: change.action },
  });
  return reply.body.operation ?? (reply.body.metadata as { id: string }).id;
}

/**
 * The task's work: follows the daemon's operation, with progress counted from the instances that
 * have left the member (evacuate) or come back to it (restore). An evacuation that fails or is
 * cancelled is undone by restoring the member, so it is not left half-evacuated.
 */
export async function runMemberChange(change: MemberChange, operation: string, ctx: TaskContext): Promise<void> {
  const { client, member, action } = change;
  ctx.setResult({ operation: operationPath(operation) });
  if (action === 'evacuate') ctx.onUndo(() => restoreMember(client, member));
  const moving = await instancesToMove(client, change);
  ctx.setResult({ instances: moving.length });
  const verb = action === 'evacuate' ? 'evacuating' : 'restoring';
  ctx.progress({ stage: verb, ...(moving.length ? { percent: 0 } : {}) });

  let said: string | undefined;
  let percent: number | undefined;
  const report = () => ctx.progress({ stage: said ?? verb, ...(percent !== undefined ? { percent } : {}) });
  let finished = false;
  const counting = (async () => {
    while (!finished && moving.length) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      const moved = await countMoved(client, change, moving);
      if (finished) return;
      percent = Math.min(99, Math.floor((moved / moving.length) * 100));
      report();
    }
  })().catch(() => undefined);
  try {
    await waitOperation(client, operation, ctx.signal, (metadata) => {
      const words = progressWords(metadata);
      said = words && words.charAt(0).toLowerCase() + words.slice(1);
      report();
    });
  } finally {
    finished = true;
    await counting;
  }
  await ctx.commit();
  ctx.setResult({ moved: await countMoved(client, change, moving) });
  ctx.progress({ stage: 'done', percent: 100 });
}

type Placed = Pick<LxdInstance, 'name' | 'project' | 'location' | 'config'>;

async function allInstances(client: LxdClient): Promise<Placed[]> {
  return client.get<Placed[]>('/1.0/instances?recursion=1&all-projects=true', 15_000);
}

const key = (i: Placed) => `${i.project ?? 'default'}/${i.name}`;

/** Evacuate: the instances on the member now. Restore: those the daemon marked as evacuated from it. */
async function instancesToMove(client: LxdClient, change: MemberChange): Promise<string[]> {
  const all = await allInstances(client).catch(() => []);
  return all
    .filter((i) =>
      change.action === 'evacuate' ? i.location === change.member : i.config?.['volatile.evacuate.origin'] === change.member && i.location !== change.member,
    )
    .map(key);
}

async function countMoved(client: LxdClient, change: MemberChange, moving: string[]): Promise<number> {
  if (moving.length === 0) return 0;
  const all = await allInstances(client).catch(() => null);
  if (!all) return 0;
  const here = new Set(all.filter((i) => i.location === change.member).map(key));
  return moving.filter((k) => (change.action === 'evacuate' ? !here.has(k) : here.has(k))).length;
}

async function restoreMember(client: LxdClient, member: string): Promise<void> {
  const state = await client.get<{ status: string }>(`/1.0/cluster/members/${encodeURIComponent(member)}`);
  if (state.status !== 'Evacuated') return;
  await client.run('POST', `/1.0/cluster/members/${encodeURIComponent(member)}/state`, { action: 'restore' });
}
