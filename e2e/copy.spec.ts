import { expect, test } from '@playwright/test';
import { cli, forceDelete, uniqueName } from '../tests/support/lab';
import { login } from './support';

// A busybox container on alpha, moved to gamma (LXD → Incus) through the dialog; both ends are
// removed in afterAll whatever happens.
const source = uniqueName('e2e-cp');

test.beforeAll(() => {
  cli('alpha', ['launch', 'busybox', source]);
  cli('alpha', ['exec', source, '--', 'sh', '-c', 'echo from-the-dialog > /root/marker']);
});

test.afterAll(() => {
  forceDelete('alpha', source);
  forceDelete('gamma', source);
});

test('Move… from the fleet menu: the checks gate the button, then the task runs to done and shows on the Tasks page', async ({ page }) => {
  await login(page);
  await page.goto(`/instances?q=${source}`);
  const row = page.locator(`tr[data-instance="${source}"]`);
  await row.getByRole('button', { name: `Actions for ${source}` }).click();
  await page.getByRole('menuitem', { name: 'Move…', exact: true }).click();

  const dialog = page.getByRole('dialog', { name: `Move ${source}` });
  // Same daemon, project and name: the check refuses and the button stays disabled.
  await expect(dialog.getByTestId('copy-preflight')).toContainText('same instance');
  await expect(dialog.getByRole('button', { name: 'Move', exact: true })).toBeDisabled();

  await dialog.getByLabel('Daemon').selectOption({ label: 'gamma (incus)' });
  // Running and another daemon: it needs to be stopped first.
  await expect(dialog.getByTestId('copy-preflight')).toContainText('is running');
  await expect(dialog.getByRole('button', { name: 'Move', exact: true })).toBeDisabled();
  await dialog.getByLabel('Stop it for the copy (started again after)').check();
  await expect(dialog.getByTestId('copy-preflight')).toContainText('streamed through Hangar');
  await dialog.getByRole('button', { name: 'Move', exact: true }).click();

  const task = dialog.getByTestId('copy-task');
  await expect(task).toBeVisible();
  await expect(task).toContainText('done', { timeout: 120_000 });
  await expect(page.getByTestId('task-tray')).toHaveCount(0);
  expect(cli('gamma', ['exec', source, '--', 'cat', '/root/marker']).trim()).toBe('from-the-dialog');
  expect(JSON.parse(cli('alpha', ['list', '--format=json', `^${source}$`]))).toEqual([]);

  await dialog.getByRole('button', { name: 'Close' }).first().click();
  await page.getByRole('link', { name: 'Tasks' }).click();
  const listed = page.getByRole('table', { name: 'Tasks' }).locator('tr', { hasText: source });
  await expect(listed.first()).toContainText('Move');
  await expect(listed.first()).toContainText('done');
});
