import fs from 'node:fs';
import { test as base, expect, type Page } from '@playwright/test';
import { ADMIN_PASSWORD, ADMIN_USER } from '../tests/support/hangar';
import { STATE_FILE } from './global-setup';

export function e2eState(): { url: string; daemons: { alpha: string; beta: string; gamma: string } } {
  return JSON.parse(fs.readFileSync(STATE_FILE, 'utf8'));
}

/** Logs in through the real login form. */
export async function login(page: Page, username = ADMIN_USER, password = ADMIN_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).not.toHaveURL(/\/login/);
  await waitForHydration(page);
}

/** The mark app/providers.tsx sets once the page's client code has hydrated: a click before that is lost. */
const HYDRATED = 'html[data-hydrated="true"]';

export async function waitForHydration(page: Page): Promise<void> {
  await expect(page.locator(HYDRATED)).toHaveCount(1);
}

/**
 * Playwright's `test` whose `page.goto` returns once the console has hydrated, so that the first
 * click or key of a test is never lost. A page that never hydrates is left to the test's own
 * assertions to report.
 */
export const test = base.extend({
  page: async ({ page }, provide) => {
    const goto = page.goto.bind(page);
    page.goto = async (url, options) => {
      const response = await goto(url, options);
      await page.locator(HYDRATED).waitFor({ state: 'attached', timeout: 20_000 }).catch(() => undefined);
      return response;
    };
    await provide(page);
  },
});
