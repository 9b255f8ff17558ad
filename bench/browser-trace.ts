/**
 * Where the fleet page's browser time goes: the same 10,000-row page as bench/browser.ts, with a
 * Chromium performance trace (CDP Tracing) over one load and over the scroll, summed by the
 * renderer main thread's event names. A tool for looking, not a bench figure:
 *   tsx bench/browser-trace.ts [OUT_DIR]   (the raw traces are written there, default /tmp)
 * HANGAR_TRACE_STYLE=1 also traces what style recalculation does over the scroll (how many
 * elements each recalculation restyles, the costliest selectors, why elements were invalidated)
 * and counts the DOM changes the scroll makes; these categories slow the page, so frame times
 * from such a run are not comparable.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import type { FleetResponse } from '@/lib/api-types';
import { Api, registerLab, sessionCookie, startHangar } from '../tests/support/hangar';
import { DaemonRegistry } from '../server/daemons/registry';
import { openDatabase } from '../server/db/database';
import { Secrets } from '../server/secrets';
import { tenThousand, WHOLE_LIST } from './browser';
import { fillProject, removeProject } from './lib/fleet-project';
import { serveFleetList } from './lib/serve-fleet';

interface TraceEvent { name: string; ph: string; dur?: number; tdur?: number; pid: number; tid: number; ts: number; args?: Record<string, unknown> & { name?: string } }

const STYLE_CATEGORIES = ['disabled-by-default-blink.debug', 'disabled-by-default-devtools.timeline.invalidationTracking'];

const sortedCounts = (counts: Map<string, number>, top: number) => [...counts].sort((a, b) => b[1] - a[1]).slice(0, top);
const add = (counts: Map<string, number>, key: string, n = 1) => counts.set(key, (counts.get(key) ?? 0) + n);

/**
 * What style recalculation did: elements restyled per UpdateLayoutTree, the selectors that took
 * the longest to match (Chromium's selector stats), and the invalidations that scheduled it.
 */
function summariseStyle(file: string, top = 15): string {
  const { traceEvents } = JSON.parse(fs.readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] };
  const lines: string[] = [];
  const counts = traceEvents
    .filter((e) => e.name === 'UpdateLayoutTree')
    .map((e) => Number((e.args?.elementCount as number | undefined) ?? (e.args?.endData as { elementCount?: number } | undefined)?.elementCount ?? NaN))
    .filter((n) => !Number.isNaN(n))
    .sort((a, b) => a - b);
  if (counts.length) {
    const at = (p: number) => counts[Math.min(counts.length - 1, Math.floor((counts.length * p) / 100))];
    lines.push(`UpdateLayoutTree: ${counts.length} recalculations, ${counts.reduce((a, b) => a + b, 0)} elements restyled; per recalculation p50 ${at(50)}, p95 ${at(95)}, max ${counts[counts.length - 1]}`);
  }
  // Blink's own counters on every style update (category blink_style, in every trace here).
  const counters = new Map<string, number>();
  for (const e of traceEvents) {
    if (e.name !== 'Document::updateStyle') continue;
    for (const [k, v] of Object.entries((e.args?.counters ?? {}) as Record<string, number>)) add(counters, k, v);
  }
  if (counters.size) lines.push(`style updates: ${['elementsStyled', 'stylesChanged', 'matchedPropertyCacheHit', 'matchedPropertyCacheAdded', 'rulesMatched', 'rulesRejected', 'rulesFastRejected'].map((k) => `${k} ${counters.get(k) ?? 0}`).join(', ')}`);
  const selectors = new Map<string, { us: number; attempts: number; matches: number; rejects: number }>();
  for (const e of traceEvents) {
    if (e.name !== 'SelectorStats') continue;
    const timings = (e.args?.selector_stats as { selector_timings?: { selector: string; 'elapsed (us)': number; match_attempts: number; match_count: number; fast_reject_count: number }[] } | undefined)?.selector_timings ?? [];
    for (const t of timings) {
      const s = selectors.get(t.selector) ?? { us: 0, attempts: 0, matches: 0, rejects: 0 };
      s.us += t['elapsed (us)'];
      s.attempts += t.match_attempts;
      s.matches += t.match_count;
      s.rejects += t.fast_reject_count;
      selectors.set(t.selector, s);
    }
  }
  if (selectors.size) {
    const total = [...selectors.values()].reduce((a, s) => a + s.us, 0);
    lines.push(`selector matching: ${(total / 1000).toFixed(1)} ms over ${selectors.size} selectors; costliest:`);
    for (const [sel, s] of [...selectors].sort((a, b) => b[1].us - a[1].us).slice(0, top)) {
      lines.push(`  ${(s.us / 1000).toFixed(1).padStart(7)} ms  ${String(s.attempts).padStart(8)} attempts ${String(s.matches).padStart(7)} matched ${String(s.rejects).padStart(7)} fast-rejected  ${sel.slice(0, 140)}`);
    }
  }
  const reasons = new Map<string, number>();
  const nodes = new Map<string, number>();
  for (const e of traceEvents) {
    if (!e.name.endsWith('InvalidationTracking')) continue;
    const data = (e.args?.data ?? {}) as { reason?: string; nodeName?: string; invalidationList?: { classes?: string[]; id?: string }[] };
    add(reasons, `${e.name}: ${data.reason ?? '?'}${data.invalidationList ? ` [${data.invalidationList.flatMap((l) => l.classes ?? []).slice(0, 4).join(' ')}]` : ''}`);
    add(nodes, `${e.name}: ${(data.nodeName ?? '?').replace(/ class='[^']*'/, '').slice(0, 80)}`);
  }
  if (reasons.size) {
    lines.push('invalidations by reason:');
    for (const [r, n] of sortedCounts(reasons, top)) lines.push(`  ${String(n).padStart(6)}  ${r.slice(0, 160)}`);
    lines.push('invalidated nodes:');
    for (const [r, n] of sortedCounts(nodes, top)) lines.push(`  ${String(n).padStart(6)}  ${r}`);
  }
  return lines.join('\n');
}

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

/** Empty stopped containers the trace makes on alpha (in a project of its own) when the lab holds none. */
const REAL = Number(process.env.HANGAR_BENCH_BROWSER_REAL ?? 10);
const PROJECT = 'hangar-bench-trace';

async function main(): Promise<void> {
  const out = process.argv[2] ?? '/tmp';
  const secret = crypto.randomBytes(24).toString('hex');
  const hangar = await startHangar({ env: { HANGAR_SECRET: secret } });
  const api = await Api.login(hangar.url);
  const daemons = await registerLab(api, ['alpha', 'gamma']);
  const db = await openDatabase({ dataDir: hangar.dataDir });
  const registry = new DaemonRegistry(db, new Secrets(secret));
  const alpha = await registry.client(await registry.row(daemons.alpha.id));
  let filled = false;
  if ((await api.json<FleetResponse>('GET', '/api/v1/instances?fields=name')).instances.length === 0) {
    await fillProject(alpha, 'alpha', PROJECT, REAL);
    filled = true;
    while ((await api.json<FleetResponse>('GET', '/api/v1/instances?fields=name')).instances.length < REAL) await new Promise((r) => setTimeout(r, 500));
  }
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
    await serveFleetList(page, body);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    await page.goto(`${hangar.url}/instances`);
    await page
      .getByText(WHOLE_LIST)
      .waitFor({ timeout: 60_000 })
      .catch(async (error: unknown) => {
        console.error(`the page did not show 10,000 rows; it says: ${(await page.locator('main').innerText()).slice(0, 600)}\nbrowser errors: ${errors.join(' | ')}`);
        throw error;
      });
    const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'v8.execute', 'toplevel'];

    const load = path.join(out, 'fleet-load-trace.json');
    await browser.startTracing(page, { path: load, categories });
    await page.goto(`${hangar.url}/instances`, { waitUntil: 'commit' });
    await page.locator('tbody tr[data-instance]').first().waitFor({ timeout: 60_000 });
    const first = await page.evaluate(() => performance.now());
    await page.getByText(WHOLE_LIST).waitFor({ timeout: 60_000 });
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
    const styleDetail = Boolean(process.env.HANGAR_TRACE_STYLE);
    const scroll = path.join(out, 'fleet-scroll-trace.json');
    await browser.startTracing(page, { path: scroll, categories: styleDetail ? [...categories, ...STYLE_CATEGORIES] : categories });
    const frames = await page.evaluate(async (countMutations) => {
      const el = document.querySelector<HTMLElement>('[data-testid="fleet-scroll"]')!;
      // What the DOM changes as the rows scroll (React's commits): nodes added and removed,
      // attributes set, by the changed element's tag.
      const mutations: Record<string, number> = {};
      const observer = new MutationObserver((records) => {
        for (const r of records) {
          const tag = (r.target as Element).tagName ?? r.target.nodeName;
          const key = r.type === 'attributes' ? `attribute ${r.attributeName} on ${tag}` : r.type === 'childList' ? `children of ${tag}` : `text in ${r.target.parentElement?.tagName}`;
          mutations[key] = (mutations[key] ?? 0) + (r.type === 'childList' ? r.addedNodes.length + r.removedNodes.length : 1);
        }
      });
      if (countMutations) observer.observe(el, { subtree: true, childList: true, attributes: true, characterData: true });
      const times: number[] = [];
      let last = performance.now();
      for (let i = 0; i < 300; i++) {
        el.scrollTop += 150;
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        times.push(now - last);
        last = now;
      }
      observer.disconnect();
      return { times: times.sort((a, b) => a - b), mutations };
    }, styleDetail);
    await browser.stopTracing();
    console.log(`scroll: p50 ${frames.times[150].toFixed(1)} ms, p95 ${frames.times[285].toFixed(1)} ms\n${summarise(scroll)}`);
    if (!styleDetail) console.log(summariseStyle(scroll));
    if (styleDetail) {
      console.log(`DOM changes over the scroll (nodes added+removed, attributes set):\n${Object.entries(frames.mutations).sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, n]) => `  ${String(n).padStart(6)}  ${k}`).join('\n')}`);
      console.log(summariseStyle(scroll));
    }
  } finally {
    await browser.close();
    if (filled) await removeProject(alpha, 'alpha', PROJECT).catch((e: unknown) => console.error((e as Error).message));
    registry.closeAll();
    await db.destroy();
    for (const d of Object.values(daemons)) await api.request('DELETE', `/api/v1/daemons/${d.id}`);
    await hangar.stop();
  }
}

main().then(() => undefined, (error: unknown) => {
  console.error(error);
  process.exit(1);
});
