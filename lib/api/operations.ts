'use client';
import type { FleetOperationsResponse } from '../api-types';
import { operationKeys } from '../query-keys';
import { useFleetList } from './fleet';

/** Every daemon's operations, polled every `pollMs` (operations have no list event to follow). */
export function useFleetOperations(pollMs: number) {
  return useFleetList<FleetOperationsResponse>(operationKeys, '/api/v1/operations', pollMs);
}
