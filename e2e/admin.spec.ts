import { expect, type Page } from '@playwright/test';
import { cli, forceDelete, uniqueName } from '../tests/support/lab';
import { ADMIN_PASSWORD, ADMIN_USER } from '../tests/support/hangar';
import { login, test } from './support';

/** The team admin panel: an admin makes a viewer, who then sees nothing they could change. */

const viewer = uniqueName('e2e-viewer');
const viewerPassword = 'viewer-password-1';
const container = uniqueName('e2e-adm');

/** Names of buttons that would change something, on any page. */
const ACTION = /^(create|new|add|start|stop|restart|freeze|unfreeze|delete|remove|rename|terminal|console|snapshot|restore|apply|edit|save|import|copy to|launch)\b/i;

/** Every button on the page that is usable and would change something. */
async function usableActions(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const button of await page.locator('main button, main [role="menuitem"]').all()) {
    if (!(await button.isVisible())) continue;
    const name = ((await button.getAttribute('aria-label')) ?? (await button.innerText())).trim();
    const blocked = (await button.getAttribute('aria-disabled')) === 'true' || (await button.isDisabled());
    if (ACTION.test(name) && !blocked) found.push(name);
  }
  return found;
}

test.describe('team admin', () => {
  test.beforeAll(() => {
    cli('alpha', ['launch', 'busybox', container]);
  });
  test.afterAll(() => forceDelete('alpha', container));

  test('an admin creates a viewer, who logs in and can change nothing', async ({ page, browser }) => {
    test.setTimeout(240_000);
    await login(page);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
    await expect(page).toHaveURL(/\/users$/);
    await page.getByRole('button', { name: 'New user' }).click();
    const dialog = page.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel('Username').fill(viewer);
    await dialog.getByLabel('Password').fill(viewerPassword);
    await dialog.getByLabel('Role').selectOption('viewer');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await expect(dialog).toHaveCount(0);
    const row = page.locator(`tr[data-user="${viewer}"]`);
    await expect(row).toContainText('viewer');
    await expect(row).toContainText('active');
    await page.screenshot({ path: 'e2e/artifacts/admin-users.png' });

    // The last admin is protected in the UI as on the server.
    await page.locator('tr[data-user="admin"]').getByRole('button', { name: 'Actions for admin' }).click();
    await expect(page.getByRole('menuitem', { name: /^Delete/ })).toHaveAttribute('aria-disabled', 'true');
    await page.keyboard.press('Escape');

    const context = await browser.newContext();
    const other = await context.newPage();
    await login(other, viewer, viewerPassword);
    await expect(other.getByTestId('current-user')).toHaveText(viewer);
    const nav = other.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Instances' })).toBeVisible();
    await expect(nav.getByRole('link', { name: 'Users' })).toHaveCount(0);
    await expect(nav.getByRole('link', { name: 'Audit log' })).toHaveCount(0);

    await other.goto('/instances');
    // The fleet list waits for every daemon; a loaded lab daemon may need more than one poll.
    await expect(other.locator(`tr[data-instance="${container}"]`)).toContainText('Running', { timeout: 45_000 });
    expect(await usableActions(other)).toEqual([]);
    await other.screenshot({ path: 'e2e/artifacts/viewer-instances.png' });

    await other.goto('/users');
    await expect(other.getByText('Only admins can see this page')).toBeVisible();
    expect(await usableActions(other)).toEqual([]);
    await other.goto('/audit');
    await expect(other.getByText('Only admins can see this page')).toBeVisible();
    await other.goto('/settings');
    await expect(other.getByTestId('settings-username')).toHaveText(viewer);
    await expect(other.getByRole('link', { name: 'Share links' })).toHaveCount(0);

    // They change their own password: the form says when the two differ, then sends them to log in again.
    const form = other.getByRole('form', { name: 'Change password' });
    await form.getByLabel('Current password').fill(viewerPassword);
    await form.getByLabel('New password', { exact: true }).fill('viewer-password-2');
    await form.getByLabel('New password again').fill('viewer-password-3');
    await expect(form.getByText('The new passwords differ')).toBeVisible();
    await expect(form.getByRole('button', { name: 'Change password' })).toBeDisabled();
    await form.getByLabel('New password again').fill('viewer-password-2');
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect(other).toHaveURL(/\/login/);
    await login(other, viewer, 'viewer-password-2');
    await expect(other.getByTestId('current-user')).toHaveText(viewer);
    await context.close();
  });

  test('the audit page shows what each change did, filters on the action and exports it as CSV', async ({ page, request }) => {
    // A user made through the API, so this test stands on its own.
    const made = uniqueName('e2e-aud');
    const { token } = (await (await request.post('/api/v1/auth/token', { data: { username: ADMIN_USER, password: ADMIN_PASSWORD, name: 'e2e' } })).json()) as {
      token: string;
    };
    const auth = { authorization: `Bearer ${token}` };
    expect((await request.post('/api/v1/users', { headers: auth, data: { username: made, password: viewerPassword, role: 'viewer' } })).status()).toBe(201);
    await login(page);
    await page.goto('/audit');
    await page.getByLabel('Action').fill('user.create');
    await page.getByRole('button', { name: 'Apply' }).click();
    const table = page.getByTestId('audit-table');
    await expect(table.getByRole('columnheader', { name: 'Action' })).toBeVisible();
    const row = table.locator('tr', { hasText: made });
    await expect(row.getByTestId('audit-action')).toContainText('user.create');
    await expect(row.getByTestId('audit-action')).toContainText(`username: ${made}`);
    for (const cell of await table.getByTestId('audit-action').allInnerTexts()) expect(cell).toContain('user.create');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    const csv = await (await download.createReadStream()).toArray();
    const text = Buffer.concat(csv).toString('utf8');
    expect(text.split('\r\n')[0]).toBe('at,user,role,daemon,method,target,status,durationMs,action,instance,details');
    expect(text).toMatch(/,POST,\/api\/v1\/users,201,\d+,user\.create,,/);
    await page.screenshot({ path: 'e2e/artifacts/admin-audit.png' });
    await request.delete(`/api/v1/users/${made}`, { headers: auth });
  });

  test('a user makes a personal access token, sees it once, and revokes it', async ({ page, request }) => {
    await login(page);
    await page.goto('/settings/tokens');
    const name = uniqueName('e2e-token');
    await page.getByLabel('Name').fill(name);
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = (await page.getByTestId('created-token').innerText()).trim();
    expect(secret).toMatch(/^hgr_/);
    expect((await request.get('/api/v1/me', { headers: { authorization: `Bearer ${secret}` } })).status()).toBe(200);
    await page.locator(`tr[data-token="${name}"]`).getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
    await expect(page.locator(`tr[data-token="${name}"]`)).toHaveCount(0);
    expect((await request.get('/api/v1/me', { headers: { authorization: `Bearer ${secret}` } })).status()).toBe(401);
    await page.reload();
    await expect(page.getByTestId('created-token')).toHaveCount(0);
  });
});
