import { expect, test } from '@playwright/test';
import { asKernelHoldsMemory, memoryLimit } from '../tests/support/cgroup';
import { cli, forceDelete, uniqueName } from '../tests/support/lab';
import { e2eState, login } from './support';

/** The Limits tab against a real container on alpha; the kernel's cgroup file is the proof. */
test.describe('Limits tab', () => {
  const name = uniqueName('e2e-lim');

  test.beforeAll(() => {
    cli('alpha', ['launch', 'busybox', name]);
  });

  test.afterAll(() => {
    forceDelete('alpha', name);
  });

  test('checks memory while typing, applies it live and shows what the daemon holds', async ({ page }) => {
    const { daemons } = e2eState();
    await login(page);
    await page.goto(`/instances/${daemons.alpha}/${name}?project=default&tab=limits`);

    const memory = page.getByRole('textbox', { name: 'Memory', exact: true });
    const unit = page.getByRole('combobox', { name: 'Memory unit' });
    const apply = page.getByRole('button', { name: 'Apply live' });
    await expect(memory).toBeVisible();
    await expect(page.getByRole('meter', { name: 'Memory used' })).toHaveAttribute('aria-valuetext', /of no limit/);

    // The same rules as the server, before anything is sent.
    await memory.fill('1.5');
    await unit.selectOption('GB');
    await expect(page.getByText('memory: "1.5GB" is not a size; use a number with kB, MB, GB')).toBeVisible();
    await expect(apply).toHaveAttribute('aria-disabled', 'true');

    await memory.fill('200');
    await unit.selectOption('MB');
    await expect(apply).not.toHaveAttribute('aria-disabled', 'true');
    await apply.click();

    const confirmation = page.getByRole('status').filter({ hasText: 'Applied live' });
    await expect(confirmation).toContainText('The daemon now holds memory = 200MB, with the instance still running.');
    await expect(memory).toHaveValue('200');
    await expect(page.getByRole('meter', { name: 'Memory used' })).toHaveAttribute('aria-valuetext', /of 200MB/);
    await expect(page.getByRole('list', { name: 'Limit changes' })).toContainText('memory: unset → 200MB');

    const { pid, status } = JSON.parse(cli('alpha', ['query', `/1.0/instances/${name}/state`])) as { pid: number; status: string };
    expect(status).toBe('Running');
    // 200 MB, as the kernel keeps it: in whole pages (200000000 rounded down to 199999488).
    expect(memoryLimit(pid)).toBe(asKernelHoldsMemory(200_000_000));
  });
});
