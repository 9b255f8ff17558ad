import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DaemonView } from '@/lib/api-types';
import type { FleetHistory, InstanceHistory } from '@/lib/history';
import { openDatabase, type Db } from '@/server/db/database';
import { Api, registerLab, startHangar, type Hangar } from '../support/hangar';
import { cli, forceDelete, uniqueName } from '../support/lab';
import { startPostgres, type Postgres } from '../support/postgres';

const HOUR = 3600_000;
const MINUTE = 60_000;

/** Usage history: sampled by Hangar from the real daemons, kept in its database, served back. */
describe('usage history', () => {
  let hangar: Hangar;
  let api: Api;
  let alpha: DaemonView;
  let db: Db;
  const name = uniqueName('hist');

  beforeAll(async () => {
    // Sampling every second, so the test sees rows accumulate within seconds.
    hangar = await startHangar({ env: { HANGAR_HISTORY_INTERVAL_S: '1' } });
    api = await Api.login(hangar.url);
    ({ alpha } = await registerLab(api, ['alpha']));
    cli('alpha', ['launch', 'busybox', name]);
    db = await openDatabase({ dataDir: hangar.dataDir });
  });
  afterAll(async () => {
    forceDelete('alpha', name);
    await db?.destroy();
    if (alpha) await api.request('DELETE', `/api/v1/daemons/${alpha.id}`);
    await hangar?.stop();
  });

  const historyOf = (instance: string, range: string, expected = [200]) =>
    api.json<InstanceHistory>('GET', `/api/v1/daemons/${alpha.id}/instances/${instance}/history?project=default&range=${range}`, undefined, expected);

  it('accumulates samples of a running instance, one per round on the interval grid', async () => {
    // A loaded daemon can take seconds to answer; rounds it is still busy with are skipped.
    const history = await waitForHistory(() => historyOf(name, '1h'), (h) => h.points.filter((p) => p.cpu !== null).length >= 3 && h.points.filter((p) => p.memoryBytes !== null && p.processes !== null).length >= 2);
    expect(history).toMatchObject({ daemon: alpha.id, project: 'default', name, range: '1h', intervalSeconds: 1 });
    // A round in which the daemon could not read a figure (it reports 0 or -1, e.g. just after a
    // start) is stored as a gap, never as a zero.
    for (const point of history.points) {
      expect(point.memoryBytes === null || point.memoryBytes > 0, `memory ${point.memoryBytes}`).toBe(true);
      expect(point.processes === null || point.processes >= 1, `processes ${point.processes}`).toBe(true);
      expect(point.at % 1000).toBe(0);
    }
    expect(history.points.filter((p) => p.memoryBytes !== null && p.processes !== null).length).toBeGreaterThanOrEqual(2);
    expect(history.points.find((p) => p.cpu !== null)!.cpu).toBeGreaterThanOrEqual(0);
    const times = history.points.map((p) => p.at);
    // Strictly increasing: no round was sampled twice.
    expect(times.every((t, i) => i === 0 || t > times[i - 1])).toBe(true);

    const fleet = await api.json<FleetHistory>('GET', '/api/v1/history?minutes=5');
    const trend = fleet.trends.find((t) => t.daemon === alpha.id && t.name === name)!;
    expect(trend.cpu).toHaveLength(5);
    expect(trend.memoryBytes.some((v) => v !== null && v > 0)).toBe(true);
    expect(trend.latest?.memoryBytes).toBeGreaterThan(0);
  });

  it('averages samples older than an hour per minute and forgets those older than a day', async () => {
    const ghost = uniqueName('ghost');
    const now = Date.now();
    const twoHoursAgo = Math.floor((now - 2 * HOUR) / MINUTE) * MINUTE;
    const row = (at: number, cpu: number, memory: number) => ({
      daemon_id: alpha.id,
      project: 'default',
      instance: ghost,
      at,
      span_s: 10,
      cpu_millicores: cpu,
      memory_bytes: memory,
      processes: 3,
      net_rx_bps: null,
      net_tx_bps: null,
      disk_bytes: null,
    });
    // Two old minutes of 10 s samples, and one sample from two days ago.
    await db
      .insertInto('usage_samples')
      .values([
        ...Array.from({ length: 6 }, (_, i) => row(twoHoursAgo + i * 10_000, 100 * (i + 1), 1000)),
        ...Array.from({ length: 6 }, (_, i) => row(twoHoursAgo + MINUTE + i * 10_000, 2000, 3000)),
        row(now - 48 * HOUR, 500, 500),
      ])
      .execute();

    // The running server compacts after each round.
    let rows: { at: number; span_s: number; cpu_millicores: number | null; memory_bytes: number | null }[] = [];
    for (let i = 0; i < 40; i++) {
      rows = await db.selectFrom('usage_samples').select(['at', 'span_s', 'cpu_millicores', 'memory_bytes']).where('instance', '=', ghost).orderBy('at').execute();
      if (rows.length === 2) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(rows.map((r) => [Number(r.at), r.span_s, Number(r.cpu_millicores), Number(r.memory_bytes)])).toEqual([
      [twoHoursAgo, 60, 350, 1000],
      [twoHoursAgo + MINUTE, 60, 2000, 3000],
    ]);

    const day = await historyOf(ghost, '24h');
    expect(day.points.map((p) => [p.at, p.cpu, p.memoryBytes])).toEqual([
      [twoHoursAgo, 0.35, 1000],
      [twoHoursAgo + MINUTE, 2, 3000],
    ]);
    expect((await historyOf(ghost, '1h')).points).toEqual([]);
  });

  it('refuses a range it does not keep and a daemon it does not know', async () => {
    const bad = await api.json('GET', `/api/v1/daemons/${alpha.id}/instances/${name}/history?range=7d`, undefined, [400]);
    expect(bad).toMatchObject({ error: { code: 'invalid_range', message: 'range must be 1h or 24h' } });
    await api.json('GET', `/api/v1/daemons/no-such-daemon/instances/${name}/history`, undefined, [404]);
    await api.json('GET', '/api/v1/history?minutes=0', undefined, [400]);
  });
});

/** Two replicas on one PostgreSQL: the lease lets exactly one of them sample. */
describe('usage history with two replicas', () => {
  let pg: Postgres;
  const replicas: Hangar[] = [];
  let api: Api;
  let alpha: DaemonView | undefined;
  const name = uniqueName('histpg');

  beforeAll(async () => {
    pg = await startPostgres();
    cli('alpha', ['launch', 'busybox', name]);
  });
  afterAll(async () => {
    forceDelete('alpha', name);
    if (alpha && replicas.length > 0) {
      await new Api(replicas.at(-1)!.url, api.token).request('DELETE', `/api/v1/daemons/${alpha.id}`);
    }
    for (const r of replicas) await r.stop();
    pg?.stop();
  });

  it('samples in one replica only, and in the other once the first stops', async () => {
    const env = { DATABASE_URL: pg.url, HANGAR_SECRET: crypto.randomBytes(24).toString('hex'), HANGAR_HISTORY_INTERVAL_S: '1' };
    replicas.push(await startHangar({ env }));
    api = await Api.login(replicas[0].url);
    ({ alpha } = await registerLab(api, ['alpha']));
    replicas.push(await startHangar({ env }));
    const history = () =>
      new Api(replicas[1].url, api.token).json<InstanceHistory>('GET', `/api/v1/daemons/${alpha!.id}/instances/${name}/history?range=1h`);
    // Both replicas tick on the same one-second grid: two samplers would write each round twice.
    const noRoundTwice = (h: InstanceHistory) => new Set(h.points.map((p) => p.at)).size === h.points.length;

    const shared = await waitForHistory(history, (h) => h.points.length >= 4);
    expect(noRoundTwice(shared)).toBe(true);

    await replicas[0].stop();
    const stoppedAt = Date.now();
    const taken = await waitForHistory(history, (h) => h.points.filter((p) => p.at > stoppedAt).length >= 2);
    expect(noRoundTwice(taken)).toBe(true);
  }, 180_000);
});

/** Polls until `done` holds (up to a minute: a busy daemon answers slowly), then returns the last answer. */
async function waitForHistory(fetch: () => Promise<InstanceHistory>, done: (h: InstanceHistory) => boolean): Promise<InstanceHistory> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const history = await fetch();
    if (done(history)) return history;
    if (Date.now() > deadline) throw new Error(`history did not get there in time: ${JSON.stringify(history.points.slice(-5))}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
