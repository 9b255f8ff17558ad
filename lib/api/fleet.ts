'use client';
import { useQuery, type QueryKey } from '@tanstack/react-query';
import { apiFetch } from './client';

/**
 * One of Hangar's fleet-wide lists (`GET /api/v1/<resource>`: the server asks every daemon and
 * names those that did not answer), under its key factory's `fleet()` key, asked again every
 * `refetchInterval` ms.
 */
export function useFleetList<T>(keys: { fleet: () => QueryKey }, path: string, refetchInterval: number, enabled = true) {
  return useQuery({ queryKey: keys.fleet(), queryFn: () => apiFetch<T>(path), refetchInterval, enabled });
}
