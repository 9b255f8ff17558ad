/**
 * The browser's one client for the daemon API: every call to a daemon goes through Hangar's
 * gateway (`/api/v1/daemons/{id}/lxd/1.0/...`) from here, waits for the operation it starts by
 * the rule the server uses too (lib/lxd-operations.ts), and fails with ApiRequestError carrying
 * the daemon's own message. Resource modules (instances, images, …) build on these functions.
 */
import { waitOperation, type WaitOptions } from '../lxd-operations';
import type { LxdOperation, LxdResponse } from '../lxd-types';
import { ApiRequestError, apiFetch } from './client';

export function gatewayUrl(daemonId: string, lxdPath: string): string {
  return `/api/v1/daemons/${encodeURIComponent(daemonId)}/lxd${lxdPath}`;
}

/** `/1.0/instances/NAME?project=P` style paths with every part encoded. */
export function lxdPath(segments: string[], query: Record<string, string | undefined> = {}): string {
  const path = `/1.0/${segments.map(encodeURIComponent).join('/')}`;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, value);
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export async function lxdRequest<T>(
  daemonId: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<LxdResponse<T>> {
  const reply = await apiFetch<LxdResponse<T>>(gatewayUrl(daemonId, path), { method, json: body, headers });
  return daemonReply(reply);
}

/**
 * A daemon may refuse with HTTP 200 and an error envelope: Incus answers a wait on a failed or
 * still-running operation that way (`{"type":"error","error_code":500,"error":"…"}`).
 */
function daemonReply<T>(reply: LxdResponse<T>): LxdResponse<T> {
  if (reply?.type === 'error') throw new ApiRequestError(reply.error_code || 500, 'daemon_error', reply.error || 'the daemon refused');
  return reply;
}

export async function lxdGet<T>(daemonId: string, path: string): Promise<T> {
  return (await lxdRequest<T>(daemonId, 'GET', path)).metadata;
}

export type { WaitOptions };

/** Waits for an operation the daemon started, by the one rule in lib/lxd-operations.ts. */
export function waitForOperation(daemonId: string, operationPath: string, options: WaitOptions = {}): Promise<LxdOperation> {
  return waitOperation(
    operationPath,
    {
      get: (path) => lxdGet<LxdOperation | null>(daemonId, path),
      failed: (message) => new ApiRequestError(400, 'operation_failed', message),
      timedOut: (message) => new ApiRequestError(504, 'operation_timeout', message),
    },
    options,
  );
}

/**
 * Sends a change (optionally with If-Match or X-LXD-* headers) and, when the daemon starts an
 * operation, waits for it; resolves with the operation's metadata or the sync reply's. A stale
 * ETag fails with status 412 (see isEtagConflict).
 */
export async function runLxd<T = unknown>(
  daemonId: string,
  method: string,
  path: string,
  body?: unknown,
  options: WaitOptions & { headers?: Record<string, string> } = {},
): Promise<T> {
  const { headers, ...wait } = options;
  const reply = await lxdRequest<T>(daemonId, method, path, body, headers);
  if (reply?.type === 'async' && reply.operation) return (await waitForOperation(daemonId, reply.operation, wait)).metadata as T;
  return reply?.metadata;
}

export interface Tagged<T> {
  data: T;
  /** The daemon's ETag for `data`; sent back as If-Match so a concurrent change is refused. */
  etag: string | null;
}

export async function fetchTagged<T>(daemonId: string, path: string): Promise<Tagged<T>> {
  let etag: string | null = null;
  const reply = await apiFetch<LxdResponse<T>>(gatewayUrl(daemonId, path), {
    onResponse: (res) => (etag = res.headers.get('etag')),
  });
  return { data: daemonReply(reply).metadata, etag };
}

export function ifMatch(etag: string | null): { headers: Record<string, string> } {
  return { headers: etag ? { 'if-match': etag } : {} };
}

/** True when a save was refused because the object changed since it was read. */
export function isEtagConflict(error: unknown): boolean {
  return error instanceof ApiRequestError && error.status === 412;
}

/**
 * A one-line progress text from a running operation's metadata, e.g. "Unpack: 45%" or the
 * daemon's own "download_progress" string; null when it reports none.
 */
export function operationProgress(operation: LxdOperation): string | null {
  const metadata = operation.metadata ?? {};
  const structured = metadata.progress as { stage?: string; percent?: string } | undefined;
  if (structured && typeof structured === 'object' && structured.percent) {
    return `${humanStage(structured.stage ?? '')}: ${structured.percent}%`;
  }
  for (const [key, value] of Object.entries(metadata)) {
    if (key.endsWith('_progress') && typeof value === 'string') return value;
  }
  return null;
}

function humanStage(stage: string): string {
  const words = stage.replace(/^create_instance_from_image_/, '').replace(/_/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : 'Progress';
}
