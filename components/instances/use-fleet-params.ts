'use client';
import { useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import type { FleetView } from './fleet-view';

const DEFAULTS: FleetView = { q: '', daemon: '', project: '', status: '', location: '', sort: 'name' };

/**
 * The fleet page's filters and sort order, kept in the URL (shareable, back button works).
 * Written with history.pushState/replaceState, which Next's router picks up without a reload.
 */
export function useFleetParams(): [FleetView, (patch: Partial<FleetView>, mode?: 'push' | 'replace') => void] {
  const params = useSearchParams();
  const view = useMemo<FleetView>(
    () => ({
      q: params.get('q') ?? DEFAULTS.q,
      daemon: params.get('daemon') ?? DEFAULTS.daemon,
      project: params.get('project') ?? DEFAULTS.project,
      status: params.get('status') ?? DEFAULTS.status,
      location: params.get('location') ?? DEFAULTS.location,
      sort: params.get('sort') ?? DEFAULTS.sort,
    }),
    [params],
  );
  const update = useCallback((patch: Partial<FleetView>, mode: 'push' | 'replace' = 'push') => {
    const next = new URLSearchParams(window.location.search);
    for (const [key, value] of Object.entries(patch)) {
      if (value && value !== DEFAULTS[key as keyof FleetView]) next.set(key, value);
      else next.delete(key);
    }
    const search = next.toString();
    const url = `${window.location.pathname}${search ? `?${search}` : ''}`;
    if (mode === 'push') window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
  }, []);
  return [view, update];
}
