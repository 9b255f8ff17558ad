import { expect, type Page } from '@playwright/test';
import { Api } from '../tests/support/hangar';
import { cli, lab, trustToken, uniqueName } from '../tests/support/lab';
import { e2eState, login, test } from './support';

const PREFIX = 'alpha-ui-';

/** With a token, the daemon names the certificate it trusts after the token's client name. */
function alphaTrusts(certificateName: string): boolean {
  const list = JSON.parse(cli('alpha', ['config', 'trust', 'list', '--format', 'json'])) as { name: string }[];
  return list.some((c) => c.name === certificateName);
}

async function daemonNames(page: Page): Promise<string[]> {
  const res = await page.request.get('/api/v1/daemons');
  expect(res.status()).toBe(200);
  return ((await res.json()) as { name: string }[]).map((d) => d.name);
}

async function openAddDialog(page: Page, name: string, token: string) {
  await page.goto('/daemons');
  await page.getByRole('button', { name: 'Add daemon' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add daemon' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByLabel('URL').fill(lab.daemons.alpha.url);
  await dialog.getByLabel('Trust token').fill(token);
  await dialog.getByRole('button', { name: 'Check certificate' }).click();
  // The certificate step shows the full SHA-256 fingerprint for the person to confirm.
  await expect(dialog.getByTestId('probe-fingerprint')).toHaveText(/^[0-9a-f]{64}$/);
  return dialog;
}

test.describe('daemons page', () => {
  test.beforeEach(async ({ page }) => {
    await login(page);
  });

  // A failed run must not leave a second registration of alpha behind (the fleet would list its
  // instances twice): remove through the API whatever this file added.
  test.afterEach(async () => {
    const api = await Api.login(e2eState().url);
    for (const d of await api.json<{ id: string; name: string }[]>('GET', '/api/v1/daemons')) {
      if (d.name.startsWith(PREFIX)) await api.json('DELETE', `/api/v1/daemons/${d.id}`);
    }
  });

  test('adds a daemon with a trust token, renames it and removes it', async ({ page }) => {
    const name = `${PREFIX}${Math.random().toString(36).slice(2, 8)}`;
    const renamed = `${name}-renamed`;
    const tokenName = uniqueName('e2e-ui');
    const dialog = await openAddDialog(page, name, trustToken('alpha', tokenName));
    await dialog.getByRole('button', { name: 'Add daemon' }).click();
    await expect(dialog).toBeHidden();

    const row = page.locator(`tr[data-daemon="${name}"]`);
    await expect(row).toContainText('online');
    await expect(row).toContainText('5.0.2');
    await expect(row).toContainText('LXD');
    await expect(row).toContainText('Standalone');
    expect(alphaTrusts(tokenName)).toBe(true);
    await page.screenshot({ path: 'e2e/artifacts/daemons.png' });

    await row.getByRole('button', { name: `Actions for ${name}` }).click();
    await page.getByRole('menuitem', { name: 'Rename…' }).click();
    const renameDialog = page.getByRole('dialog', { name: `Rename daemon ${name}` });
    await renameDialog.getByLabel('New name').fill(renamed);
    await renameDialog.getByRole('button', { name: 'Rename' }).click();
    await expect(renameDialog).toBeHidden();
    const renamedRow = page.locator(`tr[data-daemon="${renamed}"]`);
    await expect(renamedRow).toContainText('online');
    await expect(row).toHaveCount(0);

    await renamedRow.getByRole('button', { name: `Actions for ${renamed}` }).click();
    await page.getByRole('menuitem', { name: 'Remove…' }).click();
    const removeDialog = page.getByRole('dialog', { name: `Remove daemon ${renamed}?` });
    await expect(removeDialog).toContainText("trust store");
    await removeDialog.getByRole('button', { name: 'Remove' }).click();
    await expect(removeDialog).toBeHidden();
    await expect(renamedRow).toHaveCount(0);
    expect(await daemonNames(page)).not.toContain(renamed);
    // Removing the daemon took Hangar's certificate out of the daemon's trust store.
    expect(alphaTrusts(tokenName)).toBe(false);
  });

  test('a wrong trust token shows the daemon refusal and adds nothing', async ({ page }) => {
    const name = `${PREFIX}bad-${Math.random().toString(36).slice(2, 8)}`;
    // A well-formed token for this daemon whose secret the daemon never issued.
    const tokenName = uniqueName('e2e-ui-bad');
    const real = JSON.parse(Buffer.from(trustToken('alpha', tokenName), 'base64').toString('utf8'));
    const forged = Buffer.from(JSON.stringify({ ...real, secret: 'f'.repeat(64) })).toString('base64');

    const dialog = await openAddDialog(page, name, forged);
    await dialog.getByRole('button', { name: 'Add daemon' }).click();
    await expect(dialog.getByRole('alert')).toContainText('the daemon refused the trust token');
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Back' }).click();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();

    await expect(page.locator(`tr[data-daemon="${name}"]`)).toHaveCount(0);
    expect(await daemonNames(page)).not.toContain(name);
    expect(alphaTrusts(tokenName)).toBe(false);
    // The real token was never used; do not leave it pending on the daemon.
    cli('alpha', ['config', 'trust', 'revoke-token', tokenName]);
  });
});
