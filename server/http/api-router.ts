import type http from 'node:http';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { acceptsGzip } from './encoding';
import { ApiError, toApiError } from './errors';
import { sendApiError } from './node-response';
import type { RouteFile, RouteHandler, RouteModule, RouteParams } from './api-routes';
import securityHeaders from './security-headers.json';

/** Paths the API router answers; everything else (pages, /api/auth of next-auth) is Next's. */
export const API_PREFIX = /^\/api\/v1(?:[/?]|$)/;
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
/** JSON answers smaller than this go out as they are: compressing them costs more than it saves. */
const COMPRESS_FROM = 1024;

type Segment = { kind: 'static'; value: string } | { kind: 'param'; name: string } | { kind: 'rest'; name: string };

interface CompiledRoute {
  pattern: string;
  segments: Segment[];
  module: RouteModule;
  allow: string;
}

export interface RouteMatch {
  route: CompiledRoute;
  params: RouteParams;
}

/**
 * Hangar's own API (`/api/v1/*`) served by the custom server, in the same bundle as the gateway
 * and the live model: the route modules of app/api/v1 keep their App Router shape (a handler per
 * method taking a fetch Request and `{ params }`, answering a Response) and are called here with
 * Next's rules: a static segment wins over `[param]`, which wins over `[...rest]`; HEAD is GET
 * without a body; OPTIONS and a method a route does not export answer with `allow`; params are
 * decoded. JSON answers of 1 KiB and more are gzipped for clients that accept it. Next serves
 * pages only (see docs/ARCHITECTURE.md, "The path of a request").
 */
export class ApiRouter {
  private readonly routes: CompiledRoute[];

  constructor(files: RouteFile[]) {
    this.routes = files.map(compile).sort(bySpecificity);
  }

  match(pathname: string): RouteMatch | undefined {
    const parts = pathname.split('/').slice(1);
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (params) return { route, params };
    }
    return undefined;
  }

  async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q === -1 ? url : url.slice(0, q);
    if (pathname.length > 1 && pathname.endsWith('/')) {
      res.writeHead(308, { location: pathname.replace(/\/+$/, '') + (q === -1 ? '' : url.slice(q)) }).end();
      return;
    }
    const found = this.match(pathname);
    if (!found) return sendApiError(res, new ApiError(404, 'not_found', 'there is no such API endpoint'));
    const method = req.method ?? 'GET';
    const { module, allow } = found.route;
    const handler = (module[method] ?? (method === 'HEAD' ? module.GET : undefined)) as RouteHandler | undefined;
    if (!handler) {
      res.setHeader('allow', allow);
      if (method === 'OPTIONS') return void res.writeHead(204).end();
      return sendApiError(res, new ApiError(405, 'method_not_allowed', `this endpoint does not answer ${method}`));
    }
    const aborted = new AbortController();
    res.on('close', () => res.writableFinished || aborted.abort());
    let response: Response;
    try {
      response = await handler(toRequest(req, aborted.signal), { params: Promise.resolve(found.params) });
    } catch (error) {
      // Route handlers answer their own errors (route(), publicRoute()); this is a bug's last stop.
      console.error(`[hangar] ${method} ${pathname} threw:`, error);
      return sendApiError(res, toApiError(error));
    }
    await send(req, res, response, method === 'HEAD');
  }
}

function compile(file: RouteFile): CompiledRoute {
  const segments: Segment[] = file.pattern
    .split('/')
    .slice(1)
    .map((part) => {
      const rest = /^\[\.\.\.(.+)\]$/.exec(part);
      if (rest) return { kind: 'rest', name: rest[1] };
      const param = /^\[(.+)\]$/.exec(part);
      return param ? { kind: 'param', name: param[1] } : { kind: 'static', value: part };
    });
  const exported = METHODS.filter((m) => typeof file.module[m] === 'function');
  const allow = new Set<string>([...exported, ...(exported.includes('GET') ? ['HEAD'] : []), 'OPTIONS']);
  return { pattern: file.pattern, segments, module: file.module, allow: [...allow].join(', ') };
}

const RANK = { static: 0, param: 1, rest: 2 } as const;

/** Segment by segment, static before `[param]` before `[...rest]`; then the longer pattern first. */
function bySpecificity(a: CompiledRoute, b: CompiledRoute): number {
  for (let i = 0; i < Math.min(a.segments.length, b.segments.length); i++) {
    const d = RANK[a.segments[i].kind] - RANK[b.segments[i].kind];
    if (d !== 0) return d;
  }
  return b.segments.length - a.segments.length;
}

function matchSegments(segments: Segment[], parts: string[]): RouteParams | undefined {
  const params: RouteParams = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    if (segment.kind === 'rest') {
      if (i >= parts.length) return undefined;
      params[segment.name] = parts.slice(i).map(decode);
      return params;
    }
    const part = parts[i];
    if (part === undefined || part === '') return undefined;
    if (segment.kind === 'static') {
      if (part !== segment.value) return undefined;
    } else {
      params[segment.name] = decode(part);
    }
  }
  return parts.length === segments.length ? params : undefined;
}

/** The front door already refused paths that are not valid percent-encoding. */
function decode(part: string): string {
  return decodeURIComponent(part);
}

function toRequest(req: http.IncomingMessage, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, {
    method,
    headers,
    signal,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  } as RequestInit);
}

/** Writes a route's Response: JSON read whole (gzipped when worth it), anything else streamed as it comes. */
async function send(req: http.IncomingMessage, res: http.ServerResponse, response: Response, headOnly: boolean): Promise<void> {
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') res.setHeader(name, value);
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) res.setHeader('set-cookie', cookies);
  const status = response.status;
  if (!response.body || headOnly || status === 204 || status === 304) {
    void response.body?.cancel().catch(() => undefined);
    res.writeHead(status).end();
    return;
  }
  const type = response.headers.get('content-type') ?? '';
  if (/json/i.test(type) && !response.headers.has('content-encoding')) {
    let body = Buffer.from(await response.arrayBuffer());
    if (body.length >= COMPRESS_FROM && acceptsGzip(req)) {
      body = zlib.gzipSync(body, { level: 6 });
      res.setHeader('content-encoding', 'gzip');
      res.setHeader('vary', varyWith(res.getHeader('vary'), 'accept-encoding'));
    }
    res.writeHead(status, { 'content-length': body.length }).end(body);
    return;
  }
  res.writeHead(status);
  res.flushHeaders();
  const reader = response.body.getReader();
  res.on('close', () => void reader.cancel().catch(() => undefined));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // Each chunk goes out as it comes (event streams); a slow reader pauses the producer.
      if (!res.write(value)) await new Promise<void>((resolve) => res.once('drain', resolve).once('close', resolve));
      if (res.destroyed) return;
    }
    res.end();
  } catch {
    res.destroy();
  }
}

function varyWith(current: unknown, name: string): string {
  const values = String(current ?? '').split(',').map((v) => v.trim()).filter(Boolean);
  return values.some((v) => v.toLowerCase() === name) ? values.join(', ') : [...values, name].join(', ');
}
