import { expect, type Page } from '@playwright/test';
import { cli, forceDelete, uniqueName } from '../tests/support/lab';
import { login, test } from './support';

/** The way out offered where the problem shows: rename a running instance, a bulk delete that partly fails. */
const running = uniqueName('e2e-rec-run');
const renamed = uniqueName('e2e-rec-new');
const busy = uniqueName('e2e-rec-busy');
const idle = uniqueName('e2e-rec-idle');

function daemonStatus(name: string): string | null {
  const list = JSON.parse(cli('alpha', ['list', '--format', 'json', `^${name}$`])) as { name: string; status: string }[];
  return list.find((i) => i.name === name)?.status ?? null;
}

const row = (page: Page, name: string) => page.locator(`tr[data-instance="${name}"]`);
const STATE_CHANGE = { timeout: 60_000 };

test.describe('recovery', () => {
  test.describe.configure({ timeout: 180_000 });

  test.beforeAll(() => {
    cli('alpha', ['launch', 'busybox', running]);
    cli('alpha', ['launch', 'busybox', busy]);
    cli('alpha', ['init', 'busybox', idle]);
  });
  test.afterAll(() => {
    for (const name of [running, renamed, busy, idle]) forceDelete('alpha', name);
  });

  test.beforeEach(async ({ page }) => {
    await login(page);
  });

  test('renaming a running instance offers stop, rename, start', async ({ page }) => {
    await page.goto('/instances');
    await row(page, running).getByRole('button', { name: `Actions for ${running}` }).click();
    await page.getByRole('menuitem', { name: 'Rename…', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: `Rename ${running}` });
    await expect(dialog).toContainText('The daemon only renames stopped instances');
    await expect(dialog.getByLabel('Stop, rename, then start again')).toBeChecked();
    await dialog.getByLabel('New name').fill(renamed);
    await dialog.getByRole('button', { name: 'Rename' }).click();
    await expect(dialog).toBeHidden(STATE_CHANGE);
    await expect(row(page, renamed)).toContainText('Running', STATE_CHANGE);
    expect(daemonStatus(renamed)).toBe('Running');
    expect(daemonStatus(running)).toBeNull();
  });

  test('a bulk delete that partly fails keeps its bulk wording for what is left', async ({ page }) => {
    await page.goto('/instances');
    await page.getByRole('checkbox', { name: `Select ${busy} on alpha` }).check();
    await page.getByRole('checkbox', { name: `Select ${idle} on alpha` }).check();
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete 2 instances' });
    await expect(dialog).toContainText('1 of them is not stopped');
    await dialog.getByLabel('Type delete 2 instances to confirm').fill('delete 2 instances');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    // The stopped one went; the running one was refused in the daemon's words.
    const left = page.getByRole('dialog', { name: 'Delete 1 instance' });
    await expect(left).toBeVisible(STATE_CHANGE);
    await expect(left.getByRole('alert')).toContainText('Some instances were not deleted');
    await expect(left.getByRole('alert')).toContainText(`${busy}: Instance is running`);
    await expect(left.getByLabel('Type delete 1 instance to confirm')).toBeVisible();
    await expect(left).toContainText('1 of them is not stopped');
    expect(daemonStatus(idle)).toBeNull();
    expect(daemonStatus(busy)).toBe('Running');
    await left.getByLabel('Stop first (force stop), then delete').check();
    await left.getByLabel('Type delete 1 instance to confirm').fill('delete 1 instance');
    await left.getByRole('button', { name: 'Delete' }).click();
    await expect(left).toBeHidden(STATE_CHANGE);
    expect(daemonStatus(busy)).toBeNull();
  });
});
