'use client';
/** Profiles through the gateway: list per daemon, ETag-protected edits, and copies between daemons. */
import { useQueries, useQuery } from '@tanstack/react-query';
import type { DaemonView } from '../api-types';
import type { LxdProfile } from '../lxd-types';
import { lxdKeys, profileKeys } from '../query-keys';
import { fetchTagged, ifMatch, runLxd, type Tagged } from './daemon';
import { fetchProfiles } from './instances';
import { lxdGet, lxdPath } from './daemon';

export interface ProfileRef {
  daemonId: string;
  project: string;
  name: string;
}

/** What `PUT /1.0/profiles/NAME` replaces. */
export interface ProfilePut {
  description: string;
  config: Record<string, string>;
  devices: Record<string, Record<string, string>>;
}

const profilePath = (ref: ProfileRef) => lxdPath(['profiles', ref.name], { project: ref.project });

/** One query per online daemon; each result carries its own error so one daemon never hides the others. */
export function useDaemonProfiles(daemons: DaemonView[], project: string) {
  return useQueries({
    queries: daemons.map((daemon) => ({
      queryKey: lxdKeys.profiles(daemon.id, project),
      queryFn: () => fetchProfiles(daemon.id, project),
      enabled: daemon.status === 'online',
      refetchInterval: 15_000,
    })),
  });
}

export function fetchProfile(ref: ProfileRef): Promise<Tagged<LxdProfile>> {
  return fetchTagged<LxdProfile>(ref.daemonId, profilePath(ref));
}

/** One profile with its ETag, read once for an edit (not while `enabled` is false, e.g. creating one). */
export function useProfile(ref: ProfileRef, enabled = true) {
  return useQuery({
    queryKey: profileKeys.detail(ref.daemonId, ref.project, ref.name),
    queryFn: () => fetchProfile(ref),
    enabled,
    refetchOnWindowFocus: false,
    staleTime: Infinity,
  });
}

export async function createProfile(ref: ProfileRef, put: ProfilePut): Promise<void> {
  await runLxd(ref.daemonId, 'POST', lxdPath(['profiles'], { project: ref.project }), { name: ref.name, ...put });
}

export async function saveProfile(ref: ProfileRef, put: ProfilePut, etag: string | null): Promise<void> {
  await runLxd(ref.daemonId, 'PUT', profilePath(ref), put, ifMatch(etag));
}

export async function deleteProfile(ref: ProfileRef): Promise<void> {
  await runLxd(ref.daemonId, 'DELETE', profilePath(ref));
}

/**
 * Creates the same profile on another daemon (read here, created there; Hangar never lets one
 * daemon reach another). A device naming a pool or network the target lacks gets the target's message.
 */
export async function copyProfile(from: ProfileRef, to: { daemonId: string; project: string; name: string }): Promise<void> {
  const profile = await lxdGet<LxdProfile>(from.daemonId, profilePath(from));
  await createProfile(to, { description: profile.description, config: profile.config ?? {}, devices: profile.devices ?? {} });
}

export interface ProfileUser {
  name: string;
  project: string;
  /** Set when the user is a snapshot ("c1/snap0"). */
  snapshot?: string;
}

/** `used_by` entries ("/1.0/instances/c1?project=p", "/1.0/instances/c1/snapshots/s0") as instances. */
export function profileUsers(usedBy: string[] | null | undefined): ProfileUser[] {
  return (usedBy ?? []).flatMap((entry) => {
    const url = new URL(entry, 'http://lxd');
    const parts = url.pathname.split('/').map(decodeURIComponent);
    if (parts[2] !== 'instances' && parts[2] !== 'containers' && parts[2] !== 'virtual-machines') return [];
    const project = url.searchParams.get('project') ?? 'default';
    return [{ name: parts[3], project, ...(parts[4] === 'snapshots' ? { snapshot: parts[5] } : {}) }];
  });
}
