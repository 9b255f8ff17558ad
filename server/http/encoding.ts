import type http from 'node:http';

/** Whether the client takes a gzipped body (node's request or a fetch Request). */
export function acceptsGzip(req: { headers: http.IncomingHttpHeaders } | Request): boolean {
  const value = req instanceof Request ? req.headers.get('accept-encoding') : req.headers['accept-encoding'];
  return /\bgzip\b/i.test(String(value ?? ''));
}
