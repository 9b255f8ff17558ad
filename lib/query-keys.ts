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

/** Team administration: users, own tokens, share links, the audit log. */
export const userKeys = {
  all: ['users'] as const,
  list: () => [...userKeys.all, 'list'] as const,
};

export const tokenKeys = {
  all: ['tokens'] as const,
  list: () => [...tokenKeys.all, 'list'] as const,
};

export const shareKeys = {
  all: ['shares'] as const,
  list: () => [...shareKeys.all, 'list'] as const,
  instances: (token: string) => [...shareKeys.all, 'instances', token] as const,
};

export interface AuditFilters {
  user?: string;
  action?: string;
  daemon?: string;
  since?: string;
  limit?: number;
}

export const auditKeys = {
  all: ['audit'] as const,
  list: (filters: AuditFilters) => [...auditKeys.all, 'list', filters] as const,
};

/** Images, profiles, snapshots, backups, config, logs and operations (the "daily views"). */
export const imageKeys = {
  all: ['images'] as const,
  fleet: () => [...imageKeys.all, 'fleet'] as const,
};

/** One profile with its ETag (lists use `lxdKeys.profiles`, shared with the create-instance form). */
export const profileKeys = {
  all: ['profiles'] as const,
  detail: (daemonId: string, project: string, name: string) => [...profileKeys.all, daemonId, project, name] as const,
};

export const snapshotKeys = {
  all: ['snapshots'] as const,
  fleet: () => [...snapshotKeys.all, 'fleet'] as const,
  instance: (daemonId: string, project: string, name: string) => [...snapshotKeys.all, daemonId, project, name] as const,
  backups: (daemonId: string, project: string, name: string) => [...snapshotKeys.instance(daemonId, project, name), 'backups'] as const,
};

export const configKeys = {
  all: ['config'] as const,
  instance: (daemonId: string, project: string, name: string) => [...configKeys.all, daemonId, project, name] as const,
  expanded: (daemonId: string, project: string, name: string) => [...configKeys.instance(daemonId, project, name), 'expanded'] as const,
  logs: (daemonId: string, project: string, name: string) => [...configKeys.instance(daemonId, project, name), 'logs'] as const,
  log: (daemonId: string, project: string, name: string, file: string) => [...configKeys.logs(daemonId, project, name), file] as const,
};

export const operationKeys = {
  all: ['operations'] as const,
  fleet: () => [...operationKeys.all, 'fleet'] as const,
};

/** Usage history (server/history): one instance's series, everyone's recent trends. */
export const historyKeys = {
  all: ['history'] as const,
  fleet: (minutes: number) => [...historyKeys.all, 'fleet', minutes] as const,
  instance: (daemonId: string, project: string, name: string, range: string) =>
    [...historyKeys.all, 'instance', daemonId, project, name, range] as const,
};

/** Live events the server still holds (the dashboard's recent events). */
export const eventKeys = {
  all: ['events'] as const,
  recent: () => [...eventKeys.all, 'recent'] as const,
};

/** Fleet-wide infrastructure (Hangar's list endpoints), one factory per resource. */
export const storageKeys = {
  all: ['storage'] as const,
  fleet: () => [...storageKeys.all, 'fleet'] as const,
};

export const networkKeys = {
  all: ['networks'] as const,
  fleet: () => [...networkKeys.all, 'fleet'] as const,
};

export const projectKeys = {
  all: ['projects'] as const,
  fleet: () => [...projectKeys.all, 'fleet'] as const,
};

export const memberKeys = {
  all: ['members'] as const,
  fleet: () => [...memberKeys.all, 'fleet'] as const,
};

export const warningKeys = {
  all: ['warnings'] as const,
  fleet: () => [...warningKeys.all, 'fleet'] as const,
};

/** Hangar's tasks (copies, moves): the newest list, kept fresh by `event: task`. */
export const taskKeys = {
  all: ['tasks'] as const,
  list: () => [...taskKeys.all, 'list'] as const,
};
