import type { LxdInstance } from '@/lib/lxd-types';
import type { DaemonRow } from '../daemons/registry';
import { optionalText } from '../http/body';
import { ApiError, badRequest, conflict, notFound } from '../http/errors';
import type { LxdClient } from '../lxd/client';
import { LxdError } from '../lxd/errors';
import { rootDiskName } from '../limits/target';
import type { Services } from '../services';

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9-]{0,62}$/;

export interface InstanceEnd {
  row: DaemonRow;
  client: LxdClient;
  project: string;
  name: string;
}

/** How the copy is made. */
export type CopyMethod =
  /** Same daemon: the daemon copies (clone, other project, pool or member). */
  | 'copy'
  /** Same daemon, project and name: the daemon moves it to another member or pool. */
  | 'move'
  /** Another daemon of the same kind: the target pulls it from the source (the relay when it cannot). */
  | 'migration'
  /** Another daemon: a backup streamed through Hangar into the target's import. */
  | 'relay';

export interface CopyPlan {
  source: InstanceEnd;
  instance: LxdInstance;
  to: InstanceEnd & { member?: string; pool?: string };
  move: boolean;
  snapshots: boolean;
  stop: boolean;
  start: boolean;
  method: CopyMethod;
}

export interface CopyRequest {
  to: { daemon: string; project?: string; name?: string; target?: string; pool?: string };
  move?: boolean;
  snapshots?: boolean;
  stop?: boolean;
  start?: boolean;
}

const path = (name: string, project: string, suffix = '') =>
  `/1.0/instances/${encodeURIComponent(name)}${suffix}?project=${encodeURIComponent(project)}`;
export const instancePath = (end: InstanceEnd, suffix = '') => path(end.name, end.project, suffix);

/** Reads the copy request's body; 400 naming the first thing wrong. */
export function parseCopyBody(body: Record<string, unknown>): CopyRequest {
  const to = body.to;
  if (!to || typeof to !== 'object' || Array.isArray(to)) throw badRequest('to must be an object with at least "daemon"', 'invalid_request');
  const t = to as Record<string, unknown>;
  const flag = (value: unknown, field: string): boolean | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') throw badRequest(`${field} must be true or false`, 'invalid_request');
    return value;
  };
  const daemon = optionalText(t.daemon, 'to.daemon');
  if (!daemon) throw badRequest('to.daemon is required', 'invalid_request');
  const name = optionalText(t.name, 'to.name');
  if (name !== undefined && !NAME.test(name)) {
    throw badRequest('to.name must be 1–63 letters, digits or "-", starting with a letter or digit', 'invalid_name');
  }
  return {
    to: { daemon, project: optionalText(t.project, 'to.project'), name, target: optionalText(t.target, 'to.target'), pool: optionalText(t.pool, 'to.pool') },
    move: flag(body.move, 'move'),
    snapshots: flag(body.snapshots, 'snapshots'),
    stop: flag(body.stop, 'stop'),
    start: flag(body.start, 'start'),
  };
}

const TARGET_PROBE_MS = 15_000;

/**
 * Resolves both ends and checks everything before anything is copied: 404 for an unknown source,
 * daemon, project or member; 400 when source and target are the same; 503 when the target does not
 * answer; 409 `instance_running` / `name_taken`; 422 `missing_on_target` naming each profile, pool
 * and network the target lacks; 422 `insufficient_space` where the target's pool reports its space.
 */
export async function planCopy(s: Services, daemon: string, name: string, project: string, request: CopyRequest): Promise<CopyPlan> {
  const sourceRow = await s.daemons.row(daemon);
  const targetRow = await s.daemons.row(request.to.daemon);
  const source: InstanceEnd = { row: sourceRow, client: s.daemons.client(sourceRow), project, name };
  const targetClient = s.daemons.client(targetRow);
  const to = {
    row: targetRow,
    client: targetClient,
    project: request.to.project ?? project,
    name: request.to.name ?? name,
    member: request.to.target,
    pool: request.to.pool,
  };
  const sameDaemon = sourceRow.id === targetRow.id;
  const sameSpot = sameDaemon && to.project === project && to.name === name;
  const encodedProject = encodeURIComponent(to.project);
  // Each check is a round trip to a daemon that may be busy: the target's reads that do not need the
  // instance are asked beside its read, and answer only after the checks before them (see below).
  const targetChecks = Promise.allSettled([
    targetClient.request('GET', `/1.0/projects/${encodedProject}`).then((reply) => {
      if (reply.status === 404) throw notFound(`no project "${to.project}" on ${targetRow.name}`);
    }),
    to.member &&
      targetRow.clustered &&
      targetClient.request('GET', `/1.0/cluster/members/${encodeURIComponent(to.member)}`).then((reply) => {
        if (reply.status === 404) throw notFound(`no cluster member "${to.member}" on ${targetRow.name}`);
      }),
    !sameSpot &&
      targetClient.request('GET', `/1.0/instances/${encodeURIComponent(to.name)}?project=${encodedProject}`).then((reply) => {
        if (reply.status === 200) throw conflict(`an instance "${to.name}" already exists in project ${to.project} on ${targetRow.name}`, 'name_taken');
      }),
  ]);
  // Without recursion: the instance's state (costly to gather, more so for a running one) is not needed.
  const [instance] = await Promise.all([
    source.client.get<LxdInstance>(instancePath(source)).catch((error: unknown) => {
      if (error instanceof LxdError && error.status === 404) throw notFound(`no instance "${name}" in project ${project} on ${sourceRow.name}`);
      throw error;
    }),
    // Long enough for a daemon that is merely busy (a loaded host answers /1.0 in seconds), short
    // enough that a hung one is named before anything starts.
    targetClient.get('/1.0', TARGET_PROBE_MS).catch((error: unknown) => {
      throw new ApiError(503, 'daemon_offline', `${targetRow.name} does not answer: ${error instanceof Error ? error.message : String(error)}`);
    }),
  ]);
  const currentPool = rootPool(instance);
  const move = request.move ?? false;
  if (sameSpot && (!to.member || to.member === instance.location) && (!to.pool || to.pool === currentPool)) {
    throw badRequest('the source and the target are the same instance: name another daemon, project, member, pool or name', 'same_source_and_target');
  }
  if (sameSpot && !move) throw conflict(`an instance "${name}" already exists in project ${project} on ${targetRow.name}`, 'name_taken');
  const running = instance.status !== 'Stopped';
  if (!sameDaemon && move && running && !request.stop) {
    throw conflict(`${name} is running: moving it to another daemon needs "stop": true (it is stopped, moved and started there)`, 'instance_running');
  }
  if (to.member && !targetRow.clustered) throw badRequest(`${targetRow.name} is not a cluster: it has no member "${to.member}"`, 'not_clustered');

  // The first refusal in this order answers: project, member, name, what the instance needs, space.
  const checks = [
    ...(await targetChecks),
    ...(await Promise.allSettled([
      requireDependencies(targetClient, targetRow, to.project, instance, to.pool),
      !sameDaemon && requireSpace(source.client, targetClient, instance, source, to.pool ?? currentPool),
    ])),
  ];
  const refused = checks.find((check): check is PromiseRejectedResult => check.status === 'rejected');
  if (refused) throw refused.reason;

  const method: CopyMethod = sameDaemon
    ? sameSpot
      ? 'move'
      : 'copy'
    : sourceRow.kind === targetRow.kind && source.client.endpoint.kind === 'https'
      ? 'migration'
      : 'relay';
  return { source, instance, to, move, snapshots: request.snapshots ?? true, stop: request.stop ?? false, start: request.start ?? false, method };
}

/** The pool of the instance's root disk, from its expanded devices. */
export function rootPool(instance: LxdInstance): string | undefined {
  const root = rootDiskName(instance.expanded_devices);
  return root ? instance.expanded_devices[root]?.pool : undefined;
}

async function requireDependencies(client: LxdClient, row: DaemonRow, project: string, instance: LxdInstance, poolOverride?: string) {
  const p = encodeURIComponent(project);
  const missing: string[] = [];
  const exists = async (what: string, url: string) => {
    const reply = await client.request('GET', url);
    if (reply.status === 404) missing.push(what);
    else if (reply.status >= 400) throw new LxdError(reply.status, reply.body.error || `${url} answered ${reply.status}`);
  };
  const pools = new Set<string>();
  const networks = new Set<string>();
  const root = rootDiskName(instance.expanded_devices);
  for (const [deviceName, device] of Object.entries(instance.expanded_devices ?? {})) {
    if (device.type === 'disk' && device.pool) pools.add(deviceName === root && poolOverride ? poolOverride : device.pool);
    if (device.type === 'nic' && device.network) networks.add(device.network);
  }
  if (poolOverride) pools.add(poolOverride);
  await Promise.all([
    ...instance.profiles.map((name) => exists(`profile "${name}"`, `/1.0/profiles/${encodeURIComponent(name)}?project=${p}`)),
    ...[...pools].map((name) => exists(`storage pool "${name}"`, `/1.0/storage-pools/${encodeURIComponent(name)}?project=${p}`)),
    ...[...networks].map((name) => exists(`network "${name}"`, `/1.0/networks/${encodeURIComponent(name)}?project=${p}`)),
  ]);
  if (missing.length) {
    throw new ApiError(422, 'missing_on_target', `${row.name} (project ${project}) lacks what ${instance.name} needs: ${missing.sort().join(', ')}`);
  }
}

/** Where both daemons report it: the instance's disk usage must fit in the target pool's free space. */
async function requireSpace(source: LxdClient, target: LxdClient, instance: LxdInstance, end: InstanceEnd, pool: string | undefined) {
  if (!pool) return;
  const [state, resources] = await Promise.all([
    source.get<{ disk?: Record<string, { usage?: number }> }>(instancePath(end, '/state')).catch(() => null),
    target.get<{ space?: { used?: number; total?: number } }>(`/1.0/storage-pools/${encodeURIComponent(pool)}/resources`).catch(() => null),
  ]);
  const root = rootDiskName(instance.expanded_devices) ?? 'root';
  const needed = state?.disk?.[root]?.usage;
  const total = resources?.space?.total;
  const used = resources?.space?.used;
  if (!needed || !total || used === undefined) return;
  if (needed > total - used) {
    throw new ApiError(422, 'insufficient_space', `storage pool "${pool}" on the target has ${total - used} bytes free; ${instance.name} uses ${needed}`);
  }
}
