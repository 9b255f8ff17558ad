'use client';
/**
 * The instance's editable config (read and saved with its ETag), its expanded config attributed
 * to the profile or instance that set each value, and its log files.
 */
import { useQuery } from '@tanstack/react-query';
import { configKeys } from '../query-keys';
import { attributeConfig, type ConfigLayer, type SourcedConfig } from '../config-sources';
import type { LxdInstance, LxdProfile } from '../lxd-types';
import { apiFetch } from './client';
import type { InstanceRef } from './instances';
import { fetchTagged, gatewayUrl, ifMatch, lxdGet, lxdPath, runLxd, type Tagged } from './daemon';

/** The fields of an instance that `PUT /1.0/instances/NAME` replaces, as `lxc config edit` shows them. */
export interface InstancePut {
  architecture: string;
  config: Record<string, string>;
  devices: Record<string, Record<string, string>>;
  ephemeral: boolean;
  profiles: string[];
  stateful: boolean;
  description: string;
}

export function editableInstance(i: LxdInstance): InstancePut {
  return {
    architecture: i.architecture,
    config: i.config ?? {},
    devices: i.devices ?? {},
    ephemeral: i.ephemeral,
    profiles: i.profiles ?? [],
    stateful: i.stateful,
    description: i.description ?? '',
  };
}

const instancePath = (ref: InstanceRef, ...rest: string[]) => lxdPath(['instances', ref.name, ...rest], { project: ref.project });

export function fetchInstanceConfig(ref: InstanceRef): Promise<Tagged<LxdInstance>> {
  return fetchTagged<LxdInstance>(ref.daemonId, instancePath(ref));
}

export async function saveInstanceConfig(ref: InstanceRef, put: InstancePut, etag: string | null): Promise<void> {
  await runLxd(ref.daemonId, 'PUT', instancePath(ref), put, ifMatch(etag));
}

/** Only the given config keys change (PATCH merges); other keys stay as they are. */
export async function patchInstanceConfig(ref: InstanceRef, config: Record<string, string>, etag: string | null): Promise<void> {
  await runLxd(ref.daemonId, 'PATCH', instancePath(ref), { config }, ifMatch(etag));
}

export interface ExpandedView {
  instance: LxdInstance;
  sourced: SourcedConfig;
}

/** The instance's expanded config with, for each key and device, the profile or the instance that set it. */
export async function fetchExpandedConfig(ref: InstanceRef): Promise<ExpandedView> {
  const instance = await lxdGet<LxdInstance>(ref.daemonId, instancePath(ref));
  const profiles = await Promise.all(
    (instance.profiles ?? []).map((name) =>
      lxdGet<LxdProfile>(ref.daemonId, lxdPath(['profiles', name], { project: ref.project })).then(
        (p): [string, ConfigLayer] => [name, { config: p.config ?? {}, devices: p.devices ?? {} }],
      ),
    ),
  );
  const sourced = attributeConfig(
    { config: instance.config ?? {}, devices: instance.devices ?? {} },
    instance.profiles ?? [],
    Object.fromEntries(profiles),
  );
  return { instance, sourced };
}

/** The instance's log file names (`lxc.log`, `lxc.conf`, …) as the daemon lists them. */
export async function fetchLogNames(ref: InstanceRef): Promise<string[]> {
  const paths = await lxdGet<string[]>(ref.daemonId, instancePath(ref, 'logs'));
  return paths.map((p) => decodeURIComponent(p.split('?')[0].split('/').pop() ?? p)).sort();
}

export async function fetchLogFile(ref: InstanceRef, file: string): Promise<string> {
  const body = await apiFetch<unknown>(gatewayUrl(ref.daemonId, instancePath(ref, 'logs', file)), {
    headers: { accept: 'text/plain, */*' },
  });
  // apiFetch parses anything that looks like JSON; a log file is text whatever it contains.
  return typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body, null, 2);
}

/** The instance's own config and its ETag; never refreshed under someone's edits (a conflict is caught by the ETag on save). */
/** The editable config; kept until changed here unless `staleTime` says otherwise (a form that must start fresh). */
export function useInstanceConfig(ref: InstanceRef, { staleTime = Infinity }: { staleTime?: number } = {}) {
  return useQuery({
    queryKey: configKeys.instance(ref.daemonId, ref.project, ref.name),
    queryFn: () => fetchInstanceConfig(ref),
    refetchOnWindowFocus: false,
    staleTime,
  });
}

export function useLogNames(ref: InstanceRef) {
  return useQuery({ queryKey: configKeys.logs(ref.daemonId, ref.project, ref.name), queryFn: () => fetchLogNames(ref) });
}

/** One log file's text; nothing while `file` is null. */
export function useLogFile(ref: InstanceRef, file: string | null) {
  return useQuery({
    queryKey: configKeys.log(ref.daemonId, ref.project, ref.name, file ?? ''),
    queryFn: () => fetchLogFile(ref, file!),
    enabled: Boolean(file),
  });
}

/** The instance's expanded config, each value with the profile or instance it comes from. */
export function useExpandedConfig(ref: InstanceRef) {
  return useQuery({ queryKey: configKeys.expanded(ref.daemonId, ref.project, ref.name), queryFn: () => fetchExpandedConfig(ref) });
}
