import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type { ClientOptions } from 'ws';
import type { LxdOperation, LxdResponse } from '@/lib/lxd-types';
import { waitOperation } from '@/lib/lxd-operations';
import { normaliseFingerprint } from './certificates';
import { parseEndpoint, type Endpoint } from './endpoint';
import { describeNetworkError, LxdError } from './errors';

export interface DaemonCredentials {
  url: string;
  /** The daemon's server certificate (PEM) that Hangar pinned; required for https. */
  serverCert?: string | null;
  /** SHA-256 of serverCert; the connection is refused unless the daemon presents exactly it. */
  fingerprint?: string | null;
  clientCert?: string | null;
  clientKey?: string | null;
}

export interface LxdReply<T> {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: LxdResponse<T>;
}

/**
 * `background`: Hangar's own periodic reads (the live fleet's refresh) go through a small pool of
 * their own, so that a person's request never waits for a free socket behind them.
 * `bulk`: streams of hundreds of megabytes (relayed backups and images) on sockets with large read
 * buffers: fewer, larger chunks through TLS and the streams cost about a quarter less CPU per byte.
 */
export type Lane = 'interactive' | 'background' | 'bulk';

/** Socket buffer of the bulk lane (the default is 16 KiB). */
const BULK_HIGH_WATER_MARK = 1024 * 1024;

interface RequestOptions {
  body?: unknown;
  headers?: http.OutgoingHttpHeaders;
  timeoutMs?: number;
  lane?: Lane;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/**
 * A change the caller gave up on may still be carried out by a busy daemon, and then undoing it
 * races it: changes get longer than reads before they count as unanswered.
 */
const CHANGE_TIMEOUT_MS = 30_000;

/**
 * Talks to one daemon over mTLS (or its unix socket) through one keep-alive pool. The daemon's
 * certificate is verified against the pinned one, never skipped.
 */
export class LxdClient {
  readonly endpoint: Endpoint;
  readonly agent: http.Agent;
  private readonly backgroundAgent: http.Agent;
  private readonly bulkAgent: http.Agent;
  private readonly tls: https.AgentOptions;
  private wsAgent: https.Agent | undefined;

  constructor(credentials: DaemonCredentials) {
    this.endpoint = parseEndpoint(credentials.url);
    this.tls = this.endpoint.kind === 'https' ? pinnedTls(credentials) : {};
    // Every socket stays open between bursts (maxFreeSockets = maxSockets): one closed after a
    // burst costs a TLS handshake when the next burst needs it again.
    const pool = { keepAlive: true, maxSockets: 64, maxFreeSockets: 64, scheduling: 'lifo' as const };
    const background = { ...pool, maxSockets: 4, maxFreeSockets: 4 };
    const agent = (options: http.AgentOptions) =>
      this.endpoint.kind === 'https' ? new https.Agent({ ...options, ...this.tls }) : new http.Agent(options);
    this.agent = agent(pool);
    this.backgroundAgent = agent(background);
    this.bulkAgent = agent(pool);
  }

  /** Options for a raw node request on the pool, for callers that stream (the gateway). */
  requestOptions(method: string, path: string, headers: http.OutgoingHttpHeaders = {}, lane: Lane = 'interactive'): https.RequestOptions {
    const agent = lane === 'background' ? this.backgroundAgent : lane === 'bulk' ? this.bulkAgent : this.agent;
    // The request's highWaterMark sizes the buffers of the socket the agent makes for it.
    const base = { method, path, headers, agent, ...(lane === 'bulk' ? { highWaterMark: BULK_HIGH_WATER_MARK } : {}) };
    return this.endpoint.kind === 'https'
      ? { ...base, host: this.endpoint.host, port: this.endpoint.port }
      : { ...base, socketPath: this.endpoint.socketPath, host: 'lxd' };
  }

  rawRequest(options: https.RequestOptions): http.ClientRequest {
    return this.endpoint.kind === 'https' ? https.request(options) : http.request(options);
  }

  /** One request; resolves with the daemon's status and JSON envelope whatever the status. */
  request<T>(method: string, path: string, options: RequestOptions = {}): Promise<LxdReply<T>> {
    const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const headers: http.OutgoingHttpHeaders = { accept: 'application/json', ...options.headers };
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = payload.length;
    }
    const timeoutMs = options.timeoutMs ?? (method === 'GET' ? DEFAULT_TIMEOUT_MS : CHANGE_TIMEOUT_MS);
    return new Promise((resolve, reject) => {
      const req = this.rawRequest(this.requestOptions(method, path, headers, options.lane));
      const timer = setTimeout(() => {
        req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }));
      }, timeoutMs);
      req.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(error instanceof LxdError ? error : describeNetworkError(error, this.endpoint.display));
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', () => undefined);
        res.on('end', () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 502, headers: res.headers, body: JSON.parse(text) as LxdResponse<T> });
          } catch {
            reject(new LxdError(502, `${this.endpoint.display} answered ${res.statusCode} with a body that is not JSON`));
          }
        });
      });
      req.end(payload);
    });
  }

  /** A request whose error envelope becomes a thrown LxdError carrying the daemon's message. */
  async call<T>(method: string, path: string, options: RequestOptions = {}): Promise<LxdReply<T>> {
    const reply = await this.request<T>(method, path, options);
    if (reply.status >= 400 || reply.body.type === 'error') {
      throw new LxdError(reply.status >= 400 ? reply.status : 500, reply.body.error || `daemon answered ${reply.status}`);
    }
    return reply;
  }

  async get<T>(path: string, timeoutMs?: number, lane?: Lane): Promise<T> {
    return (await this.call<T>('GET', path, { timeoutMs, lane })).body.metadata;
  }

  /** Sends a change and, when the daemon starts an operation, waits until it ends. */
  async run<T = unknown>(method: string, path: string, body?: unknown, headers?: http.OutgoingHttpHeaders): Promise<T> {
    const reply = await this.call<T>(method, path, { body, headers });
    if (reply.body.type !== 'async') return reply.body.metadata;
    const operation = await this.waitOperation(reply.body.operation ?? (reply.body.metadata as { id: string }).id);
    return operation.metadata as T;
  }

  /** Waits for an operation (id or `/1.0/operations/<id>` path) by the rule the browser shares; throws its error if it failed. */
  waitOperation(idOrPath: string, timeoutSeconds = 300): Promise<LxdOperation> {
    return waitOperation(
      idOrPath,
      {
        get: (path, wait) => this.get<LxdOperation | null>(path, (wait + 10) * 1000),
        failed: (message) => new LxdError(400, message),
        timedOut: (message) => new LxdError(504, message),
      },
      { timeoutMs: timeoutSeconds * 1000, sliceSeconds: 30 },
    );
  }

  /** Where and how to open a daemon websocket (exec, console, events) with the same credentials. */
  webSocket(path: string): { url: string; options: ClientOptions } {
    if (this.endpoint.kind === 'unix') {
      return { url: `ws+unix://${this.endpoint.socketPath}:${path}`, options: {} };
    }
    const host = this.endpoint.host.includes(':') ? `[${this.endpoint.host}]` : this.endpoint.host;
    // A separate agent without keep-alive: upgraded sockets never return to a pool.
    this.wsAgent ??= new https.Agent({ ...this.tls, keepAlive: false });
    return { url: `wss://${host}:${this.endpoint.port}${path}`, options: { agent: this.wsAgent } };
  }

  close(): void {
    this.agent.destroy();
    this.backgroundAgent.destroy();
    this.bulkAgent.destroy();
    this.wsAgent?.destroy();
  }
}

function pinnedTls(credentials: DaemonCredentials): https.AgentOptions {
  const pinned = credentials.fingerprint ? normaliseFingerprint(credentials.fingerprint) : null;
  if (!credentials.serverCert || !pinned) {
    throw new LxdError(500, 'an https daemon needs its pinned server certificate', 'not_pinned');
  }
  return {
    // The pinned self-signed certificate is the only trust anchor; then the exact fingerprint must match.
    // One context for every connection: given ca/cert/key instead, node parses them again for each.
    secureContext: secureContext(credentials.serverCert, credentials),
    checkServerIdentity: (_host, peer) => {
      const presented = normaliseFingerprint(peer.fingerprint256 ?? '');
      if (presented === pinned) return undefined;
      return Object.assign(
        new Error(`the daemon's certificate changed: pinned ${pinned}, presented ${presented ?? 'none'}`),
        { code: 'CERT_PINNING_FAILED' },
      );
    },
  };
}

function secureContext(ca: string, { clientCert, clientKey }: DaemonCredentials): tls.SecureContext {
  try {
    return tls.createSecureContext({ ca, cert: clientCert ?? undefined, key: clientKey ?? undefined, minVersion: 'TLSv1.3' });
  } catch (error) {
    throw new LxdError(500, `the stored certificates of this daemon cannot be used: ${(error as Error).message}`, 'bad_credentials');
  }
}
