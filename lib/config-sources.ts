/**
 * Where each value of an instance's expanded configuration comes from. The daemon applies the
 * instance's profiles in order (a later profile wins over an earlier one) and then the instance's
 * own config and devices, which win over every profile. A device is replaced whole by a later
 * source with the same device name; config keys are replaced one by one.
 */
import type { LxdConfig, LxdDevices } from './lxd-types';

export interface ConfigLayer {
  config: LxdConfig;
  devices: LxdDevices;
}

/** The instance itself, as opposed to one of its profiles. */
export const INSTANCE_SOURCE = { kind: 'instance' } as const;
export type ConfigSource = typeof INSTANCE_SOURCE | { kind: 'profile'; name: string };

export interface SourcedValue<T> {
  key: string;
  value: T;
  /** The profile or the instance whose value the daemon uses. */
  source: ConfigSource;
  /** Earlier sources that also set this key and lost, in the order they were applied. */
  overridden: { source: ConfigSource; value: T }[];
}

export interface SourcedConfig {
  config: SourcedValue<string>[];
  devices: SourcedValue<Record<string, string>>[];
}

/** Profiles in the instance's order; a profile missing from `profiles` counts as empty. */
export function attributeConfig(
  instance: ConfigLayer,
  profileOrder: readonly string[],
  profiles: Readonly<Record<string, ConfigLayer | undefined>>,
): SourcedConfig {
  const layers: { source: ConfigSource; layer: ConfigLayer }[] = [
    ...profileOrder.map((name) => ({
      source: { kind: 'profile', name } as ConfigSource,
      layer: profiles[name] ?? { config: {}, devices: {} },
    })),
    { source: INSTANCE_SOURCE, layer: instance },
  ];
  return {
    config: applyInOrder(layers.map(({ source, layer }) => ({ source, values: layer.config ?? {} }))),
    devices: applyInOrder(layers.map(({ source, layer }) => ({ source, values: layer.devices ?? {} }))),
  };
}

function applyInOrder<T>(layers: { source: ConfigSource; values: Record<string, T> }[]): SourcedValue<T>[] {
  const byKey = new Map<string, SourcedValue<T>>();
  for (const { source, values } of layers) {
    for (const [key, value] of Object.entries(values)) {
      const previous = byKey.get(key);
      byKey.set(key, {
        key,
        value,
        source,
        overridden: previous ? [...previous.overridden, { source: previous.source, value: previous.value }] : [],
      });
    }
  }
  return [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key));
}

export function sourceLabel(source: ConfigSource): string {
  return source.kind === 'instance' ? 'instance' : `profile ${source.name}`;
}
