/**
 * What an audited request did, as a verb-noun `action` (instance.stop, snapshot.restore,
 * user.create…), the instance it was about, and a few key facts. Pure: derived from the method,
 * the path and (for daemon writes) the small JSON body only.
 */
export interface AuditAction {
  action: string;
  instance?: string;
  details?: Record<string, unknown>;
}

const MAX_STRING = 200;
const MAX_LIST = 20;
/** A record's details never grow beyond this many characters of JSON. */
export const MAX_DETAILS_JSON = 2048;

const STATE_ACTIONS = new Set(['start', 'stop', 'restart', 'freeze', 'unfreeze']);
const INSTANCES = /^(instances|containers|virtual-machines)$/;

type Body = Record<string, unknown>;
const asObject = (value: unknown): Body => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Body) : {});
const str = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Drops empty facts and shortens long ones so a record stays small whatever was sent. */
export function capDetails(details: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!details) return undefined;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(details)) {
    if (value === undefined || value === null || (Array.isArray(value) && value.length === 0)) continue;
    out[key] = capValue(value, 0);
  }
  if (Object.keys(out).length === 0) return undefined;
  if (JSON.stringify(out).length <= MAX_DETAILS_JSON) return out;
  // Still too big (many long keys): keep what fits, and say that some was left out.
  const kept: Record<string, unknown> = { truncated: true };
  for (const [key, value] of Object.entries(out)) {
    const next = { ...kept, [key]: value };
    if (JSON.stringify(next).length > MAX_DETAILS_JSON) break;
    kept[key] = value;
  }
  return kept;
}

function capValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (depth >= 2) return '…';
  if (Array.isArray(value)) {
    const list = value.slice(0, MAX_LIST).map((v) => capValue(v, depth + 1));
    return value.length > MAX_LIST ? [...list, `… ${value.length - MAX_LIST} more`] : list;
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).slice(0, MAX_LIST);
    return Object.fromEntries(entries.map(([k, v]) => [k.slice(0, MAX_STRING), capValue(v, depth + 1)]));
  }
  return String(value).slice(0, MAX_STRING);
}

const singular = (collection: string) =>
  ({ 'storage-pools': 'storage-pool', 'network-acls': 'network-acl', 'network-zones': 'network-zone', certificates: 'certificate' })[
    collection
  ] ?? collection.replace(/ies$/, 'y').replace(/s$/, '');

/** The generic verb of a write: create on a collection, rename (a POST naming a new name), update or delete an item. */
function genericVerb(method: string, onItem: boolean, body: Body): string {
  if (method === 'DELETE') return 'delete';
  if (method === 'PUT' || method === 'PATCH') return 'update';
  if (!onItem) return 'create';
  return str(body.name) ? 'rename' : 'post';
}

/**
 * A write through the daemon gateway: `path` is the daemon's (`/1.0/…`), `query` without `?`.
 * The body is the parsed JSON when it was small enough to read, else undefined.
 */
export function gatewayAction(method: string, path: string, query: string, body: unknown): AuditAction {
  const m = method.toUpperCase();
  const b = asObject(body);
  const segments = path.split('/').slice(2).map(decode); // drop '' and '1.0'
  const [collection = '', item, sub, subItem, subSub] = segments;
  const project = new URLSearchParams(query).get('project');
  const withProject = (details: Record<string, unknown>) => capDetails({ ...details, ...(project && project !== 'default' ? { project } : {}) });

  if (INSTANCES.test(collection)) {
    if (!item) {
      if (m !== 'POST') return { action: `instance.${genericVerb(m, false, b)}` };
      const source = asObject(b.source);
      const action = source.type === 'copy' ? 'instance.copy' : 'instance.create';
      return {
        action,
        instance: str(b.name),
        details: withProject({
          source: str(source.source) ?? str(source.alias) ?? str(source.fingerprint),
          sourceType: str(source.type),
          type: str(b.type),
        }),
      };
    }
    const instance = item;
    if (sub === undefined) {
      if (m === 'DELETE') return { action: 'instance.delete', instance, details: withProject({}) };
      if (m === 'PUT' && str(b.restore)) return { action: 'snapshot.restore', instance, details: withProject({ snapshot: b.restore }) };
      if (m === 'PUT' || m === 'PATCH') {
        const fields = Object.keys(b);
        return {
          action: 'config.update',
          instance,
          details: withProject({ keys: Object.keys(asObject(b.config)), fields: fields.filter((f) => f !== 'config') }),
        };
      }
      if (m === 'POST') {
        if (b.migration === true || str(b.target) || str(b.pool) || str(b.project)) {
          return { action: 'instance.move', instance, details: withProject({ newName: str(b.name), target: str(b.target), pool: str(b.pool), toProject: str(b.project) }) };
        }
        return { action: 'instance.rename', instance, details: withProject({ newName: str(b.name) }) };
      }
    }
    if (sub === 'state' && m === 'PUT') {
      const verb = str(b.action);
      return {
        action: verb && STATE_ACTIONS.has(verb) ? `instance.${verb}` : 'instance.state',
        instance,
        details: withProject({ force: b.force === true ? true : undefined, ...(verb && !STATE_ACTIONS.has(verb) ? { requested: verb } : {}) }),
      };
    }
    if (sub === 'snapshots') {
      if (!subItem) return { action: 'snapshot.create', instance, details: withProject({ snapshot: str(b.name), stateful: b.stateful === true ? true : undefined }) };
      if (m === 'DELETE') return { action: 'snapshot.delete', instance, details: withProject({ snapshot: subItem }) };
      if (m === 'POST') {
        if (b.migration === true || str(b.target)) return { action: 'snapshot.copy', instance, details: withProject({ snapshot: subItem, target: str(b.target) }) };
        return { action: 'snapshot.rename', instance, details: withProject({ snapshot: subItem, newName: str(b.name) }) };
      }
      return { action: 'snapshot.update', instance, details: withProject({ snapshot: subItem, fields: Object.keys(b) }) };
    }
    if (sub === 'files') {
      const filePath = new URLSearchParams(query).get('path') ?? undefined;
      return { action: m === 'DELETE' ? 'file.delete' : 'file.write', instance, details: withProject({ path: filePath }) };
    }
    if (sub === 'backups') {
      const verb = !subItem ? 'create' : subSub === 'export' ? 'export' : genericVerb(m, true, b);
      return { action: `backup.${verb}`, instance, details: withProject({ backup: subItem ?? str(b.name), newName: subItem ? str(b.name) : undefined }) };
    }
    if (sub === 'exec') return { action: 'instance.exec', instance, details: withProject({ command: Array.isArray(b.command) ? b.command : undefined }) };
    if (sub === 'console') return { action: m === 'DELETE' ? 'console.clear' : 'instance.console', instance, details: withProject({}) };
    return { action: `instance.${sub.replace(/s$/, '')}.${genericVerb(m, subItem !== undefined, b)}`, instance, details: withProject({ item: subItem }) };
  }

  if (collection === 'operations' && item && m === 'DELETE') return { action: 'operation.cancel', details: { operation: item } };
  if (collection === 'images' && item === 'aliases') {
    return { action: `image-alias.${genericVerb(m, sub !== undefined, b)}`, details: withProject({ alias: sub ?? str(b.name), newName: sub ? str(b.name) : undefined }) };
  }
  if (collection === 'storage-pools' && item && sub === 'volumes') {
    // /1.0/storage-pools/{pool}/volumes/{type}/{name}
    const volume = segments[4];
    return {
      action: `volume.${genericVerb(m, volume !== undefined, b)}`,
      details: withProject({ pool: item, volume: volume ?? str(b.name), newName: volume ? str(b.name) : undefined }),
    };
  }
  const noun = collection ? singular(collection) : 'server';
  return {
    action: `${noun}.${genericVerb(m, item !== undefined || noun === 'server' || noun === 'cluster', b)}`,
    details: withProject({ name: item ?? str(b.name) ?? str(b.fingerprint), newName: item ? str(b.name) : undefined, item: sub }),
  };
}

/** A gateway read that the policy audits (it hands out what is inside an instance: a file, the console log, a backup export). */
export function gatewayReadAction(path: string, query: string): AuditAction | undefined {
  const [collection = '', item, sub, subItem, subSub] = path.split('/').slice(2).map(decode);
  const project = new URLSearchParams(query).get('project');
  const withProject = (details: Record<string, unknown>) => capDetails({ ...details, ...(project && project !== 'default' ? { project } : {}) });
  if (INSTANCES.test(collection) && item) {
    if (sub === 'files') return { action: 'file.read', instance: item, details: withProject({ path: new URLSearchParams(query).get('path') ?? undefined }) };
    if (sub === 'console') return { action: 'console.read', instance: item, details: withProject({}) };
    if (sub === 'backups' && subItem && subSub === 'export') return { action: 'backup.export', instance: item, details: withProject({ backup: subItem }) };
  }
  return undefined;
}

/** A change through one of Hangar's own routes (`/api/v1/…`). */
export function routeAction(method: string, pathname: string): AuditAction {
  const m = method.toUpperCase();
  const parts = pathname.replace(/^\/api\/v1\/?/, '').split('/').filter(Boolean).map(decode);
  const [head = '', id, sub, subId, tail] = parts;
  const verb = m === 'DELETE' ? 'delete' : m === 'POST' && id === undefined ? 'create' : 'update';
  switch (head) {
    case 'users':
      return sub === 'sessions' ? { action: 'session.end', details: { username: id } } : { action: `user.${verb}`, details: capDetails({ username: id }) };
    case 'me':
      return id === 'password' ? { action: 'password.change' } : id === 'logout-everywhere' ? { action: 'session.end' } : { action: `account.${verb}` };
    case 'tokens':
      return { action: `token.${verb}` };
    case 'auth':
      return { action: 'token.create' };
    case 'shares':
      return { action: `share.${verb}` };
    case 'daemons':
      if (sub === 'instances' && subId) {
        if (tail === 'files') return { action: m === 'GET' ? 'file.read' : m === 'DELETE' ? 'file.delete' : 'file.write', instance: subId };
        if (tail === 'password') return { action: 'password.set', instance: subId };
        if (tail === 'ssh-keys') return { action: 'ssh-key.add', instance: subId };
        return { action: tail === 'limits' ? 'limits.update' : `instance.${tail ?? 'update'}`, instance: subId };
      }
      if (sub === 'instances') return { action: 'instance.create' };
      return id === 'probe' ? { action: 'daemon.probe' } : { action: `daemon.${verb}` };
    case 'limits':
      if (id === 'bulk') return { action: 'limits.update', details: { bulk: true } };
      if (id === 'presets') {
        if (subId === 'apply') return { action: 'limits.update', details: { preset: sub } };
        return { action: m === 'DELETE' ? 'preset.delete' : sub === undefined ? 'preset.create' : 'preset.update', details: capDetails({ preset: sub }) };
      }
      return { action: `limits.${verb}` };
    case 'images':
      return { action: id === 'copy' ? 'image.copy' : `image.${verb}` };
    default:
      return { action: `${singular(head || 'api')}.${verb}` };
  }
}
