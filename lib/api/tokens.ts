'use client';
/** The caller's own personal access tokens: the secret is shown once, at creation. */
import { useQuery } from '@tanstack/react-query';
import { tokenKeys } from '../query-keys';
import { apiFetch } from './client';

export interface TokenView {
  id: string;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export interface CreatedToken extends TokenView {
  token: string;
}

const TOKENS = '/api/v1/tokens';

export function useTokens() {
  return useQuery({ queryKey: tokenKeys.list(), queryFn: () => apiFetch<TokenView[]>(TOKENS) });
}

/** `expiresInDays` null: the token never expires (asked for explicitly with `"never": true`). */
export function createToken(name: string, expiresInDays: number | null): Promise<CreatedToken> {
  return apiFetch<CreatedToken>(TOKENS, { method: 'POST', json: expiresInDays === null ? { name, never: true } : { name, expiresInDays } });
}

export function revokeToken(id: string): Promise<void> {
  return apiFetch<void>(`${TOKENS}/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
