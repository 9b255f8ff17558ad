'use client';
/** Every daemon's warnings (Hangar's API); acknowledging one goes through the gateway. */
import { useQuery } from '@tanstack/react-query';
import type { FleetWarningsResponse } from '../api-types';
import { warningKeys } from '../query-keys';
import { apiFetch } from './client';
import { runLxd } from './daemon';
import { lxdPath } from './daemon';

export function useFleetWarnings() {
  return useQuery({
    queryKey: warningKeys.fleet(),
    queryFn: () => apiFetch<FleetWarningsResponse>('/api/v1/warnings'),
    refetchInterval: 60_000,
  });
}

export async function setWarningStatus(daemonId: string, uuid: string, status: 'acknowledged' | 'new'): Promise<void> {
  await runLxd(daemonId, 'PATCH', lxdPath(['warnings', uuid]), { status });
}
