import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiRouter } from './api-router';
import { loadApiRoutes, type RouteFile } from './api-routes';

const handler = (name: string) => async (req: Request, ctx: { params: Promise<unknown> }) =>
  Response.json({ name, method: req.method, params: await ctx.params, body: req.method === 'POST' ? await req.text() : undefined });

const files: RouteFile[] = [
  { pattern: '/api/v1/daemons/[id]', module: { GET: handler('daemon'), DELETE: handler('daemon') } },
  { pattern: '/api/v1/daemons/probe', module: { POST: handler('probe') } },
  { pattern: '/api/v1/daemons', module: { GET: handler('daemons') } },
  { pattern: '/api/v1/files/[...path]', module: { GET: handler('files') } },
  { pattern: '/api/v1/big', module: { GET: () => Response.json({ rows: 'x'.repeat(5000) }) } },
  {
    pattern: '/api/v1/stream',
    module: { GET: () => new Response(new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode('data: 1\n\n')), c.close()) }), { headers: { 'content-type': 'text/event-stream' } }) },
  },
  { pattern: '/api/v1/cookie', module: { POST: () => new Response(null, { status: 204, headers: [['set-cookie', 'a=1'], ['set-cookie', 'b=2']] }) } },
];

describe('ApiRouter', () => {
  const router = new ApiRouter(files);
  let server: http.Server;
  let base = '';
  beforeAll(async () => {
    server = http.createServer((req, res) => void router.handle(req, res));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('prefers a static segment to a [param], and decodes params', () => {
    expect(router.match('/api/v1/daemons/probe')?.route.pattern).toBe('/api/v1/daemons/probe');
    expect(router.match('/api/v1/daemons/my%20daemon')?.params).toEqual({ id: 'my daemon' });
    expect(router.match('/api/v1/files/a/b%2Fc')?.params).toEqual({ path: ['a', 'b/c'] });
    expect(router.match('/api/v1/files')).toBeUndefined();
    expect(router.match('/api/v1/daemons/x/y')).toBeUndefined();
    expect(router.match('/api/v1/daemons//')).toBeUndefined();
  });

  it('answers like Next: the handler for the method, 405 and OPTIONS with allow, HEAD from GET, 404 in the envelope', async () => {
    const got = await fetch(`${base}/api/v1/daemons/d1`);
    expect(got.status).toBe(200);
    expect(await got.json()).toEqual({ name: 'daemon', method: 'GET', params: { id: 'd1' } });
    expect(got.headers.get('x-frame-options')).toBe('DENY');
    const posted = await fetch(`${base}/api/v1/daemons/probe`, { method: 'POST', body: '{"a":1}' });
    expect((await posted.json()).body).toBe('{"a":1}');
    const refused = await fetch(`${base}/api/v1/daemons/d1`, { method: 'PUT' });
    expect(refused.status).toBe(405);
    expect(refused.headers.get('allow')).toBe('GET, DELETE, HEAD, OPTIONS');
    expect((await refused.json()).error.code).toBe('method_not_allowed');
    const options = await fetch(`${base}/api/v1/daemons/d1`, { method: 'OPTIONS' });
    expect([options.status, options.headers.get('allow')]).toEqual([204, 'GET, DELETE, HEAD, OPTIONS']);
    const head = await fetch(`${base}/api/v1/daemons`, { method: 'HEAD' });
    expect([head.status, await head.text()]).toEqual([200, '']);
    const missing = await fetch(`${base}/api/v1/nothing`);
    expect([missing.status, (await missing.json()).error.code]).toEqual([404, 'not_found']);
    const slash = await fetch(`${base}/api/v1/daemons/?x=1`, { redirect: 'manual' });
    expect([slash.status, slash.headers.get('location')]).toEqual([308, '/api/v1/daemons?x=1']);
  });

  it('gzips JSON of 1 KiB and more for clients that take it, streams the rest, keeps every cookie', async () => {
    const raw = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
      http.get(`${base}/api/v1/big`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
    expect(raw.encoding).toBe('gzip');
    expect(JSON.parse(zlib.gunzipSync(raw.body).toString()).rows).toHaveLength(5000);
    const small = await fetch(`${base}/api/v1/daemons`, { headers: { 'accept-encoding': 'gzip' } });
    expect(small.headers.get('content-encoding')).toBeNull();
    const stream = await fetch(`${base}/api/v1/stream`);
    expect([stream.headers.get('content-type'), await stream.text()]).toEqual(['text/event-stream', 'data: 1\n\n']);
    const cookies = await fetch(`${base}/api/v1/cookie`, { method: 'POST' });
    expect(cookies.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
  });

  it('finds every route module of app/api/v1 and each exports handlers', async () => {
    const routes = await loadApiRoutes();
    expect(routes.length).toBeGreaterThan(40);
    expect(routes.map((r) => r.pattern)).toContain('/api/v1/daemons/[id]/instances/[name]/files');
    for (const r of routes) expect(Object.keys(r.module).some((k) => /^(GET|POST|PUT|PATCH|DELETE)$/.test(k)), r.pattern).toBe(true);
  }, 60_000);
});
