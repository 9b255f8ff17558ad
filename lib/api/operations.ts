/**
 * Calls to a daemon through Hangar's gateway (`/api/v1/daemons/{id}/lxd/1.0/...`) and waiting for
 * the LXD operations they start. Errors carry the daemon's own message (see apiFetch).
 */
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

export function lxdRequest<T>(daemonId: string, method: string, path: string, body?: unknown): Promise<LxdResponse<T>> {
  return apiFetch<LxdResponse<T>>(gatewayUrl(daemonId, path), { method, json: body });
}

export async function lxdGet<T>(daemonId: string, path: string): Promise<T> {
  return (await lxdRequest<T>(daemonId, 'GET', path)).metadata;
}

export interface WaitOptions {
  /** Called after every poll while the operation still runs, e.g. to show download progress. */
  onProgress?: (operation: LxdOperation) => void;
  /** Give up (the operation keeps running on the daemon) after this long. */
  timeoutMs?: number;
}

/** Each wait call holds the request open this long, so progress is reported about this often. */
const WAIT_SLICE_S = 2;
const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/** Operation status codes: < 200 still running, 200–399 done, >= 400 failed or cancelled. */
export function operationFinished(operation: LxdOperation): boolean {
  return operation.status_code >= 200;
}

/**
 * Waits for an operation (`/1.0/operations/ID` as the daemon returned it) with short
 * `/wait?timeout=` calls; resolves with the finished operation, rejects with the daemon's `err`.
 */
export async function waitForOperation(daemonId: string, operationPath: string, options: WaitOptions = {}): Promise<LxdOperation> {
  const id = operationPath.split('?')[0].split('/').pop() ?? '';
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  for (;;) {
    const operation = await lxdGet<LxdOperation | null>(daemonId, lxdPath(['operations', id, 'wait'], { timeout: String(WAIT_SLICE_S) })).catch(
      (error: unknown) => {
        // Incus answers a wait whose time ran out with "context deadline exceeded" instead of the running operation.
        if (error instanceof ApiRequestError && /deadline exceeded/i.test(error.message)) return null;
        throw error;
      },
    );
    if (!operation) {
      if (Date.now() > deadline) throw new ApiRequestError(504, 'operation_timeout', 'the operation is still running on the daemon');
      continue;
    }
    if (operation.status_code >= 400) {
      throw new ApiRequestError(400, 'operation_failed', operation.err || `${operation.description}: ${operation.status}`);
    }
    if (operationFinished(operation)) return operation;
    options.onProgress?.(operation);
    if (Date.now() > deadline) {
      throw new ApiRequestError(504, 'operation_timeout', `${operation.description} is still running on the daemon`);
    }
  }
}

/** Sends a request and, when the daemon answers with an operation, waits for it to finish. */
export async function runLxd<T = unknown>(
  daemonId: string,
  method: string,
  path: string,
  body?: unknown,
  options?: WaitOptions,
): Promise<T | LxdOperation> {
  const reply = await lxdRequest<T>(daemonId, method, path, body);
  if (reply.type === 'async' && reply.operation) return waitForOperation(daemonId, reply.operation, options);
  return reply.metadata;
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
