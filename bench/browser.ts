/**
 * The fleet page in Debian's Chromium (headless, through Playwright) with 10,000 rows.
 *
 * Where the 10,000 rows come from: this machine cannot hold 10,000 real containers (1,000 empty
 * ones took 5 to 10 minutes per daemon to create, see bench/fleet.ts). So the bench makes a
 * small real fleet (HANGAR_BENCH_BROWSER_REAL empty stopped containers on alpha and gamma, plus
 * one busybox container), and the browser's `GET /api/v1/instances` is answered with those real
 * rows (unchanged) followed by copies of them under new names up to 10,000: recorded rows, not a
 * daemon's. Everything else is the real Hangar: the server renders the page and its first rows
 * from its live model of the real daemons, and the events stream is real, so a CLI change to
 * the real container must reach the open 10,000-row table.
 *
 * Frames are timed without vsync (a frame takes as long as its work does).
 */
import crypto from 'node:crypto';
import { chromium, type Page } from '@playwright/test';
import type { FleetInstance, FleetResponse } from '@/lib/api-types';
import { DaemonRegistry } from '../server/daemons/registry';
import { openDatabase } from '../server/db/database';
import { Secrets } from '../server/secrets';
import { Api, registerLab, sessionCookie, startHangar, type Hangar } from '../tests/support/hangar';
import { cli, forceDelete, uniqueName, type LabDaemon } from '../tests/support/lab';
import { fillProject, removeProject } from './lib/fleet-project';
import { serveFleetList } from './lib/serve-fleet';
import { ms, percentile, table, type Figure } from './measure';

const ROWS = 10_000;
/**
 * The toolbar once the whole list is in: 10,000 rows, or a few more when the shared lab gained
 * instances meanwhile (the events stream adds them to the open list).
 */
export const WHOLE_LIST = /^10\d{3} instances$/;
const REAL_PER_DAEMON = Number(process.env.HANGAR_BENCH_BROWSER_REAL ?? 25);
const FILLED: LabDaemon[] = ['alpha', 'gamma'];
const PROJECT = 'hangar-bench-browser';
const LOADS = 3;
/** CLI changes timed until the open table shows them. */
const LIVE_ROUNDS = 10;

/** The real rows, then copies of them under new names, `count` in all. */
export function tenThousand(real: FleetInstance[], count = ROWS): FleetInstance[] {
  if (real.length === 0) throw new Error('no real instances to build the list from');
  return Array.from({ length: count }, (_, i) => {
    const row = real[i % real.length];
    return i < real.length ? row : { ...row, name: `${row.name}-copy${Math.floor(i / real.length)}` };
  });
}

async function scrollFrames(page: Page, frames: number): Promise<number[]> {
  return page.evaluate(async (count) => {
    const el = document.querySelector<HTMLElement>('[data-testid="fleet-scroll"]')!;
    const out: number[] = [];
    let last = performance.now();
    for (let i = 0; i < count; i++) {
      el.scrollTop += 150;
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      out.push(now - last);
      last = now;
    }
    return out;
  }, frames);
}

/** The figures, against a running Hangar whose daemons hold at least one instance. */
export async function browserFigures(hangar: Hangar, api: Api, live?: { daemon: LabDaemon; name: string }): Promise<Figure[]> {
  const real = await api.json<FleetResponse>('GET', '/api/v1/instances');
  const body = JSON.stringify({ instances: tenThousand(real.instances), errors: [] });
  const browser = await chromium.launch({
    executablePath: process.env.HANGAR_CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-gpu-vsync', '--disable-frame-rate-limit'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const cookies = (await sessionCookie(hangar.url)).split('; ').map((pair) => {
      const eq = pair.indexOf('=');
      return { name: pair.slice(0, eq), value: pair.slice(eq + 1), url: hangar.url };
    });
    await context.addCookies(cookies);
    const page = await context.newPage();
    await serveFleetList(page, body);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));

    // When a row's name is first painted (the Element Timing API, `elementtiming` on the name), as
    // well as when Playwright, polling from outside, first sees a row: on a loaded machine the
    // latter also waits for the page's main thread to be free (hydration) and for the round trip.
    await context.addInitScript(() => {
      new PerformanceObserver((list) => {
        const w = window as unknown as { firstRowPaint?: number };
        for (const e of list.getEntries() as (PerformanceEntry & { identifier: string; renderTime: number })[]) {
          if (e.identifier === 'fleet-row' && w.firstRowPaint === undefined) w.firstRowPaint = e.renderTime;
        }
      }).observe({ type: 'element', buffered: true });
    });
    const firstPaints: number[] = [];
    const firstRows: number[] = [];
    const wholeList: number[] = [];
    // One load to warm the server and the browser's cache, then the measured ones.
    for (let i = 0; i <= LOADS; i++) {
      await page.goto(`${hangar.url}/instances`, { waitUntil: 'commit' });
      await page.locator('tbody tr[data-instance]').first().waitFor({ timeout: 60_000 });
      const first = await page.evaluate(() => performance.now());
      const painted = await page.waitForFunction(() => (window as unknown as { firstRowPaint?: number }).firstRowPaint, undefined, { timeout: 60_000 });
      const paint = (await painted.jsonValue()) as number;
      await page.getByText(WHOLE_LIST).waitFor({ timeout: 60_000 });
      const whole = await page.evaluate(() => performance.now());
      if (i > 0) {
        firstPaints.push(paint);
        firstRows.push(first);
        wholeList.push(whole);
      }
    }
    const rendered = await page.locator('tbody tr[data-instance]').count();
    await page.waitForTimeout(500);
    const frames = await scrollFrames(page, 300);

    const sortStarted = Date.now();
    const firstName = await page.locator('tbody tr[data-instance]').first().getAttribute('data-instance');
    await page.getByRole('button', { name: 'Name' }).click();
    await page.waitForFunction((before) => document.querySelector('tbody tr[data-instance]')?.getAttribute('data-instance') !== before, firstName);
    const sortMs = Date.now() - sortStarted;

    const searchStarted = Date.now();
    await page.fill('#fleet-search', 'copy99');
    await page.waitForFunction(() => document.querySelectorAll('tbody tr[data-instance]').length < 40);
    const searchMs = Date.now() - searchStarted;
    await page.fill('#fleet-search', '');

    // A CLI change the table shows (the Image column is image.description), timed from the CLI's
    // start like the list's freshness in bench/fleet.ts; several, for a p95.
    const liveMs: number[] = [];
    if (live) {
      const row = page.locator(`tr[data-instance="${live.name}"]`);
      // The copies' names start with the real row's: sorted by name ascending (the re-sort above
      // made it descending) the real row is the first of those the search finds, so it is in view.
      await page.getByRole('button', { name: 'Name', exact: true }).click();
      await page.locator('th[aria-sort="ascending"]', { hasText: 'Name' }).waitFor();
      await page.fill('#fleet-search', live.name);
      await row.waitFor();
      for (let i = 0; i < LIVE_ROUNDS; i++) {
        const description = `bench-change-${i}`;
        const started = Date.now();
        cli(live.daemon, ['config', 'set', live.name, 'image.description', description]);
        await row.getByText(description, { exact: true }).waitFor({ timeout: 30_000 });
        liveMs.push(Date.now() - started);
      }
    }

    console.log(
      `\nBrowser (${ROWS} rows, ${rendered} rendered at once; ${real.instances.length} real rows, the rest copies of them): ` +
        `first row painted ${firstPaints.map((v) => ms(v)).join(', ')}; seen by Playwright ${firstRows.map((v) => ms(v)).join(', ')}; whole list shown ${wholeList.map((v) => ms(v)).join(', ')}; ` +
        `scroll frames p50 ${ms(percentile(frames, 50))}, p95 ${ms(percentile(frames, 95))}; sort ${sortMs} ms; search ${searchMs} ms` +
        (errors.length ? `\nbrowser errors: ${errors.slice(0, 5).join(' | ')}` : ''),
    );
    return [
      { figure: `browser, ${ROWS} rows: time to first row painted (median of ${LOADS} loads)`, value: ms(percentile(firstPaints, 50)), goal: '≤ 1 s' },
      { figure: `browser, ${ROWS} rows: first row seen by Playwright (median)`, value: ms(percentile(firstRows, 50)), goal: '' },
      { figure: `browser, ${ROWS} rows: whole list shown (median)`, value: ms(percentile(wholeList, 50)), goal: '' },
      { figure: `browser, ${ROWS} rows: scroll frame p95`, value: ms(percentile(frames, 95)), goal: '≤ 16 ms' },
      { figure: `browser, ${ROWS} rows: re-sort by name`, value: `${sortMs} ms`, goal: '' },
      { figure: `browser, ${ROWS} rows: search (one keystroke's worth)`, value: `${searchMs} ms`, goal: '' },
      ...(liveMs.length === 0
        ? []
        : [{ figure: `browser, ${ROWS} rows: CLI change → open table row, p95 of ${liveMs.length}`, value: ms(percentile(liveMs, 95)), goal: '≤ 1 s' }]),
      { figure: 'browser errors (console, page)', value: String(errors.length), goal: '0' },
    ];
  } finally {
    await browser.close();
  }
}

async function waitFor(api: Api, done: (r: FleetResponse) => boolean): Promise<void> {
  const deadline = Date.now() + 300_000;
  while (!done(await api.json<FleetResponse>('GET', '/api/v1/instances?fields=name'))) {
    if (Date.now() > deadline) throw new Error('the fleet list did not show the bench instances in 5 minutes');
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function main(): Promise<Figure[]> {
  const secret = crypto.randomBytes(24).toString('hex');
  const hangar = await startHangar({ env: { HANGAR_SECRET: secret } });
  const api = await Api.login(hangar.url);
  const daemons = await registerLab(api, FILLED);
  const db = await openDatabase({ dataDir: hangar.dataDir });
  const registry = new DaemonRegistry(db, new Secrets(secret));
  const liveName = uniqueName('bench-live');
  try {
    console.log(`\nBrowser bench: ${REAL_PER_DAEMON} empty stopped containers on each of ${FILLED.join(', ')} (project ${PROJECT}) and one busybox container`);
    for (const d of FILLED) await fillProject(await registry.client(await registry.row(daemons[d].id)), d, PROJECT, REAL_PER_DAEMON);
    cli('alpha', ['init', 'busybox', liveName]);
    await waitFor(api, (r) => r.instances.some((i) => i.name === liveName) && r.instances.length > REAL_PER_DAEMON * FILLED.length);
    const figures = await browserFigures(hangar, api, { daemon: 'alpha', name: liveName });
    console.log(table([['figure', 'value', 'goal'], ...figures.map((f) => [f.figure, f.value, f.goal])]));
    return figures;
  } finally {
    forceDelete('alpha', liveName);
    for (const d of FILLED) await removeProject(await registry.client(await registry.row(daemons[d].id)), d, PROJECT).catch((e: unknown) => console.error(d, (e as Error).message));
    registry.closeAll();
    await db.destroy();
    for (const d of Object.values(daemons)) await api.request('DELETE', `/api/v1/daemons/${d.id}`);
    await hangar.stop();
  }
}

if (require.main === module) {
  main().then(() => undefined, (error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
