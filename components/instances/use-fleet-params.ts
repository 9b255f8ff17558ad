'use client';
import { useUrlState } from '../ui/use-url-state';
import type { FleetView } from './fleet-view';

const DEFAULTS: FleetView = { q: '', daemon: '', project: '', status: '', location: '', sort: 'name' };

/** The fleet page's filters and sort order, kept in the URL. */
export function useFleetParams(): [FleetView, (patch: Partial<FleetView>, mode?: 'push' | 'replace') => void] {
  return useUrlState(DEFAULTS);
}
