import type http from 'node:http';
import type { Transform } from 'node:stream';
import type { LxdResponse } from '@/lib/lxd-types';
import type { LxdClient } from '../lxd/client';
import { describeNetworkError, LxdError } from '../lxd/errors';

/** A stalled stream (no bytes either way for this long) is abandoned. */
const IDLE_TIMEOUT_MS = 120_000;

export interface RelayOptions {
  source: LxdClient;
  /** GET on the source that answers the bytes (an image or backup export). */
  from: string;
  target: LxdClient;
  /** POST on the target that takes them and answers an operation (an image upload, a backup import). */
  to: string;
  /** Extra upload headers; the source's Content-Type and Content-Length are forwarded unless a filter changes the bytes. */
  headers?: http.OutgoingHttpHeaders;
  /** Rewrites the stream on its way (the length is then unknown to the target). */
  filter?: Transform;
  signal?: AbortSignal;
  /** Called as bytes leave the source: so far, and in all when the source said. */
  onBytes?(bytes: number, total: number | undefined): void;
}

export interface RelayResult {
  /** The target's operation (path), still running. */
  operation: string;
  contentType: string;
  bytes: number;
}

/**
 * Pipes a download from one daemon into an upload to another, neither daemon reaching the other,
 * with backpressure end to end: memory stays flat whatever the size. Resolves when the target has
 * taken the whole body and answered its operation; rejects with the daemon's own words.
 */
export function relay(options: RelayOptions): Promise<RelayResult> {
  const { source, target, signal } = options;
  return new Promise((resolve, reject) => {
    let settled = false;
    let upload: http.ClientRequest | undefined;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      download.destroy();
      options.filter?.destroy();
      upload?.destroy();
      reject(error);
    };
    const onAbort = () => fail(signal?.reason ?? new Error('aborted'));
    if (signal?.aborted) return reject(signal.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const download = source.rawRequest(source.requestOptions('GET', options.from, {}, 'bulk'));
    download.setTimeout(IDLE_TIMEOUT_MS, () => fail(new LxdError(504, 'the source daemon stopped sending', 'daemon_timeout')));
    download.on('error', (error: NodeJS.ErrnoException) => fail(describeNetworkError(error, source.endpoint.display)));
    download.on('response', (exported) => {
      if (exported.statusCode !== 200) {
        readJson(exported)
          .then((body) => fail(new LxdError(exported.statusCode ?? 502, body?.error || `export answered ${exported.statusCode}`)))
          .catch(fail);
        return;
      }
      const contentType = String(exported.headers['content-type'] ?? 'application/octet-stream');
      const length = exported.headers['content-length'];
      const total = length ? Number(length) : undefined;
      const headers: http.OutgoingHttpHeaders = { 'content-type': contentType, ...options.headers };
      if (length && !options.filter) headers['content-length'] = length;
      let bytes = 0;
      exported.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        options.onBytes?.(bytes, total);
      });
      exported.on('error', fail);
      exported.on('aborted', () => fail(new LxdError(502, `${source.endpoint.display} stopped sending in the middle`, 'daemon_unreachable')));
      upload = target.rawRequest(target.requestOptions('POST', options.to, headers, 'bulk'));
      upload.setTimeout(IDLE_TIMEOUT_MS, () => fail(new LxdError(504, 'the target daemon stopped accepting', 'daemon_timeout')));
      upload.on('error', (error: NodeJS.ErrnoException) => fail(describeNetworkError(error, target.endpoint.display)));
      upload.on('response', (answer) => {
        readJson(answer)
          .then((body) => {
            if (settled) return;
            if ((answer.statusCode ?? 500) >= 400 || body?.type === 'error' || !body?.operation) {
              fail(new LxdError(answer.statusCode ?? 502, body?.error || `upload answered ${answer.statusCode}`));
              return;
            }
            settled = true;
            signal?.removeEventListener('abort', onAbort);
            resolve({ operation: body.operation, contentType, bytes });
          })
          .catch(fail);
      });
      if (options.filter) {
        options.filter.on('error', fail);
        exported.pipe(options.filter).pipe(upload);
      } else {
        exported.pipe(upload);
      }
    });
    download.end();
  });
}

export function readJson(res: http.IncomingMessage): Promise<LxdResponse<unknown> | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('error', reject);
    res.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as LxdResponse<unknown>);
      } catch {
        resolve(null);
      }
    });
  });
}
