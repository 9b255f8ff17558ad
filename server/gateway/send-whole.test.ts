import http from 'node:http';
import type net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sendWhole, WHOLE_REPLY_LIMIT, WHOLE_REPLY_WAIT_MS } from './send-whole';

/** A daemon stand-in (chunked like LXD) behind a relay that uses sendWhole, both on loopback. */
type Upstream = (res: http.ServerResponse) => void;
const servers: http.Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((r) => server.close(r));
});

async function listen(handler: http.RequestListener): Promise<number> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as net.AddressInfo).port;
}

/** Writes the relay made to its client's socket, counted for every reply it sent. */
const socketWrites: number[] = [];

async function relay(upstream: Upstream): Promise<number> {
  const daemon = await listen((_req, res) => upstream(res));
  return listen((_req, res) => {
    const socket = res.socket as net.Socket & { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void };
    const index = socketWrites.push(0) - 1;
    for (const name of ['_write', '_writev'] as const) {
      const original = socket[name].bind(socket);
      socket[name] = (...args: unknown[]) => {
        socketWrites[index]++;
        original(...args);
      };
    }
    http.get({ port: daemon, host: '127.0.0.1', agent: false }, (up) => {
      const headers: http.OutgoingHttpHeaders = {};
      for (const name of ['content-type', 'content-length', 'etag']) if (up.headers[name] !== undefined) headers[name] = up.headers[name];
      sendWhole(up, res, up.statusCode ?? 502, headers);
    });
  });
}

/** The reply as the client sees it, and when each of its chunks arrived (ms after the request). */
function get(port: number): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; arrivals: number[] }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    http
      .get({ port, host: '127.0.0.1', agent: false }, (res) => {
        const chunks: Buffer[] = [];
        const arrivals: number[] = [];
        res.on('data', (c: Buffer) => {
          chunks.push(c);
          arrivals.push(Date.now() - started);
        });
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString(), arrivals }));
      })
      .on('error', reject);
  });
}

describe('sendWhole', () => {
  it('sends a chunked reply that has arrived whole with its length, not chunked', async () => {
    const port = await relay((res) => {
      res.writeHead(200, { 'content-type': 'application/json', etag: '"e"' });
      res.write('{"type":"sync",');
      res.end('"metadata":[]}');
    });
    const reply = await get(port);
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('{"type":"sync","metadata":[]}');
    expect(reply.headers['content-length']).toBe(String(reply.body.length));
    expect(reply.headers['transfer-encoding']).toBeUndefined();
    expect(reply.headers.etag).toBe('"e"');
  });

  it('sends the head and every chunk of a whole reply in one write to the socket', async () => {
    const port = await relay((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"type":"sync",');
      // A millisecond apart: each part reaches the relay in a read of its own.
      setTimeout(() => res.write('"metadata":'), 1);
      setTimeout(() => res.end('[]}'), 2);
    });
    const before = socketWrites.length;
    const reply = await get(port);
    expect(reply.body).toBe('{"type":"sync","metadata":[]}');
    expect(socketWrites.slice(before)).toEqual([1]);
  });

  it('a reply whose last chunk comes a few milliseconds after its first is still sent whole', async () => {
    const port = await relay((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"type":"sync",');
      setTimeout(() => res.end('"metadata":[]}'), 5);
    });
    const reply = await get(port);
    expect(reply.body).toBe('{"type":"sync","metadata":[]}');
    expect(reply.headers['content-length']).toBe(String(reply.body.length));
  });

  it('an empty reply is sent with length 0', async () => {
    const port = await relay((res) => res.end());
    const reply = await get(port);
    expect(reply).toMatchObject({ status: 200, body: '' });
    expect(reply.headers['content-length']).toBe('0');
  });

  it('streams a reply still coming: its first bytes reach the client before the daemon sends the rest', async () => {
    const port = await relay((res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.write('first');
      setTimeout(() => res.end('second'), 400);
    });
    const reply = await get(port);
    expect(reply.body).toBe('firstsecond');
    expect(reply.headers['transfer-encoding']).toBe('chunked');
    expect(reply.arrivals[0]).toBeLessThan(400 - WHOLE_REPLY_WAIT_MS);
  });

  it('streams a reply larger than the limit, keeping the length the daemon gave', async () => {
    const big = Buffer.alloc(WHOLE_REPLY_LIMIT + 1024, 'x');
    const port = await relay((res) => {
      res.writeHead(200, { 'content-length': big.length });
      res.end(big);
    });
    const reply = await get(port);
    expect(reply.body.length).toBe(big.length);
    expect(reply.headers['content-length']).toBe(String(big.length));
    const chunked = await get(
      await relay((res) => {
        res.write(big);
        res.end();
      }),
    );
    expect(chunked.body.length).toBe(big.length);
    expect(chunked.headers['transfer-encoding']).toBe('chunked');
  });

  it('leaves a 304 without a body or a length of its own', async () => {
    const port = await relay((res) => {
      res.writeHead(304, { etag: '"e"' });
      res.end();
    });
    const reply = await get(port);
    expect(reply.status).toBe(304);
    expect(reply.headers['content-length']).toBeUndefined();
  });
});
