/**
 * Gateway and fleet overhead, measured against talking to the daemon directly over mTLS from
 * the same process with the same client certificate Hangar stored.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../server/db/database';
import { DaemonRegistry } from '../server/daemons/registry';
import { Secrets } from '../server/secrets';
import { Api, freePort, registerLab, sessionCookie, startHangar, userWithRole } from '../tests/support/hangar';
import { cli, forceDelete, uniqueName } from '../tests/support/lab';
import { ms, percentile, processUsage, runInterleaved, runLoad, table, type Figure } from './measure';

const INSTANCES = 20;
/** A second server bundle in `.hangar/` to compare this build's CPU per call with (HANGAR_BENCH_COMPARE_SERVER=server-main.cjs). */
const COMPARE = process.env.HANGAR_BENCH_COMPARE_SERVER;

export async function main(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const secret = crypto.randomBytes(24).toString('hex');
  const hangar = await startHangar({ env: { HANGAR_SECRET: secret } });
  const api = await Api.login(hangar.url);
  const daemons = await registerLab(api);
  const names = Array.from({ length: INSTANCES }, () => uniqueName('bench'));
  const db = await openDatabase({ dataDir: hangar.dataDir });
  const registry = new DaemonRegistry(db, new Secrets(secret));
  let stopBare = () => {};
  try {
    for (const n of names) cli('alpha', ['init', 'busybox', n]);
    const lxdPath = '/1.0/instances?recursion=1';
    const direct = registry.client(await registry.row(daemons.alpha.id));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    const get = (url: string, headers: http.OutgoingHttpHeaders = {}) =>
      new Promise<void>((resolve, reject) => {
        const req = http.request(url, { agent, headers }, (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
        });
        req.on('error', reject);
        req.end();
      });
    const viaGateway = () => get(`${hangar.url}/api/v1/daemons/${daemons.alpha.id}/lxd${lxdPath}`, { authorization: `Bearer ${api.token}` });
    // A viewer's reply is read whole and its secret config values hidden before it is sent.
    const viewer = await userWithRole(api, 'viewer', 'bench-viewer');
    const viaGatewayViewer = () => get(`${hangar.url}/api/v1/daemons/${daemons.alpha.id}/lxd${lxdPath}`, { authorization: `Bearer ${viewer.token}` });
    const barePort = await freePort();
    const bare = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'lib/bare-proxy.ts')], {
      env: { ...process.env, BARE_DATA_DIR: hangar.dataDir, BARE_SECRET: secret, BARE_DAEMON: daemons.alpha.id, BARE_PORT: String(barePort) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    stopBare = () => bare.kill();
    await new Promise<void>((resolve, reject) => {
      bare.stdout!.on('data', (chunk: Buffer) => String(chunk).includes('ready') && resolve());
      bare.on('exit', (code) => reject(new Error(`the bare proxy exited (${code})`)));
    });
    const viaBare = () => get(`http://127.0.0.1:${barePort}${lxdPath}`);
    const viaDirect = async () => {
      const r = await direct.request('GET', lxdPath);
      if (r.status !== 200) throw new Error(`status ${r.status}`);
    };

    console.log(`\nGateway: GET ${lxdPath} on alpha (LXD 5.0.2, ${INSTANCES}+ instances)`);
    const rows: (string | number)[][] = [['concurrency', 'path', 'median', 'p99', 'req/s', 'added median', 'throughput kept']];
    const paths: [string, () => Promise<void>][] = [
      ['direct', viaDirect],
      ['bare proxy', viaBare],
      ['gateway', viaGateway],
      ['gateway, viewer', viaGatewayViewer],
    ];
    const overBare: string[] = [];
    for (const [concurrency, total] of [
      [1, 400],
      [32, 3000],
    ]) {
      for (const [, call] of paths) await runLoad(call, 50, concurrency);
      const measured = await runInterleaved(paths.map(([, call]) => call), total, concurrency);
      const results = measured.map((r, i) => ({ label: paths[i][0], r }));
      const [d, bareResult, g] = measured;
      for (const { label, r } of results) {
        const first = r === d;
        rows.push([
          concurrency,
          label,
          ms(percentile(r.latenciesMs, 50)),
          ms(percentile(r.latenciesMs, 99)),
          r.perSecond.toFixed(0),
          first ? '' : ms(percentile(r.latenciesMs, 50) - percentile(d.latenciesMs, 50)),
          first ? '' : `${((r.perSecond / d.perSecond) * 100).toFixed(0)} %`,
        ]);
      }
      const added = percentile(g.latenciesMs, 50) - percentile(bareResult.latenciesMs, 50);
      overBare.push(`c=${concurrency}: ${ms(added)}`);
      if (concurrency === 1) figures.push({ figure: 'gateway over a bare proxy, p50 at c=1', value: ms(added), goal: '≤ 0.3 ms' });
      else {
        const kept = (n: number) => `${((n / d.perSecond) * 100).toFixed(0)} %`;
        figures.push({
          figure: `gateway throughput ÷ direct at c=${concurrency}`,
          value: `${kept(g.perSecond)} (bare proxy ${kept(bareResult.perSecond)})`,
          goal: '≥ 95 %',
        });
      }
    }
    console.log(table(rows));
    console.log(`The bare proxy is the floor of any extra hop here (lib/bare-proxy.ts). Hangar over it, median: ${overBare.join(', ')}`);

    // CPU time per request of the process answering it: steadier than wall time on a shared machine.
    const cpuPerCall = async (call: () => Promise<void>, pid: number, calls = 1500) => {
      const before = processUsage(pid).cpuSeconds;
      await runLoad(call, calls, 8);
      return ((processUsage(pid).cpuSeconds - before) / calls) * 1e6;
    };
    const cpuBare = await cpuPerCall(viaBare, bare.pid!);
    const cpuGateway = await cpuPerCall(viaGateway, hangar.pid);
    const cpuViewer = await cpuPerCall(viaGatewayViewer, hangar.pid);
    // The console's own calls carry the session cookie (next-auth's encrypted JWT), not a token.
    // Signed in last: the login is Next's, and what Next starts in the process must not change the figures above.
    const cookie = await sessionCookie(hangar.url);
    const viaGatewaySession = () => get(`${hangar.url}/api/v1/daemons/${daemons.alpha.id}/lxd${lxdPath}`, { cookie });
    await runLoad(viaGatewaySession, 50, 8);
    const cpuSession = await cpuPerCall(viaGatewaySession, hangar.pid);
    // The token again, now that Next has served a request in the process (as it always has in use).
    const cpuGatewayAgain = await cpuPerCall(viaGateway, hangar.pid);
    const us = (v: number) => `${v.toFixed(0)} µs`;
    console.log(
      `CPU per call (1,500 calls at c=8, the answering process; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}): bare proxy ${us(cpuBare)}, ` +
        `gateway ${us(cpuGateway)} (+${us(cpuGateway - cpuBare)}), gateway for a viewer ${us(cpuViewer)}, gateway with a session cookie ${us(cpuSession)} ` +
        `(the token again after that: ${us(cpuGatewayAgain)})`,
    );
    if (COMPARE) {
      // Another build (e.g. main's `.hangar/server.cjs` copied to `.hangar/<name>`) beside this one,
      // measured in alternating rounds: on a shared machine, runs minutes apart differ by more than builds do.
      const other = await startHangar({ env: { HANGAR_SECRET: secret }, server: COMPARE });
      try {
        const otherApi = await Api.login(other.url);
        const otherDaemon = (await registerLab(otherApi, ['alpha'])).alpha.id;
        const otherViewer = await userWithRole(otherApi, 'viewer', 'bench-viewer');
        const otherCookie = await sessionCookie(other.url);
        const at = (base: string, daemon: string, headers: http.OutgoingHttpHeaders) => () => get(`${base}/api/v1/daemons/${daemon}/lxd${lxdPath}`, headers);
        const pairs: [string, [() => Promise<void>, number], [() => Promise<void>, number]][] = [
          ['token (admin)', [viaGateway, hangar.pid], [at(other.url, otherDaemon, { authorization: `Bearer ${otherApi.token}` }), other.pid]],
          ['token (viewer)', [viaGatewayViewer, hangar.pid], [at(other.url, otherDaemon, { authorization: `Bearer ${otherViewer.token}` }), other.pid]],
          ['session cookie (admin)', [viaGatewaySession, hangar.pid], [at(other.url, otherDaemon, { cookie: otherCookie }), other.pid]],
        ];
        const rounds = 6;
        const perRound = 400;
        const rows: (string | number)[][] = [['CPU per call', 'this build', COMPARE, 'this ÷ that']];
        for (const [label, mine, theirs] of pairs) {
          let a = 0;
          let b = 0;
          // The other process has answered little so far: its JIT would be counted against it.
          await runLoad(theirs[0], 1500, 8);
          for (let round = 0; round < rounds; round++) {
            // Which goes first alternates too.
            const [first, second] = round % 2 === 0 ? [mine, theirs] : [theirs, mine];
            const x = await cpuPerCall(first[0], first[1], perRound);
            const y = await cpuPerCall(second[0], second[1], perRound);
            if (first === mine) [a, b] = [a + x, b + y];
            else [a, b] = [a + y, b + x];
          }
          rows.push([label, us(a / rounds), us(b / rounds), `${((a / b) * 100).toFixed(0)} %`]);
        }
        console.log(`\nThis build against ${COMPARE}, ${rounds} alternating rounds of ${perRound} calls at c=8 (load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}):`);
        console.log(table(rows));
        await otherApi.request('DELETE', `/api/v1/daemons/${otherDaemon}`);
      } finally {
        await other.stop();
      }
    }
    figures.push({
      figure: 'gateway CPU per call over the bare proxy',
      value: `+${us(cpuGateway - cpuBare)} (${us(cpuGateway)} vs ${us(cpuBare)}; viewer ${us(cpuViewer)}; session cookie ${us(cpuSession)})`,
      goal: '',
    });

    // HANGAR_BENCH_GATEWAY_FLEET=0 leaves this out (bench/fleet.ts measures the fleet list at scale).
    if (process.env.HANGAR_BENCH_GATEWAY_FLEET !== '0') {
      console.log('\nFleet: GET /api/v1/instances (3 daemons, all projects) against the slowest single daemon direct');
      const fleetPath = '/1.0/instances?recursion=2&all-projects=true';
      const singles: [string, number][] = [];
      for (const name of ['alpha', 'beta', 'gamma'] as const) {
        const client = registry.client(await registry.row(daemons[name].id));
        await runLoad(async () => void (await client.request('GET', fleetPath)), 5, 1);
        const r = await runLoad(async () => void (await client.request('GET', fleetPath)), 40, 1);
        singles.push([name, percentile(r.latenciesMs, 50)]);
      }
      await runLoad(async () => void (await api.request('GET', '/api/v1/instances')).text(), 5, 1);
      const fleet = await runLoad(async () => void (await api.request('GET', '/api/v1/instances')).text(), 40, 1);
      const slowest = Math.max(...singles.map(([, v]) => v));
      const fleetMedian = percentile(fleet.latenciesMs, 50);
      console.log(
        table([
          ['call', 'median'],
          ...singles.map(([n, v]) => [`${n} direct`, ms(v)]),
          ['fleet via Hangar', ms(fleetMedian)],
          ['ratio to slowest', `${(fleetMedian / slowest).toFixed(2)}×`],
        ]),
      );
    }
    agent.destroy();
  } finally {
    stopBare();
    for (const n of names) forceDelete('alpha', n);
    registry.closeAll();
    await db.destroy();
    for (const d of Object.values(daemons)) await api.request('DELETE', `/api/v1/daemons/${d.id}`);
    await hangar.stop();
  }
  return figures;
}

if (require.main === module) {
  main().then(() => undefined, (error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
