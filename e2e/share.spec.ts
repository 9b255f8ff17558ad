import { expect } from '@playwright/test';
import { cli, forceDelete, uniqueName } from '../tests/support/lab';
import { login, test } from './support';

/** A share link made in the admin UI opens in a fresh browser without login, live and read-only. */

const shared = uniqueName('e2e-shr');
const notShared = uniqueName('e2e-nshr');

test.describe('share links', () => {
  test.beforeAll(() => {
    cli('alpha', ['launch', 'busybox', shared, '-c', 'limits.memory=128MB', '-c', 'limits.processes=150', '-c', 'environment.API_KEY=e2e-secret-value']);
    cli('alpha', ['launch', 'busybox', notShared]);
  });
  test.afterAll(() => {
    forceDelete('alpha', shared);
    forceDelete('alpha', notShared);
  });

  test('an admin shares one instance; a fresh browser sees it live, with no way to change anything', async ({ page, browser }) => {
    // Three browsers and a daemon change: more than the default budget on a busy machine.
    test.setTimeout(240_000);
    await login(page);
    await page.goto('/settings/shares');
    await page.getByRole('button', { name: 'New share link' }).click();
    const dialog = page.getByRole('dialog', { name: 'New share link' });
    await dialog.getByLabel('Name').fill('Lobby screen');
    await dialog.getByText('Some instances').click();
    await dialog.getByLabel('Filter instances').fill(shared);
    await dialog.getByRole('checkbox').first().check();
    await dialog.getByRole('button', { name: 'Create link' }).click();
    const link = (await page.getByTestId('created-share-url').innerText()).trim();
    expect(link).toMatch(/\/share\/[A-Za-z0-9_-]{43}$/);
    await expect(page.locator('tr[data-share="Lobby screen"]')).toContainText(shared);

    for (const viewport of [{ width: 1920, height: 1080 }, { width: 390, height: 844 }]) {
      const context = await browser.newContext({ viewport });
      const screen = await context.newPage();
      const response = await screen.goto(link);
      expect(response?.status()).toBe(200);
      await expect(screen).toHaveURL(link);
      await expect(screen.getByRole('heading', { name: 'Lobby screen' })).toBeVisible();
      const card = screen.locator(`li[data-instance="${shared}"]`);
      await expect(card).toContainText('Running', { timeout: 30_000 });
      await expect(card).toContainText('128MB');
      await expect(card).toContainText('150');
      await expect(screen.locator(`li[data-instance="${notShared}"]`)).toHaveCount(0);
      await expect(screen.getByText('Live · updated')).toBeVisible();
      // Read-only: nothing to click, type or follow, and no secret anywhere.
      await expect(screen.locator('a, button, input, select, textarea, form')).toHaveCount(0);
      expect(await screen.content()).not.toContain('e2e-secret-value');
      const overflow = await screen.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await screen.screenshot({ path: `e2e/artifacts/share-${viewport.width}.png`, fullPage: true });
      await context.close();
    }

    // Live: a change on the daemon shows without a reload.
    const context = await browser.newContext();
    const screen = await context.newPage();
    await screen.goto(link);
    const card = screen.locator(`li[data-instance="${shared}"]`);
    await expect(card).toContainText('Running', { timeout: 30_000 });
    cli('alpha', ['pause', shared]);
    await expect(card).toContainText('Frozen', { timeout: 30_000 });

    // Revoked: the open screen says so within a few seconds, and the link opens nothing.
    await page.locator('tr[data-share="Lobby screen"]').getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke link' }).click();
    await expect(page.locator('tr[data-share="Lobby screen"]')).toHaveCount(0);
    await expect(screen.getByRole('heading', { name: 'Nothing to show here' })).toBeVisible({ timeout: 15_000 });
    const again = await screen.goto(link);
    expect(again?.status()).toBe(404);
    await expect(screen.getByRole('heading', { name: 'Nothing to show here' })).toBeVisible();
    await context.close();
  });
});
