/**
 * Gateway and fleet overhead, measured against talking to the daemon directly over mTLS from
 * the same process with the same client certificate Hangar stored.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { openDatabase } from '../server/db/database';
import { DaemonRegistry } from '../server/daemons/registry';
import { Secrets } from '../server/secrets';
import { Api, registerLab, startHangar } from '../tests/support/hangar';
import { cli, forceDelete, uniqueName } from '../tests/support/lab';
import { ms, percentile, runLoad, table } from './measure';

const INSTANCES = 20;

export async function main(): Promise<void> {
  const secret = crypto.randomBytes(24).toString('hex');
  const hangar = await startHangar({ env: { HANGAR_SECRET: secret } });
  const api = await Api.login(hangar.url);
  const daemons = await registerLab(api);
  const names = Array.from({ length: INSTANCES }, () => uniqueName('bench'));
  const db = await openDatabase({ dataDir: hangar.dataDir });
  const registry = new DaemonRegistry(db, new Secrets(secret));
  try {
    for (const n of names) cli('alpha', ['init', 'busybox', n]);
    const path = '/1.0/instances?recursion=1';
    const direct = registry.client(await registry.row(daemons.alpha.id));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
    const viaGateway = () =>
      new Promise<void>((resolve, reject) => {
        const req = http.request(
          `${hangar.url}/api/v1/daemons/${daemons.alpha.id}/lxd${path}`,
          { agent, headers: { authorization: `Bearer ${api.token}` } },
          (res) => {
            res.resume();
            res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`status ${res.statusCode}`))));
          },
        );
        req.on('error', reject);
        req.end();
      });
    const viaDirect = async () => {
      const r = await direct.request('GET', path);
      if (r.status !== 200) throw new Error(`status ${r.status}`);
    };

    console.log(`\nGateway: GET ${path} on alpha (LXD 5.0.2, ${INSTANCES}+ instances)`);
    const rows: (string | number)[][] = [['concurrency', 'path', 'median', 'p99', 'req/s', 'added median', 'throughput kept']];
    for (const [concurrency, total] of [
      [1, 400],
      [32, 3000],
    ]) {
      await runLoad(viaDirect, 50, concurrency);
      await runLoad(viaGateway, 50, concurrency);
      const d = await runLoad(viaDirect, total, concurrency);
      const g = await runLoad(viaGateway, total, concurrency);
      rows.push([concurrency, 'direct', ms(percentile(d.latenciesMs, 50)), ms(percentile(d.latenciesMs, 99)), d.perSecond.toFixed(0), '', '']);
      rows.push([
        concurrency,
        'gateway',
        ms(percentile(g.latenciesMs, 50)),
        ms(percentile(g.latenciesMs, 99)),
        g.perSecond.toFixed(0),
        ms(percentile(g.latenciesMs, 50) - percentile(d.latenciesMs, 50)),
        `${((g.perSecond / d.perSecond) * 100).toFixed(0)} %`,
      ]);
    }
    console.log(table(rows));

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
    agent.destroy();
  } finally {
    for (const n of names) forceDelete('alpha', n);
    registry.closeAll();
    await db.destroy();
    for (const d of Object.values(daemons)) await api.request('DELETE', `/api/v1/daemons/${d.id}`);
    await hangar.stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
