'use client';
/**
 * Reading and saving LXD objects with their ETag through the gateway, the instance's editable
 * config, its expanded config attributed to the profile or instance that set each value, and
 * its log files.
 */
import { attributeConfig, type ConfigLayer, type SourcedConfig } from '../config-sources';
import type { LxdInstance, LxdProfile } from '../lxd-types';
import { ApiRequestError, apiFetch } from './client';
import type { InstanceRef } from './instances';
import { gatewayUrl, lxdGet, lxdPath, waitForOperation } from './operations';
import type { LxdResponse } from '../lxd-types';

export interface Tagged<T> {
  data: T;
  /** The daemon's ETag for `data`; sent back as If-Match so a concurrent change is refused. */
  etag: string | null;
}

export async function fetchTagged<T>(daemonId: string, path: string): Promise<Tagged<T>> {
  let etag: string | null = null;
  const reply = await apiFetch<LxdResponse<T>>(gatewayUrl(daemonId, path), {
    onResponse: (res) => (etag = res.headers.get('etag')),
  });
  return { data: reply.metadata, etag };
}

/**
 * Sends a change with optional extra headers (If-Match, X-LXD-*) and waits for the operation the
 * daemon may start. A stale ETag comes back as ApiRequestError with status 412.
 */
export async function sendLxd(
  daemonId: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<unknown> {
  const reply = await apiFetch<LxdResponse<unknown>>(gatewayUrl(daemonId, path), { method, json: body, headers });
  if (reply?.type === 'async' && reply.operation) return (await waitForOperation(daemonId, reply.operation)).metadata;
  return reply?.metadata;
}

export function ifMatch(etag: string | null): Record<string, string> {
  return etag ? { 'if-match': etag } : {};
}

/** True when a save was refused because the object changed since it was read. */
export function isEtagConflict(error: unknown): boolean {
  return error instanceof ApiRequestError && error.status === 412;
}

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
  await sendLxd(ref.daemonId, 'PUT', instancePath(ref), put, ifMatch(etag));
}

/** Only the given config keys change (PATCH merges); other keys stay as they are. */
export async function patchInstanceConfig(ref: InstanceRef, config: Record<string, string>, etag: string | null): Promise<void> {
  await sendLxd(ref.daemonId, 'PATCH', instancePath(ref), { config }, ifMatch(etag));
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
