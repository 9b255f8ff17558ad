/**
 * TanStack Query keys, one factory per resource, broadest first: invalidating `instanceKeys.all`
 * refreshes every list and detail, `instanceKeys.detail(...)` only one instance.
 */
export interface FleetFilters {
  daemon?: string;
  project?: string;
  status?: string;
  q?: string;
}

export const instanceKeys = {
  all: ['instances'] as const,
  lists: () => [...instanceKeys.all, 'list'] as const,
  list: (filters: FleetFilters = {}) => [...instanceKeys.lists(), filters] as const,
  details: () => [...instanceKeys.all, 'detail'] as const,
  detail: (daemonId: string, project: string, name: string) => [...instanceKeys.details(), daemonId, project, name] as const,
};

export const daemonKeys = {
  all: ['daemons'] as const,
  list: () => [...daemonKeys.all, 'list'] as const,
};

/** Per-daemon LXD collections the forms need (projects, images, profiles), scoped by project. */
export const lxdKeys = {
  all: ['lxd'] as const,
  daemon: (daemonId: string) => [...lxdKeys.all, daemonId] as const,
  projects: (daemonId: string) => [...lxdKeys.daemon(daemonId), 'projects'] as const,
  images: (daemonId: string, project: string) => [...lxdKeys.daemon(daemonId), 'images', project] as const,
  profiles: (daemonId: string, project: string) => [...lxdKeys.daemon(daemonId), 'profiles', project] as const,
};
