import crypto from 'node:crypto';
import zlib from 'node:zlib';
import type { FleetInstance, FleetResponse } from '@/lib/api-types';
import type { EventHub } from '../events/hub';
import { acceptsGzip } from '../http/encoding';
import { badRequest } from '../http/errors';

/** The row fields `?fields=` may keep. */
const FIELDS = new Set<keyof FleetInstance>([
  'daemon', 'project', 'name', 'type', 'status', 'location', 'image', 'profiles', 'ipv4', 'ipv6', 'createdAt', 'limits', 'usage',
]);
const CACHE_SIZE = 32;

interface Encoded {
  etag: string;
  body: Buffer;
  /** The body gzipped, made for the first client that accepts it. */
  gzipped?: Buffer;
}

/**
 * Serialised (and compressed) answers by model version and query, so that many people watching
 * the same fleet cost one serialisation and one compression per change, not one per request.
 */
const cache = new Map<string, Encoded>();

/** `?fields=name,status,…`: which row fields to send; undefined for all of them. */
export function parseFields(raw: string | null): (keyof FleetInstance)[] | undefined {
  if (raw === null || raw.trim() === '') return undefined;
  const fields = raw.split(',').map((f) => f.trim()).filter(Boolean);
  const unknown = fields.filter((f) => !FIELDS.has(f as keyof FleetInstance));
  if (unknown.length > 0) {
    throw badRequest(`fields: unknown field ${unknown.map((f) => `"${f}"`).join(', ')}; known: ${[...FIELDS].join(', ')}`, 'invalid_fields');
  }
  return fields as (keyof FleetInstance)[];
}

function thin(rows: FleetInstance[], fields: (keyof FleetInstance)[] | undefined): unknown[] {
  if (!fields) return rows;
  return rows.map((row) => Object.fromEntries(fields.map((f) => [f, row[f]])));
}

/**
 * A fleet list from the live model as an HTTP answer: `?fields=` thins the rows, the ETag is the
 * body's hash (`If-None-Match` → 304 without a body); gzipped for clients that accept it.
 * `list` reads the model synchronously (after `hub.ready()`), so the answer belongs to the
 * version it is cached under; `cacheScope` tells apart lists the URL does not (share links).
 */
export async function fleetResponse(req: Request, hub: EventHub, list: () => FleetResponse, cacheScope = ''): Promise<Response> {
  const url = new URL(req.url);
  const fields = parseFields(url.searchParams.get('fields'));
  const key = `${hub.version}|${cacheScope}|${url.search}`;
  let encoded = cache.get(key);
  if (!encoded) {
    const shaped = list();
    const body = Buffer.from(JSON.stringify({ ...shaped, instances: thin(shaped.instances, fields) }));
    encoded = { etag: `"${crypto.createHash('sha1').update(body).digest('base64url')}"`, body };
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(key, encoded);
  }
  const headers: Record<string, string> = {
    etag: encoded.etag,
    'cache-control': 'private, no-cache',
    vary: 'accept-encoding, authorization, cookie',
  };
  if (matches(req.headers.get('if-none-match'), encoded.etag)) return new Response(null, { status: 304, headers });
  headers['content-type'] = 'application/json';
  if (!acceptsGzip(req)) return new Response(new Uint8Array(encoded.body), { headers });
  encoded.gzipped ??= zlib.gzipSync(encoded.body);
  headers['content-encoding'] = 'gzip';
  return new Response(new Uint8Array(encoded.gzipped), { headers });
}

function matches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === etag || tag === '*';
  });
}
