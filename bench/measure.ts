/** Small load helpers shared by the bench scripts. */
import fs from 'node:fs';

/** One measured figure next to its goal, for the summary `npm run bench` ends with. */
export interface Figure {
  figure: string;
  value: string;
  goal: string;
}

export interface LoadResult {
  latenciesMs: number[];
  elapsedMs: number;
  perSecond: number;
}

export async function runLoad(task: () => Promise<void>, total: number, concurrency: number): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        next++;
        const t = performance.now();
        await task();
        latenciesMs.push(performance.now() - t);
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  return { latenciesMs, elapsedMs, perSecond: (total / elapsedMs) * 1000 };
}

/**
 * Runs several ways of doing the same call in alternating rounds, so that whatever else the
 * machine does meanwhile falls on all of them alike; returns one merged result per way.
 */
export async function runInterleaved(tasks: (() => Promise<void>)[], total: number, concurrency: number, rounds = 8): Promise<LoadResult[]> {
  const merged = tasks.map(() => ({ latenciesMs: [] as number[], elapsedMs: 0, perSecond: 0 }));
  const perRound = Math.ceil(total / rounds);
  for (let round = 0; round < rounds; round++) {
    for (const [i, task] of tasks.entries()) {
      const r = await runLoad(task, perRound, concurrency);
      merged[i].latenciesMs.push(...r.latenciesMs);
      merged[i].elapsedMs += r.elapsedMs;
    }
  }
  for (const m of merged) m.perSecond = (m.latenciesMs.length / m.elapsedMs) * 1000;
  return merged;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const ms = (v: number) => `${v.toFixed(2)} ms`;

export function table(rows: (string | number)[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows.map((r) => r.map((cell, c) => String(cell).padEnd(widths[c])).join('  ')).join('\n');
}

/** Resident memory and CPU time used so far by a process (Linux /proc). */
export function processUsage(pid: number): { rssBytes: number; cpuSeconds: number } {
  const rss = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  // Fields after the command name; utime and stime are the 14th and 15th of the whole line.
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return { rssBytes: Number(rss?.[1] ?? 0) * 1024, cpuSeconds: ticks / CLOCK_TICKS };
}

/** Linux reports CPU time in clock ticks of 1/100 s on every architecture Node runs on. */
const CLOCK_TICKS = 100;

/**
 * CPU time used so far by a process and its children: its own, its waited-for children's
 * (cutime, cstime) and that of its descendants still running.
 */
export function treeCpuSeconds(pid: number): number {
  const stat = (p: number) => {
    try {
      const text = fs.readFileSync(`/proc/${p}/stat`, 'utf8');
      return text.slice(text.lastIndexOf(') ') + 2).split(' ');
    } catch {
      return undefined;
    }
  };
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = stat(Number(entry));
    if (!fields) continue;
    const parent = Number(fields[1]);
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  let ticks = 0;
  const visit = (p: number, root: boolean) => {
    const fields = stat(p);
    if (!fields) return;
    ticks += Number(fields[11]) + Number(fields[12]) + (root ? Number(fields[13]) + Number(fields[14]) : 0);
    for (const child of children.get(p) ?? []) visit(child, false);
  };
  visit(pid, true);
  return ticks / CLOCK_TICKS;
}
