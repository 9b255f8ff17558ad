'use client';
/** Live limits: one instance's state and history, applying changes, bulk applies and presets. */
import { useQueries, useQuery } from '@tanstack/react-query';
import type {
  BulkLimitResult,
  LimitChanges,
  LimitHistoryEntry,
  LimitPreset,
  LimitsApplied,
  LimitsState,
  LimitTargetRef,
  LimitValues,
} from '../limits';
import { limitKeys } from '../query-keys';
import { apiFetch } from './client';
import type { InstanceRef } from './instances';

/** Usage is live: the tab polls it while open. */
export const LIMITS_POLL_MS = 5000;

function limitsUrl(ref: InstanceRef, suffix = ''): string {
  const base = `/api/v1/daemons/${encodeURIComponent(ref.daemonId)}/instances/${encodeURIComponent(ref.name)}/limits`;
  return `${base}${suffix}?project=${encodeURIComponent(ref.project)}`;
}

export function fetchLimits(ref: InstanceRef): Promise<LimitsState> {
  return apiFetch<LimitsState>(limitsUrl(ref));
}

export function useLimits(ref: InstanceRef) {
  return useQuery({ queryKey: limitKeys.instance(ref), queryFn: () => fetchLimits(ref), refetchInterval: LIMITS_POLL_MS });
}

/** Several instances' limits at once (e.g. one per daemon, for each host's rules); none when `refs` is empty. */
export function useLimitsOfEach(refs: InstanceRef[]) {
  return useQueries({
    queries: refs.map((ref) => ({ queryKey: limitKeys.instance(ref), queryFn: () => fetchLimits(ref), staleTime: 60_000 })),
  });
}

/** Applies a change live; `null` removes a limit. Answers what the daemon now holds. */
export function patchLimits(ref: InstanceRef, limits: LimitChanges): Promise<LimitsApplied> {
  return apiFetch<LimitsApplied>(limitsUrl(ref), { method: 'PATCH', json: { limits } });
}

export function useLimitHistory(ref: InstanceRef) {
  return useQuery({
    queryKey: limitKeys.history(ref),
    queryFn: () => apiFetch<LimitHistoryEntry[]>(limitsUrl(ref, '/history')),
  });
}

export function bulkApplyLimits(targets: LimitTargetRef[], limits: LimitChanges): Promise<{ results: BulkLimitResult[] }> {
  return apiFetch('/api/v1/limits/bulk', { method: 'POST', json: { targets, limits } });
}

export function usePresets() {
  return useQuery({ queryKey: limitKeys.presets(), queryFn: () => apiFetch<LimitPreset[]>('/api/v1/limits/presets'), staleTime: 30_000 });
}

export function applyPreset(name: string, targets: LimitTargetRef[]): Promise<{ preset: string; results: BulkLimitResult[] }> {
  return apiFetch(`/api/v1/limits/presets/${encodeURIComponent(name)}/apply`, { method: 'POST', json: { targets } });
}

export function createPreset(input: { name: string; description?: string; limits: LimitValues }): Promise<LimitPreset> {
  return apiFetch<LimitPreset>('/api/v1/limits/presets', { method: 'POST', json: input });
}

export function deletePreset(name: string): Promise<void> {
  return apiFetch(`/api/v1/limits/presets/${encodeURIComponent(name)}`, { method: 'DELETE' });
}
