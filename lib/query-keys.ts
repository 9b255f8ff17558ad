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

/** The keys of a plain list: `['users']` for everything about it, `['users', 'list']` for the list. */
function listKeys<Name extends string>(name: Name) {
  const all = [name] as const;
  return { all, list: () => [...all, 'list'] as const };
}

/** The keys of one of Hangar's fleet-wide lists: `['networks']`, and `['networks', 'fleet']` for the list. */
function fleetKeys<Name extends string>(name: Name) {
  const all = [name] as const;
  return { all, fleet: () => [...all, 'fleet'] as const };
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

export const daemonKeys = listKeys('daemons');

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
export const userKeys = listKeys('users');

export const tokenKeys = listKeys('tokens');

export const shareKeys = {
  ...listKeys('shares'),
  instances: (token: string) => ['shares', 'instances', token] as const,
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
export const imageKeys = fleetKeys('images');

/** One profile with its ETag (lists use `lxdKeys.profiles`, shared with the create-instance form). */
export const profileKeys = {
  all: ['profiles'] as const,
  detail: (daemonId: string, project: string, name: string) => [...profileKeys.all, daemonId, project, name] as const,
};

export const snapshotKeys = {
  ...fleetKeys('snapshots'),
  instance: (daemonId: string, project: string, name: string) => [...instanceKeys.one(daemonId, project, name), 'snapshots'] as const,
  backups: (daemonId: string, project: string, name: string) => [...snapshotKeys.instance(daemonId, project, name), 'backups'] as const,
};

export const configKeys = {
  instance: (daemonId: string, project: string, name: string) => [...instanceKeys.one(daemonId, project, name), 'config'] as const,
  expanded: (daemonId: string, project: string, name: string) => [...configKeys.instance(daemonId, project, name), 'expanded'] as const,
  logs: (daemonId: string, project: string, name: string) => [...instanceKeys.one(daemonId, project, name), 'logs'] as const,
  log: (daemonId: string, project: string, name: string, file: string) => [...configKeys.logs(daemonId, project, name), file] as const,
};

export const operationKeys = fleetKeys('operations');

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
export const storageKeys = fleetKeys('storage');

export const networkKeys = {
  ...fleetKeys('networks'),
  state: (daemonId: string, project: string, name: string) => ['networks', 'state', daemonId, project, name] as const,
  leases: (daemonId: string, project: string, name: string) => ['networks', 'leases', daemonId, project, name] as const,
};

export const projectKeys = fleetKeys('projects');

export const memberKeys = fleetKeys('members');

export const warningKeys = fleetKeys('warnings');

/** Hangar's tasks (copies, moves): the newest list, kept fresh by `event: task`. */
export const taskKeys = listKeys('tasks');

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
