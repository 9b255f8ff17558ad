import type http from 'node:http';
import type { ImageCopyRequest, ImageCopyResult } from '@/lib/api-types';
import type { LxdImage } from '@/lib/lxd-types';
import type { DaemonRegistry, DaemonRow } from '../daemons/registry';
import { badRequest, conflict } from '../http/errors';
import type { LxdClient } from '../lxd/client';
import { relay } from '../copy/relay';

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

/**
 * Copies an image from one daemon to another without either daemon reaching the other: the
 * source's export is piped straight into the target's upload, so memory stays flat whatever the
 * image size. A unified image exports as one tarball; a split image exports as multipart/form-data
 * with the parts `metadata` and `rootfs`, which is exactly what an upload accepts, so both are
 * forwarded with the source's Content-Type. Properties and "public" travel as upload headers;
 * aliases are created afterwards (and the copy removed again if that fails).
 */
export async function copyImage(registry: DaemonRegistry, request: CopyPlan): Promise<ImageCopyResult> {
  const [fromRow, toRow] = await Promise.all([registry.row(request.daemon), registry.row(request.to.daemon)]);
  if (fromRow.id === toRow.id && request.project === request.to.project) {
    throw badRequest('the source and the target are the same daemon and project', 'same_daemon');
  }
  const source = registry.client(fromRow);
  const target = registry.client(toRow);
  const image = await source.get<LxdImage>(imagePath(request.fingerprint, request.project));
  await refuseExisting(target, toRow, image.fingerprint, request.to);

  const { operation, format, bytes } = await streamExport(source, target, toRow, image, request);
  const done = await target.waitOperation(operation);
  const fingerprint = String((done.metadata as { fingerprint?: string } | null)?.fingerprint ?? image.fingerprint);
  try {
    for (const name of request.to.aliases) {
      await target.call('POST', `/1.0/images/aliases?project=${encodeURIComponent(request.to.project)}`, {
        body: { name, target: fingerprint, description: image.aliases.find((a) => a.name === name)?.description ?? '' },
      });
    }
  } catch (error) {
    await target.call('DELETE', imagePath(fingerprint, request.to.project)).catch(() => undefined);
    throw error;
  }
  return {
    fingerprint,
    from: { daemon: fromRow.name, project: request.project },
    to: { daemon: toRow.name, project: request.to.project, aliases: request.to.aliases },
    format,
    bytes,
  };
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
    ...(image.filename ? { [`${prefix}filename`]: image.filename } : {}),
  };
}

async function streamExport(
  source: LxdClient,
  target: LxdClient,
  toRow: DaemonRow,
  image: LxdImage,
  request: CopyPlan,
): Promise<{ operation: string; format: 'unified' | 'split'; bytes: number }> {
  const { operation, contentType, bytes } = await relay({
    source,
    from: imagePath(image.fingerprint, request.project, '/export'),
    target,
    to: `/1.0/images?project=${encodeURIComponent(request.to.project)}`,
    headers: uploadHeaders(toRow, image),
  });
  return { operation, format: contentType.startsWith('multipart/') ? 'split' : 'unified', bytes };
}
