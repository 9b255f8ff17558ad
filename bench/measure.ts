/** Small load helpers shared by the bench scripts. */

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

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const ms = (v: number) => `${v.toFixed(2)} ms`;

export function table(rows: (string | number)[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => String(r[c]).length)));
  return rows.map((r) => r.map((cell, c) => String(cell).padEnd(widths[c])).join('  ')).join('\n');
}
