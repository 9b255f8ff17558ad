import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { DaemonView, TaskView } from '@/lib/api-types';
import { registerLabDaemons } from '../../scripts/lab-register';
import { waitOperation } from '../../lib/lxd-operations';
import type { LxdOperation } from '../../lib/lxd-types';
import type { Role } from '@/lib/roles';
import { uniqueName, type LabDaemon } from './lab';

const ROOT = path.resolve(__dirname, '../..');
export const ADMIN_USER = 'admin';
export const ADMIN_PASSWORD = 'admin-password-for-tests';

export interface Hangar {
  url: string;
  dataDir: string;
  /** The server process (for benchmarks that watch its memory and CPU). */
  pid: number;
  /** Output the server printed so far. */
  log(): string;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts the built Hangar server (`npm run build` first) on a free port with its own data dir.
 * Nothing is mocked: it is the same process `npm start` runs.
 */
export async function startHangar(
  options: { env?: Record<string, string>; port?: number; dataDir?: string; /** Another server bundle in `.hangar/` (benches comparing builds). */ server?: string } = {},
): Promise<Hangar> {
  const server = path.join(ROOT, '.hangar', options.server ?? 'server.cjs');
  if (!fs.existsSync(server)) throw new Error('build Hangar first: npm run build');
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-test-'));
  let output = '';
  // e.g. HANGAR_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the server under a bench.
  const nodeArgs = (process.env.HANGAR_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, ['--enable-source-maps', ...nodeArgs, server], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      HANGAR_DATA_DIR: dataDir,
      HANGAR_ADMIN_USER: ADMIN_USER,
      HANGAR_ADMIN_PASSWORD: ADMIN_PASSWORD,
      HANGAR_SECRET: crypto.randomBytes(24).toString('hex'),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Hangar exited with ${child.exitCode}:\n${output}`);
    // Wait for this child's own "listening" line: another server on the port must not pass for it.
    if (output.includes(`listening on http://127.0.0.1:${port}`)) {
      try {
        const res = await fetch(`${url}/api/v1/health`);
        if (res.ok) break;
      } catch {
        /* not answering yet */
      }
    }
    if (Date.now() > deadline) throw new Error(`Hangar did not start in 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dataDir,
    pid: child.pid!,
    log: () => output,
    stop: () =>
      new Promise((resolve) => {
        // Exited, or killed by a signal (a test's SIGKILL): 'exit' has already been sent.
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        // A server whose event loop is stuck never runs its own exit timer: killed after 10 s.
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** A tiny API client with a bearer token. */
/** The password of every user the tests make besides the admin. */
export const USER_PASSWORD = 'password-123';

/** A new user with that role, made by an admin, logged in with a bearer token. */
export async function userWithRole(admin: Api, role: Role, namePrefix: string = role): Promise<Api> {
  const username = uniqueName(namePrefix);
  await admin.json('POST', '/api/v1/users', { username, password: USER_PASSWORD, role }, [201]);
  return Api.login(admin.base, username, USER_PASSWORD);
}

export class Api {
  constructor(
    readonly base: string,
    readonly token?: string,
  ) {}

  static async login(base: string, username = ADMIN_USER, password = ADMIN_PASSWORD): Promise<Api> {
    const res = await fetch(`${base}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password, name: 'tests' }),
    });
    if (res.status !== 201) throw new Error(`login failed: ${res.status} ${await res.text()}`);
    return new Api(base, ((await res.json()) as { token: string }).token);
  }

  async request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      // A hung server fails the test (and the suite's teardown) instead of holding the run forever.
      signal: AbortSignal.timeout(120_000),
    });
  }

  /** Sends and parses JSON; fails loudly when the status is not the expected one. */
  async json<T = any>(method: string, path: string, body?: unknown, expected = [200, 201, 202]): Promise<T> {
    const res = await this.request(method, path, body);
    const text = await res.text();
    if (!expected.includes(res.status)) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Calls the daemon through the gateway and waits for any operation it starts. */
  async lxd<T = any>(daemonId: string, method: string, lxdPath: string, body?: unknown): Promise<T> {
    const reply = await this.json<{ type: string; operation?: string; metadata: T }>(
      method,
      `/api/v1/daemons/${daemonId}/lxd${lxdPath}`,
      body,
    );
    if (reply.type === 'async' && reply.operation) {
      // The rule the server and the browser wait by (lib/lxd-operations.ts): a wait that comes back
      // while the operation still runs is asked again. This took any answer below 400 as done, and
      // create.test once found no instance right after its create "ended" on the cluster.
      await waitOperation(
        reply.operation,
        {
          get: async (wait) => {
            const envelope = await this.json<{ type: string; error?: string; metadata: LxdOperation | null }>('GET', `/api/v1/daemons/${daemonId}/lxd${wait}`);
            if (envelope.type === 'error') throw new Error(envelope.error);
            return envelope.metadata;
          },
          failed: (message) => new Error(`operation failed: ${message}`),
          timedOut: (message) => new Error(message),
        },
        { timeoutMs: 300_000, sliceSeconds: 30 },
      );
    }
    return reply.metadata;
  }
}

/** Registers the lab's daemons with Hangar: alpha by password, beta (cluster) and gamma (Incus) by token. */
export function registerLab(api: Api, which?: LabDaemon[]): Promise<Record<LabDaemon, DaemonView>> {
  return registerLabDaemons(api.base, api.token!, which);
}

/** Logs in the way the browser does (next-auth credentials flow) and returns the cookie header. */
export async function sessionCookie(base: string, username = ADMIN_USER, password = ADMIN_PASSWORD): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const csrf = await fetch(`${base}/api/auth/csrf`);
  keep(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
    body: new URLSearchParams({ csrfToken, username, password, json: 'true' }),
  });
  keep(res);
  if (!jar.has('hangar.session')) throw new Error(`browser login failed: ${res.status}`);
  return cookie();
}

/** Polls a Hangar task until it has ended; answers it as it ended. */
export async function settleTask(api: Api, id: string, timeoutMs = 180_000): Promise<TaskView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const task = await api.json<TaskView>('GET', `/api/v1/tasks/${id}`);
    if (task.state !== 'running' && task.state !== 'queued') return task;
    if (Date.now() > deadline) throw new Error(`task ${id} still ${task.state} (${task.progress.stage})`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** Polls a Hangar task until bytes are flowing or it is no longer running (at most ~60 s), so a test can interrupt it mid-stream. */
export async function whenStreaming(api: Api, id: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const task = await api.json<TaskView>('GET', `/api/v1/tasks/${id}`);
    if ((task.progress.bytes ?? 0) > 0 || task.state !== 'running') return;
    await new Promise((r) => setTimeout(r, 100));
  }
}
