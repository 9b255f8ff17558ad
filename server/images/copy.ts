import type http from 'node:http';
import type { ImageCopyRequest, ImageCopyResult, TaskEndpoint } from '@/lib/api-types';
import type { LxdImage, LxdOperation } from '@/lib/lxd-types';
import type { DaemonRegistry, DaemonRow } from '../daemons/registry';
import { badRequest, conflict } from '../http/errors';
import type { LxdClient } from '../lxd/client';
import { operationPath, streamingProgress, waitOperation } from '../copy/daemon-ops';
import { relayMayHelp } from '../copy/migrate';
import { relay } from '../copy/relay';
import type { TaskContext } from '../tasks/runner';
import { headerSafe } from '../http/headers';

const ALIAS = /^[^/\s][^/]{0,254}$/;

/** Checks the body of `POST /api/v1/images/copy`; 400 naming the first thing wrong. */
export type CopyPlan = Required<ImageCopyRequest['from']> & { to: Required<ImageCopyRequest['to']> };

export function parseCopyRequest(body: Record<string, unknown>): CopyPlan {
  const from = (body.from ?? {}) as Record<string, unknown>;
  const to = (body.to ?? {}) as Record<string, unknown>;
  const text = (value: unknown, field: string, fallback?: string): string => {
    if (value === undefined && fallback !== undefined) return fallback;
    if (typeof value !== 'string' || !value.trim()) throw badRequest(`${field} must be a non-empty string`, 'invalid_request');
    return value.trim();
  };
  const aliases = to.aliases ?? [];
  if (!Array.isArray(aliases) || aliases.some((a) => typeof a !== 'string' || !ALIAS.test(a))) {
    throw badRequest('to.aliases must be a list of alias names (no "/", not empty)', 'invalid_request');
  }
  const fingerprint = text(from.fingerprint, 'from.fingerprint');
  if (!/^[0-9a-f]{1,64}$/i.test(fingerprint)) throw badRequest('from.fingerprint must be hexadecimal', 'invalid_request');
  return {
    daemon: text(from.daemon, 'from.daemon'),
    fingerprint: fingerprint.toLowerCase(),
    project: text(from.project, 'from.project', 'default'),
    to: {
      daemon: text(to.daemon, 'to.daemon'),
      project: text(to.project, 'to.project', 'default'),
      aliases: [...new Set(aliases as string[])],
    },
  };
}

export interface ImageCopy {
  request: CopyPlan;
  fromRow: DaemonRow;
  toRow: DaemonRow;
  source: LxdClient;
  target: LxdClient;
  image: LxdImage;
}

/** Resolves both daemons and the image; 400/404/409 before anything moves. */
export async function planImageCopy(registry: DaemonRegistry, request: CopyPlan): Promise<ImageCopy> {
  const [fromRow, toRow] = await Promise.all([registry.row(request.daemon), registry.row(request.to.daemon)]);
  if (fromRow.id === toRow.id && request.project === request.to.project) {
    throw badRequest('the source and the target are the same daemon and project', 'same_daemon');
  }
  const source = registry.client(fromRow);
  const target = registry.client(toRow);
  const image = await source.get<LxdImage>(imagePath(request.fingerprint, request.project));
  await refuseExisting(target, toRow, image.fingerprint, request.to);
  return { request, fromRow, toRow, source, target, image };
}

export function imageTaskEndpoints(copy: ImageCopy): { source: TaskEndpoint; target: TaskEndpoint } {
  const { fromRow, toRow, request, image } = copy;
  return {
    source: { daemon: fromRow.id, daemonName: fromRow.name, project: request.project, image: image.fingerprint },
    target: { daemon: toRow.id, daemonName: toRow.name, project: request.to.project, image: image.fingerprint },
  };
}

/**
 * The work of an image copy task. Where the source is reached over the network, the target daemon
 * pulls the image from it itself (a secret from the source lets it fetch a private one), with the
 * daemon's own progress; when it cannot (or the source is a unix socket), Hangar pipes the
 * source's export straight into the target's upload, memory flat whatever the size. Aliases are
 * created afterwards; a failure or a cancel removes the copy again.
 */
export async function runImageCopy(copy: ImageCopy, ctx: TaskContext): Promise<void> {
  const { request, target, image } = copy;
  ctx.onUndo(() => target.request('DELETE', imagePath(image.fingerprint, request.to.project)));
  let result: Pick<ImageCopyResult, 'method' | 'format' | 'bytes'>;
  if (copy.source.endpoint.kind === 'https') {
    try {
      await daemonPull(copy, ctx);
      result = { method: 'pull' };
    } catch (error) {
      if (ctx.signal.aborted || !relayMayHelp(error)) throw error;
      ctx.setResult({ pullError: (error as Error).message });
      result = await relayImage(copy, ctx);
    }
  } else {
    result = await relayImage(copy, ctx);
  }
  ctx.signal.throwIfAborted();
  ctx.progress({ stage: 'adding aliases', percent: 99 });
  for (const name of request.to.aliases) {
    await target.call('POST', `/1.0/images/aliases?project=${encodeURIComponent(request.to.project)}`, {
      body: { name, target: image.fingerprint, description: image.aliases.find((a) => a.name === name)?.description ?? '' },
    });
  }
  const summary: ImageCopyResult = {
    fingerprint: image.fingerprint,
    from: { daemon: copy.fromRow.name, project: request.project },
    to: { daemon: copy.toRow.name, project: request.to.project, aliases: request.to.aliases },
    ...result,
  };
  ctx.setResult({ ...summary });
  ctx.progress({ stage: 'done', percent: 100 });
}

/** The target fetches the image from the source over the LXD REST protocol. */
async function daemonPull(copy: ImageCopy, ctx: TaskContext): Promise<void> {
  const { source, target, fromRow, toRow, image, request } = copy;
  if (source.endpoint.kind !== 'https') throw new Error('unreachable: unix source');
  let secret: string | undefined;
  let secretOperation: string | undefined;
  if (!image.public) {
    const reply = await source.call<LxdOperation>('POST', imagePath(image.fingerprint, request.project, '/secret'));
    secret = String(reply.body.metadata?.metadata?.secret ?? '');
    secretOperation = reply.body.operation;
  }
  try {
    ctx.progress({ stage: `${toRow.name} downloads it from ${fromRow.name}` });
    const host = source.endpoint.host.includes(':') ? `[${source.endpoint.host}]` : source.endpoint.host;
    const created = await target.call('POST', `/1.0/images?project=${encodeURIComponent(request.to.project)}`, {
      body: {
        public: image.public,
        auto_update: false,
        source: {
          type: 'image',
          mode: 'pull',
          server: `https://${host}:${source.endpoint.port}`,
          protocol: toRow.kind === 'incus' ? 'incus' : 'lxd',
          certificate: fromRow.server_cert,
          fingerprint: image.fingerprint,
          ...(secret ? { secret } : {}),
          ...(request.project !== 'default' ? { project: request.project } : {}),
        },
      },
    });
    await waitOperation(target, created.body.operation!, ctx.signal, (metadata) => {
      const percent = downloadPercent(metadata);
      if (percent !== undefined) ctx.progress({ stage: `${toRow.name} downloads it from ${fromRow.name}`, percent: Math.min(98, percent) });
    });
  } finally {
    if (secretOperation) await source.request('DELETE', operationPath(secretOperation)).catch(() => undefined);
  }
}

/** The percent in the daemon's own `download_progress` ("rootfs: 45% (12.30MB/s)"). */
export function downloadPercent(metadata: Record<string, unknown>): number | undefined {
  const text = metadata.download_progress;
  if (typeof text !== 'string') return undefined;
  const match = /(\d+(?:\.\d+)?)%/.exec(text);
  return match ? Math.floor(Number(match[1])) : undefined;
}

async function relayImage(copy: ImageCopy, ctx: TaskContext): Promise<Pick<ImageCopyResult, 'method' | 'format' | 'bytes'>> {
  const { source, target, toRow, image, request } = copy;
  ctx.progress({ stage: 'streaming the image through Hangar' });
  const { operation, contentType, bytes } = await relay({
    source,
    from: imagePath(image.fingerprint, request.project, '/export'),
    target,
    to: `/1.0/images?project=${encodeURIComponent(request.to.project)}`,
    headers: uploadHeaders(toRow, image),
    signal: ctx.signal,
    onBytes: streamingProgress(ctx, 'streaming the image through Hangar', 98),
  });
  ctx.progress({ stage: 'importing on the target', bytes, percent: 98 });
  await waitOperation(target, operation, ctx.signal);
  return { method: 'relay', format: contentType.startsWith('multipart/') ? 'split' : 'unified', bytes };
}

function imagePath(fingerprint: string, project: string, suffix = ''): string {
  return `/1.0/images/${encodeURIComponent(fingerprint)}${suffix}?project=${encodeURIComponent(project)}`;
}

/** 409 before any byte moves when the target already has the image or one of the aliases. */
async function refuseExisting(target: LxdClient, row: DaemonRow, fingerprint: string, to: { project: string; aliases: string[] }) {
  const project = encodeURIComponent(to.project);
  const existing = await target.request('GET', imagePath(fingerprint, to.project));
  if (existing.status === 200) {
    throw conflict(`${row.name} already has image ${fingerprint.slice(0, 12)} in project ${to.project}`, 'image_exists');
  }
  for (const alias of to.aliases) {
    const found = await target.request('GET', `/1.0/images/aliases/${encodeURIComponent(alias)}?project=${project}`);
    if (found.status === 200) throw conflict(`Alias "${alias}" already exists on ${row.name}`, 'alias_exists');
  }
}

/** Upload headers are X-LXD-* for LXD and X-Incus-* for Incus. */
function uploadHeaders(row: DaemonRow, image: LxdImage): http.OutgoingHttpHeaders {
  const prefix = row.kind === 'incus' ? 'x-incus-' : 'x-lxd-';
  return {
    [`${prefix}public`]: image.public ? '1' : '0',
    [`${prefix}properties`]: new URLSearchParams(image.properties ?? {}).toString(),
    ...(image.filename ? { [`${prefix}filename`]: headerSafe(image.filename) } : {}),
  };
}
