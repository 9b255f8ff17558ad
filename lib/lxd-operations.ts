/**
 * The one rule for waiting on a daemon operation, shared by the server's LxdClient and the
 * browser's daemon client (lib/api/daemon.ts). Each side supplies how to make one
 * `/wait?timeout=` call and how to build its own error; the loop, the Incus quirk and the
 * reading of the answer live here only.
 */
import type { LxdOperation } from './lxd-types';

export interface OperationWaiter {
  /** One `GET <path>` (the path already ends in `/wait?timeout=N`); the operation, or null when the daemon sent none. */
  get(path: string, timeoutSeconds: number): Promise<LxdOperation | null>;
  /** The error for an operation that ended in failure or was cancelled; `message` is the daemon's. */
  failed(message: string, operation: LxdOperation): Error;
  /** The error for giving up while the operation still runs on the daemon. */
  timedOut(message: string): Error;
}

export interface WaitOptions {
  /** Called after every wait slice while the operation still runs, e.g. to show its progress. */
  onProgress?: (operation: LxdOperation) => void;
  /** Give up (the operation keeps running on the daemon) after this long. */
  timeoutMs?: number;
  /** How long each `/wait` call holds the request open; progress is reported about this often. */
  sliceSeconds?: number;
}

const DEFAULT_TIMEOUT_MS = 10 * 60_000;
const DEFAULT_SLICE_S = 2;

/** `/1.0/operations/<id>` from an id or from the path a daemon returned (`…?project=P` dropped: /wait goes on the path). */
export function operationPath(idOrPath: string): string {
  return idOrPath.startsWith('/') ? idOrPath.split('?')[0] : `/1.0/operations/${encodeURIComponent(idOrPath)}`;
}

/** Status codes: < 200 still running, 200–399 done, >= 400 failed or cancelled. */
export function operationFinished(operation: Pick<LxdOperation, 'status_code'>): boolean {
  return operation.status_code >= 200;
}

/**
 * Incus answers a wait whose time ran out with an error envelope ("context deadline exceeded",
 * error_code 500, HTTP 200) where LXD answers the still-running operation: both mean "ask again".
 */
export function isWaitTimeout(error: unknown): boolean {
  return error instanceof Error && /deadline exceeded/i.test(error.message);
}

/** The daemon's words for a failed operation, or what it was and how it ended. */
export function operationError(operation: LxdOperation): string {
  return operation.err || `${operation.description}: ${operation.status}`;
}

/** Waits with short `/wait?timeout=` calls; resolves with the finished operation, rejects with the daemon's `err`. */
export async function waitOperation(idOrPath: string, waiter: OperationWaiter, options: WaitOptions = {}): Promise<LxdOperation> {
  const path = operationPath(idOrPath);
  const deadline = Date.now() + (options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const slice = options.sliceSeconds ?? DEFAULT_SLICE_S;
  for (;;) {
    const timeout = Math.max(1, Math.min(slice, Math.ceil((deadline - Date.now()) / 1000)));
    let operation: LxdOperation | null;
    try {
      operation = await waiter.get(`${path}/wait?timeout=${timeout}`, timeout);
    } catch (error) {
      // Past the deadline the daemon's own words say best why the wait ended.
      if (!isWaitTimeout(error) || Date.now() >= deadline) throw error;
      operation = null;
    }
    if (operation && operation.status_code >= 400) throw waiter.failed(operationError(operation), operation);
    if (operation && operationFinished(operation)) return operation;
    if (operation) options.onProgress?.(operation);
    if (Date.now() >= deadline) {
      throw waiter.timedOut(`${operation?.description ?? 'the operation'} is still running on the daemon`);
    }
  }
}
