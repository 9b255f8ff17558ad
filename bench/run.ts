/**
 * `npm run bench`: every benchmark, one after another, against a built Hangar and the lab; then
 * the figures they returned, each next to its goal, in one table (the README keeps a copy).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { table, type Figure } from './measure';

/**
 * Issue #16's figures, in the order the summary shows them; a figure no bench returned is shown as
 * "not measured". The browser figures (the fleet page with 10,000 rows) come from bench/browser.ts.
 */
const ISSUE_16: { match: RegExp; figure: string; goal: string }[] = [
  { match: /^fleet list via Hangar, p50/, figure: 'fleet list via Hangar, p50', goal: '≤ 50 ms' },
  { match: /^Hangar faster than the slowest daemon/, figure: 'Hangar faster than the slowest daemon', goal: '≥ 10×' },
  { match: /^daemons CPU, 50 watchers/, figure: 'daemons CPU, 50 watchers ÷ 1', goal: '≤ 1.5×' },
  { match: /^list p50, 50 watchers/, figure: 'list p50, 50 watchers ÷ 1', goal: '≤ 2×' },
  { match: /^freshness, CLI change → list/, figure: 'freshness, CLI change → list, p95', goal: '≤ 1 s' },
  { match: /^freshness, CLI change → open stream/, figure: 'freshness, CLI change → open stream row, p95', goal: '≤ 1 s' },
  { match: /^browser, .* time to first row/, figure: 'browser, 10,000 rows: time to first row', goal: '≤ 1 s' },
  { match: /^browser, .* scroll frame p95/, figure: 'browser, 10,000 rows: scroll frame p95', goal: '≤ 16 ms' },
  { match: /^browser, .* CLI change → open table row/, figure: 'browser, 10,000 rows: CLI change → open table row, p95', goal: '≤ 1 s' },
  { match: /^mixed load \(/, figure: 'mixed load, 200 clients: errors', goal: '0' },
  { match: /^mixed load: gateway read p95/, figure: 'mixed load: gateway read p95 ÷ alone', goal: '≤ 3×' },
  { match: /^gateway over a bare proxy/, figure: 'gateway over a bare proxy, p50 at c=1', goal: '≤ 0.3 ms' },
  { match: /^gateway throughput ÷ direct/, figure: 'gateway throughput ÷ direct at c=32', goal: '≥ 95 %' },
];

/**
 * A bench that awaits something nothing will settle, with no timer, socket or child left, would
 * end the whole run silently with status 0 (node exits when its event loop is empty): it is
 * failed instead, and the next bench runs.
 */
let stalled: ((error: Error) => void) | undefined;
process.on('beforeExit', () => stalled?.(new Error('it stopped without finishing: it awaited something nothing was left to settle')));

function settled<T>(work: Promise<T>): Promise<T> {
  return Promise.race([work, new Promise<never>((_, reject) => (stalled = reject))]).finally(() => (stalled = undefined));
}

async function run(): Promise<void> {
  const files = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && !['run.ts', 'measure.ts'].includes(f))
    .sort();
  const figures: Figure[] = [];
  const failed: string[] = [];
  const load = () => os.loadavg().map((v) => v.toFixed(1)).join(' ');
  for (const file of files) {
    console.log(`\n##### ${file} (load average ${load()})`);
    // One bench that fails is reported, and the others still run: the table prints in any case.
    try {
      const mod = (await import(path.join(__dirname, file))) as { main?: () => Promise<Figure[] | void> };
      if (typeof mod.main !== 'function') throw new Error(`${file} exports no main()`);
      const found = (await settled(mod.main())) ?? [];
      for (const f of found) f.value = `${f.value} [load ${os.loadavg()[0].toFixed(1)}]`;
      figures.push(...found);
    } catch (error) {
      console.error(`##### ${file} failed:`, error);
      failed.push(file);
    }
  }
  const rows = ISSUE_16.map(({ match, figure, goal }) => {
    const found = figures.find((f) => match.test(f.figure));
    return [found?.figure ?? figure, found?.value ?? 'not measured', goal];
  });
  console.log('\n##### Issue #16, fleet at scale: every figure next to its goal');
  console.log(table([['figure', 'value', 'goal'], ...rows]));
  const others = figures.filter((f) => !ISSUE_16.some(({ match }) => match.test(f.figure)));
  if (others.length > 0) {
    console.log('\n##### Other figures');
    console.log(table([['figure', 'value', 'goal'], ...others.map((f) => [f.figure, f.value, f.goal])]));
  }
  if (failed.length > 0) {
    console.error(`\n##### failed: ${failed.join(', ')}`);
    process.exitCode = 1;
  }
}

run().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
