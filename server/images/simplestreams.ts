import type { ImageServerImage } from '@/lib/api-types';
import { LxdError } from '../lxd/errors';

/**
 * Reading a simplestreams image server (streams/v1/index.json → the products files it names) the
 * way LXD 5.0 and Incus 6.0 do, so the rows Hangar lists carry the fingerprints the daemon will pull.
 */
interface StreamsIndex {
  index?: Record<string, { datatype?: string; path?: string }>;
}

interface StreamsItem {
  ftype?: string;
  path?: string;
  size?: number;
  sha256?: string;
  combined_sha256?: string;
  combined_rootxz_sha256?: string;
  combined_squashfs_sha256?: string;
  'combined_disk-kvm-img_sha256'?: string;
}

export interface StreamsProduct {
  aliases?: string;
  arch?: string;
  os?: string;
  release?: string;
  release_title?: string;
  versions?: Record<string, { items?: Record<string, StreamsItem> }>;
}

/** LXD's metadata tarball is `lxd.tar.xz`, Incus's `incus.tar.xz`; servers such as images.linuxcontainers.org list both. */
const METADATA_TYPES = new Set(['lxd.tar.xz', 'incus.tar.xz']);
/** One tarball holding metadata and rootfs (a "unified" image). */
const COMBINED_TYPES = new Set(['lxd_combined.tar.gz', 'incus_combined.tar.gz']);

/** Debian's architecture names, as simplestreams products use them, to the kernel's, as the daemons report them. */
const ARCHITECTURES: Record<string, string> = { amd64: 'x86_64', arm64: 'aarch64', armhf: 'armv7l', i386: 'i686', ppc64el: 'ppc64le' };

/** The fingerprint the daemon gives an image made of `meta` and `root` (its combined hash for that root type). */
function fingerprintOf(meta: StreamsItem, root: StreamsItem): string | undefined {
  switch (root.ftype) {
    case 'root.tar.xz':
      return meta.combined_rootxz_sha256 || meta.combined_sha256;
    case 'squashfs':
      return meta.combined_squashfs_sha256;
    case 'disk-kvm.img':
      return meta['combined_disk-kvm-img_sha256'];
    default:
      return undefined;
  }
}

/** The newest version of each product, one row per image it offers (container, virtual machine). */
export function simplestreamsProducts(products: Record<string, StreamsProduct>): ImageServerImage[] {
  const out: ImageServerImage[] = [];
  for (const product of Object.values(products)) {
    // The daemons take a version's first 8 characters as its date and skip others.
    const versions = Object.keys(product.versions ?? {})
      .filter((v) => /^\d{8}/.test(v))
      .sort();
    if (!versions.length) continue;
    const items = Object.values(product.versions![versions[versions.length - 1]].items ?? {});
    const arch = product.arch ?? '';
    const base = {
      aliases: (product.aliases ?? '').split(',').map((a) => a.trim()).filter(Boolean),
      os: product.os ?? '',
      release: product.release ?? '',
      architecture: ARCHITECTURES[arch] ?? arch,
      description: [product.os, product.release_title ?? product.release].filter(Boolean).join(' '),
    };
    const seen = new Set<string>();
    const add = (fingerprint: string | undefined, type: ImageServerImage['type'], size: number) => {
      if (!fingerprint || seen.has(fingerprint)) return;
      seen.add(fingerprint);
      out.push({ ...base, fingerprint, type, size });
    };
    for (const item of items) {
      if (COMBINED_TYPES.has(item.ftype ?? '')) add(item.sha256, 'container', item.size ?? 0);
    }
    const meta = items.find((i) => METADATA_TYPES.has(i.ftype ?? ''));
    if (!meta) continue;
    for (const root of items) {
      const fingerprint = fingerprintOf(meta, root);
      if (fingerprint) add(fingerprint, root.ftype === 'disk-kvm.img' ? 'virtual-machine' : 'container', (meta.size ?? 0) + (root.size ?? 0));
    }
  }
  return out;
}

/** Every image-downloads products file the index names, parsed. `fetchText` reads a URL under the server. */
export async function simplestreamsImages(url: string, fetchText: (url: string) => Promise<string>): Promise<ImageServerImage[]> {
  const index = parseJson<StreamsIndex>(await fetchText(`${url}/streams/v1/index.json`), `${url}/streams/v1/index.json`);
  const images: ImageServerImage[] = [];
  for (const entry of Object.values(index.index ?? {})) {
    if (entry.datatype !== 'image-downloads' || !entry.path) continue;
    const productsUrl = `${url}/${entry.path.replace(/^\/+/, '')}`;
    const products = parseJson<{ products?: Record<string, StreamsProduct> }>(await fetchText(productsUrl), productsUrl);
    images.push(...simplestreamsProducts(products.products ?? {}));
  }
  return images;
}

function parseJson<T>(text: string, url: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new LxdError(502, `${url} is not JSON: is it a simplestreams server?`, 'image_server_error');
  }
}
