import { expect, type Page } from '@playwright/test';
import { Api } from '../tests/support/hangar';
import { cli, forceDelete, uniqueName } from '../tests/support/lab';
import { e2eState, login, test } from './support';

/** What an operator reaches for on day one: the landing page, phones, the palette, theme, help. */
const instance = uniqueName('e2e-day1');
const { daemons, url } = e2eState();

const htmlClass = (page: Page) => page.evaluate(() => document.documentElement.className);

test.describe('day one', () => {
  test.describe.configure({ timeout: 120_000 });
  test.beforeAll(() => {
    cli('alpha', ['init', 'busybox', instance]);
  });
  test.afterAll(() => {
    forceDelete('alpha', instance);
  });

  test('after login the console opens on the dashboard; the first rows of the fleet come with the page, never a false 0', async ({ page }) => {
    await login(page);
    await expect(page).toHaveURL(`${url}/`);
    await expect(page.getByRole('link', { name: 'Dashboard', exact: true })).toHaveAttribute('aria-current', 'page');

    // Hold the fleet's answer: until it comes, the count is not a false "0 instances".
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/v1/instances', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/instances?status=Stopped');
    // The server renders the first rows of this view from its live fleet, before the list arrives.
    await expect(page.locator(`tr[data-instance="${instance}"]`)).toBeVisible();
    await expect(page.getByText(/^0 instances$/)).toHaveCount(0);
    release();
    await expect(page.getByText(/^\d+( of \d+)? instances$/)).toBeVisible();
    // The filters come from the address, and go back into it.
    await expect(page.getByLabel('Status')).toHaveValue('Stopped');
    await expect(page.locator(`tr[data-instance="${instance}"]`)).toBeVisible();
    await page.getByLabel('Status').selectOption('Running');
    await expect(page).toHaveURL(/[?&]status=Running(&|$)/);
  });

  test('on a phone a menu opens every section, Log out is reachable and tables keep the name in view', async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await login(page);
    const menuButton = page.getByRole('button', { name: 'Menu' });
    await menuButton.click();
    const menu = page.getByRole('dialog', { name: 'Menu' });
    for (const section of ['Dashboard', 'Instances', 'Snapshots', 'Images', 'Profiles', 'Operations', 'Daemons', 'Users', 'Audit log', 'Settings', 'Help']) {
      await expect(menu.getByRole('link', { name: section, exact: true })).toBeInViewport();
    }
    await menu.getByRole('link', { name: 'Daemons', exact: true }).click();
    await expect(page).toHaveURL(/\/daemons$/);
    await expect(menu).toBeHidden();

    // A wide table scrolls sideways inside its card; its first column stays put.
    const scroller = page.locator('[data-scroll="table"]').first();
    await expect(scroller.locator('tbody tr').first()).toBeVisible();
    expect(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
    const firstCell = scroller.locator('tbody tr').first().locator('td').first();
    const before = await firstCell.boundingBox();
    await scroller.evaluate((el) => el.scrollBy({ left: 400 }));
    await expect.poll(() => scroller.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    const after = await firstCell.boundingBox();
    expect(Math.round(after!.x)).toBe(Math.round(before!.x));
    await expect(firstCell).toBeInViewport();
    // The page itself does not scroll sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    await menuButton.click();
    const logOut = menu.getByRole('button', { name: 'Log out' });
    await expect(logOut).toBeInViewport();
    await logOut.click();
    await expect(page).toHaveURL(/\/login$/);
  });

  test('the theme is system, light or dark, and stays chosen', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await login(page);
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const light = await background();
    await page.getByRole('button', { name: 'Theme: System' }).click();
    await expect(page.getByRole('button', { name: 'Theme: Light' })).toBeVisible();
    expect(await htmlClass(page)).toContain('light');
    await page.getByRole('button', { name: 'Theme: Light' }).click();
    await expect(page.getByRole('button', { name: 'Theme: Dark' })).toBeVisible();
    expect(await htmlClass(page)).toContain('dark');
    await expect.poll(background).not.toBe(light);
    const dark = await background();
    await page.reload();
    await expect(page.getByRole('button', { name: 'Theme: Dark' })).toBeVisible();
    expect(await background()).toBe(dark);
    await page.getByRole('button', { name: 'Theme: Dark' }).click();
    await expect(page.getByRole('button', { name: 'Theme: System' })).toBeVisible();
    expect(await background()).toBe(light);
  });

  test('Ctrl+K or / opens a palette that goes to an instance, a page or an action; ? lists the shortcuts', async ({ page }) => {
    await login(page);
    const palette = page.getByRole('dialog', { name: 'Go to…' });
    // A key pressed before the page has hydrated reaches no listener: press again until one does.
    await expect(async () => {
      if (!(await palette.isVisible())) await page.keyboard.press('Control+k');
      await expect(palette.getByRole('combobox')).toBeFocused({ timeout: 2000 });
    }).toPass({ timeout: 20_000 });
    await page.keyboard.type(instance);
    await expect(palette.getByRole('option', { name: new RegExp(instance) })).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/instances/${daemons.alpha}/${instance}$`));
    await expect(palette).toBeHidden();

    await page.locator('body').press('/');
    await expect(palette).toBeVisible();
    await palette.getByRole('combobox').fill('operations');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/operations$/);

    await page.locator('body').press('/');
    await palette.getByRole('combobox').fill('theme dark');
    await page.keyboard.press('Enter');
    expect(await htmlClass(page)).toContain('dark');
    await page.evaluate(() => localStorage.removeItem('hangar.theme'));

    await page.locator('body').press('?');
    const shortcuts = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(shortcuts).toContainText('Ctrl K');
    await expect(shortcuts).toContainText('Open the command palette');
    await page.keyboard.press('Escape');
    await expect(shortcuts).toBeHidden();
  });

  test('each page links to its section of the help', async ({ page }) => {
    await login(page);
    await page.goto('/instances');
    await page.getByRole('link', { name: 'Help for this page' }).click();
    await expect(page).toHaveURL(/\/help#instances$/);
    await expect(page.getByRole('heading', { name: 'Instances', exact: true })).toBeInViewport();
    await page.goto(`/instances/${daemons.alpha}/${instance}?tab=limits`);
    await page.getByRole('link', { name: 'Help for this page' }).click();
    await expect(page).toHaveURL(/\/help#limits$/);
    await expect(page.getByRole('heading', { name: 'Limits and presets' })).toBeInViewport();
  });

  test('a viewer sees the snapshot schedule read-only', async ({ page }) => {
    const api = await Api.login(url);
    const username = `viewer-${Math.random().toString(36).slice(2, 8)}`;
    const password = 'viewer-password-for-e2e';
    await api.json('POST', '/api/v1/users', { username, password, role: 'viewer' }, [201]);
    try {
      await login(page, username, password);
      await page.goto(`/instances/${daemons.alpha}/${instance}?tab=snapshots`);
      const schedule = page.getByLabel('Schedule (snapshots.schedule)');
      await expect(schedule).toBeVisible();
      await expect(schedule).toHaveAttribute('readonly', '');
      await schedule.pressSequentially('@daily');
      await expect(schedule).toHaveValue('');
      await expect(page.getByLabel('Also snapshot while stopped (snapshots.schedule.stopped)')).toBeDisabled();
      await expect(page.getByRole('button', { name: 'Save schedule' })).toHaveCount(0);
      await expect(page.getByText('Your role (viewer) cannot change the schedule')).toBeVisible();
    } finally {
      await api.json('DELETE', `/api/v1/users/${username}`, undefined, [200, 204]);
    }
  });

  test('an image download token waits to be used: it is not shown as Running', async ({ page }) => {
    const fingerprint = (JSON.parse(cli('alpha', ['query', '/1.0/images?recursion=1'])) as { fingerprint: string }[])[0].fingerprint;
    const token = JSON.parse(cli('alpha', ['query', '-X', 'POST', `/1.0/images/${fingerprint}/secret`, '-d', '{}'])) as { id: string };
    try {
      await login(page);
      await page.goto('/operations');
      const row = page.locator(`tr[data-operation="${token.id}"]`);
      await expect(row).toContainText('Image download token');
      await expect(row).toContainText('Waiting to be used');
      await expect(row).not.toContainText('Running');
      // Used or cancelled, it is gone from what is running.
      cli('alpha', ['query', '-X', 'DELETE', `/1.0/operations/${token.id}`]);
      await expect(row).toHaveCount(0);
    } finally {
      try {
        cli('alpha', ['query', '-X', 'DELETE', `/1.0/operations/${token.id}`]);
      } catch {
        /* already cancelled */
      }
    }
  });
});
