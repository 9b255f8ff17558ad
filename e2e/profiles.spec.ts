import { expect, type Page } from '@playwright/test';
import { cli, forceDelete, uniqueName, type LabDaemon } from '../tests/support/lab';
import { login, test } from './support';

const profile = uniqueName('e2e-prof');
const container = uniqueName('e2e-puser');

const row = (page: Page, daemon: LabDaemon) => page.locator(`tr[data-profile="${profile}"][data-daemon="${daemon}"]`);
const show = (daemon: LabDaemon) => cli(daemon, ['profile', 'show', profile]);
const exists = (daemon: LabDaemon) => cli(daemon, ['profile', 'list', '--format=csv']).split('\n').some((l) => l.startsWith(`${profile},`));

async function profileAction(page: Page, daemon: LabDaemon, action: string) {
  await row(page, daemon).getByRole('button', { name: `Actions for profile ${profile} on ${daemon}` }).click();
  await page.getByRole('menuitem', { name: action }).click();
}

/** Replaces the whole text of the CodeMirror editor in the dialog. */
async function typeYaml(page: Page, text: string) {
  const editor = page.getByRole('dialog').locator('.cm-content');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await editor.fill(text);
}

test.describe('profiles', () => {
  test.afterAll(() => {
    forceDelete('alpha', container);
    for (const daemon of ['alpha', 'gamma'] as const) {
      if (exists(daemon)) cli(daemon, ['profile', 'delete', profile]);
    }
  });
  test.beforeEach(async ({ page }) => {
    await login(page);
  });

  test('create with the form, edit as YAML (bad YAML says where), refuse deleting while in use, copy, delete', async ({ page }) => {
    await page.goto('/profiles');
    await page.getByRole('button', { name: 'Create profile' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Daemon').selectOption({ label: 'alpha' });
    await dialog.getByLabel('Name', { exact: true }).fill(profile);
    await dialog.getByLabel('Description').fill('made in the UI');
    await dialog.getByLabel('limits.memory', { exact: true }).fill('192MB');
    await dialog.getByRole('button', { name: 'Add variable' }).click();
    await dialog.getByLabel('Variable name').fill('MODE');
    await dialog.getByLabel('Value of MODE').fill('e2e');
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(row(page, 'alpha')).toContainText('made in the UI');
    expect(show('alpha')).toContain('limits.memory: 192MB');
    expect(show('alpha')).toContain('environment.MODE: e2e');

    await row(page, 'alpha').getByRole('button', { name: profile, exact: true }).click();
    await expect(dialog.getByLabel('Description')).toHaveValue('made in the UI');
    await dialog.getByRole('tab', { name: 'YAML' }).click();
    await expect(dialog.locator('.cm-content')).toContainText('limits.memory: 192MB');
    await typeYaml(page, 'description: edited as yaml\nconfig:\n  limits.memory: 320MB\n  limits.cpu: "1\ndevices: {}\n');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(dialog.getByRole('alert')).toContainText(/line \d+, column \d+:/);
    expect(show('alpha')).toContain('limits.memory: 192MB');

    await typeYaml(page, 'description: edited as yaml\nconfig:\n  limits.memory: 320MB\n  limits.cpu: 1\ndevices: {}\n');
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(dialog).toHaveCount(0);
    await expect(row(page, 'alpha')).toContainText('edited as yaml');
    expect(show('alpha')).toContain('limits.memory: 320MB');
    expect(show('alpha')).toContain('limits.cpu: "1"');
    expect(show('alpha')).not.toContain('environment.MODE');

    cli('alpha', ['launch', 'busybox', container, '-p', 'default', '-p', profile]);
    await page.reload();
    await row(page, 'alpha').getByRole('button', { name: '1 instance' }).click();
    await expect(page.getByRole('list', { name: `Instances using ${profile}` })).toContainText(container);
    await profileAction(page, 'alpha', 'Delete…');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await expect(dialog.getByRole('alert')).toHaveText('Profile is currently in use');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(exists('alpha')).toBe(true);

    await profileAction(page, 'alpha', 'Copy to daemon…');
    await dialog.getByLabel('To daemon').selectOption({ label: 'gamma' });
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await expect(row(page, 'gamma')).toBeVisible();
    expect(show('gamma')).toContain('limits.memory: 320MB');

    forceDelete('alpha', container);
    for (const daemon of ['gamma', 'alpha'] as const) {
      await page.reload();
      await profileAction(page, daemon, 'Delete…');
      await dialog.getByRole('button', { name: 'Delete' }).click();
      await expect(row(page, daemon)).toHaveCount(0);
      expect(exists(daemon)).toBe(false);
    }
  });
});
