'use client';
import { useUrlState } from '../ui/use-url-state';
import { DEFAULT_VIEW, type FleetView } from './fleet-view';

/** The fleet page's filters and sort order, kept in the URL. */
export function useFleetParams(): [FleetView, (patch: Partial<FleetView>, mode?: 'push' | 'replace') => void] {
  return useUrlState(DEFAULT_VIEW);
}
