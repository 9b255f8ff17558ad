import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { ROLES, roleAllows, type Role } from '@/lib/roles';
import { ADMIN_PASSWORD, ADMIN_USER, Api, sessionCookie, userWithRole, USER_PASSWORD } from '../support/hangar';
import { uniqueName } from '../support/lab';
import { rawRequest } from '../support/raw-http';
import { refusal } from '../support/refusal';

/**
 * The role matrix: every API route and method, a list of gateway paths and the terminal, tried
 * with no credentials and with each role, against the exact set API.md allows. Every request that
 * is allowed is one that changes nothing (unknown names, invalid bodies), so the test can run
 * against the shared lab.
 */

type Principal = 'none' | Role;
const PRINCIPALS: Principal[] = ['none', ...ROLES];
/** `public`: no credentials needed; a role: the least role allowed; `nobody`: refused to everyone. */
type Need = Role | 'public' | 'nobody';

interface Probe {
  need: Need;
  path: string;
  body?: unknown;
}
type Methods = Partial<Record<'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', Probe>>;

const ROOT = path.resolve(__dirname, '../..');
const MISSING = 'no-such-thing-for-roles';

/** Every route file of the app, as its URL pattern (`/api/v1/users/[username]`). */
function routeFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'route.ts' || entry.name === 'route.tsx') found.push(full);
    }
  };
  walk(path.join(ROOT, 'app'));
  return found;
}

function urlPattern(file: string): string {
  return (
    '/' +
    path
      .relative(path.join(ROOT, 'app'), path.dirname(file))
      .split(path.sep)
      .filter((segment) => !/^\(.*\)$/.test(segment))
      .join('/')
  );
}

/** The HTTP methods a route file exports, however it spells the export. */
function exportedMethods(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const methods = new Set<string>();
  for (const m of text.matchAll(/export\s+(?:const|(?:async\s+)?function)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g)) methods.add(m[1]);
  for (const m of text.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const name of m[1].matchAll(/\bas\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g)) methods.add(name[1]);
  }
  return [...methods].sort();
}

function expected(need: Need, who: Principal): 'unauthenticated' | 'forbidden' | null {
  if (need === 'public') return null;
  if (who === 'none') return 'unauthenticated';
  if (need === 'nobody') return 'forbidden';
  return roleAllows(who, need) ? null : 'forbidden';
}

describe('role matrix', () => {
  const url = inject('hangarUrl');
  const { alpha } = inject('daemons');
  const apis = {} as Record<Principal, Api>;
  let shareToken = '';

  beforeAll(async () => {
    const admin = await Api.login(url);
    apis.none = new Api(url);
    for (const role of ROLES) {
      apis[role] = await userWithRole(admin, role, `matrix-${role}`);
    }
    ({ token: shareToken } = await admin.json<{ token: string }>('POST', '/api/v1/shares', { name: 'matrix', scope: { daemon: alpha } }, [201]));
  });

  /** Hangar's own API, by route file. Paths are filled in once the lab's ids are known. */
  const api = (): Record<string, Methods> => {
    const d = `/api/v1/daemons/${alpha}`;
    const inst = `/api/v1/daemons/${MISSING}/instances/${MISSING}`;
    return {
      '/api/auth/[...nextauth]': {
        GET: { need: 'public', path: '/api/auth/csrf' },
        POST: { need: 'public', path: '/api/auth/signout', body: {} },
      },
      '/api/v1/health': { GET: { need: 'public', path: '/api/v1/health' } },
      '/api/v1/auth/token': {
        POST: { need: 'public', path: '/api/v1/auth/token', body: { username: ADMIN_USER, password: ADMIN_PASSWORD, name: 'matrix', expiresInDays: 1 } },
      },
      '/api/v1/me': { GET: { need: 'viewer', path: '/api/v1/me' } },
      '/api/v1/me/password': { POST: { need: 'viewer', path: '/api/v1/me/password', body: { currentPassword: 'x', newPassword: 'short' } } },
      '/api/v1/me/logout-everywhere': { POST: { need: 'viewer', path: '/api/v1/me/logout-everywhere' } },
      '/api/v1/tokens': {
        GET: { need: 'viewer', path: '/api/v1/tokens' },
        POST: { need: 'viewer', path: '/api/v1/tokens', body: { name: 42 } },
      },
      '/api/v1/tokens/[id]': { DELETE: { need: 'viewer', path: `/api/v1/tokens/${MISSING}` } },
      '/api/v1/users': {
        GET: { need: 'admin', path: '/api/v1/users' },
        POST: { need: 'admin', path: '/api/v1/users', body: {} },
      },
      '/api/v1/users/[username]': {
        PATCH: { need: 'admin', path: `/api/v1/users/${MISSING}`, body: { role: 'viewer' } },
        DELETE: { need: 'admin', path: `/api/v1/users/${MISSING}` },
      },
      '/api/v1/users/[username]/sessions': { DELETE: { need: 'admin', path: `/api/v1/users/${MISSING}/sessions` } },
      '/api/v1/audit': { GET: { need: 'admin', path: '/api/v1/audit?limit=1' } },
      '/api/v1/shares': {
        GET: { need: 'admin', path: '/api/v1/shares' },
        POST: { need: 'admin', path: '/api/v1/shares', body: {} },
      },
      '/api/v1/shares/[share]': { DELETE: { need: 'admin', path: `/api/v1/shares/${MISSING}` } },
      '/api/v1/shares/[share]/instances': { GET: { need: 'public', path: `/api/v1/shares/${shareToken}/instances` } },
      '/api/v1/shares/[share]/events': { GET: { need: 'public', path: `/api/v1/shares/${shareToken}/events` } },
      '/api/v1/daemons': {
        GET: { need: 'viewer', path: '/api/v1/daemons' },
        POST: { need: 'admin', path: '/api/v1/daemons', body: {} },
      },
      '/api/v1/daemons/probe': { POST: { need: 'admin', path: '/api/v1/daemons/probe', body: { url: 'not a url' } } },
      '/api/v1/daemons/[id]': {
        GET: { need: 'viewer', path: d },
        PATCH: { need: 'admin', path: `/api/v1/daemons/${MISSING}`, body: { name: 'x' } },
        DELETE: { need: 'admin', path: `/api/v1/daemons/${MISSING}` },
      },
      '/api/v1/daemons/[id]/instances/[name]/limits': {
        GET: { need: 'viewer', path: `${inst}/limits` },
        PATCH: { need: 'operator', path: `${inst}/limits`, body: { limits: { processes: 100 } } },
      },
      '/api/v1/daemons/[id]/instances/[name]/files': {
        GET: { need: 'operator', path: `${inst}/files?path=/etc` },
        POST: { need: 'operator', path: `${inst}/files?path=/root/x`, body: 'x' },
        DELETE: { need: 'operator', path: `${inst}/files?path=/root/x` },
      },
      '/api/v1/daemons/[id]/instances/[name]/password': {
        POST: { need: 'operator', path: `${inst}/password`, body: { password: 'not-used-1' } },
      },
      '/api/v1/daemons/[id]/instances/[name]/ssh-keys': {
        POST: { need: 'operator', path: `${inst}/ssh-keys`, body: { key: 'not a key' } },
      },
      '/api/v1/daemons/[id]/instances': {
        POST: { need: 'admin', path: `/api/v1/daemons/${MISSING}/instances`, body: { name: 'x' } },
      },
      '/api/v1/image-servers': {
        GET: { need: 'viewer', path: '/api/v1/image-servers' },
        POST: { need: 'admin', path: '/api/v1/image-servers', body: {} },
      },
      '/api/v1/image-servers/[id]': { DELETE: { need: 'admin', path: `/api/v1/image-servers/${MISSING}` } },
      '/api/v1/image-servers/[id]/images': { GET: { need: 'viewer', path: `/api/v1/image-servers/${MISSING}/images` } },
      '/api/v1/daemons/[id]/instances/[name]/limits/history': { GET: { need: 'viewer', path: `${inst}/limits/history` } },
      '/api/v1/daemons/[id]/instances/[name]/copy': {
        POST: { need: 'admin', path: `${inst}/copy`, body: { to: { daemon: MISSING } } },
      },
      '/api/v1/tasks': { GET: { need: 'viewer', path: '/api/v1/tasks' } },
      '/api/v1/tasks/[id]': {
        GET: { need: 'viewer', path: `/api/v1/tasks/${MISSING}` },
        DELETE: { need: 'viewer', path: `/api/v1/tasks/${MISSING}` },
      },
      '/api/v1/daemons/[id]/instances/[name]/history': { GET: { need: 'viewer', path: `${inst}/history` } },
      '/api/v1/instances': { GET: { need: 'viewer', path: '/api/v1/instances' } },
      '/api/v1/events': { GET: { need: 'viewer', path: '/api/v1/events' } },
      '/api/v1/events/recent': { GET: { need: 'viewer', path: '/api/v1/events/recent' } },
      '/api/v1/history': { GET: { need: 'viewer', path: '/api/v1/history' } },
      '/api/v1/operations': { GET: { need: 'viewer', path: '/api/v1/operations' } },
      '/api/v1/images': { GET: { need: 'viewer', path: '/api/v1/images' } },
      '/api/v1/storage': { GET: { need: 'viewer', path: '/api/v1/storage' } },
      '/api/v1/networks': { GET: { need: 'viewer', path: '/api/v1/networks' } },
      '/api/v1/projects': { GET: { need: 'viewer', path: '/api/v1/projects' } },
      '/api/v1/members': { GET: { need: 'viewer', path: '/api/v1/members' } },
      '/api/v1/warnings': { GET: { need: 'viewer', path: '/api/v1/warnings' } },
      '/api/v1/snapshots': { GET: { need: 'viewer', path: '/api/v1/snapshots' } },
      '/api/v1/daemons/[id]/members/[name]/evacuate': { POST: { need: 'admin', path: `/api/v1/daemons/${MISSING}/members/${MISSING}/evacuate` } },
      '/api/v1/daemons/[id]/members/[name]/restore': { POST: { need: 'admin', path: `/api/v1/daemons/${MISSING}/members/${MISSING}/restore` } },
      '/api/v1/images/copy': { POST: { need: 'admin', path: '/api/v1/images/copy', body: {} } },
      '/api/v1/daemons/[id]/storage-pools/[pool]/volumes/[name]/copy': {
        POST: { need: 'admin', path: `/api/v1/daemons/${MISSING}/storage-pools/${MISSING}/volumes/${MISSING}/copy`, body: { to: { daemon: MISSING } } },
      },
      '/api/v1/limits/bulk': { POST: { need: 'operator', path: '/api/v1/limits/bulk', body: { targets: [], limits: {} } } },
      '/api/v1/limits/presets': {
        GET: { need: 'viewer', path: '/api/v1/limits/presets' },
        POST: { need: 'admin', path: '/api/v1/limits/presets', body: {} },
      },
      '/api/v1/limits/presets/[name]': {
        GET: { need: 'viewer', path: `/api/v1/limits/presets/${MISSING}` },
        DELETE: { need: 'admin', path: `/api/v1/limits/presets/${MISSING}` },
      },
      '/api/v1/limits/presets/[name]/apply': { POST: { need: 'operator', path: `/api/v1/limits/presets/${MISSING}/apply`, body: { targets: [] } } },
    };
  };

  /** A few gateway paths, for the cross-site check below; every path and role is in gateway-roles.test.ts. */
  const gateway = (): [string, string, Need, unknown?][] => [
    ['GET', '/1.0', 'viewer'],
    ['GET', '/1.0/instances?recursion=1', 'viewer'],
    ['GET', '/1.0/images', 'viewer'],
    ['GET', '/1.0/profiles', 'viewer'],
    ['GET', '/1.0/certificates', 'admin'],
    ['GET', `/1.0/instances/${MISSING}/files?path=/etc/passwd`, 'operator'],
    ['GET', `/1.0/instances/${MISSING}/console`, 'operator'],
    ['PUT', `/1.0/instances/${MISSING}/state`, 'operator', { action: 'start' }],
    ['POST', `/1.0/instances/${MISSING}/exec`, 'operator', { command: ['true'] }],
    ['POST', `/1.0/instances/${MISSING}/snapshots`, 'operator', { name: 's' }],
    ['DELETE', `/1.0/instances/${MISSING}/snapshots/s`, 'operator'],
    ['PUT', `/1.0/instances/${MISSING}`, 'operator', { restore: 's' }],
    ['DELETE', `/1.0/operations/${MISSING}`, 'operator'],
    ['PUT', `/1.0/instances/${MISSING}`, 'admin', { config: {} }],
    ['PATCH', `/1.0/instances/${MISSING}`, 'admin', { config: {} }],
    ['POST', '/1.0/instances', 'admin', { name: 'Bad_Name!', source: { type: 'none' } }],
    ['DELETE', `/1.0/instances/${MISSING}`, 'admin'],
    ['POST', '/1.0/profiles', 'admin', { name: 42 }],
    ['DELETE', `/1.0/profiles/${MISSING}`, 'admin'],
    ['PUT', `/1.0/images/${MISSING}`, 'admin', {}],
    ['DELETE', `/1.0/images/${MISSING}`, 'admin'],
    ['DELETE', `/1.0/certificates/${MISSING}`, 'admin'],
    ['POST', '/1.0/projects', 'admin', { name: 'Bad Name!' }],
    ['POST', '/1.0/storage-pools', 'admin', { name: 'Bad Name!' }],
    ['PATCH', `/1.0/storage-pools/${MISSING}`, 'admin', { config: {} }],
    ['POST', `/1.0/storage-pools/${MISSING}/volumes`, 'admin', { name: 'x', type: 'custom' }],
    ['PATCH', `/1.0/storage-pools/${MISSING}/volumes/custom/${MISSING}`, 'admin', { config: {} }],
    ['POST', `/1.0/storage-pools/${MISSING}/volumes/custom/${MISSING}/snapshots`, 'admin', { name: 's' }],
    ['DELETE', `/1.0/storage-pools/${MISSING}/volumes/custom/${MISSING}`, 'admin'],
    ['GET', '/1.0/storage-pools/default/volumes?recursion=1', 'viewer'],
    ['GET', '/1.0/networks', 'viewer'],
    ['POST', '/1.0/networks', 'admin', { name: 'Bad Name!' }],
    ['PATCH', `/1.0/networks/${MISSING}`, 'admin', { description: 'x' }],
    ['DELETE', `/1.0/networks/${MISSING}`, 'admin'],
    ['PATCH', `/1.0/projects/${MISSING}`, 'admin', { description: 'x' }],
    ['POST', `/1.0/projects/${MISSING}`, 'admin', { name: 'y' }],
    ['DELETE', `/1.0/projects/${MISSING}`, 'admin'],
    ['POST', `/1.0/cluster/members/${MISSING}/state`, 'admin', { action: 'evacuate' }],
    ['PATCH', `/1.0/warnings/${MISSING}`, 'admin', { status: 'acknowledged' }],
    ['GET', '/1.0/warnings', 'viewer'],
    ['GET', '/1.0/events', 'nobody'],
    ['GET', `/1.0/operations/${MISSING}/websocket`, 'nobody'],
  ];

  async function call(who: Principal, method: string, target: string, body?: unknown): Promise<{ status: number; text: string }> {
    const res = await apis[who].request(method, target, body);
    if ((res.headers.get('content-type') ?? '').includes('text/event-stream')) {
      await res.body?.cancel();
      return { status: res.status, text: '' };
    }
    return { status: res.status, text: await res.text() };
  }

  it('lists every route file of the app, with exactly the methods it exports', () => {
    const table = api();
    const files = Object.fromEntries(routeFiles().map((f) => [urlPattern(f), exportedMethods(f)]));
    const unlisted = Object.keys(files).filter((route) => !(route in table));
    expect(unlisted, 'routes missing from the role matrix in tests/integration/roles.test.ts: add them').toEqual([]);
    for (const [route, methods] of Object.entries(table)) {
      expect(files[route], `${route} is in the matrix but has no route file`).toBeDefined();
      expect(Object.keys(methods).sort(), `methods of ${route}`).toEqual(files[route]);
    }
  });

  it('allows exactly what each role may do on every API route', async () => {
    const mismatches: string[] = [];
    for (const [route, methods] of Object.entries(api())) {
      for (const [method, probe] of Object.entries(methods) as [string, Probe][]) {
        for (const who of PRINCIPALS) {
          const { status, text } = await call(who, method, probe.path, probe.body);
          const got = refusal(status, text);
          const want = expected(probe.need, who);
          if (got !== want) mismatches.push(`${method} ${route} as ${who}: want ${want ?? 'allowed'}, got ${status} ${text.slice(0, 160)}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('allows exactly what each role may do through the gateway', async () => {
    const mismatches: string[] = [];
    for (const [method, lxdPath, need, body] of gateway()) {
      for (const who of PRINCIPALS) {
        const { status, text } = await call(who, method, `/api/v1/daemons/${alpha}/lxd${lxdPath}`, body);
        const got = refusal(status, text);
        const want = expected(need, who);
        if (got !== want) mismatches.push(`${method} ${lxdPath} as ${who}: want ${want ?? 'allowed'}, got ${status} ${text.slice(0, 160)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('opens terminals for operators and admins only', async () => {
    const ws = `${url.replace(/^http/, 'ws')}/api/v1/daemons/${alpha}/instances/${MISSING}/terminal?mode=exec&command=true`;
    const handshake = (who: Principal) =>
      new Promise<number>((resolve, reject) => {
        const token = apis[who].token;
        const socket = new WebSocket(ws, { headers: token ? { authorization: `Bearer ${token}` } : {} });
        socket.on('unexpected-response', (_req, res) => {
          resolve(res.statusCode ?? 0);
          socket.terminate();
        });
        socket.on('open', () => {
          resolve(101);
          socket.close();
        });
        socket.on('error', reject);
      });
    const results = Object.fromEntries(await Promise.all(PRINCIPALS.map(async (who) => [who, await handshake(who)] as const)));
    expect(results).toEqual({ none: 401, viewer: 403, operator: 101, admin: 101 });
  });

  it('refuses a share token or a made-up token as a bearer token', async () => {
    for (const bearer of [shareToken, 'hgr_not-a-real-token']) {
      expect((await new Api(url, bearer).request('GET', '/api/v1/me')).status).toBe(401);
    }
  });

  it('gives a browser session the same role, and refuses every change it makes from another site', async () => {
    const adminName = uniqueName('matrix-csrf');
    await apis.admin.json('POST', '/api/v1/users', { username: adminName, password: USER_PASSWORD, role: 'admin' }, [201]);
    const viewerCookie = await sessionCookie(url, (await apis.viewer.json<{ username: string }>('GET', '/api/v1/me')).username, USER_PASSWORD);
    expect((await rawRequest(url, 'GET', '/api/v1/users', { cookie: viewerCookie })).status).toBe(403);

    const cookie = await sessionCookie(url, adminName, USER_PASSWORD);
    const changes: [string, string, unknown][] = [];
    for (const methods of Object.values(api())) {
      for (const [method, probe] of Object.entries(methods) as [string, Probe][]) {
        if (method !== 'GET' && probe.need !== 'public') changes.push([method, probe.path, probe.body ?? {}]);
      }
    }
    for (const [method, lxdPath, need, body] of gateway()) {
      if (method !== 'GET' && need !== 'nobody') changes.push([method, `/api/v1/daemons/${alpha}/lxd${lxdPath}`, body ?? {}]);
    }
    const accepted: string[] = [];
    for (const [method, target, body] of changes) {
      for (const origin of [undefined, 'https://evil.example']) {
        const text = JSON.stringify(body);
        const headers = {
          cookie,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(text)),
          ...(origin ? { origin } : {}),
        };
        const res = await rawRequest(url, method, target, headers, text);
        if (refusal(res.status, res.body) !== 'forbidden') accepted.push(`${method} ${target} origin=${origin ?? 'none'}: ${res.status}`);
      }
    }
    expect(accepted).toEqual([]);
    // The same session from Hangar's own page is let through (and here refused only by the daemon: 404).
    const own = await rawRequest(url, 'DELETE', `/api/v1/daemons/${alpha}/lxd/1.0/instances/${MISSING}`, { cookie, origin: url });
    expect(own.status).toBe(404);
  });
});
