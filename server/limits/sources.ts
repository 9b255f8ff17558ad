import { LIMIT_SPECS, readLimits, type InheritedLimits, type LimitValues } from '@/lib/limits';
import type { LxdInstance, LxdProfile } from '@/lib/lxd-types';
import { rootDiskName } from './target';

export interface LimitSources {
  own: LimitValues;
  inherited: InheritedLimits;
  effective: LimitValues;
  rootDisk: string | null;
}

/**
 * Splits an instance's limits by where they come from: its own config and devices, or its
 * profiles, applied in the instance's profile order so that a later profile wins, as the daemon
 * does. `effective` is the daemon's expanded view.
 */
export function limitSources(instance: LxdInstance, profiles: readonly LxdProfile[]): LimitSources {
  const rootDisk = rootDiskName(instance.expanded_devices) ?? rootDiskName(instance.devices);
  const ownRoot = rootDisk ? instance.devices?.[rootDisk] : undefined;
  const own = readLimits(instance.config ?? {}, ownRoot);
  // A device is taken whole from the last profile that has one of that name; its keys do not merge.
  const rootProfile = rootDisk ? profiles.findLast((p) => p.devices?.[rootDisk] !== undefined) : undefined;
  const inherited: InheritedLimits = {};
  for (const profile of profiles) {
    for (const spec of LIMIT_SPECS) {
      const value =
        spec.where === 'config'
          ? profile.config?.[spec.key]
          : profile === rootProfile
            ? profile.devices[rootDisk!][spec.key]
            : undefined;
      if (value === undefined || value === '') continue;
      const overridden = spec.where === 'config' ? spec.name in own : ownRoot !== undefined;
      inherited[spec.name] = { value, profile: profile.name, overridden };
    }
  }
  const expandedRoot = rootDisk ? instance.expanded_devices?.[rootDisk] : undefined;
  const effective = readLimits(instance.expanded_config ?? instance.config ?? {}, expandedRoot ?? ownRoot);
  return { own, inherited, effective, rootDisk };
}
