'use client';
import { useQuery } from '@tanstack/react-query';
import type { Me } from '../api-types';
import { meKeys } from '../query-keys';
import { roleReason, type Capability } from '../roles';
import { apiFetch } from './client';

/** The logged-in user and role; the UI hides what the role may not do (the server still refuses). */
export function useMe() {
  return useQuery({ queryKey: meKeys.all, queryFn: () => apiFetch<Me>('/api/v1/me'), staleTime: 60_000 });
}

/** Why the logged-in user may not do something, as a disabled control says it, or null when they may. */
export function useRoleReason(capability: Capability, doing: string): string | null {
  const { data: me } = useMe();
  return roleReason(me?.role, capability, doing);
}
