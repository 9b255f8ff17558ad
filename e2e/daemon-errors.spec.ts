import { expect, type Locator } from '@playwright/test';
import { cli, forceDelete, uniqueName } from '../tests/support/lab';
import { login, test } from './support';

// Issue #11: on Incus a failed long operation once showed "Cannot read properties of null
// (reading 'status_code')"; the browser's daemon client must show the daemon's own words.
const instance = uniqueName('e2e-incus-err');

async function chooseOption(select: Locator, text: string) {
  await select.selectOption((await select.locator('option', { hasText: text }).first().getAttribute('value'))!);
}

test.describe('daemon errors', () => {
  test.beforeAll(() => {
    cli('gamma', ['launch', 'busybox', instance]);
  });
  test.afterAll(() => forceDelete('gamma', instance));
  test.beforeEach(async ({ page }) => login(page));

  test("a failed operation on Incus shows the daemon's message", async ({ page }) => {
    await page.goto('/images');
    await page.getByRole('button', { name: 'Publish instance…' }).click();
    const dialog = page.getByRole('dialog');
    await chooseOption(dialog.getByLabel('Instance'), instance);
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByRole('button', { name: 'Publish' }).click();
    const alert = dialog.getByRole('alert');
    await expect(alert).toContainText('Cannot export a running instance as an image');
    await expect(alert).not.toContainText('status_code');
    await expect(alert).toContainText('Stop the instance first, or publish one of its snapshots instead.');
  });
});
