import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { makeTestImage } from './images';

export interface SimplestreamsServer {
  url: string;
  /** The server's self-signed certificate (PEM): what an image server is registered with. */
  certificate: string;
  alias: string;
  /** What a daemon names the image once pulled: sha256 of metadata tarball then rootfs tarball. */
  fingerprint: string;
  /** Every path asked, with the asker's user agent ("LXD 5.0.2 …", "Incus 6.0.4 …", Hangar's). */
  requests: { path: string; agent: string }[];
  close(): Promise<void>;
}

const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

/**
 * A simplestreams image server on loopback with a self-signed certificate, serving the lab's busybox
 * image split in two (metadata + rootfs) under a fresh alias, so its fingerprint is new to every daemon.
 * The metadata item is listed under both names (`lxd.tar.xz` for LXD, `incus.tar.xz` for Incus), as
 * public servers do. `rootfsBytesPerSecond` sends the rootfs slowly, so a pull lasts long enough to
 * watch its progress. The URL has a path of its own because the daemons cache a server's index for
 * an hour by URL, and a later run may get the same port.
 */
export async function serveSimplestreams(marker: string, options: { rootfsBytesPerSecond?: number } = {}): Promise<SimplestreamsServer> {
  const image = makeTestImage(marker);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-streams-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384', '-nodes', '-days', '1', '-subj', '/CN=hangar-test-streams',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'pipe' });
  const meta = fs.readFileSync(image.metadata);
  const root = fs.readFileSync(image.rootfs);
  const fingerprint = sha256(Buffer.concat([meta, root]));
  const alias = `${marker}/busybox`;
  const product = `${marker}:test:amd64:default`;
  const metaItem = { path: 'images/meta.tar.gz', sha256: sha256(meta), size: meta.length, combined_sha256: fingerprint, combined_rootxz_sha256: fingerprint };
  const files: Record<string, Buffer> = {
    '/images/meta.tar.gz': meta,
    '/images/rootfs.tar.gz': root,
    '/streams/v1/index.json': Buffer.from(JSON.stringify({
      format: 'index:1.0',
      index: { images: { datatype: 'image-downloads', path: 'streams/v1/images.json', format: 'products:1.0', products: [product] } },
    })),
    '/streams/v1/images.json': Buffer.from(JSON.stringify({
      format: 'products:1.0',
      datatype: 'image-downloads',
      content_id: 'images',
      products: {
        [product]: {
          aliases: `${alias},${marker}`,
          arch: 'amd64',
          os: 'busybox',
          release: 'test',
          release_title: 'test',
          versions: {
            [`${new Date().toISOString().slice(0, 10).replaceAll('-', '')}_0000`]: {
              items: {
                'lxd.tar.xz': { ftype: 'lxd.tar.xz', ...metaItem },
                'incus.tar.xz': { ftype: 'incus.tar.xz', ...metaItem },
                'root.tar.xz': { ftype: 'root.tar.xz', path: 'images/rootfs.tar.gz', sha256: sha256(root), size: root.length },
              },
            },
          },
        },
      },
    })),
  };
  const certificate = fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8');
  const requests: SimplestreamsServer['requests'] = [];
  const server = https.createServer({ key: fs.readFileSync(path.join(dir, 'key.pem')), cert: certificate }, (req, res) => {
    const pathname = new URL(req.url ?? '/', 'https://x').pathname.replace(`/${marker}`, '');
    requests.push({ path: pathname, agent: req.headers['user-agent'] ?? '' });
    const body = files[pathname];
    res.writeHead(body ? 200 : 404, { 'content-type': pathname.endsWith('.json') ? 'application/json' : 'application/octet-stream', 'content-length': body?.length ?? 0 });
    const rate = options.rootfsBytesPerSecond;
    if (!body || !rate || pathname !== '/images/rootfs.tar.gz') {
      res.end(body);
      return;
    }
    // A tenth of the rate every 100 ms.
    const step = Math.max(1, Math.floor(rate / 10));
    let sent = 0;
    const timer = setInterval(() => {
      if (res.destroyed) return clearInterval(timer);
      res.write(body.subarray(sent, sent + step));
      sent += step;
      if (sent >= body.length) {
        clearInterval(timer);
        res.end();
      }
    }, 100);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  image.remove();
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    url: `https://127.0.0.1:${(server.address() as AddressInfo).port}/${marker}`,
    certificate,
    alias,
    fingerprint,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
