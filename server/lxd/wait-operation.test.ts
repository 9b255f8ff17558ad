import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { INCUS_WAIT_TIMED_OUT, LXD_WAIT_RUNNING, WAIT_FAILURE, WAIT_SUCCESS } from '@/lib/lxd-replies.fixture';
import { LxdClient } from './client';

/** A daemon on a unix socket that answers each /wait with the next recorded reply. */
async function daemonReplying(replies: { status: number; body: unknown }[], delayMs = 0) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-wait-'));
  const socket = path.join(dir, 'unix.socket');
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.url ?? '');
    const reply = replies.shift() ?? { status: 500, body: { type: 'error', error_code: 500, error: 'no more replies' } };
    setTimeout(() => res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body)), delayMs);
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return {
    client: new LxdClient({ url: `unix://${socket}` }),
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())).then(() => fs.rmSync(dir, { recursive: true })),
  };
}

describe('LxdClient.waitOperation', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  it("waits again after Incus's \"deadline exceeded\", and after LXD's still-running answer", async () => {
    const d = await daemonReplying([
      { status: 200, body: INCUS_WAIT_TIMED_OUT },
      { status: 200, body: LXD_WAIT_RUNNING },
      { status: 200, body: WAIT_SUCCESS },
    ]);
    cleanups.push(d.close);
    const op = await d.client.waitOperation('/1.0/operations/op1?project=web', 60);
    expect(op.status).toBe('Success');
    // /wait goes before the project query, which the wait itself does not take.
    expect(d.seen).toEqual(['/1.0/operations/op1/wait?timeout=30', '/1.0/operations/op1/wait?timeout=30', '/1.0/operations/op1/wait?timeout=30']);
  });

  it("reports a failed operation with the daemon's own error", async () => {
    const d = await daemonReplying([{ status: 200, body: WAIT_FAILURE }]);
    cleanups.push(d.close);
    await expect(d.client.waitOperation('op1')).rejects.toThrow('Image not provided for instance creation');
  });

  it('gives up at its own deadline, passing on what the daemon said last', async () => {
    const d = await daemonReplying([{ status: 200, body: INCUS_WAIT_TIMED_OUT }], 50); // after the 10 ms deadline
    cleanups.push(d.close);
    await expect(d.client.waitOperation('op1', 0.01)).rejects.toThrow('context deadline exceeded');
    expect(d.seen).toHaveLength(1);
  });
});
