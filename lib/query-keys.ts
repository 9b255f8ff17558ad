/**
 * Every TanStack Query key of the browser, one factory per resource, broadest first. Everything
 * about one instance is rooted at `['instance', daemonId, project, name, …]` (`instanceKeys.one`),
 * so renaming or deleting it drops all of it at once; `allInstanceKeys` refreshes lists and details.
 */
interface InstanceKeyRef {
  daemonId: string;
  project: string;
  name: string;
}

export interface FleetFilters {
  daemon?: string;
  project?: string;
  status?: string;
  q?: string;
}

export const instanceKeys = {
  /** Fleet lists only; everything about single instances is under `every`. */
  all: ['instances'] as const,
  lists: () => [...instanceKeys.all, 'list'] as const,
  list: (filters: FleetFilters = {}) => [...instanceKeys.lists(), filters] as const,
  every: ['instance'] as const,
  /** Everything Hangar holds about one instance (config, snapshots, limits, files…): rename and delete drop it all. */
  one: (daemonId: string, project: string, name: string) => [...instanceKeys.every, daemonId, project, name] as const,
  detail: (daemonId: string, project: string, name: string) => [...instanceKeys.one(daemonId, project, name), 'detail'] as const,
  copyPreflight: (daemonId: string, project: string, name: string, request: string) =>
    [...instanceKeys.one(daemonId, project, name), 'copy-preflight', request] as const,
};

/** What invalidating "all instances" means: the fleet lists and every single instance's data. */
export const allInstanceKeys = [instanceKeys.all, instanceKeys.every] as const;

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
  server: (daemonId: string) => [...lxdKeys.daemon(daemonId), 'server'] as const,
  pools: (daemonId: string) => [...lxdKeys.daemon(daemonId), 'pools'] as const,
  networks: (daemonId: string, project: string) => [...lxdKeys.daemon(daemonId), 'networks', project] as const,
};

/** Registered image servers and what each offers. */
export const imageServerKeys = {
  all: ['image-servers'] as const,
  list: () => [...imageServerKeys.all, 'list'] as const,
  images: (id: string) => [...imageServerKeys.all, 'images', id] as const,
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
  instance: (daemonId: string, project: string, name: string) => [...instanceKeys.one(daemonId, project, name), 'snapshots'] as const,
  backups: (daemonId: string, project: string, name: string) => [...snapshotKeys.instance(daemonId, project, name), 'backups'] as const,
};

export const configKeys = {
  instance: (daemonId: string, project: string, name: string) => [...instanceKeys.one(daemonId, project, name), 'config'] as const,
  expanded: (daemonId: string, project: string, name: string) => [...configKeys.instance(daemonId, project, name), 'expanded'] as const,
  logs: (daemonId: string, project: string, name: string) => [...instanceKeys.one(daemonId, project, name), 'logs'] as const,
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
    [...instanceKeys.one(daemonId, project, name), 'history', range] as const,
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
  state: (daemonId: string, project: string, name: string) => [...networkKeys.all, 'state', daemonId, project, name] as const,
  leases: (daemonId: string, project: string, name: string) => [...networkKeys.all, 'leases', daemonId, project, name] as const,
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

/** Live limits of one instance (and its history), and the team's presets. */
export const limitKeys = {
  instance: (ref: InstanceKeyRef) => [...instanceKeys.one(ref.daemonId, ref.project, ref.name), 'limits'] as const,
  history: (ref: InstanceKeyRef) => [...limitKeys.instance(ref), 'history'] as const,
  presets: () => ['limit-presets'] as const,
};

/** One directory listing inside an instance. */
export const fileKeys = {
  listing: (ref: InstanceKeyRef, path: string) => [...instanceKeys.one(ref.daemonId, ref.project, ref.name), 'files', path] as const,
};

/** The logged-in user and role. */
export const meKeys = { all: ['me'] as const };
