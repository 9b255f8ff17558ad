'use client';
/**
 * Instances: the fleet list (Hangar's own API), one instance, its lifecycle and creation (through
 * the gateway, waiting for the daemon's operation), and what the create form needs to offer.
 */
import { useQuery } from '@tanstack/react-query';
import type { FleetResponse } from '../api-types';
import type { LxdImage, LxdInstance, LxdInstanceState, LxdProfile, LxdProject } from '../lxd-types';
import { instanceKeys, lxdKeys, type FleetFilters } from '../query-keys';
import { apiFetch, apiText } from './client';
import { useLiveStatus } from './events';
import { gatewayUrl, lxdGet, lxdPath, runLxd, type WaitOptions } from './daemon';

/** Which instance: the daemon's id, the LXD project and the name. */
export interface InstanceRef {
  daemonId: string;
  project: string;
  name: string;
}

/** How often lists poll while the live stream is down (and an instance's detail page always). */
export const POLL_MS = 5000;

export function fetchFleet(filters: FleetFilters = {}): Promise<FleetResponse> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  const query = params.toString();
  return apiFetch<FleetResponse>(`/api/v1/instances${query ? `?${query}` : ''}`);
}

/**
 * Every instance of every daemon; the fleet page filters and sorts it in the browser. Fetched
 * once, then kept current by the live stream (rows as they change); polled only while the stream
 * is down.
 */
export function useFleet(placeholder?: FleetResponse) {
  const live = useLiveStatus().state === 'live';
  return useQuery({
    queryKey: instanceKeys.list(),
    queryFn: () => fetchFleet(),
    refetchInterval: live ? false : POLL_MS,
    // Shown (never cached) until the list arrives: the fleet page's first rows rendered by the server.
    placeholderData: placeholder,
  });
}

function instancePath(ref: InstanceRef, ...rest: string[]): string {
  return lxdPath(['instances', ref.name, ...rest], { project: ref.project });
}

/** One instance with its live state (recursion=1; the state is fetched separately if missing). */
export async function fetchInstance(ref: InstanceRef): Promise<LxdInstance> {
  const instance = await lxdGet<LxdInstance>(ref.daemonId, lxdPath(['instances', ref.name], { project: ref.project, recursion: '1' }));
  if (instance.state === undefined) {
    instance.state = await lxdGet<LxdInstanceState>(ref.daemonId, instancePath(ref, 'state'));
  }
  return instance;
}

export function useInstance(ref: InstanceRef) {
  return useQuery({
    queryKey: instanceKeys.detail(ref.daemonId, ref.project, ref.name),
    queryFn: () => fetchInstance(ref),
    refetchInterval: POLL_MS,
  });
}

export type LifecycleAction = 'start' | 'stop' | 'restart' | 'freeze' | 'unfreeze';

const STATE_TIMEOUT_S = 30;

export async function changeInstanceState(ref: InstanceRef, action: LifecycleAction, force = false): Promise<void> {
  await runLxd(ref.daemonId, 'PUT', instancePath(ref, 'state'), { action, timeout: STATE_TIMEOUT_S, force });
}

/** The daemon refuses to rename a running instance; its message is passed on as it is. */
export async function renameInstance(ref: InstanceRef, newName: string): Promise<void> {
  await runLxd(ref.daemonId, 'POST', instancePath(ref), { name: newName });
}

export async function deleteInstance(ref: InstanceRef): Promise<void> {
  await runLxd(ref.daemonId, 'DELETE', instancePath(ref));
}

export interface CreateInstanceInput {
  daemonId: string;
  /** `project` and, on a cluster, `target` (member). */
  query: { project: string; target?: string };
  /** `POST /1.0/instances` as the daemon takes it (components/instances/create-instance-model.ts). */
  body: Record<string, unknown> & { name: string; start: boolean };
}

export async function createInstance(input: CreateInstanceInput, options?: WaitOptions): Promise<void> {
  await runLxd(input.daemonId, 'POST', lxdPath(['instances'], input.query), input.body, options);
  if (input.body.start) {
    // Daemons without the instance_create_start extension (LXD 5.0) ignore "start": start it here.
    const ref = { daemonId: input.daemonId, project: input.query.project, name: input.body.name };
    const state = await lxdGet<LxdInstanceState>(input.daemonId, instancePath(ref, 'state'));
    if (state.status !== 'Running') await startAfterCreate(ref);
  }
}

/** A cluster member may hold the create's lock a moment after its operation ended ("busy running a create operation"). */
async function startAfterCreate(ref: InstanceRef): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await changeInstanceState(ref, 'start');
    } catch (error) {
      if (attempt >= 10 || !/busy running a "?create/i.test(errorText(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 300 * attempt));
    }
  }
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

// What the create form offers. These move to their own resource modules when the Images,
// Profiles and Projects pages arrive.

export function fetchProjects(daemonId: string): Promise<LxdProject[]> {
  return lxdGet<LxdProject[]>(daemonId, lxdPath(['projects'], { recursion: '1' }));
}

export function fetchImages(daemonId: string, project: string): Promise<LxdImage[]> {
  return lxdGet<LxdImage[]>(daemonId, lxdPath(['images'], { recursion: '1', project }));
}

export function fetchProfiles(daemonId: string, project: string): Promise<LxdProfile[]> {
  return lxdGet<LxdProfile[]>(daemonId, lxdPath(['profiles'], { recursion: '1', project }));
}

export function useProjects(daemonId: string | undefined) {
  return useQuery({
    queryKey: lxdKeys.projects(daemonId ?? ''),
    queryFn: () => fetchProjects(daemonId!),
    enabled: Boolean(daemonId),
  });
}

export function useImages(daemonId: string | undefined, project: string) {
  return useQuery({
    queryKey: lxdKeys.images(daemonId ?? '', project),
    queryFn: () => fetchImages(daemonId!, project),
    enabled: Boolean(daemonId),
  });
}

export function useProfiles(daemonId: string | undefined, project: string) {
  return useQuery({
    queryKey: lxdKeys.profiles(daemonId ?? '', project),
    queryFn: () => fetchProfiles(daemonId!, project),
    enabled: Boolean(daemonId),
  });
}

/** The instance types a daemon can run (`environment.instance_types`; LXD 5.0 and Incus list them). */
export function useInstanceTypes(daemonId: string | undefined) {
  return useQuery({
    queryKey: lxdKeys.server(daemonId ?? ''),
    queryFn: () => lxdGet<{ environment?: { instance_types?: string[] } }>(daemonId!, '/1.0'),
    enabled: Boolean(daemonId),
    staleTime: 60_000,
    select: (server) => (server.environment?.instance_types ?? ['container']).filter((t): t is 'container' | 'virtual-machine' => t === 'container' || t === 'virtual-machine'),
  });
}

export function usePoolNames(daemonId: string | undefined) {
  return useQuery({
    queryKey: lxdKeys.pools(daemonId ?? ''),
    queryFn: async () => (await lxdGet<string[]>(daemonId!, '/1.0/storage-pools')).map((url) => decodeURIComponent(url.split('/').pop() ?? '')),
    enabled: Boolean(daemonId),
  });
}

/** Managed networks (what a NIC may name), with their type and config (whether they hand out addresses). */
export function useNetworks(daemonId: string | undefined, project: string) {
  return useQuery({
    queryKey: lxdKeys.networks(daemonId ?? '', project),
    queryFn: async () =>
      (await lxdGet<{ name: string; type: string; managed: boolean; config: Record<string, string> }[]>(daemonId!, lxdPath(['networks'], { recursion: '1', project })))
        .filter((n) => n.managed)
        .map((n) => ({ name: n.name, type: n.type, config: n.config })),
    enabled: Boolean(daemonId),
  });
}

/** What the instance's console printed so far (the daemon keeps a ring buffer of it). */
export function fetchConsoleLog(ref: InstanceRef, signal?: AbortSignal): Promise<string> {
  return apiText(gatewayUrl(ref.daemonId, lxdPath(['instances', ref.name, 'console'], { project: ref.project })), { signal });
}
