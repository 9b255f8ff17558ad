import { afterEach, describe, expect, it, vi } from 'vitest';
import { INCUS_WAIT_FAILED, INCUS_WAIT_TIMED_OUT, LXD_WAIT_RUNNING, WAIT_FAILURE, WAIT_SUCCESS } from '../lxd-replies.fixture';
import { ApiRequestError } from './client';
import { runLxd } from './daemon';

/** The gateway as the browser sees it: each request gets the next recorded daemon reply. */
function gatewayReplying(replies: { status: number; body: unknown }[]) {
  const seen: string[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    seen.push(`${init.method ?? 'GET'} ${url}`);
    const reply = replies.shift() ?? { status: 500, body: { type: 'error', error: 'no more replies' } };
    return new Response(JSON.stringify(reply.body), { status: reply.status, statusText: reply.status === 200 ? 'OK' : 'Error' });
  });
  return seen;
}

const ASYNC = {
  type: 'async',
  status: 'Operation created',
  status_code: 100,
  operation: '/1.0/operations/op1?project=web',
  error_code: 0,
  error: '',
  metadata: { id: 'op1' },
};

describe('runLxd (the browser daemon client)', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("waits through Incus's timed-out wait and LXD's running answer, then resolves with the operation's metadata", async () => {
    const seen = gatewayReplying([
      { status: 202, body: ASYNC },
      { status: 200, body: INCUS_WAIT_TIMED_OUT },
      { status: 200, body: LXD_WAIT_RUNNING },
      { status: 200, body: WAIT_SUCCESS },
    ]);
    const progress: number[] = [];
    const result = await runLxd('d1', 'POST', '/1.0/instances/c1/exec?project=web', {}, { onProgress: (op) => progress.push(op.status_code) });
    expect(result).toEqual({ return: 0 });
    expect(progress).toEqual([103]);
    expect(seen).toEqual([
      'POST /api/v1/daemons/d1/lxd/1.0/instances/c1/exec?project=web',
      'GET /api/v1/daemons/d1/lxd/1.0/operations/op1/wait?timeout=2',
      'GET /api/v1/daemons/d1/lxd/1.0/operations/op1/wait?timeout=2',
      'GET /api/v1/daemons/d1/lxd/1.0/operations/op1/wait?timeout=2',
    ]);
  });

  it("fails with the daemon's own words when the operation fails", async () => {
    gatewayReplying([
      { status: 202, body: ASYNC },
      { status: 200, body: WAIT_FAILURE },
    ]);
    const error = await runLxd('d1', 'POST', '/1.0/instances', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiRequestError);
    expect((error as ApiRequestError).message).toBe('Image not provided for instance creation');
  });

  it("fails with Incus's words when its wait answers the failure as an error, after a timed-out wait", async () => {
    gatewayReplying([
      { status: 202, body: ASYNC },
      { status: 200, body: INCUS_WAIT_TIMED_OUT },
      { status: 200, body: INCUS_WAIT_FAILED },
    ]);
    await expect(runLxd('d1', 'POST', '/1.0/images', {})).rejects.toMatchObject({
      status: 500,
      message: 'Cannot export a running instance as an image',
    });
  });

  it("passes on the daemon's refusal of the request itself", async () => {
    gatewayReplying([{ status: 404, body: { type: 'error', error_code: 404, error: 'Instance not found', metadata: null } }]);
    await expect(runLxd('d1', 'DELETE', '/1.0/instances/nope')).rejects.toMatchObject({ status: 404, code: 'daemon_error', message: 'Instance not found' });
  });

  it('sends If-Match and resolves with a sync reply as it is', async () => {
    let sent: Headers | undefined;
    vi.stubGlobal('fetch', async (_url: string, init: RequestInit) => {
      sent = new Headers(init.headers);
      return new Response(JSON.stringify({ type: 'sync', status: 'Success', status_code: 200, metadata: { ok: 1 } }), { status: 200 });
    });
    await expect(runLxd('d1', 'PUT', '/1.0/profiles/p', {}, { headers: { 'if-match': '"e1"' } })).resolves.toEqual({ ok: 1 });
    expect(sent?.get('if-match')).toBe('"e1"');
  });
});
