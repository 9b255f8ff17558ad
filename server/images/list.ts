import type { FleetImage, FleetImagesResponse } from '@/lib/api-types';
import type { LxdImage } from '@/lib/lxd-types';
import { fanOut } from '../daemons/fan-out';
import type { DaemonRegistry, DaemonRow } from '../daemons/registry';

const TIMEOUT_MS = 8000;

/** Every image of every daemon (one project, or all that the daemon lists), asked in parallel. */
export async function listImages(
  registry: DaemonRegistry,
  filter: { daemon?: string; project?: string },
): Promise<FleetImagesResponse> {
  const { items, errors } = await fanOut(registry, filter.daemon, (row) => daemonImages(registry, row, filter.project));
  return { images: items, errors };
}

async function daemonImages(registry: DaemonRegistry, row: DaemonRow, project?: string): Promise<FleetImage[]> {
  const scope = project ? `project=${encodeURIComponent(project)}` : 'all-projects=true';
  const images = await registry.client(row).get<(LxdImage & { project?: string })[]>(`/1.0/images?recursion=1&${scope}`, TIMEOUT_MS);
  return images.map((image) => ({
    daemon: { id: row.id, name: row.name },
    project: image.project ?? project ?? 'default',
    fingerprint: image.fingerprint,
    aliases: image.aliases ?? [],
    architecture: image.architecture,
    properties: image.properties ?? {},
    public: image.public,
    size: image.size,
    type: image.type,
    created_at: image.created_at,
    uploaded_at: image.uploaded_at,
    auto_update: image.auto_update,
    filename: image.filename,
  }));
}
