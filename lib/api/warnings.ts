'use client';
/** Every daemon's warnings (Hangar's API); acknowledging one goes through the gateway. */
import type { FleetWarningsResponse } from '../api-types';
import { warningKeys } from '../query-keys';
import { useFleetList } from './fleet';
import { lxdPath, runLxd } from './daemon';

export function useFleetWarnings() {
  return useFleetList<FleetWarningsResponse>(warningKeys, '/api/v1/warnings', 60_000);
}

export async function setWarningStatus(daemonId: string, uuid: string, status: 'acknowledged' | 'new'): Promise<void> {
  await runLxd(daemonId, 'PATCH', lxdPath(['warnings', uuid]), { status });
}
