'use client';
/** Projects: the fleet-wide list (Hangar's API) and changes through the gateway. */
import type { FleetProjectsResponse } from '../api-types';
import type { LxdProject } from '../lxd-types';
import { projectKeys } from '../query-keys';
import { useFleetList } from './fleet';
import { fetchTagged, ifMatch, lxdPath, runLxd } from './daemon';

export function useFleetProjects({ enabled = true }: { enabled?: boolean } = {}) {
  return useFleetList<FleetProjectsResponse>(projectKeys, '/api/v1/projects', 30_000, enabled);
}

export interface ProjectRef {
  daemonId: string;
  name: string;
}

export interface ProjectInput {
  description: string;
  config: Record<string, string>;
}

/** The features a new project starts with: its own images and profiles, as `lxc project create` does. */
export const DEFAULT_FEATURES = ['images', 'profiles', 'storage.volumes', 'storage.buckets', 'networks', 'networks.zones'] as const;

export async function createProject(ref: ProjectRef, input: ProjectInput): Promise<void> {
  await runLxd(ref.daemonId, 'POST', lxdPath(['projects']), { name: ref.name, ...input });
}

/**
 * Replaces description and config (a PUT with the project's ETag): a PATCH's partial config makes
 * the daemon treat the features it does not name as changed.
 */
export async function editProject(ref: ProjectRef, input: ProjectInput): Promise<void> {
  const { etag } = await fetchTagged<LxdProject>(ref.daemonId, lxdPath(['projects', ref.name]));
  await runLxd(ref.daemonId, 'PUT', lxdPath(['projects', ref.name]), input, ifMatch(etag));
}

export async function renameProject(ref: ProjectRef, name: string): Promise<void> {
  await runLxd(ref.daemonId, 'POST', lxdPath(['projects', ref.name]), { name });
}

/** The daemon refuses a project that is not empty ("Only empty projects can be removed"). */
export async function deleteProject(ref: ProjectRef): Promise<void> {
  await runLxd(ref.daemonId, 'DELETE', lxdPath(['projects', ref.name]));
}
