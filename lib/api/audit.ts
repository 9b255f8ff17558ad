'use client';
/** The audit log (admin): every change made through Hangar, newest first. */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { auditKeys, type AuditFilters } from '../query-keys';
import type { AuditRecord } from '../api-types';
import { apiFetch } from './client';

export type { AuditRecord };


/** The query string of GET /api/v1/audit for some filters (and CSV when asked). */
export function auditQuery(filters: AuditFilters, format?: 'csv'): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  if (format) params.set('format', format);
  const query = params.toString();
  return `/api/v1/audit${query ? `?${query}` : ''}`;
}

export function useAudit(filters: AuditFilters, enabled = true) {
  return useQuery({
    queryKey: auditKeys.list(filters),
    enabled,
    queryFn: () => apiFetch<AuditRecord[]>(auditQuery(filters)),
    placeholderData: keepPreviousData,
  });
}
