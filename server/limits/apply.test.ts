import { describe, expect, it } from 'vitest';
import type { LxdInstance } from '@/lib/lxd-types';
import type { DaemonRow } from '../daemons/registry';
import type { LxdClient } from '../lxd/client';
import { LxdError } from '../lxd/errors';
import { applyLimits } from './apply';
import { newLimitCaches } from './caches';
import type { LimitTarget } from './target';

/**
 * A daemon in memory that keeps one stopped instance and enforces If-Match as LXD does: the
 * only way to check the retry logic deterministically. The real daemons are used by the
 * integration tests.
 */
class FakeDaemon {
  etag = 1;
  puts = 0;
  /** The config of every accepted write, in order. */
  written: Record<string, string>[] = [];
  /** Makes a write fail as the daemon would (e.g. a cgroup the kernel refuses). */
  refuse: ((config: Record<string, string>) => string | null) | undefined;
  /** Runs just before a PUT is judged: someone else changing the instance in between. */
  beforePut: (() => void) | undefined;
  instance: LxdInstance = {
    name: 'c1',
    description: 'desc',
    type: 'container',
    status: 'Stopped',
    status_code: 102,
    project: 'default',
    location: 'none',
    architecture: 'x86_64',
    created_at: '',
    last_used_at: '',
    ephemeral: false,
    stateful: false,
    profiles: [],
    config: { 'limits.memory': '128MB' },
    devices: {},
    expanded_config: { 'limits.memory': '128MB' },
    expanded_devices: {},
  };

  change(key: string, value: string) {
    this.instance.config[key] = value;
    this.instance.expanded_config = { ...this.instance.config };
    this.etag++;
  }

  client(): LxdClient {
    const clone = () => structuredClone(this.instance);
    const client = {
      call: async (method: string) => {
        if (method !== 'GET') throw new Error(`unexpected ${method}`);
        return { status: 200, headers: { etag: `"${this.etag}"` }, body: { metadata: clone() } };
      },
      get: async (path: string) => {
        if (path.startsWith('/1.0/resources')) return { cpu: { total: 2, sockets: [{ cores: [{ threads: [{ id: 0 }, { id: 1 }] }] }] } };
        throw new Error(`unexpected GET ${path}`);
      },
      run: async (method: string, _path: string, body: Partial<LxdInstance>, headers: Record<string, string>) => {
        this.beforePut?.();
        if (headers['if-match'] !== `"${this.etag}"`) throw new LxdError(412, `ETag doesn't match: ${this.etag} vs ${headers['if-match']}`);
        const refusal = this.refuse?.(body.config ?? {});
        if (refusal) throw new LxdError(400, refusal);
        this.puts++;
        this.written.push({ ...body.config });
        this.instance = { ...this.instance, ...body, expanded_config: { ...body.config } };
        this.etag++;
        return {};
      },
    };
    return client as unknown as LxdClient;
  }
}

function target(daemon: FakeDaemon, kind = 'lxd'): LimitTarget {
  const row = { id: `fake-${Math.random()}`, name: 'fake', kind, clustered: 0 } as DaemonRow;
  return { row, client: daemon.client(), project: 'default', name: 'c1', caches: newLimitCaches() };
}

describe('applyLimits', () => {
  it('writes once with If-Match and answers what the daemon holds', async () => {
    const daemon = new FakeDaemon();
    const result = await applyLimits(target(daemon), { memory: '256MB', processes: '50' });
    expect(daemon.puts).toBe(1);
    expect(result.limits).toEqual({ memory: '256MB', processes: '50' });
    expect(result.changes).toEqual({ memory: { before: '128MB', after: '256MB' }, processes: { before: null, after: '50' } });
    expect(daemon.instance.description).toBe('desc');
  });

  it('re-reads and retries once when someone else changed the instance, keeping their change', async () => {
    const daemon = new FakeDaemon();
    let interfered = false;
    daemon.beforePut = () => {
      if (!interfered) daemon.change('user.someone', 'else');
      interfered = true;
    };
    const result = await applyLimits(target(daemon), { memory: '256MB' });
    expect(daemon.puts).toBe(1);
    expect(daemon.instance.config).toMatchObject({ 'user.someone': 'else', 'limits.memory': '256MB' });
    expect(result.limits.memory).toBe('256MB');
  });

  it('gives up with 409 after a second clash and writes nothing', async () => {
    const daemon = new FakeDaemon();
    let n = 0;
    daemon.beforePut = () => daemon.change('user.n', String(++n));
    await expect(applyLimits(target(daemon), { memory: '256MB' })).rejects.toMatchObject({ status: 409, code: 'conflict' });
    expect(daemon.puts).toBe(0);
    expect(daemon.instance.config['limits.memory']).toBe('128MB');
  });

  it('does not write when nothing changes', async () => {
    const daemon = new FakeDaemon();
    const result = await applyLimits(target(daemon), { memory: '128MB' });
    expect(daemon.puts).toBe(0);
    expect(result.changes).toEqual({});
  });

  it("refuses a CPU set the daemon's host lacks before writing", async () => {
    const daemon = new FakeDaemon();
    await expect(applyLimits(target(daemon), { cpu: '0-7' })).rejects.toMatchObject({ status: 400, code: 'invalid_limit' });
    expect(daemon.puts).toBe(0);
  });

  it('writes a new CPU limit of a running instance twice: respelled with the rest, then alone', async () => {
    const daemon = new FakeDaemon();
    daemon.instance.status = 'Running';
    const result = await applyLimits(target(daemon), { memory: '256MB', cpu: '1-1' }, { withUsage: false });
    expect(daemon.written).toEqual([
      { 'limits.memory': '256MB', 'limits.cpu': '01-1' },
      { 'limits.memory': '256MB', 'limits.cpu': '1-1' },
    ]);
    expect(result.changes).toEqual({ memory: { before: '128MB', after: '256MB' }, cpu: { before: null, after: '1-1' } });
  });

  it('removes a CPU limit through the CPUs that will be in force, the host\'s', async () => {
    const daemon = new FakeDaemon();
    daemon.instance.status = 'Running';
    daemon.change('limits.cpu', '1');
    const result = await applyLimits(target(daemon, 'incus'), { cpu: null }, { withUsage: false });
    expect(daemon.written.map((c) => c['limits.cpu'])).toEqual(['00-1', undefined]);
    expect(result.changes).toEqual({ cpu: { before: '1', after: null } });
  });

  it('writes once when the instance is stopped or the CPU limit does not change', async () => {
    const daemon = new FakeDaemon();
    await applyLimits(target(daemon), { memory: '256MB', cpu: '0-0' }, { withUsage: false });
    expect(daemon.written).toEqual([{ 'limits.memory': '256MB', 'limits.cpu': '0-0' }]);
    daemon.instance.status = 'Running';
    await applyLimits(target(daemon), { memory: '300MB', cpu: '0-0' }, { withUsage: false });
    expect(daemon.written).toHaveLength(2);
  });

  it('puts the rest back when the second write fails', async () => {
    const daemon = new FakeDaemon();
    daemon.instance.status = 'Running';
    daemon.refuse = (config) => (config['limits.cpu'] === '1-1' ? 'setting cgroup item for the container failed' : null);
    await expect(applyLimits(target(daemon), { memory: '256MB', cpu: '1-1' })).rejects.toMatchObject({
      status: 400,
      message: 'setting cgroup item for the container failed',
    });
    expect(daemon.written).toEqual([{ 'limits.memory': '256MB', 'limits.cpu': '01-1' }, { 'limits.memory': '128MB' }]);
  });
});
