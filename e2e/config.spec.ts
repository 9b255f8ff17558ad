import { expect, type Page } from '@playwright/test';
import { Api } from '../tests/support/hangar';
import { cli, forceDelete, uniqueName } from '../tests/support/lab';
import { e2eState, login, test } from './support';

const container = uniqueName('e2e-cfg');
const profile = uniqueName('e2e-cfgp');
const viewerName = uniqueName('viewer');
const { url, daemons } = e2eState();
const page = (tab: string) => `/instances/${daemons.alpha}/${container}?tab=${tab}`;

/** Replaces one line of the YAML in the editor and leaves the rest as it is. */
async function editLine(p: Page, from: string, to: string) {
  const editor = p.locator('.cm-content');
  const text = (await editor.innerText()).replace(/\u00a0/g, ' ');
  expect(text).toContain(from);
  await editor.click();
  await p.keyboard.press('ControlOrMeta+a');
  await p.keyboard.press('Delete');
  await editor.fill(text.replace(from, to));
}

test.describe('configuration and logs', () => {
  test.beforeAll(async () => {
    cli('alpha', ['profile', 'create', profile]);
    cli('alpha', ['profile', 'set', profile, 'limits.memory', '200MB']);
    cli('alpha', ['launch', 'busybox', container, '-p', 'default', '-p', profile, '-c', 'user.tier=bronze']);
    const admin = await Api.login(url);
    await admin.json('POST', '/api/v1/users', { username: viewerName, password: 'password-123', role: 'viewer' }, [201]);
  });
  test.afterAll(() => {
    forceDelete('alpha', container);
    cli('alpha', ['profile', 'delete', profile]);
  });

  test('edits YAML with line:column errors, the daemon message for a bad key, and an ETag conflict from the CLI', async ({ page: p }) => {
    await login(p);
    await p.goto(page('configuration'));
    const editor = p.locator('.cm-content');
    await expect(editor).toContainText('user.tier: bronze');

    await editLine(p, 'user.tier: bronze', 'user.tier: [silver');
    await p.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(p.getByRole('tabpanel').getByRole('alert')).toContainText(/line \d+, column \d+:/);
    await expect(p.locator('.cm-lint-marker-error').first()).toBeVisible();

    await editLine(p, 'user.tier: [silver', 'limits.cpus: "2"');
    await p.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(p.getByRole('tabpanel').getByRole('alert')).toContainText('Unknown configuration key: limits.cpus');

    await editLine(p, 'limits.cpus: "2"', 'user.tier: silver');
    // Someone changes the instance from the CLI while the editor is open.
    cli('alpha', ['config', 'set', container, 'user.cli', 'meanwhile']);
    await p.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(p.getByText('The configuration changed since you opened it')).toBeVisible();
    expect(cli('alpha', ['config', 'get', container, 'user.tier']).trim()).toBe('bronze');
    await p.screenshot({ path: 'e2e/artifacts/config-conflict.png' });

    await p.getByRole('status').filter({ hasText: 'The configuration changed' }).getByRole('button', { name: 'Reload' }).click();
    await expect(editor).toContainText('user.cli: meanwhile');
    await editLine(p, 'user.tier: bronze', 'user.tier: silver');
    await p.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(p.getByText('Saved.')).toBeVisible();
    expect(cli('alpha', ['config', 'get', container, 'user.tier']).trim()).toBe('silver');
    expect(cli('alpha', ['config', 'get', container, 'user.cli']).trim()).toBe('meanwhile');
  });

  test('the expanded view attributes each key to the profile or the instance that set it', async ({ page: p }) => {
    await login(p);
    await p.goto(page('configuration'));
    const config = p.getByTestId('expanded-config');
    await expect(config.locator('tr[data-key="limits.memory"]')).toContainText('200MB');
    await expect(config.locator('tr[data-key="limits.memory"]')).toContainText(`profile ${profile}`);
    await expect(config.locator('tr[data-key="user.tier"]')).toContainText('instance');
    await expect(p.getByTestId('expanded-devices').locator('tr[data-key="root"]')).toContainText('profile default');
    await expect(p.getByText(`profile default → profile ${profile} → instance`)).toBeVisible();
  });

  test('logs are readable; a viewer sees the configuration read-only and not lxc.conf', async ({ page: p }) => {
    await login(p);
    await p.goto(page('logs'));
    await expect(p.getByRole('tab', { name: 'lxc.log' })).toHaveAttribute('aria-selected', 'true');
    await p.getByRole('tab', { name: 'lxc.conf' }).click();
    await expect(p.getByLabel('Contents of lxc.conf')).toContainText('lxc.uts.name');

    await p.context().clearCookies();
    await login(p, viewerName, 'password-123');
    await p.goto(page('configuration'));
    await expect(p.getByText('Read-only: your role (viewer)')).toBeVisible();
    await expect(p.getByRole('button', { name: 'Save', exact: true })).toHaveAttribute('aria-disabled', 'true');
    await expect(p.getByRole('button', { name: 'Save', exact: true })).toHaveAttribute('title', /cannot change configuration/);
    await p.goto(page('logs'));
    await p.getByRole('tab', { name: 'lxc.conf' }).click();
    await expect(p.getByText('only operators and admins may read it')).toBeVisible();
  });
});
