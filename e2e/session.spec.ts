import { expect } from '@playwright/test';
import { login, test } from './support';

test('logging out from the top bar ends the session on the server: the console asks for a login again, a copied cookie is refused', async ({ page, playwright, baseURL }) => {
  await login(page);
  await page.goto('/instances');
  await expect(page.getByTestId('current-user')).toHaveText('admin');
  // What someone who copied the cookie holds: it must stop working when the owner logs out.
  const copied = (await page.context().cookies()).find((c) => c.name === 'hangar.session')!;
  const withCopy = { headers: { cookie: `hangar.session=${copied.value}` } };
  const other = await playwright.request.newContext({ baseURL });
  expect((await other.get('/api/v1/me', withCopy)).status()).toBe(200);
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page).toHaveURL(/\/login$/);
  expect((await page.context().cookies()).map((c) => c.name)).not.toContain('hangar.session');
  await page.goto('/instances');
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Finstances$/);
  // The API agrees: the browser holds nothing that still works.
  expect((await page.request.get('/api/v1/me')).status()).toBe(401);
  expect((await other.get('/api/v1/me', withCopy)).status()).toBe(401);
  await other.dispose();
});
