import { LIMIT_SPECS, readLimits, type LimitChangeRecord, type LimitChanges } from '@/lib/limits';
import type { LxdConfig, LxdDevices, LxdInstance } from '@/lib/lxd-types';
import { badRequest } from '../http/errors';
import { rootDiskName } from './target';

export interface MergePlan {
  config: LxdConfig;
  devices: LxdDevices;
  /** Own values before and after, only for the limits that change. */
  changes: LimitChangeRecord;
}

/**
 * The instance's config and devices with only the limit keys changed; every other key, device
 * and field stays as the daemon gave it. A root disk limit on an instance whose root disk comes
 * from a profile copies that device into the instance first (what `lxc config device override`
 * does), since a device's keys cannot be set on top of a profile's.
 */
export function mergeLimits(instance: LxdInstance, changes: LimitChanges): MergePlan {
  const config: LxdConfig = { ...instance.config };
  const devices: LxdDevices = Object.fromEntries(Object.entries(instance.devices ?? {}).map(([k, d]) => [k, { ...d }]));
  const rootName = rootDiskName(instance.expanded_devices) ?? rootDiskName(instance.devices);

  for (const spec of LIMIT_SPECS) {
    if (!(spec.name in changes)) continue;
    const value = changes[spec.name];
    if (spec.where === 'config') {
      if (value === null) delete config[spec.key];
      else if (value !== undefined) config[spec.key] = value;
      continue;
    }
    if (!rootName) throw badRequest(`${spec.name}: the instance has no root disk device to limit`, 'invalid_limit');
    if (!devices[rootName]) {
      if (value === null) continue; // nothing of its own to remove; the profile's device stays
      devices[rootName] = { ...instance.expanded_devices[rootName] };
    }
    if (value === null) delete devices[rootName][spec.key];
    else if (value !== undefined) devices[rootName][spec.key] = value;
  }

  const before = readLimits(instance.config ?? {}, rootName ? instance.devices?.[rootName] : undefined);
  const after = readLimits(config, rootName ? devices[rootName] : undefined);
  const record: LimitChangeRecord = {};
  for (const spec of LIMIT_SPECS) {
    if (before[spec.name] !== after[spec.name]) {
      record[spec.name] = { before: before[spec.name] ?? null, after: after[spec.name] ?? null };
    }
  }
  return { config, devices, changes: record };
}

/** The full PUT body: the daemon replaces what it is sent, so every writable field goes back. */
export function instancePut(instance: LxdInstance, plan: MergePlan) {
  return {
    architecture: instance.architecture,
    config: plan.config,
    devices: plan.devices,
    ephemeral: instance.ephemeral,
    profiles: instance.profiles,
    stateful: instance.stateful,
    description: instance.description,
  };
}
