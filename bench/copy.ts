/**
 * Instance copy through Hangar (a backup relayed from alpha into gamma, LXD → Incus) against the
 * hand-made pipe `lxc export | incus import` through a FIFO, both uncompressed, in alternating
 * rounds; and Hangar's RSS while it streams, for a small and a large instance, to show it does not
 * grow with the instance's size.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TaskView } from '@/lib/api-types';
import { Api, registerLab, startHangar } from '../tests/support/hangar';
import { labEnvironment } from '../scripts/lab-register';
import { cli, forceDelete, lab, uniqueName } from '../tests/support/lab';
import { SseClient } from '../tests/support/sse';
import { processUsage, table, treeCpuSeconds, type Figure } from './measure';

/** HANGAR_BENCH_COPY_ROUNDS and HANGAR_BENCH_COPY_MB (comma-separated sizes) narrow a run, e.g. for a profile. */
const ROUNDS = Number(process.env.HANGAR_BENCH_COPY_ROUNDS || 3);
const SIZES_MB = (process.env.HANGAR_BENCH_COPY_MB || '20,200').split(',').map(Number);

function run(cmd: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')}: ${err.slice(-300)}`))));
  });
}

async function handPipe(source: string, name: string): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-copy-'));
  const fifo = path.join(dir, 'backup.tar');
  execFileSync('mkfifo', [fifo]);
  const a = lab.daemons.alpha;
  const g = lab.daemons.gamma;
  const started = performance.now();
  try {
    await Promise.all([
      run('lxc', ['export', source, fifo, '--compression=none', '--optimized-storage=false'], { [a.dirVar]: a.dir }),
      run('incus', ['import', fifo, name], { [g.dirVar]: g.dir }),
    ]);
    return performance.now() - started;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One copy through Hangar's figures: wall time, Hangar's CPU and RSS growth, the daemons' CPU, and each stage's time. */
interface HangarRun {
  ms: number;
  cpuS: number;
  daemonsCpuS: number;
  rssGrowth: number;
  bytes: number;
  method: string;
  /** Stage → milliseconds, from the task events (a stage change is always sent). */
  stages: Map<string, number>;
}

/**
 * One copy through Hangar, timed from the request to the task's end as sent on the events stream
 * (polling the task would itself load the Hangar being measured); RSS sampled from /proc beside it.
 */
async function throughHangar(api: Api, url: string, ids: { alpha: string; gamma: string }, pid: number, source: string, name: string): Promise<HangarRun> {
  const base = processUsage(pid);
  let peak = base.rssBytes;
  const sampler = setInterval(() => (peak = Math.max(peak, processUsage(pid).rssBytes)), 100);
  const events = await SseClient.open(`${url}/api/v1/events`, { authorization: `Bearer ${api.token}` });
  try {
    const daemonsBefore = daemonsCpu();
    const startedAt = performance.timeOrigin + performance.now();
    const started = performance.now();
    const { task } = await api.json<{ task: TaskView }>('POST', `/api/v1/daemons/${ids.alpha}/instances/${source}/copy`, {
      to: { daemon: ids.gamma, name },
    });
    const ended = await events.waitFor(
      (m) => m.event === 'task' && ((t: TaskView) => t.id === task.id && t.state !== 'running' && t.state !== 'queued')(JSON.parse(m.data) as TaskView),
      600_000,
      `the end of task ${task.id}`,
    );
    const ms = performance.now() - started;
    const cpuS = processUsage(pid).cpuSeconds - base.cpuSeconds;
    const daemonsCpuS = daemonsCpu() - daemonsBefore;
    const now = JSON.parse(ended.data) as TaskView;
    if (now.state !== 'done') throw new Error(`copy ${now.state}: ${now.error}`);
    const stages = new Map<string, number>();
    let stage = 'request';
    let since = startedAt;
    for (const m of events.messages) {
      if (m.event !== 'task') continue;
      const t = JSON.parse(m.data) as TaskView;
      if (t.id !== task.id || t.progress.stage === stage) continue;
      stages.set(stage, (stages.get(stage) ?? 0) + m.receivedAt - since);
      stage = t.progress.stage;
      since = m.receivedAt;
    }
    return { ms, cpuS, daemonsCpuS, rssGrowth: peak - base.rssBytes, bytes: now.progress.bytes ?? 0, method: String(now.result?.method ?? ''), stages };
  } finally {
    clearInterval(sampler);
    events.close();
  }
}

/** CPU seconds used so far by alpha and gamma (each with its children: rsync, tar…). */
let labDir: string | undefined;
function daemonsCpu(): number {
  labDir ??= labEnvironment().HANGAR_LAB_DIR;
  return ['alpha', 'gamma'].reduce((sum, name) => sum + treeCpuSeconds(Number(fs.readFileSync(`${labDir}/${name}.pid`, 'utf8').trim())), 0);
}

const median = (v: number[]) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)];
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const load = () => os.loadavg()[0];

export async function main(): Promise<Figure[]> {
  const hangar = await startHangar();
  const api = await Api.login(hangar.url);
  const daemons = await registerLab(api, ['alpha', 'gamma']);
  const ids = { alpha: daemons.alpha.id, gamma: daemons.gamma.id };
  const made: [string, 'alpha' | 'gamma'][] = [];
  const rows: (string | number)[][] = [
    ['instance', 'Hangar (median)', 'hand pipe (median)', 'ratio', 'Hangar CPU', 'daemons CPU: Hangar / hand', 'Hangar RSS growth (max)', 'load (1 min)'],
  ];
  const stageRows: (string | number)[][] = [];
  const figures: Figure[] = [];
  try {
    for (const mb of SIZES_MB) {
      const source = uniqueName('bench-cp');
      made.push([source, 'alpha']);
      cli('alpha', ['launch', 'busybox', source]);
      cli('alpha', ['exec', source, '--', 'sh', '-c', `dd if=/dev/urandom of=/root/data bs=1M count=${mb} 2>/dev/null`]);
      cli('alpha', ['stop', '--force', source]);
      const runs: HangarRun[] = [];
      const handMs: number[] = [];
      const handDaemonsCpu: number[] = [];
      const loads: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        loads.push(load());
        const viaHangar = uniqueName('bench-cph');
        made.push([viaHangar, 'gamma']);
        runs.push(await throughHangar(api, hangar.url, ids, hangar.pid, source, viaHangar));
        forceDelete('gamma', viaHangar);
        const byHand = uniqueName('bench-cpm');
        made.push([byHand, 'gamma']);
        const before = daemonsCpu();
        handMs.push(await handPipe(source, byHand));
        handDaemonsCpu.push(daemonsCpu() - before);
        forceDelete('gamma', byHand);
      }
      const h = median(runs.map((r) => r.ms));
      const m = median(handMs);
      const bytes = runs[0].bytes;
      const loadText = `${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`;
      rows.push([
        `${mb} MB of data (${(bytes / 1048576).toFixed(0)} MiB streamed)`,
        seconds(h),
        seconds(m),
        `${(h / m).toFixed(2)}× (each round: ${runs.map((r, i) => (r.ms / handMs[i]).toFixed(2)).join(', ')})`,
        `${median(runs.map((r) => r.cpuS)).toFixed(2)} s`,
        `${median(runs.map((r) => r.daemonsCpuS)).toFixed(2)} s / ${median(handDaemonsCpu).toFixed(2)} s`,
        `${(Math.max(...runs.map((r) => r.rssGrowth)) / 1048576).toFixed(1)} MiB`,
        loadText,
      ]);
      const stages = [...new Set(runs.flatMap((r) => [...r.stages.keys()]))];
      stageRows.push([`${mb} MB`, ...stages.map((st) => `${st} ${seconds(median(runs.map((r) => r.stages.get(st) ?? 0)))}`)]);
      figures.push(
        { figure: `copy alpha → gamma, ${mb} MB: Hangar ÷ lxc export | incus import (load ${loadText})`, value: `${(h / m).toFixed(2)}×`, goal: '≤ 1.2×' },
        { figure: `copy alpha → gamma, ${mb} MB: Hangar's CPU time`, value: `${median(runs.map((r) => r.cpuS)).toFixed(2)} s`, goal: '' },
      );
    }
    console.log(table(rows));
    console.log('Stages of the copy through Hangar (median of the rounds, from the task events; "request" is the POST up to the first event):');
    for (const r of stageRows) console.log(`  ${r.join(' · ')}`);
    console.log('Goal: Hangar ≤ 1.2× the hand-made pipe (Hangar also verifies the copy); RSS growth alike for both sizes.');
    console.log('The hand pipe talks to both daemons over their unix sockets; Hangar over HTTPS (mTLS) to both, as it does to any daemon.');
    return figures;
  } finally {
    for (const [name, daemon] of made) forceDelete(daemon, name);
    for (const d of await api.json<{ id: string }[]>('GET', '/api/v1/daemons')) await api.request('DELETE', `/api/v1/daemons/${d.id}`);
    await hangar.stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
