'use client';
/** Files inside one instance through Hangar's files API (operators and admins). */
import { useQuery } from '@tanstack/react-query';
import type { FileListing } from '../files';
import { fileKeys } from '../query-keys';
import { ApiRequestError, apiFetch, apiText } from './client';
import type { InstanceRef } from './instances';

export interface FileOwner {
  uid?: number;
  gid?: number;
  mode?: string;
}

export function filesUrl(ref: InstanceRef, path: string, extra: Record<string, string | number | undefined> = {}): string {
  const query = new URLSearchParams({ path });
  if (ref.project !== 'default') query.set('project', ref.project);
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) query.set(key, String(value));
  return `/api/v1/daemons/${encodeURIComponent(ref.daemonId)}/instances/${encodeURIComponent(ref.name)}/files?${query}`;
}

export const downloadUrl = (ref: InstanceRef, path: string) => filesUrl(ref, path, { content: 1 });

export function useFileListing(ref: InstanceRef, path: string) {
  return useQuery({
    queryKey: fileKeys.listing(ref, path),
    queryFn: () => apiFetch<FileListing>(filesUrl(ref, path)),
    retry: false,
  });
}

export function readText(ref: InstanceRef, path: string): Promise<string> {
  return apiText(downloadUrl(ref, path));
}

export function makeDirectory(ref: InstanceRef, path: string, owner: FileOwner = {}): Promise<unknown> {
  return apiFetch(filesUrl(ref, path, { type: 'directory', ...owner }), { method: 'POST' });
}

export function deletePath(ref: InstanceRef, path: string): Promise<unknown> {
  return apiFetch(filesUrl(ref, path), { method: 'DELETE' });
}

export interface FileUploadProgress {
  loaded: number;
  total: number;
}

/**
 * Uploads a file with progress (XMLHttpRequest: fetch has no upload progress). The server writes
 * it under a temporary name and renames it into place only once every byte arrived.
 */
export function uploadFile(
  ref: InstanceRef,
  path: string,
  body: Blob,
  owner: FileOwner = {},
  onProgress?: (progress: FileUploadProgress) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', filesUrl(ref, path, { ...owner }));
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (event) => onProgress?.({ loaded: event.loaded, total: event.lengthComputable ? event.total : body.size });
    xhr.onerror = () => reject(new ApiRequestError(0, 'network_error', 'The upload was interrupted; nothing was written.'));
    xhr.onabort = () => reject(new ApiRequestError(0, 'aborted', 'The upload was cancelled; nothing was written.'));
    xhr.onload = () => {
      if (xhr.status < 400) return resolve();
      let error: { code?: string; message?: string } | undefined;
      try {
        error = (JSON.parse(xhr.responseText) as { error?: typeof error }).error;
      } catch {
        /* not JSON */
      }
      reject(new ApiRequestError(xhr.status, error?.code ?? 'upload_failed', error?.message ?? `${xhr.status} ${xhr.statusText}`));
    };
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(body);
  });
}

function instanceApi(ref: InstanceRef, what: string): string {
  const query = ref.project !== 'default' ? `?project=${encodeURIComponent(ref.project)}` : '';
  return `/api/v1/daemons/${encodeURIComponent(ref.daemonId)}/instances/${encodeURIComponent(ref.name)}/${what}${query}`;
}

export function setRootPassword(ref: InstanceRef, password: string): Promise<unknown> {
  return apiFetch(instanceApi(ref, 'password'), { method: 'POST', json: { password } });
}

export function addSshKey(ref: InstanceRef, key: string, user = 'root'): Promise<{ added: boolean; path: string; fingerprint: string }> {
  return apiFetch(instanceApi(ref, 'ssh-keys'), { method: 'POST', json: { key, user } });
}
