import { expect, test } from '@playwright/test';
import { login } from './support';

test('logging out from the top bar ends the session: the console asks for a login again', async ({ page }) => {
  await login(page);
  await page.goto('/instances');
  await expect(page.getByTestId('current-user')).toHaveText('admin');
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect((await page.context().cookies()).map((c) => c.name)).not.toContain('hangar.session');
  await page.goto('/instances');
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Finstances$/);
  // The API agrees: the browser holds nothing that still works.
  expect((await page.request.get('/api/v1/me')).status()).toBe(401);
});
