import type { ShareInstanceRef, ShareScope } from '@/lib/api/shares';
import type { DaemonRegistry } from '../daemons/registry';
import type { FleetFilter } from '../fleet/fleet';
import { badRequest, toApiError } from '../http/errors';

const MAX_INSTANCES = 500;
const NAME = /^[^/\s?#%]{1,63}$/;

function requireName(value: unknown, field: string): string {
  if (typeof value !== 'string' || !NAME.test(value)) {
    throw badRequest(`${field} must be a non-empty name without spaces or "/"`, 'invalid_scope');
  }
  return value;
}

/** A daemon named by id or name becomes its id, so a rename does not change what a link shows. */
async function daemonId(daemons: DaemonRegistry, value: unknown, field: string): Promise<string> {
  if (typeof value !== 'string' || value === '') throw badRequest(`${field} must name a registered daemon`, 'invalid_scope');
  try {
    return (await daemons.row(value)).id;
  } catch (error) {
    // By status, not class: the registry may come from the custom server's bundle, with its own ApiError.
    if (toApiError(error).status === 404) throw badRequest(`${field}: no daemon "${value}"`, 'invalid_scope');
    throw error;
  }
}

/**
 * Checks a requested scope: a daemon, a project (on that daemon or on all), or a list of
 * instances — never nothing, which would share the whole fleet.
 */
export async function parseScope(input: unknown, daemons: DaemonRegistry): Promise<ShareScope> {
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    throw badRequest('scope must be an object with "daemon", "project" or "instances"', 'invalid_scope');
  }
  const raw = input as Record<string, unknown>;
  const unknownKeys = Object.keys(raw).filter((k) => !['daemon', 'project', 'instances'].includes(k));
  if (unknownKeys.length > 0) throw badRequest(`scope has unknown fields: ${unknownKeys.join(', ')}`, 'invalid_scope');

  if (raw.instances !== undefined) {
    if (raw.daemon !== undefined || raw.project !== undefined) {
      throw badRequest('scope is either a list of instances or a daemon and/or project, not both', 'invalid_scope');
    }
    if (!Array.isArray(raw.instances) || raw.instances.length === 0 || raw.instances.length > MAX_INSTANCES) {
      throw badRequest(`scope.instances must list 1 to ${MAX_INSTANCES} instances`, 'invalid_scope');
    }
    const instances: ShareInstanceRef[] = [];
    const seen = new Set<string>();
    for (const [i, item] of raw.instances.entries()) {
      const field = `scope.instances[${i}]`;
      if (!item || typeof item !== 'object') throw badRequest(`${field} must be {"daemon","project","name"}`, 'invalid_scope');
      const ref = item as Record<string, unknown>;
      const entry = {
        daemon: await daemonId(daemons, ref.daemon, `${field}.daemon`),
        project: ref.project === undefined ? 'default' : requireName(ref.project, `${field}.project`),
        name: requireName(ref.name, `${field}.name`),
      };
      const key = JSON.stringify(entry);
      if (!seen.has(key)) instances.push(entry);
      seen.add(key);
    }
    return { instances };
  }

  const scope: ShareScope = {};
  if (raw.daemon !== undefined) scope.daemon = await daemonId(daemons, raw.daemon, 'scope.daemon');
  if (raw.project !== undefined) scope.project = requireName(raw.project, 'scope.project');
  if (!scope.daemon && !scope.project) {
    throw badRequest('scope must name a daemon, a project or instances', 'invalid_scope');
  }
  return scope;
}

/** The fleet queries that cover a scope: one per daemon and project, never more than needed. */
export function fleetQueries(scope: ShareScope): FleetFilter[] {
  if (!scope.instances) return [{ daemon: scope.daemon, project: scope.project }];
  const keys = new Set(scope.instances.map((i) => JSON.stringify([i.daemon, i.project])));
  return [...keys].map((key) => {
    const [daemon, project] = JSON.parse(key) as [string, string];
    return { daemon, project };
  });
}

/** Whether the scope shares an instance, named by daemon id, project and name. */
export function inScope(scope: ShareScope, daemonId: string, project: string, name: string): boolean {
  if (scope.instances) {
    return scope.instances.some((i) => i.daemon === daemonId && i.project === project && i.name === name);
  }
  return (!scope.daemon || scope.daemon === daemonId) && (!scope.project || scope.project === project);
}

/** Whether the scope may show anything of a daemon at all (its connection state, say). */
export function daemonInScope(scope: ShareScope, daemonId: string): boolean {
  return scope.instances ? scope.instances.some((i) => i.daemon === daemonId) : !scope.daemon || scope.daemon === daemonId;
}
