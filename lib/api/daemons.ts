'use client';
/** Registered daemons: list with live status, probe a certificate, add, rename, remove. */
import { useQuery } from '@tanstack/react-query';
import type { DaemonProbe, DaemonView } from '../api-types';
import { daemonKeys } from '../query-keys';
import { apiFetch } from './client';

const DAEMONS = '/api/v1/daemons';

export function fetchDaemons(): Promise<DaemonView[]> {
  return apiFetch<DaemonView[]>(DAEMONS);
}

export function useDaemons(options: { poll?: boolean } = {}) {
  return useQuery({
    queryKey: daemonKeys.list(),
    queryFn: fetchDaemons,
    refetchInterval: options.poll ? 10_000 : false,
    staleTime: 5_000,
  });
}

/** The certificate a daemon presents, for the person adding it to confirm (https only). */
export function probeDaemon(url: string): Promise<DaemonProbe> {
  return apiFetch<DaemonProbe>(`${DAEMONS}/probe`, { method: 'POST', json: { url } });
}

export interface AddDaemonInput {
  name: string;
  url: string;
  trustToken?: string;
  trustPassword?: string;
  /** The fingerprint the person confirmed; the server refuses if the daemon presents another. */
  fingerprint?: string;
}

export function addDaemon(input: AddDaemonInput): Promise<DaemonView> {
  return apiFetch<DaemonView>(DAEMONS, { method: 'POST', json: input });
}

export function renameDaemon(id: string, name: string): Promise<DaemonView> {
  return apiFetch<DaemonView>(`${DAEMONS}/${encodeURIComponent(id)}`, { method: 'PATCH', json: { name } });
}

export interface RemovedDaemon {
  id: string;
  name: string;
  /** True when Hangar's certificate was removed from the daemon's trust store. */
  untrusted: boolean;
  warning?: string;
}

export function removeDaemon(id: string): Promise<RemovedDaemon> {
  return apiFetch<RemovedDaemon>(`${DAEMONS}/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
