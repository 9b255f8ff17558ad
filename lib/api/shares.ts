'use client';
/** Share links: read-only views of some instances that need no login (docs/api.md "Share links"). */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { FleetResponse } from '../api-types';
import { shareKeys } from '../query-keys';
import { ApiRequestError, apiFetch } from './client';

export interface ShareInstanceRef {
  daemon: string;
  project: string;
  name: string;
}

/** What a link shows: one daemon, one project (on one or all daemons), or a list of instances. */
export interface ShareScope {
  daemon?: string;
  project?: string;
  instances?: ShareInstanceRef[];
}

export interface ShareView {
  id: string;
  name: string;
  /** Daemons are named by id. */
  scope: ShareScope;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
}

export interface CreateShareInput {
  name: string;
  scope: ShareScope;
  /** ISO 8601; the server's default applies when absent. */
  expiresAt?: string;
}

/** The link's secret is in `token` and `url`, shown this once. */
export interface CreatedShare {
  id: string;
  token: string;
  url: string;
  expiresAt: string;
}

const SHARES = '/api/v1/shares';

export function useShares(enabled = true) {
  return useQuery({ queryKey: shareKeys.list(), queryFn: () => apiFetch<ShareView[]>(SHARES), enabled });
}

export function createShare(input: CreateShareInput): Promise<CreatedShare> {
  return apiFetch<CreatedShare>(SHARES, { method: 'POST', json: input });
}

export function revokeShare(id: string): Promise<void> {
  return apiFetch<void>(`${SHARES}/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** How often the public page asks again. */
export const SHARE_POLL_MS = 5000;

/** The shared instances, for the public page (no login: the token is the only credential). */
export function useSharedInstances(token: string) {
  return useQuery({
    queryKey: shareKeys.instances(token),
    queryFn: () => apiFetch<FleetResponse>(`${SHARES}/${encodeURIComponent(token)}/instances`),
    // A wall screen keeps asking through network hiccups, but not once the link is gone.
    refetchInterval: (query) => (isGone(query.state.error) ? false : SHARE_POLL_MS),
    refetchIntervalInBackground: true,
    retry: false,
  });
}

/** True when the server says the link is unknown, revoked or expired. */
export function isGone(error: unknown): boolean {
  return error instanceof ApiRequestError && (error.status === 404 || error.status === 410);
}

/**
 * Refreshes the shared instances the moment one of them changes (the link's own event stream),
 * between the polls that keep usage figures current. The stream ends by itself when the link does.
 */
export function useShareEvents(token: string) {
  const queryClient = useQueryClient();
  useEffect(() => {
    const source = new EventSource(`${SHARES}/${encodeURIComponent(token)}/events`);
    const refresh = () => void queryClient.invalidateQueries({ queryKey: shareKeys.instances(token) });
    // Daemon events come as plain messages; the list answered after one already holds the fresh
    // row (the server waits for it). Rows the state refresh sends (`instance`) change only usage,
    // which the poll brings: one refetch per refresh and viewer would cost more than it shows.
    source.onmessage = refresh;
    return () => source.close();
  }, [queryClient, token]);
}
