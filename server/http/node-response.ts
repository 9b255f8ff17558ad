import type http from 'node:http';
import type { ApiError } from './errors';

/** Writes an API error envelope on a plain node response (custom-server paths: gateway, upgrades). */
export function sendApiError(res: http.ServerResponse, error: ApiError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify(error.toBody());
  res.writeHead(error.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
