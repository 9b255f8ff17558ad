import { expect, type Page } from '@playwright/test';
import { cli, forceDelete, uniqueName } from '../tests/support/lab';
import { e2eState, login, test } from './support';

/**
 * Holds every fleet list request made from now on, so a page can only learn of a change through
 * the live events (not by its poll); returns the function that lets them go.
 */
async function holdFleetPolls(page: Page): Promise<() => void> {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/v1/instances?**', async (route) => {
    await released;
    await route.continue().catch(() => undefined);
  });
  await page.route('**/api/v1/instances', async (route) => {
    await released;
    await route.continue().catch(() => undefined);
  });
  return release;
}

/** Detects a reload: the marker lives only as long as this document. */
const markDocument = (page: Page) => page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
const sameDocument = (page: Page) => page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);

test.describe('live fleet', () => {
  const names: string[] = [];
  test.afterAll(() => {
    for (const name of names) forceDelete('alpha', name);
  });

  test('the fleet page shows an instance started with the CLI as Running, without a reload', async ({ page }) => {
    const name = uniqueName('live');
    names.push(name);
    cli('alpha', ['init', 'busybox', name]);
    await login(page);
    await page.goto('/instances');
    const row = page.locator(`tr[data-instance="${name}"][data-daemon="alpha"]`);
    await expect(row).toContainText('Stopped');
    await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-state', 'live');
    await markDocument(page);
    const release = await holdFleetPolls(page);

    cli('alpha', ['start', name]);
    await expect(row).toContainText('Running', { timeout: 10_000 });
    expect(await sameDocument(page)).toBe(true);

    // And a delete made with the CLI takes the row away.
    cli('alpha', ['delete', '--force', name]);
    await expect(row).toHaveCount(0, { timeout: 10_000 });
    expect(await sameDocument(page)).toBe(true);
    release();
  });

  test('the dashboard counts, lists and links what happens, live', async ({ page }) => {
    const name = uniqueName('dash');
    names.push(name);
    await login(page);
    await page.goto('/');
    await expect(page.getByRole('heading', { name: 'Dashboard' })).toBeVisible();
    for (const daemon of ['alpha', 'beta', 'gamma']) {
      await expect(page.locator(`[data-testid="daemon-health"][data-daemon="${daemon}"]`)).toContainText('Events live');
    }
    const running = page.getByTestId('count-running');
    await expect(running).toContainText(/\d+/);
    const before = Number((await running.locator('p').nth(1).textContent()) ?? 'NaN');
    await markDocument(page);
    const release = await holdFleetPolls(page);

    cli('alpha', ['launch', 'busybox', name]);
    const events = page.getByTestId('recent-events');
    // Created, then started: the newest first.
    await expect(events.getByRole('listitem').filter({ hasText: name }).first()).toContainText(`Started ${name}`, { timeout: 10_000 });
    await expect(running.locator('p').nth(1)).toHaveText(String(before + 1), { timeout: 10_000 });
    await expect(page.getByTestId('recent-operations')).toContainText('Starting instance');
    expect(await sameDocument(page)).toBe(true);
    release();

    await events.getByRole('link', { name }).first().click();
    await expect(page).toHaveURL(new RegExp(`/instances/${e2eState().daemons.alpha}/${name}`));
    await expect(page.getByRole('heading', { name: 'History' })).toBeVisible();
    // Hangar samples every 10 s by default: within a few rounds the charts are drawn.
    await expect(page.getByTestId('usage-chart').first().locator('canvas')).toBeVisible({ timeout: 40_000 });
  });
});
