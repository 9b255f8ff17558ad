/**
 * Where the fleet page's browser time goes: the same 10,000-row page as bench/browser.ts, with a
 * Chromium performance trace (CDP Tracing) over one load and over the scroll, summed by the
 * renderer main thread's event names. A tool for looking, not a bench figure:
 *   tsx bench/browser-trace.ts [OUT_DIR]   (the raw traces are written there, default /tmp)
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import type { FleetResponse } from '@/lib/api-types';
import { Api, registerLab, sessionCookie, startHangar } from '../tests/support/hangar';
import { tenThousand } from './browser';

interface TraceEvent { name: string; ph: string; dur?: number; tdur?: number; pid: number; tid: number; ts: number; args?: { name?: string } }

/**
 * Self time by event name on the renderer's main thread (CrRendererMain), top entries: thread
 * (CPU) time, not wall time, since on a loaded machine the wall time is mostly waiting for a core.
 */
function summarise(file: string, top = 18): string {
  const { traceEvents } = JSON.parse(fs.readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] };
  const main = traceEvents.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const lines: string[] = [];
  for (const m of main) {
    const events = traceEvents.filter((e) => e.pid === m.pid && e.tid === m.tid && e.ph === 'X' && e.dur !== undefined).sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    if (events.length < 50) continue;
    // Self time: a nested event's time is taken off its parent's.
    const self = new Map<string, number>();
    const stack: TraceEvent[] = [];
    for (const e of events) {
      while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur! <= e.ts) stack.pop();
      const parent = stack[stack.length - 1];
      const cpu = e.tdur ?? 0;
      if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - cpu);
      self.set(e.name, (self.get(e.name) ?? 0) + cpu);
      stack.push(e);
    }
    const total = [...self.values()].reduce((a, b) => a + b, 0);
    lines.push(`renderer ${m.pid}: ${(total / 1000).toFixed(0)} ms of CPU on the main thread`);
    for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${(us / 1000).toFixed(1).padStart(8)} ms  ${name}`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const out = process.argv[2] ?? '/tmp';
  const hangar = await startHangar();
  const api = await Api.login(hangar.url);
  const daemons = await registerLab(api, ['alpha', 'gamma']);
  const browser = await chromium.launch({
    executablePath: process.env.HANGAR_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-gpu-vsync', '--disable-frame-rate-limit'],
  });
  try {
    const real = await api.json<FleetResponse>('GET', '/api/v1/instances');
    const body = JSON.stringify({ instances: tenThousand(real.instances), errors: [] });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addCookies((await sessionCookie(hangar.url)).split('; ').map((pair) => {
      const eq = pair.indexOf('=');
      return { name: pair.slice(0, eq), value: pair.slice(eq + 1), url: hangar.url };
    }));
    const page = await context.newPage();
    // HANGAR_TRACE_CSS: extra CSS put on the page before the scroll (to try a change without a build).
    if (process.env.HANGAR_TRACE_CSS) await page.addInitScript((css) => document.addEventListener('DOMContentLoaded', () => document.head.append(Object.assign(document.createElement('style'), { textContent: css }))), process.env.HANGAR_TRACE_CSS);
    await page.route(/\/api\/v1\/instances(\?|$)/, (route) => route.fulfill({ status: 200, contentType: 'application/json', body }));
    await page.goto(`${hangar.url}/instances`);
    await page.getByText('10000 instances', { exact: true }).waitFor({ timeout: 60_000 });
    const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'v8.execute', 'toplevel'];

    const load = path.join(out, 'fleet-load-trace.json');
    await browser.startTracing(page, { path: load, categories });
    await page.goto(`${hangar.url}/instances`, { waitUntil: 'commit' });
    await page.locator('tbody tr[data-instance]').first().waitFor({ timeout: 60_000 });
    const first = await page.evaluate(() => performance.now());
    await page.getByText('10000 instances', { exact: true }).waitFor({ timeout: 60_000 });
    const whole = await page.evaluate(() => performance.now());
    await browser.stopTracing();
    const marks = await page.evaluate(() =>
      performance.getEntriesByType('navigation').concat(performance.getEntriesByType('paint'), performance.getEntriesByType('resource').filter((r) => r.name.includes('.js') || r.name.includes('.css'))).map((e) => `${e.name.replace(/^https?:\/\/[^/]+/, '')} ${e.startTime.toFixed(0)}→${(e.startTime + e.duration).toFixed(0)}`),
    );
    const nav = await page.evaluate(() => {
      const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      return `request ${n.requestStart.toFixed(0)}, response starts ${n.responseStart.toFixed(0)}, ends ${n.responseEnd.toFixed(0)}, DOMContentLoaded ${n.domContentLoadedEventEnd.toFixed(0)}`;
    });
    console.log(nav);
    console.log(`load: first row ${first.toFixed(0)} ms, whole list ${whole.toFixed(0)} ms\n${marks.join('\n')}\n${summarise(load)}`);

    await page.waitForTimeout(500);
    if (process.env.HANGAR_TRACE_LOAD_ONLY) return;
    const scroll = path.join(out, 'fleet-scroll-trace.json');
    await browser.startTracing(page, { path: scroll, categories });
    const frames = await page.evaluate(async () => {
      const el = document.querySelector<HTMLElement>('[data-testid="fleet-scroll"]')!;
      const times: number[] = [];
      let last = performance.now();
      for (let i = 0; i < 300; i++) {
        el.scrollTop += 150;
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        times.push(now - last);
        last = now;
      }
      return times.sort((a, b) => a - b);
    });
    await browser.stopTracing();
    console.log(`scroll: p50 ${frames[150].toFixed(1)} ms, p95 ${frames[285].toFixed(1)} ms\n${summarise(scroll)}`);
  } finally {
    await browser.close();
    for (const d of Object.values(daemons)) await api.request('DELETE', `/api/v1/daemons/${d.id}`);
    await hangar.stop();
  }
}

main().then(() => undefined, (error: unknown) => {
  console.error(error);
  process.exit(1);
});
