import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { formatCpuSet, type BulkLimitResult, type LimitHistoryEntry, type LimitPreset, type LimitsApplied, type LimitsState } from '@/lib/limits';
import { asKernelHoldsMemory, cpusetCpus, cpuUsageNs, memoryLimit, pidsMax, readBpsLimit } from '../support/cgroup';
import { Api } from '../support/hangar';
import { cli, forceDelete, lab, uniqueName, type LabDaemon } from '../support/lab';

/**
 * Live limits against running containers on the real daemons. Every claim that a limit applied
 * is checked in the kernel's own cgroup files of the container's init process.
 */
const url = inject('hangarUrl');
const ids = inject('daemons');

let api: Api;
const created: { daemon: LabDaemon; name: string }[] = [];
const profiles: { daemon: LabDaemon; name: string }[] = [];

/** The daemon's CLI without blocking the event loop, to race it against Hangar. */
function cliAsync(daemon: LabDaemon, args: string[]) {
  const d = lab.daemons[daemon];
  return promisify(execFile)(d.cli, args, { env: { ...process.env, [d.dirVar]: d.dir } });
}

function launch(daemon: LabDaemon, prefix: string, extra: string[] = []): string {
  const name = uniqueName(prefix);
  created.push({ daemon, name });
  cli(daemon, ['launch', 'busybox', name, ...extra]);
  return name;
}

const limitsPath = (daemon: LabDaemon, name: string) => `/api/v1/daemons/${ids[daemon]}/instances/${name}/limits?project=default`;

async function state(daemon: LabDaemon, name: string): Promise<{ status: string; pid: number }> {
  return api.lxd(ids[daemon], 'GET', `/1.0/instances/${name}/state`);
}

/** The instance's own config as the daemon's CLI shows it (the ground truth for "unchanged"). */
function config(daemon: LabDaemon, name: string): Record<string, string> {
  return JSON.parse(cli(daemon, ['query', `/1.0/instances/${name}`])).config;
}

function kernel(pid: number) {
  return { memory: memoryLimit(pid), processes: pidsMax(pid), cpus: cpusetCpus(pid) };
}

/** The daemons pin CPUs from a background task: the cpuset follows within a moment, not at once. */
function cpusetSettles(pid: number) {
  return expect.poll(() => cpusetCpus(pid), { timeout: 5000, interval: 200 });
}

const MB = (n: number) => asKernelHoldsMemory(n * 1_000_000);

beforeAll(async () => {
  api = await Api.login(url);
});

afterAll(() => {
  for (const { daemon, name } of created) forceDelete(daemon, name);
  for (const { daemon, name } of profiles) {
    try {
      cli(daemon, ['profile', 'delete', name]);
    } catch {
      /* already gone */
    }
  }
});

describe('live limits on LXD 5.0 (alpha)', () => {
  let c1: string;
  let pid: number;

  beforeAll(() => {
    c1 = launch('alpha', 'lim');
  });

  it('applies memory, processes and CPU to the running container; the kernel holds them at once', async () => {
    pid = (await state('alpha', c1)).pid;
    expect(pid).toBeGreaterThan(0);

    const applied = await api.json<LimitsApplied>('PATCH', limitsPath('alpha', c1), {
      limits: { memory: '256MB', processes: 200, cpu: '1' },
    });
    expect(applied.limits).toMatchObject({ memory: '256MB', processes: '200', cpu: '1' });
    expect(applied.changes).toEqual({
      cpu: { before: null, after: '1' },
      memory: { before: null, after: '256MB' },
      processes: { before: null, after: '200' },
    });
    expect(applied.status).toBe('Running');

    expect(memoryLimit(pid)).toBe(MB(256));
    expect(pidsMax(pid)).toBe(200);
    await cpusetSettles(pid).toMatch(/^\d+$/); // one CPU, whichever the daemon picked
    // Same init process: applied live, not by a restart.
    expect(await state('alpha', c1)).toMatchObject({ status: 'Running', pid });

    const read = await api.json<LimitsState>('GET', limitsPath('alpha', c1));
    expect(read.limits).toMatchObject({ memory: '256MB', processes: '200', cpu: '1' });
    expect(read.usage.memory).toMatchObject({ limit: '256MB', limitBytes: 256_000_000 });
    expect(read.usage.memory.usedBytes).toBeGreaterThan(0);
    expect(read.usage.processes.limit).toBe(200);
    expect(read.usage.processes.count).toBeGreaterThan(0);
    expect(read.usage.cpu).toMatchObject({ cpus: 1, limit: '1' });
    expect(read.host.cpus.length).toBeGreaterThanOrEqual(1);
  });

  it('pins CPUs by set and changes memory again, still running', async () => {
    await api.json('PATCH', limitsPath('alpha', c1), { limits: { cpu: '1-1', memory: '1GiB' } });
    expect(memoryLimit(pid)).toBe(1024 ** 3);
    await cpusetSettles(pid).toBe('1');
    expect((await state('alpha', c1)).pid).toBe(pid);
  });

  it.each([
    [{ memory: 'lots' }, 'memory', /memory: "lots" is not a size/],
    [{ memory: '512M' }, 'memory', /memory: "512M" is not a size; use a number with kB, MB, GB.*case-sensitive/],
    [{ cpuPriority: 11 }, 'cpuPriority', /cpuPriority: "11" is out of range; use a whole number from 0/],
    [{ cpu: '0-7' }, 'cpu', /cpu: "0-7" names CPU .*which the host lacks/],
    [{ cpu: '5' }, 'cpu', /cpu: "5" asks for 5 CPUs but the host has/],
    [{ processes: 0 }, 'processes', /processes: "0" is out of range/],
    [{ memoryEnforce: 'Hard' }, 'memoryEnforce', /hard or soft/],
    [{ memorySwap: '1GB' }, 'memorySwap', /memorySwap: "1GB" is not a boolean/],
    [{ bogus: '1' }, 'bogus', /bogus: not a limit Hangar knows/],
    // One bad field refuses the whole request: the good ones are not applied either.
    [{ memory: '300MB', processes: 'many' }, 'processes', /processes: "many"/],
    [{ processes: 300, cpu: '0-7' }, 'cpu', /cpu: "0-7"/],
  ])('refuses %j with 400 naming %s; config and cgroups unchanged', async (limits, field, message) => {
    const before = { config: config('alpha', c1), kernel: kernel(pid) };
    const res = await api.request('PATCH', limitsPath('alpha', c1), { limits });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string; field: string } };
    expect(body.error).toMatchObject({ code: 'invalid_limit', field });
    expect(body.error.message).toMatch(message);
    expect(config('alpha', c1)).toEqual(before.config);
    expect(kernel(pid)).toEqual(before.kernel);
  });

  it('removes a limit with null: the key is gone and the kernel lifts it', async () => {
    const applied = await api.json<LimitsApplied>('PATCH', limitsPath('alpha', c1), { limits: { memory: null, processes: null } });
    expect(applied.limits.memory).toBeUndefined();
    expect(applied.limits.processes).toBeUndefined();
    expect(applied.changes).toEqual({ memory: { before: '1GiB', after: null }, processes: { before: '200', after: null } });
    expect(config('alpha', c1)).not.toHaveProperty('limits.memory');
    expect(kernel(pid)).toMatchObject({ memory: null, processes: null });
  });

  it('keeps a key and the description someone else set', async () => {
    cli('alpha', ['config', 'set', c1, 'user.owner', 'team-a']);
    cli('alpha', ['config', 'set', c1, 'limits.cpu.priority', '3']);
    cli('alpha', ['query', '-X', 'PATCH', `/1.0/instances/${c1}`, '-d', '{"description":"set by hand"}']);
    await api.json('PATCH', limitsPath('alpha', c1), { limits: { memory: '200MB' } });
    const after = JSON.parse(cli('alpha', ['query', `/1.0/instances/${c1}`]));
    expect(after.config).toMatchObject({ 'user.owner': 'team-a', 'limits.cpu.priority': '3', 'limits.memory': '200MB' });
    expect(after.description).toBe('set by hand');
  });

  it('loses nobody\'s change when others write at the same moment (ETag with one retry)', async () => {
    const patches = [
      { memory: '210MB' },
      { processes: 150 },
      { cpuPriority: 4 },
      { memorySwapPriority: 6 },
      { cpuAllowance: '50%' },
      { networkPriority: 2 },
    ];
    // Someone else with the CLI, which also writes with an ETag: it retries when the daemon refuses.
    const cliWrites = (async () => {
      for (let i = 0; i < 4; i++) {
        for (let attempt = 0; ; attempt++) {
          try {
            await cliAsync('alpha', ['config', 'set', c1, `user.race${i}`, String(i)]);
            break;
          } catch (error) {
            if (attempt > 10) throw error;
          }
        }
      }
    })();
    const results = await Promise.all(
      patches.map(async (limits) => ({ limits, res: await api.request('PATCH', limitsPath('alpha', c1), { limits }) })),
    );
    await cliWrites;
    const final = config('alpha', c1);
    for (let i = 0; i < 4; i++) expect(final[`user.race${i}`]).toBe(String(i));
    let applied = 0;
    for (const { limits, res } of results) {
      expect([200, 409]).toContain(res.status);
      if (res.status !== 200) continue;
      applied++;
      const [name, value] = Object.entries(limits)[0];
      const held = ((await res.json()) as LimitsApplied).limits as Record<string, string>;
      expect(held[name]).toBe(String(value));
    }
    expect(applied).toBeGreaterThan(0);
    const mapping: Record<string, string> = {
      memory: 'limits.memory',
      processes: 'limits.processes',
      cpuPriority: 'limits.cpu.priority',
      memorySwapPriority: 'limits.memory.swap.priority',
      cpuAllowance: 'limits.cpu.allowance',
      networkPriority: 'limits.network.priority',
    };
    for (const { limits, res } of results) {
      if (res.status !== 200) continue;
      const [name, value] = Object.entries(limits)[0];
      expect(final[mapping[name]]).toBe(String(value));
    }
  });

  it('measures CPU use over an interval as the kernel counts it, against the CPUs it may use', async () => {
    await api.json('PATCH', limitsPath('alpha', c1), { limits: { cpu: '1', cpuAllowance: null } });
    cli('alpha', ['exec', c1, '--', 'sh', '-c', 'sh -c "while :; do :; done" </dev/null >/dev/null 2>&1 & echo $! >/tmp/busy.pid']);
    try {
      // The kernel's own counter around the two reads; the second read measures from the first.
      const start = { ns: cpuUsageNs(pid), at: performance.now() };
      await api.json<LimitsState>('GET', limitsPath('alpha', c1));
      await new Promise((r) => setTimeout(r, 1000));
      const read = await api.json<LimitsState>('GET', limitsPath('alpha', c1));
      const end = { ns: cpuUsageNs(pid), at: performance.now() };
      const kernelPercent = ((end.ns - start.ns) / ((end.at - start.at) * 1e6)) * 100; // of one CPU
      expect(read.usage.cpu).toMatchObject({ cpus: 1, limit: '1' });
      expect(read.usage.cpu.intervalMs).toBeGreaterThan(800);
      // How busy the loop gets depends on the machine's load; Hangar must agree with the kernel.
      expect(kernelPercent).toBeGreaterThan(5);
      expect(read.usage.cpu.percent).toBeGreaterThan(5);
      expect(Math.abs(read.usage.cpu.percent! - kernelPercent)).toBeLessThan(20);
      expect(read.usage.cpu.seconds).toBeGreaterThan(0);
    } finally {
      cli('alpha', ['exec', c1, '--', 'sh', '-c', 'kill $(cat /tmp/busy.pid)']);
    }
  });

  it('lists the changes in the history, from the audit log', async () => {
    const history = await api.json<LimitHistoryEntry[]>(
      'GET',
      `/api/v1/daemons/${ids.alpha}/instances/${c1}/limits/history?project=default`,
    );
    expect(history.length).toBeGreaterThan(5);
    expect(history[history.length - 1]).toMatchObject({
      via: 'instance',
      status: 200,
      user: 'admin',
      changes: { memory: { before: null, after: '256MB' } },
    });
    expect(history.some((h) => h.status === 400 && h.error?.startsWith('memory: "512M"'))).toBe(true);
    // newest first
    expect(history.map((h) => h.at)).toEqual([...history.map((h) => h.at)].sort().reverse());
  });
});

describe('profiles and the root disk (alpha)', () => {
  let profile: string;
  let c2: string;

  beforeAll(() => {
    profile = uniqueName('limprof');
    profiles.push({ daemon: 'alpha', name: profile });
    cli('alpha', ['profile', 'create', profile]);
    cli('alpha', ['profile', 'set', profile, 'limits.memory', '300MB']);
    cli('alpha', ['profile', 'set', profile, 'limits.processes', '300']);
    cli('alpha', ['profile', 'device', 'add', profile, 'root', 'disk', 'path=/', 'pool=default', 'limits.read=30MB']);
    c2 = launch('alpha', 'limp', ['-p', 'default', '-p', profile]);
    cli('alpha', ['config', 'set', c2, 'limits.processes', '400']);
  });

  it('reports inherited values with the profile that gives them', async () => {
    const read = await api.json<LimitsState>('GET', limitsPath('alpha', c2));
    expect(read.limits).toEqual({ processes: '400' });
    expect(read.inherited).toEqual({
      memory: { value: '300MB', profile, overridden: false },
      processes: { value: '300', profile, overridden: true },
      diskRead: { value: '30MB', profile, overridden: false },
    });
    expect(read.effective).toMatchObject({ memory: '300MB', processes: '400', diskRead: '30MB' });
    const { pid } = await state('alpha', c2);
    expect(kernel(pid)).toMatchObject({ memory: MB(300), processes: 400 });
    expect(read.usage.memory.limitBytes).toBe(300_000_000);
  });

  it("limits root disk I/O by overriding the profile's root device, live", async () => {
    const { pid } = await state('alpha', c2);
    const applied = await api.json<LimitsApplied>('PATCH', limitsPath('alpha', c2), { limits: { diskRead: '10MB' } });
    expect(applied.limits.diskRead).toBe('10MB');
    expect(applied.inherited.diskRead).toEqual({ value: '30MB', profile, overridden: true });
    const devices = JSON.parse(cli('alpha', ['query', `/1.0/instances/${c2}`])).devices;
    expect(devices.root).toEqual({ type: 'disk', path: '/', pool: 'default', 'limits.read': '10MB' });
    expect(readBpsLimit(pid)).toBe(10_000_000);
    expect((await state('alpha', c2)).pid).toBe(pid);
  });

  it('falls back to the inherited value once the own one is removed', async () => {
    await api.json('PATCH', limitsPath('alpha', c2), { limits: { processes: null } });
    const read = await api.json<LimitsState>('GET', limitsPath('alpha', c2));
    expect(read.limits.processes).toBeUndefined();
    expect(read.inherited.processes).toEqual({ value: '300', profile, overridden: false });
    expect(pidsMax((await state('alpha', c2)).pid)).toBe(300);
  });
});

describe('live limits on Incus 6.0 (gamma)', () => {
  let g1: string;

  beforeAll(() => {
    g1 = launch('gamma', 'limi');
  });

  it('applies memory, processes and CPU live and refuses what Incus lacks', async () => {
    const { pid } = await state('gamma', g1);
    const applied = await api.json<LimitsApplied>('PATCH', limitsPath('gamma', g1), {
      limits: { memory: '128MiB', processes: 120, cpu: '0-0' },
    });
    expect(applied.daemon.kind).toBe('incus');
    expect(applied.limits).toMatchObject({ memory: '128MiB', processes: '120', cpu: '0-0' });
    expect(kernel(pid)).toMatchObject({ memory: 128 * 1024 ** 2, processes: 120 });
    await cpusetSettles(pid).toBe('0');
    expect(await state('gamma', g1)).toMatchObject({ status: 'Running', pid });

    // Incus 6.0 takes a swap size where LXD 5.0 takes only a boolean.
    const swap = await api.json<LimitsApplied>('PATCH', limitsPath('gamma', g1), { limits: { memorySwap: '64MB' } });
    expect(swap.limits.memorySwap).toBe('64MB');

    const before = config('gamma', g1);
    const res = await api.request('PATCH', limitsPath('gamma', g1), { limits: { memory: '64MB', networkPriority: 3 } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string; message: string } }).error).toMatchObject({
      field: 'networkPriority',
      message: 'networkPriority: Incus has no limits.network.priority; only LXD does',
    });
    expect(config('gamma', g1)).toEqual(before);
    expect(memoryLimit(pid)).toBe(128 * 1024 ** 2);

    await api.json('PATCH', limitsPath('gamma', g1), { limits: { memory: null, memorySwap: null, cpu: null } });
    expect(kernel(pid)).toMatchObject({ memory: null, processes: 120 });
    await cpusetSettles(pid).toBe(formatCpuSet(applied.host.cpus));
  });
});

describe('bulk and presets across daemons', () => {
  let a: string;
  let g: string;

  beforeAll(() => {
    a = launch('alpha', 'limb');
    g = launch('gamma', 'limb');
  });

  it('applies one set of limits to instances on two daemons, one result each', async () => {
    const { results } = await api.json<{ results: BulkLimitResult[] }>('POST', '/api/v1/limits/bulk', {
      targets: [
        { daemon: ids.alpha, project: 'default', name: a },
        { daemon: 'gamma', project: 'default', name: g },
        { daemon: ids.alpha, project: 'default', name: 'no-such-instance' },
      ],
      limits: { memory: '192MB', processes: 90 },
    });
    expect(results.map((r) => [r.name, r.ok])).toEqual([
      [a, true],
      [g, true],
      ['no-such-instance', false],
    ]);
    expect(results[0].limits).toMatchObject({ memory: '192MB', processes: '90' });
    expect(results[1]).toMatchObject({ daemonId: ids.gamma, daemonName: 'gamma' });
    expect(results[2].error).toMatchObject({ code: 'daemon_error' });
    for (const [daemon, name] of [['alpha', a], ['gamma', g]] as const) {
      expect(kernel((await state(daemon, name)).pid)).toMatchObject({ memory: MB(192), processes: 90 });
    }
  });

  it('refuses the whole bulk request when a value is invalid', async () => {
    const res = await api.request('POST', '/api/v1/limits/bulk', {
      targets: [{ daemon: ids.alpha, project: 'default', name: a }],
      limits: { memory: '512M' },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe('memory');
    expect(memoryLimit((await state('alpha', a)).pid)).toBe(MB(192));
  });

  it('creates a preset, applies it in one call and deletes it', async () => {
    const name = uniqueName('preset');
    const preset = await api.json<LimitPreset>('POST', '/api/v1/limits/presets', {
      name,
      description: 'for the test',
      limits: { memory: '160MB', processes: 80 },
    }, [201]);
    expect(preset.limits).toEqual({ memory: '160MB', processes: '80' });
    const list = await api.json<LimitPreset[]>('GET', '/api/v1/limits/presets');
    expect(list.map((p) => p.name)).toEqual(expect.arrayContaining(['small', 'medium', 'large', name]));

    const applied = await api.json<{ preset: string; results: BulkLimitResult[] }>('POST', `/api/v1/limits/presets/${name}/apply`, {
      targets: [
        { daemon: ids.alpha, project: 'default', name: a },
        { daemon: ids.gamma, project: 'default', name: g },
      ],
    });
    expect(applied.results.every((r) => r.ok)).toBe(true);
    expect(kernel((await state('gamma', g)).pid)).toMatchObject({ memory: MB(160), processes: 80 });

    const history = await api.json<LimitHistoryEntry[]>('GET', `/api/v1/daemons/${ids.gamma}/instances/${g}/limits/history`);
    expect(history[0]).toMatchObject({ via: 'preset', preset: name, changes: { memory: { before: '192MB', after: '160MB' } } });
    expect(history[1]).toMatchObject({ via: 'bulk', changes: { memory: { before: null, after: '192MB' } } });

    await api.json('DELETE', `/api/v1/limits/presets/${name}`);
    expect((await api.request('POST', `/api/v1/limits/presets/${name}/apply`, { targets: [] })).status).toBe(404);
  });
});

describe('access', () => {
  let instance: string;

  beforeAll(() => {
    instance = launch('alpha', 'lima');
  });

  async function as(role: 'viewer' | 'operator'): Promise<Api> {
    const username = uniqueName(role);
    const password = 'a-long-password-for-tests';
    await api.json('POST', '/api/v1/users', { username, password, role }, [201]);
    return Api.login(url, username, password);
  }

  it('needs a login', async () => {
    const res = await fetch(`${url}/api/v1/daemons/${ids.alpha}/instances/x/limits`);
    expect(res.status).toBe(401);
  });

  it('lets a viewer read limits, history and presets but change nothing', async () => {
    const viewer = await as('viewer');
    await viewer.json('GET', limitsPath('alpha', instance));
    await viewer.json('GET', `/api/v1/daemons/${ids.alpha}/instances/${instance}/limits/history`);
    await viewer.json('GET', '/api/v1/limits/presets');
    const target = [{ daemon: ids.alpha, project: 'default', name: instance }];
    expect((await viewer.request('PATCH', limitsPath('alpha', instance), { limits: { memory: '100MB' } })).status).toBe(403);
    expect((await viewer.request('POST', '/api/v1/limits/bulk', { targets: target, limits: { memory: '100MB' } })).status).toBe(403);
    expect((await viewer.request('POST', '/api/v1/limits/presets/small/apply', { targets: target })).status).toBe(403);
    expect(config('alpha', instance)).not.toHaveProperty('limits.memory');
  });

  it('lets an operator change limits and apply presets, but not create or delete presets', async () => {
    const operator = await as('operator');
    const applied = await operator.json<LimitsApplied>('PATCH', limitsPath('alpha', instance), { limits: { memory: '100MB' } });
    expect(applied.limits.memory).toBe('100MB');
    const preset = await operator.json<{ results: BulkLimitResult[] }>('POST', '/api/v1/limits/presets/small/apply', {
      targets: [{ daemon: ids.alpha, project: 'default', name: instance }],
    });
    expect(preset.results[0]).toMatchObject({ ok: true, limits: { memory: '256MB', processes: '200', cpu: '1' } });
    expect((await operator.request('POST', '/api/v1/limits/presets', { name: 'mine', limits: { memory: '1GB' } })).status).toBe(403);
    expect((await operator.request('DELETE', '/api/v1/limits/presets/small')).status).toBe(403);
  });
});
