'use client';
/** Usage history from Hangar's database: one instance's charts, every instance's sparkline. */
import { useQuery } from '@tanstack/react-query';
import type { FleetHistory, HistoryRange, InstanceHistory } from '../history';
import { historyKeys } from '../query-keys';
import { apiFetch } from './client';
import type { InstanceRef } from './instances';

const DEFAULT_INTERVAL_S = 10;

export function fetchInstanceHistory(ref: InstanceRef, range: HistoryRange): Promise<InstanceHistory> {
  const query = new URLSearchParams({ project: ref.project, range });
  return apiFetch<InstanceHistory>(
    `/api/v1/daemons/${encodeURIComponent(ref.daemonId)}/instances/${encodeURIComponent(ref.name)}/history?${query}`,
  );
}

/** Refreshed as often as the server samples (the 24h view, averaged per minute, once a minute). */
export function useInstanceHistory(ref: InstanceRef, range: HistoryRange) {
  return useQuery({
    queryKey: historyKeys.instance(ref.daemonId, ref.project, ref.name, range),
    queryFn: () => fetchInstanceHistory(ref, range),
    refetchInterval: (query) => (range === '24h' ? 60_000 : (query.state.data?.intervalSeconds ?? DEFAULT_INTERVAL_S) * 1000),
  });
}

/**
 * Every instance's trend over the last `minutes`, in one request for the whole fleet list;
 * `select` picks what a component needs (one row's trend) so it re-renders only when that changes.
 */
export function useFleetTrends<T = FleetHistory>(minutes = 30, select?: (history: FleetHistory) => T) {
  return useQuery({
    queryKey: historyKeys.fleet(minutes),
    queryFn: () => apiFetch<FleetHistory>(`/api/v1/history?minutes=${minutes}`),
    refetchInterval: (query) => Math.max(query.state.data?.intervalSeconds ?? DEFAULT_INTERVAL_S, 10) * 1000,
    select,
  });
}
