/**
 * Hangar's own API routes, measured on the built server: what a request costs in Hangar's process
 * (auth, route, answer) with no daemon call behind it. `health` is public and does nothing;
 * `me` authenticates; `instances` answers the fleet list from memory (200, and 304 for a client
 * that revalidates). Median at one client and requests per second at 32.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import { Api, startHangar } from '../tests/support/hangar';
import { ms, percentile, runInterleaved, runLoad, table, type Figure } from './measure';

export interface ApiFigures {
  rows: (string | number)[][];
  /** Median at c=1 per call, by label. */
  medians: Record<string, number>;
}

export async function main(): Promise<Figure[]> {
  const hangar = await startHangar({ env: { HANGAR_SECRET: crypto.randomBytes(24).toString('hex') } });
  try {
    const api = await Api.login(hangar.url);
    const figures = await measureApi(hangar.url, api.token!);
    console.log('\nHangar API routes (no daemon behind them): median at c=1, throughput at c=32');
    console.log(table(figures.rows));
    return Object.entries(figures.medians).map(([call, median]) => ({ figure: `Hangar API, ${call}, p50 at c=1`, value: ms(median), goal: '' }));
  } finally {
    await hangar.stop();
  }
}

export async function measureApi(base: string, token: string): Promise<ApiFigures> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const get = (path: string, headers: http.OutgoingHttpHeaders = {}, expect = 200) =>
    new Promise<void>((resolve, reject) => {
      const req = http.get(`${base}${path}`, { agent, headers }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === expect ? resolve() : reject(new Error(`${path}: status ${res.statusCode}`))));
      });
      req.on('error', reject);
    });
  const auth = { authorization: `Bearer ${token}` };
  const etag = await new Promise<string>((resolve, reject) => {
    http.get(`${base}/api/v1/instances`, { agent, headers: auth }, (res) => {
      res.resume();
      res.on('end', () => resolve(String(res.headers.etag)));
    }).on('error', reject);
  });
  const calls: [string, () => Promise<void>][] = [
    ['GET /api/v1/health', () => get('/api/v1/health')],
    ['GET /api/v1/me', () => get('/api/v1/me', auth)],
    ['GET /api/v1/instances', () => get('/api/v1/instances', { ...auth, 'accept-encoding': 'gzip' })],
    ['GET /api/v1/instances (304)', () => get('/api/v1/instances', { ...auth, 'if-none-match': etag }, 304)],
  ];
  const rows: (string | number)[][] = [['call', 'median c=1', 'p99 c=1', 'req/s c=32']];
  const medians: Record<string, number> = {};
  for (const [, call] of calls) await runLoad(call, 100, 4);
  const one = await runInterleaved(calls.map(([, c]) => c), 800, 1);
  const many = await runInterleaved(calls.map(([, c]) => c), 4000, 32);
  for (const [i, [label]] of calls.entries()) {
    medians[label] = percentile(one[i].latenciesMs, 50);
    rows.push([label, ms(medians[label]), ms(percentile(one[i].latenciesMs, 99)), many[i].perSecond.toFixed(0)]);
  }
  agent.destroy();
  return { rows, medians };
}

if (require.main === module) {
  main().then(() => undefined, (error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
