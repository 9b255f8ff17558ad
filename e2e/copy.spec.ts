import { expect } from '@playwright/test';
import { cli, forceDelete, uniqueName } from '../tests/support/lab';
import { login, test } from './support';

// A busybox container on alpha, moved to gamma (LXD → Incus) through the dialog; both ends are
// removed in afterAll whatever happens.
const source = uniqueName('e2e-cp');
// Two more, copied together from the fleet selection to beta (LXD → LXD: beta pulls them from alpha).
const prefix = uniqueName('e2e-cpm');
const several = [`${prefix}-a`, `${prefix}-b`];

test.beforeAll(() => {
  cli('alpha', ['launch', 'busybox', source]);
  cli('alpha', ['exec', source, '--', 'sh', '-c', 'echo from-the-dialog > /root/marker']);
  for (const name of several) {
    cli('alpha', ['launch', 'busybox', name]);
    cli('alpha', ['exec', name, '--', 'sh', '-c', `echo ${name} > /root/marker`]);
  }
});

test.afterAll(() => {
  forceDelete('alpha', source);
  forceDelete('gamma', source);
  for (const name of several) {
    forceDelete('alpha', name);
    forceDelete('beta', `${name}-copy`);
  }
});

test('Copy… on the fleet selection: one check per instance, then one task each with its progress, to done', async ({ page }) => {
  await login(page);
  await page.goto(`/instances?q=${prefix}`);
  for (const name of several) await page.getByLabel(`Select ${name} on alpha`).check();
  await page.getByRole('region', { name: 'Selected instances' }).getByRole('button', { name: 'Copy…' }).click();

  const dialog = page.getByRole('dialog', { name: 'Copy 2 instances' });
  // Same daemon and project with the suffix removed: both names are taken, and each is named.
  await dialog.getByLabel('Name suffix').fill('');
  for (const name of several) await expect(dialog.getByTestId('copy-preflight')).toContainText(`${name}:`);
  await expect(dialog.getByRole('button', { name: 'Copy', exact: true })).toBeDisabled();

  await dialog.getByLabel('Name suffix').fill('-copy');
  await dialog.getByLabel('Daemon').selectOption({ label: 'beta (lxd)' });
  await expect(dialog.getByTestId('copy-preflight')).toContainText('pulls it from the source itself');
  await dialog.getByRole('button', { name: 'Copy', exact: true }).click();

  const tasks = dialog.getByTestId('copy-task');
  await expect(tasks).toHaveCount(2);
  for (const name of several) {
    const task = tasks.filter({ hasText: `${name}-copy` });
    await expect(task).toContainText('done', { timeout: 120_000 });
  }
  for (const name of several) {
    cli('beta', ['start', `${name}-copy`]);
    expect(cli('beta', ['exec', `${name}-copy`, '--', 'cat', '/root/marker']).trim()).toBe(name);
  }
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
