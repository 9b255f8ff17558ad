'use client';
/** Users (admin), the caller's own password and sessions. */
import { useQuery } from '@tanstack/react-query';
import type { Role } from '../roles';
import { userKeys } from '../query-keys';
import { apiFetch } from './client';

export interface UserView {
  username: string;
  role: Role;
  disabled: boolean;
  createdAt: string;
}

const USERS = '/api/v1/users';
const userPath = (username: string) => `${USERS}/${encodeURIComponent(username)}`;

export function useUsers(enabled = true) {
  return useQuery({ queryKey: userKeys.list(), queryFn: () => apiFetch<UserView[]>(USERS), enabled });
}

export function createUser(input: { username: string; password: string; role: Role }): Promise<UserView> {
  return apiFetch<UserView>(USERS, { method: 'POST', json: input });
}

export function updateUser(username: string, changes: { role?: Role; password?: string; disabled?: boolean }): Promise<UserView> {
  return apiFetch<UserView>(userPath(username), { method: 'PATCH', json: changes });
}

export function deleteUser(username: string): Promise<void> {
  return apiFetch<void>(userPath(username), { method: 'DELETE' });
}

/** Ends every browser session of a user (admin). */
export function endUserSessions(username: string): Promise<void> {
  return apiFetch<void>(`${userPath(username)}/sessions`, { method: 'DELETE' });
}

/** The caller's own password; every session of theirs ends, this one included. */
export function changeOwnPassword(currentPassword: string, newPassword: string): Promise<void> {
  return apiFetch<void>('/api/v1/me/password', { method: 'POST', json: { currentPassword, newPassword } });
}

/** Ends every browser session of the caller, this one included. */
export function logoutEverywhere(): Promise<void> {
  return apiFetch<void>('/api/v1/me/logout-everywhere', { method: 'POST' });
}
