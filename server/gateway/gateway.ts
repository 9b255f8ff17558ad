import type http from 'node:http';
import type { LxdOperation } from '@/lib/lxd-types';
import { roleAllows } from '@/lib/roles';
import { assertSameOrigin, authenticate, type Principal } from '../auth/principal';
import { gatewayAction, gatewayReadAction } from '../audit/actions';
import { ApiError, badRequest, forbidden, notFound, toApiError, unauthorized } from '../http/errors';
import { validHeaderValue } from '../http/headers';
import { sendApiError } from '../http/node-response';
import type { LxdClient } from '../lxd/client';
import { describeNetworkError } from '../lxd/errors';
import type { Services } from '../services';
import { parseGatewayUrl } from './path';
import { operationFor } from '../operations/visibility';
import { checkInstanceBody, isInstanceWrite } from '../instances/preflight';
import { decide } from './policy';
import { planReply, type ReplyFilter } from './replies';
import { sendWhole } from './send-whole';

/** JSON bodies above this are refused; other bodies (image and backup uploads) stream unlimited. */
export const JSON_BODY_LIMIT = 8 * 1024 * 1024;
/** JSON bodies of writes up to this size are read whole, so the audit record can say what they do. */
const AUDIT_BODY_LIMIT = 64 * 1024;

const FORWARD_REQUEST = /^(content-type|content-length|transfer-encoding|accept|if-match|if-none-match|x-lxd-.*|x-incus-.*)$/i;
const FORWARD_RESPONSE = /^(content-type|content-length|etag|location|content-disposition|x-lxd-.*|x-incus-.*)$/i;
const SAFE = new Set(['GET', 'HEAD']);
/** Pushing a file into an instance is the one non-JSON upload below admin (operators, like a terminal). */
const FILE_PATH = /^\/1\.0\/(instances|containers|virtual-machines)\/[^/]+\/files$/;

/**
 * `ANY /api/v1/daemons/{id}/lxd/1.0/...`: forwards to the daemon over its pooled mTLS client,
 * streaming both ways, and returns the daemon's status and body unchanged. Handled by the custom
 * server before Next so a request pays for no more than auth, a policy lookup and the pipe.
 */
export async function handleGateway(s: Services, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const started = performance.now();
  const method = (req.method ?? 'GET').toUpperCase();
  let principal: Principal | null = null;
  let daemonName: string | null = null;
  let target = req.url ?? '';
  let lxdPath: { path: string; query: string } | undefined;
  let auditRead = false;
  let auditId: string | undefined;
  // A change is recorded before it is forwarded (begin, which refuses it when the record cannot be
  // written); one refused before that, and a read the policy audits, are recorded as they end.
  const audit = (status: number) => {
    if ((SAFE.has(method) && !auditRead) || !principal) return;
    const durationMs = performance.now() - started;
    if (auditId) return void s.audit.finish(auditId, { status, durationMs });
    const what = !lxdPath
      ? {}
      : SAFE.has(method)
        ? (gatewayReadAction(lxdPath.path, lxdPath.query) ?? { action: 'daemon.read' })
        : gatewayAction(method, lxdPath.path, lxdPath.query, undefined);
    void s.audit.record({ username: principal.username, role: principal.role, daemon: daemonName, method, target, status, durationMs, ...what });
  };

  try {
    const parsed = parseGatewayUrl(req.url ?? '');
    if (!parsed.ok) throw badRequest(parsed.message, 'invalid_path');
    target = parsed.query ? `${parsed.path}?${parsed.query}` : parsed.path;
    lxdPath = parsed;
    principal = await authenticate(s, req.headers);
    if (!principal) throw unauthorized();
    assertSameOrigin(principal, method, req.headers, s.config.publicUrl);
    const row = await s.daemons.row(parsed.daemon);
    daemonName = row.name;

    const decision = decide(method, parsed.path);
    if ('deny' in decision) throw forbidden(decision.deny);
    auditRead = decision.audit === true;
    let body: Buffer | undefined;
    if (!roleAllows(principal.role, decision.role)) {
      const narrower = decision.narrower;
      if (!narrower || !roleAllows(principal.role, narrower.role)) {
        throw forbidden(`your role (${principal.role}) may not ${method} ${parsed.path}`);
      }
      body = await readJson(req, 64 * 1024);
      if (!narrower.accepts(parseJson(body))) {
        throw forbidden(`your role (${principal.role}) may ${narrower.only} with ${method} ${parsed.path}`);
      }
    } else if (isJson(req) && Number(req.headers['content-length'] ?? 0) > JSON_BODY_LIMIT) {
      throw new ApiError(413, 'body_too_large', `JSON bodies are limited to ${JSON_BODY_LIMIT} bytes`);
    } else if (hasBody(req) && !isJson(req) && principal.role !== 'admin' && !FILE_PATH.test(parsed.path)) {
      throw forbidden(`your role (${principal.role}) may not upload ${String(req.headers['content-type'])} bodies; image and backup uploads are for admins`);
    }

    const client = s.daemons.client(row);
    if (isInstanceWrite(method, parsed.path) && isJson(req)) {
      body ??= await readJson(req, JSON_BODY_LIMIT);
      await checkInstanceBody(client, new URLSearchParams(parsed.query).get('project') ?? 'default', parseJson(body), row.name);
    }

    if (!SAFE.has(method)) {
      // What the change does (instance.stop, instance.rename…) is in its body: read a small JSON one whole.
      if (!body && isJson(req) && Number(req.headers['content-length'] ?? Infinity) <= AUDIT_BODY_LIMIT) body = await readJson(req, AUDIT_BODY_LIMIT);
      const what = gatewayAction(method, parsed.path, parsed.query, body ? parseJson(body) : undefined);
      auditId = await s.audit.begin({ username: principal.username, role: principal.role, daemon: daemonName, method, target, ...what });
    }

    const plan = planReply(principal.role, method, parsed.path, parsed.query);
    target = plan.query ? `${parsed.path}?${plan.query}` : parsed.path;
    if (method === 'DELETE' && /^\/1\.0\/operations\/[^/]+$/.test(parsed.path)) await assertOperationVisible(client, principal, target);
    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (FORWARD_REQUEST.test(name) && value !== undefined) headers[name] = value;
    }
    if (body) {
      headers['content-length'] = body.length;
      delete headers['transfer-encoding'];
    }
    const status = await forward(client.rawRequest(client.requestOptions(method, target, headers)), req, res, {
      body,
      filter: plan.filter,
      limit: isJson(req) ? JSON_BODY_LIMIT : Infinity,
      whole: method !== 'HEAD',
    });
    audit(status);
  } catch (error) {
    const apiError = toApiError(error);
    audit(apiError.status);
    sendApiError(res, apiError);
  }
}

function forward(
  upstream: http.ClientRequest,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  options: { body?: Buffer; filter: ReplyFilter | null; limit: number; whole: boolean },
): Promise<number> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      upstream.destroy();
      reject(error);
    };
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      // Keeps the reason a connection failed: a daemon presenting another certificate is certificate_mismatch.
      const reason = describeNetworkError(error, 'the daemon');
      fail(new ApiError(reason.status, reason.code, reason.message));
    });
    upstream.on('response', (up) => {
      const status = up.statusCode ?? 502;
      const headers: http.OutgoingHttpHeaders = {};
      for (const [name, value] of Object.entries(up.headers)) {
        // A value node refuses to write (a daemon's odd content-disposition) is dropped, never thrown.
        if (FORWARD_RESPONSE.test(name) && value !== undefined && validHeaderValue(name, value)) headers[name] = value;
      }
      settled = true;
      if (options.filter && String(up.headers['content-type'] ?? '').includes('json')) {
        const filter = options.filter;
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const parsed = parseText(text);
          const reply = parsed === undefined ? { body: text } : filter(parsed);
          if ('hidden' in reply) {
            sendApiError(res, notFound(reply.hidden));
            return resolve(404);
          }
          const out = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
          delete headers['content-length'];
          res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(out) });
          res.end(out);
          resolve(status);
        });
        return;
      }
      up.on('end', () => resolve(status));
      up.on('error', () => res.destroy());
      if (options.whole) sendWhole(up, res, status, headers);
      else {
        res.writeHead(status, headers);
        up.pipe(res);
      }
    });

    if (options.body) {
      upstream.end(options.body);
      return;
    }
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > options.limit) {
        req.unpipe(upstream);
        fail(new ApiError(413, 'body_too_large', `JSON bodies are limited to ${options.limit} bytes`));
      }
    });
    req.pipe(upstream);
  });
}

/** An operation a role may not see (a trust token below admin) cannot be cancelled by it either. */
async function assertOperationVisible(client: LxdClient, principal: Principal, target: string): Promise<void> {
  if (principal.role === 'admin') return;
  const reply = await client.request<LxdOperation>('GET', target);
  if (reply.status < 400 && reply.body.metadata && !operationFor(principal.role, reply.body.metadata)) {
    throw notFound('operation not found');
  }
}

function isJson(req: http.IncomingMessage): boolean {
  return String(req.headers['content-type'] ?? 'application/json').includes('json');
}

function hasBody(req: http.IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
}

function readJson(req: http.IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (Number(req.headers['content-length'] ?? 0) > limit) {
      reject(new ApiError(413, 'body_too_large', `this body is limited to ${limit} bytes`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      // Not destroyed: node discards the rest once the 413 is sent, so the client reads the answer
      // instead of a connection reset.
      req.removeListener('data', onData);
      reject(new ApiError(413, 'body_too_large', `this body is limited to ${limit} bytes`));
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(body: Buffer): unknown {
  return parseText(body.toString('utf8'));
}

function parseText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
