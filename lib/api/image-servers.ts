'use client';
/** Image servers (docs/api.md, "Image servers"): the registered list, what one offers, adding and removing. */
import { useQuery } from '@tanstack/react-query';
import type { ImageServerImage, ImageServerView } from '../api-types';
import { imageServerKeys } from '../query-keys';
import { apiFetch } from './client';

export function useImageServers() {
  return useQuery({ queryKey: imageServerKeys.list(), queryFn: () => apiFetch<ImageServerView[]>('/api/v1/image-servers'), staleTime: 30_000 });
}

export function useImageServerImages(id: string | undefined) {
  return useQuery({
    queryKey: imageServerKeys.images(id ?? ''),
    queryFn: () => apiFetch<ImageServerImage[]>(`/api/v1/image-servers/${encodeURIComponent(id!)}/images`),
    enabled: Boolean(id),
    staleTime: 60_000,
  });
}

export type ImageServerInput =
  | { name: string; url: string; protocol: 'lxd' | 'simplestreams'; certificate?: string }
  | { name?: string; daemon: string };

export function createImageServer(input: ImageServerInput): Promise<ImageServerView> {
  return apiFetch<ImageServerView>('/api/v1/image-servers', { method: 'POST', json: input });
}

export function deleteImageServer(id: string): Promise<void> {
  return apiFetch(`/api/v1/image-servers/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
