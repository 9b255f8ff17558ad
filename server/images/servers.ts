import crypto from 'node:crypto';
import https from 'node:https';
import type { ImageServerImage, ImageServerView } from '@/lib/api-types';
import type { LxdImage } from '@/lib/lxd-types';
import type { Db } from '../db/database';
import type { ImageServersTable } from '../db/schema';
import { ApiError, badRequest, conflict, notFound } from '../http/errors';
import { normaliseFingerprint } from '../lxd/certificates';
import { describeNetworkError, LxdError } from '../lxd/errors';
import type { Services } from '../services';
import { simplestreamsImages } from './simplestreams';

/**
 * Image servers (docs/api.md, "Image servers"): where a daemon pulls an image from when an instance is
 * launched from one. Hangar lists what a server offers; the daemon fetches the image itself.
 */
export const PROTOCOLS = ['lxd', 'simplestreams'] as const;
export type ImageProtocol = (typeof PROTOCOLS)[number];

const FETCH_TIMEOUT_MS = 15_000;
const MAX_INDEX_BYTES = 64 * 1024 * 1024;
/** A server whose certificate no system CA signed: it needs registering with its certificate. */
const UNTRUSTED = new Set(['DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY']);

export function toView(row: ImageServersTable): ImageServerView {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    protocol: row.protocol as ImageProtocol,
    ...(row.certificate ? { certificate: row.certificate } : {}),
    ...(row.daemon_id ? { daemon: row.daemon_id } : {}),
  };
}

function certificateFingerprint(pem: string): string {
  try {
    return normaliseFingerprint(new crypto.X509Certificate(pem).fingerprint256)!;
  } catch {
    throw badRequest('certificate must be a PEM X.509 certificate', 'invalid_certificate');
  }
}

export class ImageServerStore {
  constructor(private readonly s: Services) {}

  private get db(): Db {
    return this.s.db;
  }

  async list(): Promise<ImageServerView[]> {
    const rows = await this.db.selectFrom('image_servers').selectAll().orderBy('name').execute();
    return rows.map(toView);
  }

  async row(id: string): Promise<ImageServersTable> {
    const row = await this.db.selectFrom('image_servers').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound(`no image server ${id}`);
    return row;
  }

  /** `{"name","url","protocol","certificate"?}`, or `{"name"?,"daemon"}` for a registered daemon's public images. */
  async create(body: Record<string, unknown>): Promise<ImageServerView> {
    let url: string;
    let protocol: ImageProtocol;
    let certificate: string | null = null;
    let daemonId: string | null = null;
    let name = body.name;
    if (body.daemon !== undefined) {
      if (typeof body.daemon !== 'string') throw badRequest('daemon must be a daemon id or name', 'invalid_daemon');
      const daemon = await this.s.daemons.row(body.daemon);
      if (!daemon.url.startsWith('https://')) throw badRequest(`${daemon.name} is reached by a unix socket; other daemons cannot pull from it`, 'invalid_daemon');
      url = daemon.url;
      protocol = 'lxd';
      certificate = daemon.server_cert;
      daemonId = daemon.id;
      name ??= daemon.name;
    } else {
      if (typeof body.url !== 'string' || !/^https:\/\/[^/\s]+(\/\S*)?$/.test(body.url)) {
        throw badRequest('url must be an https:// URL', 'invalid_url');
      }
      url = body.url.replace(/\/+$/, '');
      if (!PROTOCOLS.includes(body.protocol as ImageProtocol)) throw badRequest('protocol must be "lxd" or "simplestreams"', 'invalid_protocol');
      protocol = body.protocol as ImageProtocol;
      if (body.certificate !== undefined && body.certificate !== null) {
        if (typeof body.certificate !== 'string') throw badRequest('certificate must be a PEM string', 'invalid_certificate');
        certificateFingerprint(body.certificate);
        certificate = body.certificate.trim() + '\n';
      }
    }
    if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(name)) {
      throw badRequest('name must be 1–63 letters, digits, ".", "_" or "-"', 'invalid_name');
    }
    if (await this.db.selectFrom('image_servers').select('id').where('name', '=', name).executeTakeFirst()) {
      throw conflict(`an image server named ${name} exists`, 'name_taken');
    }
    const row: ImageServersTable = {
      id: crypto.randomUUID(),
      name,
      url,
      protocol,
      certificate,
      daemon_id: daemonId,
      created_at: Date.now(),
    };
    await this.db.insertInto('image_servers').values(row).execute();
    return toView(row);
  }

  async remove(id: string): Promise<ImageServersTable> {
    const row = await this.row(id);
    await this.db.deleteFrom('image_servers').where('id', '=', id).execute();
    return row;
  }

  /** What the server offers, as a daemon pulling from it without credentials would see it. */
  async images(id: string): Promise<ImageServerImage[]> {
    const row = await this.row(id);
    if (row.daemon_id) {
      // Hangar's own client is trusted and sees private images too: keep what a puller may fetch.
      const daemon = await this.s.daemons.row(row.daemon_id);
      const list = await this.s.daemons.client(daemon).get<LxdImage[]>('/1.0/images?recursion=1');
      return list.filter((i) => i.public).map(fromLxdImage);
    }
    if (row.protocol === 'lxd') {
      const reply = JSON.parse(await fetchText(`${row.url}/1.0/images?recursion=1`, row.certificate)) as { metadata?: LxdImage[]; error?: string };
      if (!Array.isArray(reply.metadata)) throw new LxdError(502, reply.error || `${row.url} did not list images`);
      return reply.metadata.map(fromLxdImage);
    }
    return simplestreamsImages(row.url, (url) => fetchText(url, row.certificate));
  }
}

export function fromLxdImage(image: LxdImage): ImageServerImage {
  return {
    fingerprint: image.fingerprint,
    aliases: image.aliases.map((a) => a.name),
    os: image.properties.os ?? '',
    release: image.properties.release ?? '',
    architecture: image.architecture,
    type: image.type === 'virtual-machine' ? 'virtual-machine' : 'container',
    size: image.size,
    description: image.properties.description ?? '',
  };
}

/** GET over https, pinned to `certificate` when one is given (self-signed servers), else the system CAs. */
export function fetchText(url: string, certificate: string | null): Promise<string> {
  const pinned = certificate ? certificateFingerprint(certificate) : null;
  return new Promise((resolve, reject) => {
    const req = https.get(
      url,
      {
        timeout: FETCH_TIMEOUT_MS,
        minVersion: 'TLSv1.2',
        ...(certificate
          ? {
              ca: certificate,
              checkServerIdentity: (_host: string, peer: { fingerprint256?: string }) =>
                normaliseFingerprint(peer.fingerprint256 ?? '') === pinned
                  ? undefined
                  : Object.assign(new Error(`${url} presented another certificate than the one registered`), { code: 'CERT_PINNING_FAILED' }),
            }
          : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_INDEX_BYTES) req.destroy(new LxdError(502, `${url} sent more than ${MAX_INDEX_BYTES} bytes`));
          else chunks.push(c);
        });
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if ((res.statusCode ?? 502) >= 400) {
            let message = `${url} answered ${res.statusCode}`;
            try {
              message = (JSON.parse(text) as { error?: string }).error || message;
            } catch {
              /* not JSON */
            }
            reject(new LxdError(502, message, 'image_server_error'));
          } else resolve(text);
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error instanceof LxdError || error instanceof ApiError) reject(error);
      else if (!certificate && UNTRUSTED.has(error.code ?? '')) {
        reject(new LxdError(502, `${url}: ${error.message}; register the server with its certificate`, 'untrusted_certificate'));
      } else reject(describeNetworkError(error, url));
    });
  });
}
