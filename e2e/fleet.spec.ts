import { expect } from '@playwright/test';
import { sessionCookie } from '../tests/support/hangar';
import { cli, forceDelete, uniqueName } from '../tests/support/lab';
import { e2eState, login, test } from './support';

/** The fleet page at scale: rows rendered by the server, and kept current by the events stream alone. */
test.describe('fleet page', () => {
  const names: string[] = [];
  test.afterAll(() => {
    for (const name of names) forceDelete('alpha', name);
  });

  test('the server renders the first rows of the view in the URL, before any script runs', async ({ browser }) => {
    const a = uniqueName('ssr-a');
    const b = uniqueName('ssr-b');
    names.push(a, b);
    cli('alpha', ['init', 'busybox', a]);
    cli('alpha', ['init', 'busybox', b]);
    const { url } = e2eState();
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const cookies = (await sessionCookie(url)).split('; ').map((pair) => {
        const eq = pair.indexOf('=');
        return { name: pair.slice(0, eq), value: pair.slice(eq + 1), url };
      });
      await context.addCookies(cookies);
      const page = await context.newPage();
      await page.goto(`${url}/instances?q=${encodeURIComponent(a)}`);
      await expect(page.locator(`tr[data-instance="${a}"][data-daemon="alpha"]`)).toContainText('Stopped');
      await expect(page.locator('tbody tr[data-instance]')).toHaveCount(1);
      // The sort in the URL orders the server's rows too.
      await page.goto(`${url}/instances?q=ssr-&sort=-name`);
      const rendered = await page.locator('tbody tr[data-instance]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-instance')));
      expect(rendered.indexOf(b)).toBeGreaterThanOrEqual(0);
      expect(rendered.indexOf(b)).toBeLessThan(rendered.indexOf(a));
      // And without a session there are no rows, only the way to log in.
      await context.clearCookies();
      await page.goto(`${url}/instances`);
      await expect(page).toHaveURL(/\/login/);
      await expect(page.locator('tr[data-instance]')).toHaveCount(0);
    } finally {
      await context.close();
    }
  });

  test('while the stream is live the list is not fetched again; a CLI change still reaches the open table', async ({ page }) => {
    const name = uniqueName('nopoll');
    names.push(name);
    cli('alpha', ['init', 'busybox', name]);
    await login(page);
    const listed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/v1/instances');
    await page.goto(`/instances?q=${encodeURIComponent(name)}`);
    const row = page.locator(`tr[data-instance="${name}"][data-daemon="alpha"]`);
    await expect(row).toContainText('Stopped');
    await expect(page.getByTestId('live-indicator')).toHaveAttribute('data-state', 'live');
    // The page's one fetch of the whole list (its first rows came with the page).
    expect((await listed).status()).toBe(200);

    const fetches: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname === '/api/v1/instances') fetches.push(r.url());
    });
    cli('alpha', ['start', name]);
    await expect(row).toContainText('Running', { timeout: 10_000 });
    // Longer than two of the fallback poll's periods (5 s).
    await page.waitForTimeout(11_000);
    expect(fetches).toEqual([]);
  });
});
