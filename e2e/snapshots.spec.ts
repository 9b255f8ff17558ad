import fs from 'node:fs';
import { expect, type Page } from '@playwright/test';
import { cli, forceDelete, uniqueName } from '../tests/support/lab';
import { e2eState, login, test } from './support';

const container = uniqueName('e2e-snap');
const restored = uniqueName('e2e-restored');
const { daemons } = e2eState();
const tab = `/instances/${daemons.alpha}/${container}?tab=snapshots`;

const row = (page: Page, name: string) => page.locator(`tr[data-snapshot="${name}"]`);
const snapshotNames = () =>
  (JSON.parse(cli('alpha', ['query', `/1.0/instances/${container}/snapshots?recursion=1`])) as { name: string }[]).map((s) => s.name);
const marker = () => cli('alpha', ['exec', container, '--', 'cat', '/root/marker']).trim();

async function snapshotAction(page: Page, name: string, action: string) {
  await row(page, name).getByRole('button', { name: `Actions for snapshot ${name}` }).click();
  await page.getByRole('menuitem', { name: action }).click();
}

test.describe('snapshots and backups', () => {
  test.beforeAll(() => {
    cli('alpha', ['launch', 'busybox', container]);
    cli('alpha', ['exec', container, '--', 'sh', '-c', 'echo original > /root/marker']);
  });
  test.afterAll(() => {
    forceDelete('alpha', container);
    forceDelete('gamma', restored);
  });
  test.beforeEach(async ({ page }) => {
    await login(page);
  });

  test('create, refuse a duplicate and a stateful snapshot, rename, restore and delete', async ({ page }) => {
    await page.goto(tab);
    await page.getByRole('button', { name: 'Create snapshot' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('ui-snap');
    await dialog.getByRole('button', { name: 'Create snapshot' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(row(page, 'ui-snap')).toBeVisible();
    await expect(row(page, 'ui-snap')).toContainText('never');
    expect(snapshotNames()).toEqual(['ui-snap']);

    await page.getByRole('button', { name: 'Create snapshot' }).click();
    await dialog.getByLabel('Name').fill('ui-snap');
    await dialog.getByRole('button', { name: 'Create snapshot' }).click();
    await expect(dialog.getByRole('alert')).toHaveText(`A snapshot named "ui-snap" already exists on ${container}`);
    await dialog.getByLabel('Name').fill('ui-live');
    await dialog.getByLabel('Stateful').check();
    await dialog.getByRole('button', { name: 'Create snapshot' }).click();
    await expect(dialog.getByRole('alert')).toContainText('CRIU');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(snapshotNames()).toEqual(['ui-snap']);

    await snapshotAction(page, 'ui-snap', 'Rename…');
    await dialog.getByLabel('New name').fill('ui-renamed');
    await dialog.getByRole('button', { name: 'Rename' }).click();
    await expect(dialog).toHaveCount(0);
    await expect(row(page, 'ui-renamed')).toBeVisible();
    expect(snapshotNames()).toEqual(['ui-renamed']);

    cli('alpha', ['exec', container, '--', 'sh', '-c', 'echo changed > /root/marker']);
    await snapshotAction(page, 'ui-renamed', 'Restore…');
    await expect(dialog).toContainText(`Restore ${container} to ui-renamed?`);
    await dialog.getByRole('button', { name: 'Restore' }).click();
    await expect(dialog).toHaveCount(0);
    expect(marker()).toBe('original');

    await snapshotAction(page, 'ui-renamed', 'Delete…');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect(row(page, 'ui-renamed')).toHaveCount(0);
    expect(snapshotNames()).toEqual([]);
  });

  test('the automatic schedule is saved in a form', async ({ page }) => {
    await page.goto(tab);
    await page.getByLabel('Schedule (snapshots.schedule)').fill('@daily');
    await page.getByLabel('Keep for (snapshots.expiry)').fill('1w');
    await page.getByLabel('Name pattern (snapshots.pattern)').fill('auto-%d');
    await page.getByLabel('Also snapshot while stopped (snapshots.schedule.stopped)').check();
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await expect(page.getByText('Schedule saved.')).toBeVisible();
    expect(cli('alpha', ['config', 'get', container, 'snapshots.schedule']).trim()).toBe('@daily');
    expect(cli('alpha', ['config', 'get', container, 'snapshots.expiry']).trim()).toBe('1w');
    expect(cli('alpha', ['config', 'get', container, 'snapshots.pattern']).trim()).toBe('auto-%d');
    expect(cli('alpha', ['config', 'get', container, 'snapshots.schedule.stopped']).trim()).toBe('true');

    await page.getByLabel('Name pattern (snapshots.pattern)').fill('');
    await page.getByRole('button', { name: 'Save schedule' }).click();
    await expect(page.getByText('Schedule saved.')).toBeVisible();
    expect(cli('alpha', ['config', 'show', container])).not.toContain('snapshots.pattern');
  });

  test('a backup downloads through Hangar and becomes a new instance on another daemon', async ({ page }) => {
    await page.goto(tab);
    await page.getByRole('button', { name: 'Create backup' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('ui-backup');
    await dialog.getByRole('button', { name: 'Create backup' }).click();
    const backupRow = page.locator('tr[data-backup="ui-backup"]');
    await expect(backupRow).toBeVisible();

    const [download] = await Promise.all([page.waitForEvent('download'), backupRow.getByRole('link', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).toBe(`${container}-ui-backup.tar.gz`);
    const file = await download.path();
    const bytes = fs.readFileSync(file);
    expect(bytes.length).toBeGreaterThan(100_000);
    expect([...bytes.subarray(0, 2)]).toEqual([0x1f, 0x8b]);

    await page.goto('/snapshots');
    await page.getByRole('button', { name: 'Import backup…' }).click();
    await dialog.getByLabel('Daemon').selectOption({ label: 'gamma' });
    await dialog.getByLabel('Backup file').setInputFiles(file);
    await dialog.getByLabel('Instance name').fill(restored);
    await dialog.getByRole('button', { name: 'Import' }).click();
    await expect(dialog).toHaveCount(0, { timeout: 60_000 });
    cli('gamma', ['start', restored]);
    expect(cli('gamma', ['exec', restored, '--', 'cat', '/root/marker']).trim()).toBe('original');
    await page.screenshot({ path: 'e2e/artifacts/snapshots-fleet.png' });
  });
});
