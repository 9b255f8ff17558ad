'use client';
import { useQuery } from '@tanstack/react-query';
import type { FleetOperationsResponse } from '../api-types';
import { operationKeys } from '../query-keys';
import { apiFetch } from './client';

/** Every daemon's operations, polled every `pollMs` (operations have no list event to follow). */
export function useFleetOperations(pollMs: number) {
  return useQuery({
    queryKey: operationKeys.fleet(),
    queryFn: () => apiFetch<FleetOperationsResponse>('/api/v1/operations'),
    refetchInterval: pollMs,
  });
}
