import type { LxdInstance, LxdOperation } from '@/lib/lxd-types';
import type { LxdClient } from '../lxd/client';
import { LxdError } from '../lxd/errors';
import type { TaskContext } from '../tasks/runner';
import { instancePath, type InstanceEnd } from './plan';

const OPERATION_TIMEOUT_S = 3600;

export const operationPath = (operation: string) => (operation.startsWith('/') ? operation.split('?')[0] : `/1.0/operations/${operation}`);

/**
 * Waits for a daemon operation; a cancel asks the daemon to cancel it and waits for it to end.
 * With `onMetadata`, the operation is read every second and its metadata handed over (progress).
 */
export async function waitOperation(
  client: LxdClient,
  operation: string,
  signal?: AbortSignal,
  onMetadata?: (metadata: Record<string, unknown>) => void,
): Promise<void> {
  const done = onMetadata ? follow(client, operation, onMetadata) : client.waitOperation(operation, OPERATION_TIMEOUT_S);
  if (!signal) return void (await done);
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([done, aborted]);
  } catch (error) {
    if (!signal.aborted) throw error;
    // The daemon may not be able to cancel it; then it ends by itself and the undo removes what it made.
    await client.request('DELETE', operationPath(operation)).catch(() => undefined);
    await Promise.race([done.catch(() => undefined), new Promise((r) => setTimeout(r, 60_000))]);
    throw signal.reason;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/**
 * A relay's byte counter as task progress: bytes, percent of the size the source announced (at most
 * `maxPercent`, the rest is the target's import), rate since now.
 */
export function streamingProgress(ctx: TaskContext, stage = 'streaming the backup', maxPercent = 99): (sent: number, total: number | undefined) => void {
  const started = Date.now();
  let reported = -Infinity;
  return (sent, total) => {
    // Called for every chunk (16 KiB, a TLS record): the task hears of it a few times a second.
    const now = Date.now();
    if (now - reported < PROGRESS_EVERY_MS && sent !== total) return;
    reported = now;
    ctx.progress({
      stage,
      bytes: sent,
      ...(total ? { percent: Math.min(maxPercent, Math.floor((sent / total) * 100)) } : {}),
      bytesPerSecond: Math.round(sent / Math.max(0.001, (now - started) / 1000)),
    });
  };
}

const PROGRESS_EVERY_MS = 100;

/**
 * Withdraws a migration offer (the source's websocket operation) after the target failed: only while
 * the daemon still runs it. LXD 5.0.2 crashes (nil pointer in Operation.Cancel) when an offer that
 * is ending is cancelled, so a finished offer is left to end by itself.
 */
export async function withdrawOffer(client: LxdClient, operation: string): Promise<void> {
  const current = await client.call<LxdOperation>('GET', operationPath(operation)).catch(() => undefined);
  const status = current?.body.metadata?.status_code;
  if (status !== 103 && status !== 105) return;
  await client.request('DELETE', operationPath(operation)).catch(() => undefined);
}

/**
 * What the daemon says an operation is doing: LXD and Incus put it in metadata keys ending in
 * `progress` ("fs_progress", "evacuation_progress"…). Other metadata (migration secrets) is never read.
 */
export function progressWords(metadata: Record<string, unknown>): string | undefined {
  const entry = Object.entries(metadata).find(([k, v]) => k.endsWith('progress') && typeof v === 'string' && v.length > 0);
  return entry ? (entry[1] as string) : undefined;
}

async function follow(client: LxdClient, operation: string, onMetadata: (metadata: Record<string, unknown>) => void): Promise<LxdOperation> {
  const path = operationPath(operation);
  const deadline = Date.now() + OPERATION_TIMEOUT_S * 1000;
  for (;;) {
    let op: LxdOperation;
    try {
      op = await client.get<LxdOperation>(`${path}/wait?timeout=1`, 15_000);
    } catch (error) {
      // Incus answers a wait that timed out (after waiting the whole second) with an error instead of
      // the running operation: read it for its progress and wait again at once, never a second more.
      if (!(error instanceof LxdError && /deadline exceeded/i.test(error.message))) throw error;
      op = await client.get<LxdOperation>(path, 15_000);
    }
    if (op.metadata) onMetadata(op.metadata);
    if (op.status_code >= 400) throw new LxdError(400, op.err || op.status);
    if (op.status_code === 200) return op;
    if (Date.now() >= deadline) throw new LxdError(504, `operation ${op.id} still ${op.status} after ${OPERATION_TIMEOUT_S}s`);
  }
}

export async function setState(end: InstanceEnd, action: 'start' | 'stop', signal?: AbortSignal): Promise<void> {
  const reply = await end.client.call('PUT', instancePath(end, '/state'), { body: { action, timeout: 30, force: action === 'stop' } });
  if (reply.body.type === 'async') await waitOperation(end.client, reply.body.operation!, signal);
}

export async function deleteIfPresent(end: InstanceEnd): Promise<void> {
  const existing = await end.client.request<LxdInstance>('GET', instancePath(end));
  if (existing.status === 404) return;
  if (existing.body.metadata?.status && existing.body.metadata.status !== 'Stopped') {
    await setState(end, 'stop').catch(() => undefined);
  }
  const reply = await end.client.request('DELETE', instancePath(end));
  if (reply.status === 404) return;
  if (reply.status >= 400) throw new LxdError(reply.status, reply.body.error || `removing ${end.name} answered ${reply.status}`);
  if (reply.body.type === 'async') await end.client.waitOperation(reply.body.operation!, 120);
}
