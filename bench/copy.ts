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
import { cli, forceDelete, lab, uniqueName } from '../tests/support/lab';
import { processUsage, table } from './measure';

const ROUNDS = 3;
const SIZES_MB = [20, 200];

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

async function throughHangar(api: Api, ids: { alpha: string; gamma: string }, pid: number, source: string, name: string) {
  const base = processUsage(pid).rssBytes;
  let peak = base;
  const started = performance.now();
  const { task } = await api.json<{ task: TaskView }>('POST', `/api/v1/daemons/${ids.alpha}/instances/${source}/copy`, {
    to: { daemon: ids.gamma, name },
  });
  for (;;) {
    peak = Math.max(peak, processUsage(pid).rssBytes);
    const now = await api.json<TaskView>('GET', `/api/v1/tasks/${task.id}`);
    if (now.state !== 'running' && now.state !== 'queued') {
      if (now.state !== 'done') throw new Error(`copy ${now.state}: ${now.error}`);
      return { ms: performance.now() - started, rssGrowth: peak - base, bytes: now.progress.bytes ?? 0 };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function main(): Promise<void> {
  const hangar = await startHangar();
  const api = await Api.login(hangar.url);
  const daemons = await registerLab(api, ['alpha', 'gamma']);
  const ids = { alpha: daemons.alpha.id, gamma: daemons.gamma.id };
  const made: [string, 'alpha' | 'gamma'][] = [];
  const rows: (string | number)[][] = [['instance', 'Hangar (median)', 'lxc export | incus import (median)', 'ratio', 'Hangar RSS growth (max)']];
  try {
    for (const mb of SIZES_MB) {
      const source = uniqueName('bench-cp');
      made.push([source, 'alpha']);
      cli('alpha', ['launch', 'busybox', source]);
      cli('alpha', ['exec', source, '--', 'sh', '-c', `dd if=/dev/urandom of=/root/data bs=1M count=${mb} 2>/dev/null`]);
      cli('alpha', ['stop', '--force', source]);
      const hangarMs: number[] = [];
      const handMs: number[] = [];
      let rss = 0;
      let bytes = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const viaHangar = uniqueName('bench-cph');
        made.push([viaHangar, 'gamma']);
        const r = await throughHangar(api, ids, hangar.pid, source, viaHangar);
        hangarMs.push(r.ms);
        rss = Math.max(rss, r.rssGrowth);
        bytes = r.bytes;
        forceDelete('gamma', viaHangar);
        const byHand = uniqueName('bench-cpm');
        made.push([byHand, 'gamma']);
        handMs.push(await handPipe(source, byHand));
        forceDelete('gamma', byHand);
      }
      const median = (v: number[]) => v.sort((x, y) => x - y)[Math.floor(v.length / 2)];
      const h = median(hangarMs);
      const m = median(handMs);
      rows.push([
        `${mb} MB of data (${(bytes / 1048576).toFixed(0)} MiB streamed)`,
        `${(h / 1000).toFixed(2)} s`,
        `${(m / 1000).toFixed(2)} s`,
        `${(h / m).toFixed(2)}×`,
        `${(rss / 1048576).toFixed(1)} MiB`,
      ]);
    }
    console.log(table(rows));
    console.log('Goal: Hangar ≤ 1.2× the hand-made pipe (Hangar also verifies the copy); RSS growth alike for both sizes.');
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
