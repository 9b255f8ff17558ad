import http from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError } from './errors';
import { bodyTooLarge, BODY_LIMIT } from './body';
import { sendApiError } from './node-response';

/** The methods any of Hangar's routes (and the gateway) answer; anything else is 405 here. */
export const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const ALLOWED = new Set(METHODS);
const DRAIN_LIMIT = 64 * 1024 * 1024;
/** Routes that stream a file into an instance: no size limit, like uploads through the gateway. */
const STREAMED_UPLOAD = /^\/api\/v1\/daemons\/[^/?#]+\/instances\/[^/?#]+\/files(?:\?|$)/;

/**
 * Refuses, with a JSON error, what no route of Hangar should ever see: other methods (TRACE…),
 * request targets that are not a path (`*`, absolute-form `http://host/…`), paths that are not
 * valid percent-encoding, and — except on the gateway, which has its own limits, and file uploads
 * into an instance — declared bodies above BODY_LIMIT. Returns true when it has answered.
 */
export function refuseMalformed(req: http.IncomingMessage, res: http.ServerResponse, isGateway: boolean): boolean {
  const error = malformed(req, isGateway);
  if (!error) return false;
  if (error.status === 405) res.setHeader('allow', METHODS.join(', '));
  // Node discards an unread body after the answer, so the client reads it instead of a reset;
  // a body declared beyond any sense is not waited for: the connection closes instead.
  if (Number(req.headers['content-length'] ?? 0) > DRAIN_LIMIT) res.shouldKeepAlive = false;
  sendApiError(res, error);
  return true;
}

function malformed(req: http.IncomingMessage, isGateway: boolean): ApiError | undefined {
  const method = req.method ?? '';
  if (!ALLOWED.has(method)) return new ApiError(405, 'method_not_allowed', `Hangar does not answer ${method} requests`);
  const url = req.url ?? '';
  if (!url.startsWith('/') || url.startsWith('//')) {
    return new ApiError(400, 'invalid_request_target', 'the request target must be a path starting with one "/"');
  }
  const q = url.indexOf('?');
  try {
    decodeURIComponent(q === -1 ? url : url.slice(0, q));
  } catch {
    return new ApiError(400, 'invalid_path', 'the path is not valid URL encoding');
  }
  const declared = req.headers['content-length'];
  const unlimited = isGateway || (method === 'POST' && STREAMED_UPLOAD.test(url));
  if (!unlimited && declared !== undefined && !(Number(declared) <= BODY_LIMIT)) return bodyTooLarge(BODY_LIMIT);
  return undefined;
}

/**
 * Every error under /api/ is JSON: an error Next answers on its own (404 page for an unknown path,
 * an empty 405 for a method a route does not export) has its body replaced by the API envelope.
 * Decided once, when the status line is about to be written (writeHead, or the first write/end).
 */
export function jsonErrorsUnder(prefix: string, req: http.IncomingMessage, res: http.ServerResponse): void {
  if (!(req.url ?? '').startsWith(prefix)) return;
  const { writeHead, write, end } = res;
  let replacement: string | undefined;
  let decided = false;

  res.writeHead = function (this: http.ServerResponse, status: number, ...rest: unknown[]) {
    if (decided) return writeHead.call(this, status, ...(rest as []));
    decided = true;
    const headers = rest.find((arg) => typeof arg === 'object' && arg !== null);
    if (Array.isArray(headers) || status < 400) return writeHead.call(this, status, ...(rest as []));
    for (const [name, value] of Object.entries((headers ?? {}) as http.OutgoingHttpHeaders)) {
      if (value !== undefined) this.setHeader(name, value);
    }
    if (!/json/i.test(String(this.getHeader('content-type') ?? ''))) {
      replacement = JSON.stringify(envelope(status, req.method ?? 'GET'));
      for (const name of ['content-encoding', 'transfer-encoding', 'etag', 'vary', 'x-nextjs-cache', 'x-nextjs-prerender']) {
        this.removeHeader(name);
      }
      this.setHeader('content-type', 'application/json');
      this.setHeader('content-length', Buffer.byteLength(replacement));
      this.setHeader('cache-control', 'no-store');
    }
    return writeHead.call(this, status);
  } as typeof res.writeHead;

  // Next's own body (an HTML page, or nothing) is dropped; the envelope goes out on end().
  res.write = function (this: http.ServerResponse, ...args: unknown[]) {
    if (!this.headersSent) this.writeHead(this.statusCode);
    if (replacement === undefined) return (write as (...a: unknown[]) => boolean).apply(this, args);
    (args.find((arg) => typeof arg === 'function') as (() => void) | undefined)?.();
    return true;
  } as typeof res.write;
  res.end = function (this: http.ServerResponse, ...args: unknown[]) {
    if (!this.headersSent) this.writeHead(this.statusCode);
    if (replacement === undefined) return (end as (...a: unknown[]) => http.ServerResponse).apply(this, args);
    const callback = args.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    return end.call(this, replacement, 'utf8', callback);
  } as typeof res.end;
}

function envelope(status: number, method: string) {
  const message = http.STATUS_CODES[status] ?? 'Error';
  if (status === 404) return new ApiError(404, 'not_found', 'there is no such API endpoint').toBody();
  if (status === 405) return new ApiError(405, 'method_not_allowed', `this endpoint does not answer ${method}`).toBody();
  return new ApiError(status, message.toLowerCase().replace(/[^a-z]+/g, '_'), message).toBody();
}

/**
 * Requests node could not parse (headers too large, an unknown method, a broken request line)
 * get a JSON error instead of node's empty one.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [status, code, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'headers_too_large', 'the request headers are too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'request_timeout', 'the request took too long to arrive']
        : error.code === 'HPE_INVALID_METHOD'
          ? [405, 'method_not_allowed', 'Hangar does not answer this method']
          : [400, 'malformed_request', 'the request is not valid HTTP'];
  const body = JSON.stringify(new ApiError(status, code, message).toBody());
  socket.end(
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\ncontent-type: application/json\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
