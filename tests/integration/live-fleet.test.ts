import crypto from 'node:crypto';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DaemonView, FleetInstance, FleetResponse } from '@/lib/api-types';
import { Api, startHangar, type Hangar } from '../support/hangar';
import { lab, uniqueName } from '../support/lab';
import { startPostgres, type Postgres } from '../support/postgres';
import { startScratchLxd, type ScratchDaemon } from '../support/scratch-daemon';

/**
 * The live fleet model: Hangar holds every daemon's instances in memory, filled once, kept
 * current by events and a state refresh every HANGAR_STATE_REFRESH_S, resynchronised after a
 * reconnect. A scratch daemon of its own can be killed; two replicas on one PostgreSQL each keep
 * their own model.
 */
describe('live fleet model', () => {
  let pg: Postgres;
  let scratch: ScratchDaemon;
  const replicas: Hangar[] = [];
  let api: Api;
  let second: Api;
  let daemon: DaemonView;
  const before = uniqueName('lf-before');
  const running = uniqueName('lf-run');

  beforeAll(async () => {
    pg = await startPostgres();
    scratch = await startScratchLxd({ image: lab.image });
    // Made before Hangar knows the daemon: only the first full list can show them.
    scratch.cli(['init', 'busybox', before]);
    scratch.cli(['launch', 'busybox', running, '-c', 'boot.autostart=false']);
    const env = { DATABASE_URL: pg.url, HANGAR_SECRET: crypto.randomBytes(24).toString('hex'), HANGAR_STATE_REFRESH_S: '1', HANGAR_HISTORY_INTERVAL_S: '0' };
    replicas.push(await startHangar({ env }));
    api = await Api.login(replicas[0].url);
    daemon = await api.json<DaemonView>('POST', '/api/v1/daemons', { name: uniqueName('scratch'), url: scratch.url, trustPassword: scratch.password }, [201]);
    replicas.push(await startHangar({ env }));
    second = new Api(replicas[1].url, api.token);
  }, 180_000);
  afterAll(async () => {
    if (daemon) await api.request('DELETE', `/api/v1/daemons/${daemon.id}`);
    for (const r of replicas) await r.stop();
    scratch?.destroy();
    pg?.stop();
  });

  const list = (on: Api = api, query = '') => on.json<FleetResponse>('GET', `/api/v1/instances?daemon=${daemon.id}${query}`);
  const row = (r: FleetResponse, name: string) => r.instances.find((i) => i.name === name);
  /** Lists until `done` holds; returns the list and how long it took. */
  async function until(on: Api, done: (r: FleetResponse) => boolean, what: string, timeoutMs = 30_000) {
    const started = Date.now();
    for (;;) {
      const r = await list(on);
      if (done(r)) return { r, ms: Date.now() - started };
      if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms: ${JSON.stringify(r).slice(0, 500)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('is filled from the daemon once it is known: instances made before, with state only for the running', async () => {
    const r = await list();
    expect(r.errors).toEqual([]);
    expect(row(r, before)).toMatchObject({ status: 'Stopped', usage: { cpuSeconds: null, memoryBytes: null, processes: null } });
    const run = row(r, running)!;
    expect(run.status).toBe('Running');
    expect(run.usage.memoryBytes).toBeGreaterThan(0);
    expect(run.usage.processes).toBeGreaterThan(0);
    // The other replica holds its own model of the same daemon.
    expect(row(await list(second), running)?.status).toBe('Running');
  });

  it('follows the daemon\'s events: a CLI change reaches both replicas\' lists within a second or so', async () => {
    const name = uniqueName('lf-new');
    scratch.cli(['init', 'busybox', name]);
    const created = await until(api, (r) => row(r, name)?.status === 'Stopped', 'the created instance');
    await until(second, (r) => row(r, name)?.status === 'Stopped', 'the created instance on the second replica');
    scratch.cli(['start', name]);
    const started = await until(api, (r) => (row(r, name)?.usage.processes ?? 0) > 0, 'the started instance with its usage');
    scratch.cli(['delete', '--force', name]);
    await until(api, (r) => !row(r, name), 'the deleted instance');
    await until(second, (r) => !row(r, name), 'the deleted instance on the second replica');
    expect(created.ms).toBeLessThan(5000);
    expect(started.ms).toBeLessThan(5000);
  });

  it('refreshes the running instances\' state at its rate, with no event to say so', async () => {
    const cpu = (r: FleetResponse) => row(r, running)?.usage.cpuSeconds ?? 0;
    const first = cpu(await list());
    // Burns CPU inside the container: exec changes no row, only the refresh can see it.
    scratch.cli(['exec', running, '--', 'sh', '-c', 'i=0; while [ $i -lt 1000000 ]; do i=$((i+1)); done']);
    const { r } = await until(api, (x) => cpu(x) > first + 0.2, 'the CPU time growing', 15_000);
    expect(cpu(r)).toBeGreaterThan(first);
  });

  it('answers with an ETag, 304 when unchanged, gzip on request, and thin rows with ?fields=', async () => {
    const path = `/api/v1/instances?daemon=${daemon.id}`;
    const first = await api.request('GET', path);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    let again = await api.request('GET', path, undefined, { 'if-none-match': etag });
    // The refresh may have moved usage meanwhile; then the tag moves with the body.
    for (let i = 0; again.status !== 304 && i < 10; i++) {
      const tag = again.headers.get('etag')!;
      again = await api.request('GET', path, undefined, { 'if-none-match': tag });
    }
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');

    const thin = await api.json<{ instances: Partial<FleetInstance>[] }>('GET', `${path}&fields=name,status`);
    expect(thin.instances.length).toBeGreaterThan(0);
    for (const i of thin.instances) expect(Object.keys(i).sort()).toEqual(['name', 'status']);
    const bad = await api.request('GET', `${path}&fields=name,secret`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('invalid_fields');

    // Raw bytes, as a client that asked for gzip gets them.
    const http = await import('node:http');
    const raw = await new Promise<{ encoding?: string; body: Buffer }>((resolve, reject) => {
      http
        .get(`${replicas[0].url}${path}`, { headers: { authorization: `Bearer ${api.token}`, 'accept-encoding': 'gzip' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
        })
        .on('error', reject);
    });
    expect(raw.encoding).toBe('gzip');
    expect(JSON.parse(zlib.gunzipSync(raw.body).toString()).instances.length).toBeGreaterThan(0);
  });

  it('shows the daemon as an error while it is gone, and resynchronises what changed meanwhile when it returns', async () => {
    const { pid } = JSON.parse(scratch.cli(['query', `/1.0/instances/${running}/state`])) as { pid: number };
    scratch.kill();
    const gone = await until(api, (r) => r.errors.length > 0, 'the daemon reported gone', 30_000);
    expect(gone.r.errors).toEqual([{ daemon: daemon.name, message: expect.any(String) }]);
    expect(gone.r.instances).toEqual([]);
    // While nobody listens, the container stops: its init dies.
    process.kill(pid, 'SIGKILL');
    for (let i = 0; i < 100 && fs.existsSync(`/proc/${pid}`); i++) await new Promise((r) => setTimeout(r, 100));
    scratch.restart();
    const back = await until(api, (r) => r.errors.length === 0 && row(r, running)?.status === 'Stopped', 'the resynchronised list', 60_000);
    expect(row(back.r, running)!.usage).toEqual({ cpuSeconds: null, memoryBytes: null, processes: null });
    expect(row(back.r, before)?.status).toBe('Stopped');
    await until(second, (r) => r.errors.length === 0 && row(r, running)?.status === 'Stopped', 'the second replica resynchronised', 60_000);
  });
});
