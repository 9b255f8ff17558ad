/**
 * The fleet at scale, measured on the lab's real daemons: HANGAR_BENCH_FLEET (default 100)
 * empty stopped containers created on each of alpha, beta (the cluster) and gamma in a project of
 * the bench's own, removed after. Then:
 * - the fleet list via Hangar against asking each daemon directly (recursion=2, all projects);
 * - 1 and 50 watchers (SSE stream + the list with If-None-Match every second, as a browser
 *   revalidates) for HANGAR_BENCH_WATCH_S seconds: the daemons' CPU and the list's median;
 * - freshness: a CLI change to the list, and to an open stream's row;
 * - mixed load, 200 clients for HANGAR_BENCH_MIXED_S seconds: fleet lists and gateway reads;
 * - the fleet page in Chromium with 10,000 rows: time to the first row and scroll frames.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { chromium } from '@playwright/test';
import type { FleetInstance, FleetResponse } from '@/lib/api-types';
import { DaemonRegistry } from '../server/daemons/registry';
import { openDatabase } from '../server/db/database';
import type { LxdClient } from '../server/lxd/client';
import { Secrets } from '../server/secrets';
import { Api, registerLab, sessionCookie, startHangar, type Hangar } from '../tests/support/hangar';
import { labEnvironment } from '../scripts/lab-register';
import { cli, type LabDaemon } from '../tests/support/lab';
import { SseClient } from '../tests/support/sse';
import { fillProject, removeProject } from './lib/fleet-project';
import { ms, percentile, runLoad, table, treeCpuSeconds } from './measure';

const LAB: LabDaemon[] = ['alpha', 'beta', 'gamma'];
// 1,000 per daemon (the figure) took 300 s on gamma and 639 s on alpha here, and the cluster made
// 129 in 14 min: on a 2-core machine 100 is the default; HANGAR_BENCH_FLEET=1000 for the full size.
const PER_DAEMON = Number(process.env.HANGAR_BENCH_FLEET ?? 100);
const WATCH_S = Number(process.env.HANGAR_BENCH_WATCH_S ?? 60);
const MIXED_S = Number(process.env.HANGAR_BENCH_MIXED_S ?? 60);
const MIXED_CLIENTS = 200;
const BROWSER_ROWS = 10_000;
const PROJECT = 'hangar-bench-fleet';
const DIRECT_PATH = '/1.0/instances?recursion=2&all-projects=true';
/** The lab daemons' processes (the cluster has two), from scripts/lab.sh's pid files. */
const DAEMON_PIDS = ['alpha', 'beta1', 'beta2', 'gamma'];

interface Figure {
  figure: string;
  value: string;
  goal: string;
}

export async function main(): Promise<void> {
  const secret = crypto.randomBytes(24).toString('hex');
  const hangar = await startHangar({ env: { HANGAR_SECRET: secret } });
  const api = await Api.login(hangar.url);
  const daemons = await registerLab(api);
  const db = await openDatabase({ dataDir: hangar.dataDir });
  const registry = new DaemonRegistry(db, new Secrets(secret));
  const clientOf = async (d: LabDaemon) => registry.client(await registry.row(daemons[d].id));
  const figures: Figure[] = [];
  try {
    console.log(`\nCreating ${PER_DAEMON} empty stopped containers on each of ${LAB.join(', ')} (project ${PROJECT})`);
    const started = performance.now();
    await Promise.all(LAB.map(async (d) => fillProject(await clientOf(d), d, PROJECT, PER_DAEMON)));
    const createS = (performance.now() - started) / 1000;
    figures.push({ figure: `creating ${PER_DAEMON} × 3 containers (all daemons at once)`, value: `${createS.toFixed(0)} s`, goal: '' });
    await waitForCount(api, 3 * PER_DAEMON);

    figures.push(...(await listAgainstDirect(api, clientOf)));
    figures.push(...(await watchers(hangar, api)));
    figures.push(...(await freshness(hangar, api)));
    figures.push(...(await mixedLoad(api, daemons.alpha.id)));
    figures.push(...(await browser(hangar, api)));
  } finally {
    console.log('\nRemoving the bench containers');
    for (const d of LAB) await removeProject(await clientOf(d), d, PROJECT).catch((e: unknown) => console.error(d, (e as Error).message));
    registry.closeAll();
    await db.destroy();
    for (const d of Object.values(daemons)) await api.request('DELETE', `/api/v1/daemons/${d.id}`);
    await hangar.stop();
  }
  console.log(`\nFleet at scale: ${PER_DAEMON} stopped containers on each of 3 daemons (HANGAR_BENCH_FLEET)`);
  console.log(table([['figure', 'value', 'goal'], ...figures.map((f) => [f.figure, f.value, f.goal])]));
}

async function waitForCount(api: Api, atLeast: number): Promise<void> {
  const deadline = Date.now() + 600_000;
  for (;;) {
    const r = await api.json<FleetResponse>('GET', '/api/v1/instances?fields=name');
    if (r.instances.length >= atLeast && r.errors.length === 0) return;
    if (Date.now() > deadline) throw new Error(`the fleet list has ${r.instances.length} of ${atLeast} instances: ${JSON.stringify(r.errors)}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });

/** One GET; resolves with the status and the body's size, whatever the status. */
function get(url: string, headers: http.OutgoingHttpHeaders = {}, timeoutMs = 30_000): Promise<{ status: number; etag?: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers, timeout: timeoutMs }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, etag: res.headers.etag, bytes }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
  });
}

async function listAgainstDirect(api: Api, clientOf: (d: LabDaemon) => Promise<LxdClient>): Promise<Figure[]> {
  console.log('\nFleet list via Hangar against each daemon asked directly (recursion=2, all projects)');
  const rows: (string | number)[][] = [['call', 'median', 'p95', 'failed']];
  const directMedians: number[] = [];
  for (const daemon of LAB) {
    const client = await clientOf(daemon);
    let failed = 0;
    const r = await runLoad(
      async () => {
        const reply = await client.request('GET', DIRECT_PATH, { timeoutMs: 120_000 }).catch(() => undefined);
        if (reply?.status !== 200) failed++;
      },
      3,
      1,
    );
    directMedians.push(percentile(r.latenciesMs, 50));
    rows.push([`${daemon} direct`, ms(percentile(r.latenciesMs, 50)), ms(percentile(r.latenciesMs, 95)), failed]);
  }
  const auth = { authorization: `Bearer ${api.token}`, 'accept-encoding': 'gzip' };
  const url = `${api.base}/api/v1/instances`;
  await runLoad(async () => void (await get(url, auth)), 5, 1);
  let failed = 0;
  const full = await runLoad(async () => void ((await get(url, auth)).status === 200 || failed++), 40, 1);
  const { etag } = await get(url, auth);
  const revalidated = await runLoad(async () => void (await get(url, { ...auth, 'if-none-match': etag })), 40, 1);
  const p50 = percentile(full.latenciesMs, 50);
  rows.push(['Hangar, full list (gzip)', ms(p50), ms(percentile(full.latenciesMs, 95)), failed]);
  rows.push(['Hangar, If-None-Match (304)', ms(percentile(revalidated.latenciesMs, 50)), ms(percentile(revalidated.latenciesMs, 95)), 0]);
  console.log(table(rows));
  const slowest = Math.max(...directMedians);
  return [
    { figure: 'fleet list via Hangar, p50', value: ms(p50), goal: '≤ 50 ms' },
    { figure: 'slowest daemon direct (recursion=2), p50', value: ms(slowest), goal: '' },
    { figure: 'Hangar faster than the slowest daemon', value: `${(slowest / p50).toFixed(0)}×`, goal: '≥ 10×' },
  ];
}

function daemonsCpu(): number {
  let total = 0;
  const dir = labEnvironment().HANGAR_LAB_DIR;
  for (const name of DAEMON_PIDS) {
    const pid = Number(fs.readFileSync(`${dir}/${name}.pid`, 'utf8').trim());
    total += treeCpuSeconds(pid);
  }
  return total;
}

/** `count` watchers for `seconds`: each an SSE stream and the list revalidated every second. */
async function watch(hangar: Hangar, api: Api, count: number, seconds: number): Promise<{ cpu: number; p50: number; errors: number }> {
  const streams = await Promise.all(
    Array.from({ length: count }, () => SseClient.open(`${hangar.url}/api/v1/events`, { authorization: `Bearer ${api.token}` })),
  );
  const latencies: number[] = [];
  let errors = 0;
  const cpuBefore = daemonsCpu();
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      // Spread over the second, as people's tabs are.
      await new Promise((r) => setTimeout(r, (i * 1000) / count));
      let etag: string | undefined;
      while (performance.now() < until) {
        const t = performance.now();
        try {
          const r = await get(`${hangar.url}/api/v1/instances`, {
            authorization: `Bearer ${api.token}`,
            'accept-encoding': 'gzip',
            ...(etag ? { 'if-none-match': etag } : {}),
          });
          if (r.status === 200) etag = r.etag;
          else if (r.status !== 304) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, Math.max(0, 1000 - (performance.now() - t))));
      }
    }),
  );
  const cpu = (daemonsCpu() - cpuBefore) / ((performance.now() - started) / 1000);
  for (const s of streams) s.close();
  return { cpu, p50: percentile(latencies, 50), errors };
}

async function watchers(hangar: Hangar, api: Api): Promise<Figure[]> {
  console.log(`\nWatchers: 1, then 50, for ${WATCH_S} s each; daemons' CPU is every lab daemon process and its children`);
  const one = await watch(hangar, api, 1, WATCH_S);
  const fifty = await watch(hangar, api, 50, WATCH_S);
  const pct = (v: number) => `${(v * 100).toFixed(1)} %`;
  console.log(
    table([
      ['watchers', 'daemons CPU (one core = 100 %)', 'list p50', 'errors'],
      ['1', pct(one.cpu), ms(one.p50), one.errors],
      ['50', pct(fifty.cpu), ms(fifty.p50), fifty.errors],
    ]),
  );
  return [
    { figure: 'daemons CPU, 50 watchers ÷ 1', value: `${(fifty.cpu / one.cpu).toFixed(2)}× (${pct(one.cpu)} → ${pct(fifty.cpu)})`, goal: '≤ 1.5×' },
    { figure: 'list p50, 50 watchers ÷ 1', value: `${(fifty.p50 / one.p50).toFixed(2)}× (${ms(one.p50)} → ${ms(fifty.p50)})`, goal: '≤ 2×' },
  ];
}

/** A CLI change (limits.memory) until the list shows it, and until an open stream carries the row. */
async function freshness(hangar: Hangar, api: Api): Promise<Figure[]> {
  const rounds = 20;
  console.log(`\nFreshness: ${rounds} CLI changes (lxc/incus config set limits.memory), spread over the daemons`);
  const stream = await SseClient.open(`${hangar.url}/api/v1/events`, { authorization: `Bearer ${api.token}` });
  const toList: number[] = [];
  const toStream: number[] = [];
  try {
    for (let i = 0; i < rounds; i++) {
      const daemon = LAB[i % LAB.length];
      const name = `fleet-${i}`;
      const memory = `${100 + i}MB`;
      const seen = stream.messages.length;
      const started = performance.now();
      cli(daemon, ['config', 'set', name, 'limits.memory', memory, `--project=${PROJECT}`]);
      const rowArrived = stream
        .waitFor((m) => {
          if (stream.messages.indexOf(m) < seen || m.event !== 'instance') return false;
          const update = JSON.parse(m.data) as { instance: string; row: FleetInstance };
          return update.instance === name && update.row.limits.memory === memory;
        }, 30_000, `the row of ${name}`)
        .then(() => toStream.push(performance.now() - started));
      for (;;) {
        const r = await api.json<FleetResponse>('GET', `/api/v1/instances?daemon=${daemon}&project=${PROJECT}&q=${name}&fields=name,limits`);
        if (r.instances.some((x) => x.name === name && x.limits.memory === memory)) break;
        if (performance.now() - started > 30_000) throw new Error(`${name} on ${daemon}: the change did not reach the list`);
        await new Promise((r) => setTimeout(r, 20));
      }
      toList.push(performance.now() - started);
      await rowArrived;
    }
  } finally {
    stream.close();
  }
  console.log(table([['to', 'p50', 'p95', 'max'], ...[['the list', toList], ['an open stream', toStream]].map(([label, v]) => [label as string, ms(percentile(v as number[], 50)), ms(percentile(v as number[], 95)), ms(Math.max(...(v as number[])))])]));
  return [
    { figure: 'freshness, CLI change → list, p95 (includes the CLI start)', value: ms(percentile(toList, 95)), goal: '≤ 1 s' },
    { figure: 'freshness, CLI change → open stream row, p95', value: ms(percentile(toStream, 95)), goal: '≤ 1 s' },
  ];
}

/** `clients` loops of `call` for `seconds`; latencies and errors. */
async function loop(clients: number, seconds: number, call: () => Promise<boolean>): Promise<{ latencies: number[]; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        const ok = await call().catch(() => false);
        if (!ok) errors++;
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { latencies, errors };
}

async function mixedLoad(api: Api, alphaId: string): Promise<Figure[]> {
  const half = MIXED_CLIENTS / 2;
  console.log(`\nMixed load: ${half} gateway readers alone for 10 s, then with ${half} fleet-list clients for ${MIXED_S} s`);
  const auth = { authorization: `Bearer ${api.token}` };
  const read = async () => (await get(`${api.base}/api/v1/daemons/${alphaId}/lxd/1.0/instances/fleet-1?project=${PROJECT}`, auth)).status === 200;
  let etag: string | undefined;
  const list = async () => {
    const r = await get(`${api.base}/api/v1/instances`, { ...auth, 'accept-encoding': 'gzip', ...(etag ? { 'if-none-match': etag } : {}) });
    if (r.status === 200) etag = r.etag;
    return r.status === 200 || r.status === 304;
  };
  const alone = await loop(half, 10, read);
  const [reads, lists] = await Promise.all([loop(half, MIXED_S, read), loop(half, MIXED_S, list)]);
  const p95 = (v: number[]) => percentile(v, 95);
  console.log(
    table([
      ['calls', 'count', 'p50', 'p95', 'errors'],
      ['gateway reads alone', alone.latencies.length, ms(percentile(alone.latencies, 50)), ms(p95(alone.latencies)), alone.errors],
      ['gateway reads, mixed', reads.latencies.length, ms(percentile(reads.latencies, 50)), ms(p95(reads.latencies)), reads.errors],
      ['fleet lists, mixed', lists.latencies.length, ms(percentile(lists.latencies, 50)), ms(p95(lists.latencies)), lists.errors],
    ]),
  );
  return [
    { figure: `mixed load (${MIXED_CLIENTS} clients, ${MIXED_S} s): errors`, value: String(reads.errors + lists.errors), goal: '0' },
    {
      figure: 'mixed load: gateway read p95 ÷ alone',
      value: `${(p95(reads.latencies) / p95(alone.latencies)).toFixed(2)}× (${ms(p95(alone.latencies))} → ${ms(p95(reads.latencies))})`,
      goal: '≤ 3×',
    },
  ];
}

/**
 * The fleet page in Debian's Chromium with 10,000 rows: the real list, its rows repeated under
 * new names until there are 10,000 (the lab cannot hold that many), served in place of
 * /api/v1/instances; everything else is the real Hangar. Frames are timed without vsync, so a
 * frame takes as long as its work does.
 */
async function browser(hangar: Hangar, api: Api): Promise<Figure[]> {
  const real = await api.json<FleetResponse>('GET', '/api/v1/instances');
  const instances = Array.from({ length: BROWSER_ROWS }, (_, i) => {
    const row = real.instances[i % real.instances.length];
    return { ...row, name: `${row.name}-x${i}` };
  });
  const body = JSON.stringify({ instances, errors: [] });
  const chromiumPath = process.env.HANGAR_CHROMIUM ?? '/usr/bin/chromium';
  const instance = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-gpu-vsync', '--disable-frame-rate-limit'],
  });
  try {
    const context = await instance.newContext({ viewport: { width: 1440, height: 900 } });
    const cookies = (await sessionCookie(hangar.url)).split('; ').map((pair) => {
      const eq = pair.indexOf('=');
      return { name: pair.slice(0, eq), value: pair.slice(eq + 1), url: hangar.url };
    });
    await context.addCookies(cookies);
    const page = await context.newPage();
    await page.route(/\/api\/v1\/instances(\?|$)/, (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
    const firstRows: number[] = [];
    for (let i = 0; i < 3; i++) {
      await page.goto(`${hangar.url}/instances`, { waitUntil: 'commit' });
      await page.locator('tbody tr[data-instance]').first().waitFor({ timeout: 30_000 });
      firstRows.push(await page.evaluate(() => performance.now()));
    }
    const rendered = await page.locator('tbody tr[data-instance]').count();
    const frames = await page.evaluate(async () => {
      const el = document.querySelector<HTMLElement>('[data-testid="fleet-scroll"]')!;
      const out: number[] = [];
      let last = performance.now();
      for (let i = 0; i < 300; i++) {
        el.scrollTop += 150;
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        out.push(now - last);
        last = now;
      }
      return out;
    });
    const sortStarted = Date.now();
    const firstName = await page.locator('tbody tr[data-instance]').first().getAttribute('data-instance');
    await page.getByRole('button', { name: 'Name' }).click();
    await page.waitForFunction((before) => document.querySelector('tbody tr[data-instance]')?.getAttribute('data-instance') !== before, firstName);
    const sortMs = Date.now() - sortStarted;
    console.log(
      `\nBrowser (${BROWSER_ROWS} rows, ${rendered} rendered at once): first row ${firstRows.map((v) => ms(v)).join(', ')}; ` +
        `scroll frames p50 ${ms(percentile(frames, 50))}, p95 ${ms(percentile(frames, 95))}; sort by name ${sortMs} ms`,
    );
    return [
      { figure: `browser, ${BROWSER_ROWS} rows: time to first row (median of 3 loads)`, value: ms(percentile(firstRows, 50)), goal: '≤ 1 s' },
      { figure: `browser, ${BROWSER_ROWS} rows: scroll frame p95`, value: ms(percentile(frames, 95)), goal: '≤ 16 ms' },
      { figure: `browser, ${BROWSER_ROWS} rows: re-sort`, value: `${sortMs} ms`, goal: '' },
    ];
  } finally {
    await instance.close();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
