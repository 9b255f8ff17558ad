import { describe, expect, it } from 'vitest';
import { simplestreamsImages, simplestreamsProducts, type StreamsProduct } from './simplestreams';

/** Shaped like images.linuxcontainers.org's products (trimmed): both metadata names, rootfs, squashfs and a VM disk. */
const products: Record<string, StreamsProduct> = {
  'alpine:3.19:amd64:default': {
    aliases: 'alpine/3.19/default,alpine/3.19',
    arch: 'amd64',
    os: 'Alpine',
    release: '3.19',
    release_title: '3.19',
    versions: {
      '20240101_13:00': { items: { 'lxd.tar.xz': { ftype: 'lxd.tar.xz', path: 'old/lxd.tar.xz', size: 1, combined_squashfs_sha256: 'old' }, squashfs: { ftype: 'squashfs', path: 'old/root', size: 1 } } },
      '20240102_13:00': {
        items: {
          'incus.tar.xz': { ftype: 'incus.tar.xz', path: 'new/incus.tar.xz', size: 100, combined_squashfs_sha256: 'sq', combined_rootxz_sha256: 'rx', 'combined_disk-kvm-img_sha256': 'vm' },
          'lxd.tar.xz': { ftype: 'lxd.tar.xz', path: 'new/lxd.tar.xz', size: 100, combined_squashfs_sha256: 'sq', combined_rootxz_sha256: 'rx', 'combined_disk-kvm-img_sha256': 'vm' },
          'root.tar.xz': { ftype: 'root.tar.xz', path: 'new/rootfs.tar.xz', size: 1000 },
          'rootfs.squashfs': { ftype: 'squashfs', path: 'new/rootfs.squashfs', size: 2000 },
          'disk.qcow2': { ftype: 'disk-kvm.img', path: 'new/disk.qcow2', size: 5000 },
        },
      },
    },
  },
  'busybox:1:arm64:default': {
    aliases: 'bb',
    arch: 'arm64',
    os: 'busybox',
    release: '1',
    versions: { '20261207_0000': { items: { 'lxd_combined.tar.gz': { ftype: 'lxd_combined.tar.gz', path: 'bb.tar.gz', size: 42, sha256: 'unified' } } } },
  },
  'broken:1:amd64:default': { arch: 'amd64', versions: { latest: { items: { 'lxd.tar.xz': { ftype: 'lxd.tar.xz', combined_sha256: 'x' } } } } },
};

describe('simplestreams products', () => {
  it('lists the newest version once per image the daemon would make, with its fingerprint and the kernel architecture name', () => {
    const images = simplestreamsProducts(products);
    expect(images.map((i) => [i.fingerprint, i.type, i.size, i.architecture])).toEqual([
      ['rx', 'container', 1100, 'x86_64'],
      ['sq', 'container', 2100, 'x86_64'],
      ['vm', 'virtual-machine', 5100, 'x86_64'],
      ['unified', 'container', 42, 'aarch64'],
    ]);
    expect(images[0]).toMatchObject({ aliases: ['alpine/3.19/default', 'alpine/3.19'], os: 'Alpine', release: '3.19', description: 'Alpine 3.19' });
  });

  it('uses combined_sha256 for a root.tar.xz when there is no rootxz hash', () => {
    const [image] = simplestreamsProducts({
      p: { arch: 'amd64', versions: { '20260101': { items: { m: { ftype: 'lxd.tar.xz', combined_sha256: 'c' }, r: { ftype: 'root.tar.xz' } } } } },
    });
    expect(image.fingerprint).toBe('c');
  });

  it('reads every image-downloads file the index names, and says so when a server answers something else than JSON', async () => {
    const served: Record<string, string> = {
      'https://s/streams/v1/index.json': JSON.stringify({ index: { images: { datatype: 'image-downloads', path: 'streams/v1/images.json' }, other: { datatype: 'content-download', path: 'x.json' } } }),
      'https://s/streams/v1/images.json': JSON.stringify({ products }),
    };
    const asked: string[] = [];
    const images = await simplestreamsImages('https://s', async (url) => {
      asked.push(url);
      return served[url] ?? '<html>';
    });
    expect(asked).toEqual(['https://s/streams/v1/index.json', 'https://s/streams/v1/images.json']);
    expect(images).toHaveLength(4);
    await expect(simplestreamsImages('https://t', async () => '<html>')).rejects.toThrow('https://t/streams/v1/index.json is not JSON');
  });
});
