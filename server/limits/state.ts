import type { LimitsState } from '@/lib/limits';
import { hostFacts } from './host';
import { limitSources } from './sources';
import { daemonKind, readInstance, readProfiles, type InstanceVersion, type LimitTarget } from './target';
import { measureUsage } from './usage';

/** What GET …/limits answers: own limits, what the profiles give, usage against the limits in force. */
export async function readLimitsState(
  target: LimitTarget,
  snapshot?: InstanceVersion,
  options: { live?: boolean } = {},
): Promise<LimitsState> {
  const { instance } = snapshot ?? (await readInstance(target));
  const [profiles, host] = await Promise.all([
    readProfiles(target, instance.profiles ?? []),
    hostFacts(target, instance.location),
  ]);
  const sources = limitSources(instance, profiles);
  const root = sources.rootDisk ? instance.expanded_devices?.[sources.rootDisk] : undefined;
  const usage = await measureUsage(target, {
    status: instance.status,
    live: options.live !== false,
    effective: sources.effective,
    host,
    rootDisk: { name: sources.rootDisk, pool: root?.pool ?? null, size: root?.size ?? null },
  });
  return {
    daemon: { id: target.row.id, name: target.row.name, kind: daemonKind(target.row) },
    project: target.project,
    instance: instance.name,
    status: usage.status,
    profiles: instance.profiles ?? [],
    limits: sources.own,
    inherited: sources.inherited,
    effective: sources.effective,
    usage,
    host,
  };
}
