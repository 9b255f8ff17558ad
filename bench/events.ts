/**
 * Live events, measured: how long a daemon's event takes to reach a browser's SSE stream, and the
 * server's memory and CPU with 50 browsers subscribed while events flow. The fleet at scale is
 * bench/fleet.ts.
 */
import crypto from 'node:crypto';
import type { LiveEvent } from '@/lib/live';
import { DaemonRegistry } from '../server/daemons/registry';
import { openDatabase } from '../server/db/database';
import type { LxdClient } from '../server/lxd/client';
import { Secrets } from '../server/secrets';
import { Api, registerLab, startHangar, type Hangar } from '../tests/support/hangar';
import { cli, forceDelete, uniqueName, type LabDaemon } from '../tests/support/lab';
import { SseClient } from '../tests/support/sse';
import { ms, percentile, processUsage, table } from './measure';

const LAB: LabDaemon[] = ['alpha', 'beta', 'gamma'];
const TOGGLED_PER_DAEMON = 2;
const LATENCY_ROUNDS = 25;
const SUBSCRIBERS = 50;
const LOAD_SECONDS = 20;

interface Toggled {
  daemon: LabDaemon;
  name: string;
  client: LxdClient;
}

interface BenchHangar {
  hangar: Hangar;
  api: Api;
  clientOf: (daemon: LabDaemon) => Promise<LxdClient>;
}

/** A built Hangar with the lab registered, and this process's own client to each daemon for comparison. */
async function withHangar(env: Record<string, string>, run: (bench: BenchHangar) => Promise<void>): Promise<void> {
  const secret = crypto.randomBytes(24).toString('hex');
  const hangar = await startHangar({ env: { HANGAR_SECRET: secret, ...env } });
  const api = await Api.login(hangar.url);
  const daemons = await registerLab(api);
  const db = await openDatabase({ dataDir: hangar.dataDir });
  const registry = new DaemonRegistry(db, new Secrets(secret));
  try {
    await run({ hangar, api, clientOf: async (d) => registry.client(await registry.row(daemons[d].id)) });
  } finally {
    registry.closeAll();
    await db.destroy();
    for (const d of Object.values(daemons)) await api.request('DELETE', `/api/v1/daemons/${d.id}`);
    await hangar.stop();
  }
}

export async function main(): Promise<void> {
  await withHangar({}, async ({ hangar, api, clientOf }) => {
    const toggled: Toggled[] = [];
    try {
      for (const daemon of LAB) {
        for (let i = 0; i < TOGGLED_PER_DAEMON; i++) {
          const name = uniqueName('bench-ev');
          cli(daemon, ['launch', 'busybox', name]);
          toggled.push({ daemon, name, client: await clientOf(daemon) });
        }
      }
      await eventLatency(hangar, api, toggled);
      await subscribedLoad(hangar, api, toggled);
    } finally {
      for (const t of toggled) forceDelete(t.daemon, t.name);
    }
  });
}

/** Freezes and unfreezes each instance in turn; every change is two lifecycle events and their operations. */
async function toggleRounds(toggled: Toggled[], rounds: number, pauseMs: number): Promise<number> {
  let changes = 0;
  for (let round = 0; round < rounds; round++) {
    for (const action of ['freeze', 'unfreeze'] as const) {
      await Promise.all(
        toggled.map((t) => t.client.run('PUT', `/1.0/instances/${t.name}/state`, { action, timeout: 30 }).then(() => changes++)),
      );
      await new Promise((r) => setTimeout(r, pauseMs));
    }
  }
  return changes;
}

/** From the daemon's timestamp on an event to the moment the SSE client has parsed it. */
function latencies(stream: SseClient, names: Set<string>, type: LiveEvent['type']): number[] {
  return stream.messages
    .filter((m) => m.event === 'message')
    .map((m) => ({ m, e: JSON.parse(m.data) as LiveEvent }))
    .filter(({ e }) => e.type === type && e.instance !== undefined && names.has(e.instance) && !e.resync)
    .map(({ m, e }) => m.receivedAt - Date.parse(e.timestamp));
}

/** From the daemon's timestamp on a lifecycle event to the parsed `instance` message with the row it changed. */
function rowLatencies(stream: SseClient, names: Set<string>): number[] {
  const lastEvent = new Map<string, number>();
  const out: number[] = [];
  for (const m of stream.messages) {
    const parsed = JSON.parse(m.data) as { instance?: string; type?: string; timestamp?: string; resync?: boolean };
    if (!parsed.instance || !names.has(parsed.instance) || parsed.resync) continue;
    if (m.event === 'message' && parsed.type === 'lifecycle') lastEvent.set(parsed.instance, Date.parse(parsed.timestamp!));
    else if (m.event === 'instance' && lastEvent.has(parsed.instance)) out.push(m.receivedAt - lastEvent.get(parsed.instance)!);
  }
  return out;
}

function latencyRow(label: string, values: number[]): (string | number)[] {
  return [label, values.length, ms(percentile(values, 50)), ms(percentile(values, 95)), ms(percentile(values, 99)), ms(Math.max(...values))];
}

async function openStreams(hangar: Hangar, api: Api, count: number): Promise<SseClient[]> {
  const streams = await Promise.all(
    Array.from({ length: count }, () => SseClient.open(`${hangar.url}/api/v1/events`, { authorization: `Bearer ${api.token}` })),
  );
  await Promise.all(
    streams.map((s) =>
      s.waitFor((m) => m.event === 'status' && JSON.parse(m.data).daemons.every((d: { state: string }) => d.state === 'connected'), 30_000),
    ),
  );
  return streams;
}

async function eventLatency(hangar: Hangar, api: Api, toggled: Toggled[]): Promise<void> {
  const [stream] = await openStreams(hangar, api, 1);
  await toggleRounds(toggled, LATENCY_ROUNDS, 100);
  await new Promise((r) => setTimeout(r, 1000));
  stream.close();
  console.log(`\nEvent latency: daemon event timestamp → parsed SSE message (one browser, ${toggled.length} instances frozen and unfrozen ${LATENCY_ROUNDS}×)`);
  const rows: (string | number)[][] = [['events', 'count', 'p50', 'p95', 'p99', 'max']];
  for (const daemon of LAB) {
    const names = new Set(toggled.filter((t) => t.daemon === daemon).map((t) => t.name));
    rows.push(latencyRow(`${daemon} lifecycle (with the row)`, latencies(stream, names, 'lifecycle')));
  }
  const all = new Set(toggled.map((t) => t.name));
  rows.push(latencyRow('all lifecycle', latencies(stream, all, 'lifecycle')));
  rows.push(latencyRow('all operations', latencies(stream, all, 'operation')));
  rows.push(latencyRow('the fresh row that follows (event: instance)', rowLatencies(stream, all)));
  console.log(table(rows));
}

async function subscribedLoad(hangar: Hangar, api: Api, toggled: Toggled[]): Promise<void> {
  const sample = async (seconds: number) => {
    const before = processUsage(hangar.pid);
    const started = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const after = processUsage(hangar.pid);
    return { rss: after.rssBytes, cpu: (after.cpuSeconds - before.cpuSeconds) / ((performance.now() - started) / 1000) };
  };
  const idle = await sample(5);
  const streams = await openStreams(hangar, api, SUBSCRIBERS);
  const subscribedIdle = await sample(5);

  const before = processUsage(hangar.pid);
  const started = performance.now();
  let changes = 0;
  while (performance.now() - started < LOAD_SECONDS * 1000) changes += await toggleRounds(toggled, 1, 50);
  await new Promise((r) => setTimeout(r, 1000));
  const seconds = (performance.now() - started) / 1000;
  const after = processUsage(hangar.pid);
  for (const s of streams) s.close();

  const names = new Set(toggled.map((t) => t.name));
  const delivered = streams.map((s) => latencies(s, names, 'lifecycle').length);
  // The same message (same id) in every stream: how far apart the first and last browser got it.
  const arrivals = new Map<string, number[]>();
  for (const stream of streams) {
    for (const m of stream.messages) if (m.id) arrivals.set(m.id, [...(arrivals.get(m.id) ?? []), m.receivedAt]);
  }
  const spread = [...arrivals.values()].filter((t) => t.length === streams.length).map((t) => Math.max(...t) - Math.min(...t));
  const latency = streams.flatMap((s) => latencies(s, names, 'lifecycle'));
  const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  const pct = (share: number) => `${(share * 100).toFixed(1)} %`;
  console.log(`\nServer with ${SUBSCRIBERS} browsers subscribed (${changes} state changes in ${seconds.toFixed(0)} s on ${toggled.length} instances)`);
  console.log(
    table([
      ['phase', 'RSS', 'CPU (one core = 100 %)'],
      ['no subscribers, idle', mb(idle.rss), pct(idle.cpu)],
      [`${SUBSCRIBERS} subscribers, idle`, mb(subscribedIdle.rss), pct(subscribedIdle.cpu)],
      [`${SUBSCRIBERS} subscribers, events flowing`, mb(after.rssBytes), pct((after.cpuSeconds - before.cpuSeconds) / seconds)],
    ]),
  );
  console.log(
    table([
      ['delivery', 'value'],
      ['lifecycle events per browser (min / max)', `${Math.min(...delivered)} / ${Math.max(...delivered)}`],
      ['latency p50 / p95 across all browsers', `${ms(percentile(latency, 50))} / ${ms(percentile(latency, 95))}`],
      ['first to last browser for one message, p50 / p95', `${ms(percentile(spread, 50))} / ${ms(percentile(spread, 95))}`],
    ]),
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
