'use client';
/**
 * Images: the fleet-wide list (Hangar's API), uploads with progress, publishing, aliases,
 * properties, deletion (through the gateway) and copies between daemons (Hangar's API).
 */
import { useQuery } from '@tanstack/react-query';
import type { DaemonKind, FleetImagesResponse, ImageCopyRequest, ImageCopyResult, TaskView } from '../api-types';
import { waitForTask } from './tasks';
import type { LxdImage, LxdOperation, LxdResponse } from '../lxd-types';
import { imageKeys } from '../query-keys';
import { ApiRequestError, apiFetch, replyError, safeParse } from './client';
import { fetchTagged, ifMatch, runLxd, type Tagged } from './daemon';
import { gatewayUrl, lxdGet, lxdPath, operationProgress, waitForOperation, type WaitOptions } from './daemon';

export function fetchFleetImages(): Promise<FleetImagesResponse> {
  return apiFetch<FleetImagesResponse>('/api/v1/images');
}

export function useFleetImages() {
  return useQuery({ queryKey: imageKeys.fleet(), queryFn: fetchFleetImages, refetchInterval: 15_000 });
}

export interface ImageRef {
  daemonId: string;
  project: string;
  fingerprint: string;
}

const imagePath = (ref: ImageRef) => lxdPath(['images', ref.fingerprint], { project: ref.project });

/** `X-LXD-*` headers for LXD, `X-Incus-*` for Incus. */
export function uploadHeader(kind: DaemonKind, name: string): string {
  return `${kind === 'incus' ? 'X-Incus' : 'X-LXD'}-${name}`;
}

export interface UploadProgress {
  /** Bytes sent to Hangar so far, and in all. */
  loaded: number;
  total: number;
  /** After the bytes are sent: what the daemon reports while it unpacks. */
  stage: 'uploading' | 'processing';
  daemonProgress?: string | null;
}

/**
 * Sends a file body to the daemon through the gateway with XMLHttpRequest (fetch has no upload
 * progress), then waits for the operation the daemon starts. Rejects with the daemon's message.
 */
export function uploadToDaemon(
  daemonId: string,
  path: string,
  body: Blob | FormData,
  headers: Record<string, string>,
  onProgress: (progress: UploadProgress) => void,
  wait: WaitOptions = {},
): Promise<LxdOperation> {
  return new Promise<LxdResponse<unknown>>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', gatewayUrl(daemonId, path));
    xhr.withCredentials = true;
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) =>
      onProgress({ loaded: event.loaded, total: event.lengthComputable ? event.total : 0, stage: 'uploading' });
    xhr.upload.onload = () => onProgress({ loaded: 1, total: 1, stage: 'processing' });
    xhr.onerror = () => reject(new ApiRequestError(0, 'network_error', 'The upload was interrupted (network error).'));
    xhr.onabort = () => reject(new ApiRequestError(0, 'aborted', 'The upload was cancelled.'));
    xhr.onload = () => {
      const reply = safeParse(xhr.responseText) as LxdResponse<unknown> | string;
      if (xhr.status >= 400 || typeof reply !== 'object' || reply === null) reject(replyError(xhr.status, xhr.statusText, reply));
      else resolve(reply);
    };
    xhr.send(body);
  }).then((reply) => {
    if (reply.type === 'async' && reply.operation) {
      return waitForOperation(daemonId, reply.operation, {
        ...wait,
        onProgress: (op) => {
          wait.onProgress?.(op);
          onProgress({ loaded: 1, total: 1, stage: 'processing', daemonProgress: operationProgress(op) });
        },
      });
    }
    return reply.metadata as LxdOperation;
  });
}

export type ImageFiles = { unified: File } | { metadata: File; rootfs: File };

export interface UploadOptions {
  public: boolean;
  properties: Record<string, string>;
  aliases: string[];
}

/**
 * Imports an image: a unified tarball as the raw body, a split image as multipart/form-data with
 * the parts `metadata` and `rootfs`. Aliases are checked first (409) and created afterwards.
 */
export async function uploadImage(
  daemon: { id: string; kind: DaemonKind },
  project: string,
  files: ImageFiles,
  options: UploadOptions,
  onProgress: (progress: UploadProgress) => void,
): Promise<string> {
  await assertAliasesFree(daemon.id, project, options.aliases);
  const headers: Record<string, string> = {
    [uploadHeader(daemon.kind, 'public')]: options.public ? '1' : '0',
  };
  const properties = new URLSearchParams(options.properties).toString();
  if (properties) headers[uploadHeader(daemon.kind, 'properties')] = properties;
  let body: Blob | FormData;
  if ('unified' in files) {
    body = files.unified;
    headers['Content-Type'] = 'application/octet-stream';
    headers[uploadHeader(daemon.kind, 'filename')] = files.unified.name;
  } else {
    body = new FormData();
    body.append('metadata', files.metadata, files.metadata.name);
    body.append('rootfs', files.rootfs, files.rootfs.name);
  }
  const operation = await uploadToDaemon(daemon.id, lxdPath(['images'], { project }), body, headers, onProgress);
  const fingerprint = String((operation.metadata as { fingerprint?: string } | null)?.fingerprint ?? '');
  for (const alias of options.aliases) await addAlias({ daemonId: daemon.id, project, fingerprint }, alias);
  return fingerprint;
}

/** 409 (with the daemon's wording) before anything is created when an alias is taken. */
export async function assertAliasesFree(daemonId: string, project: string, aliases: string[]): Promise<void> {
  for (const alias of aliases) {
    try {
      await lxdGet(daemonId, lxdPath(['images', 'aliases', alias], { project }));
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 404) continue;
      throw error;
    }
    throw new ApiRequestError(409, 'alias_exists', `Alias "${alias}" already exists`);
  }
}

export interface PublishInput {
  daemonId: string;
  project: string;
  /** An instance name, or `instance/snapshot` for a snapshot. */
  source: { type: 'instance' | 'snapshot'; name: string };
  aliases: string[];
  properties: Record<string, string>;
  public: boolean;
}

/** Publishes a stopped instance or a snapshot as an image; resolves with its fingerprint. */
export async function publishImage(input: PublishInput, options?: WaitOptions): Promise<string> {
  await assertAliasesFree(input.daemonId, input.project, input.aliases);
  const reply = await apiFetch<LxdResponse<unknown>>(gatewayUrl(input.daemonId, lxdPath(['images'], { project: input.project })), {
    method: 'POST',
    json: {
      source: input.source,
      aliases: input.aliases.map((name) => ({ name })),
      properties: input.properties,
      public: input.public,
    },
  });
  const operation = reply.operation ? await waitForOperation(input.daemonId, reply.operation, options) : null;
  return String((operation?.metadata as { fingerprint?: string } | null)?.fingerprint ?? '');
}

/** The daemon refuses to publish a running instance; say what to do about it. */
export function publishHint(message: string): string | null {
  return /running/i.test(message) ? 'Stop the instance first, or publish one of its snapshots instead.' : null;
}

export async function addAlias(ref: ImageRef, name: string, description = ''): Promise<void> {
  await runLxd(ref.daemonId, 'POST', lxdPath(['images', 'aliases'], { project: ref.project }), {
    name,
    target: ref.fingerprint,
    description,
  });
}

export async function removeAlias(daemonId: string, project: string, name: string): Promise<void> {
  await runLxd(daemonId, 'DELETE', lxdPath(['images', 'aliases', name], { project }));
}

export function fetchImage(ref: ImageRef): Promise<Tagged<LxdImage & { expires_at?: string; profiles?: string[] }>> {
  return fetchTagged(ref.daemonId, imagePath(ref));
}

/**
 * Replaces the image's editable fields. Everything PUT does not name would be reset, so the
 * current image (with its ETag) is the base and only properties, public and auto-update change.
 */
export async function updateImage(
  ref: ImageRef,
  change: { properties: Record<string, string>; public: boolean; auto_update: boolean },
): Promise<void> {
  const { data, etag } = await fetchImage(ref);
  const put: Record<string, unknown> = { ...change, expires_at: data.expires_at };
  if (data.profiles) put.profiles = data.profiles;
  await runLxd(ref.daemonId, 'PUT', imagePath(ref), put, ifMatch(etag));
}

export async function deleteImage(ref: ImageRef): Promise<void> {
  await runLxd(ref.daemonId, 'DELETE', imagePath(ref));
}

/** Starts the copy as a task and waits for it: the task's result, or its error thrown. */
export async function copyImage(request: ImageCopyRequest): Promise<ImageCopyResult> {
  const { task } = await apiFetch<{ task: TaskView }>('/api/v1/images/copy', { method: 'POST', json: request });
  const ended = await waitForTask(task.id);
  return ended.result as unknown as ImageCopyResult;
}

/** "ubuntu 24.04", "busybox 1.35.0" or "—". */
export function imageOs(properties: Record<string, string>): string {
  return [properties.os, properties.release].filter(Boolean).join(' ') || '—';
}
