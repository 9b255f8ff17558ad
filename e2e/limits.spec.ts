import { expect, type Page } from '@playwright/test';
import { asKernelHoldsMemory, memoryLimit, pidsMax } from '../tests/support/cgroup';
import { cli, forceDelete, uniqueName } from '../tests/support/lab';
import { e2eState, login, test } from './support';

/** Logs in and opens the Limits tab of an instance on alpha: its memory field, unit and Apply. */
async function openLimits(page: Page, instance: string) {
  await login(page);
  await page.goto(`/instances/${e2eState().daemons.alpha}/${instance}?project=default&tab=limits`);
  return {
    memory: page.getByRole('textbox', { name: 'Memory', exact: true }),
    unit: page.getByRole('combobox', { name: 'Memory unit' }),
    apply: page.getByRole('button', { name: 'Apply live' }),
  };
}

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
    const { memory, unit, apply } = await openLimits(page, name);
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

  test('a value typed with its unit, or a percentage, is applied exactly as typed', async ({ page }) => {
    const { memory, unit, apply } = await openLimits(page, name);
    /** Types key by key, the way a person types: the box keeps the text, the select shows its unit. */
    const type = async (text: string, shownUnit: string) => {
      await memory.fill('');
      await memory.pressSequentially(text);
      await expect(memory).toHaveValue(text);
      await expect(unit).toHaveValue(shownUnit);
    };
    /** Applies, and the daemon holds exactly what was typed. */
    const applied = async (value: string) => {
      await apply.click();
      await expect(page.getByRole('status').filter({ hasText: 'Applied live' })).toContainText(`memory = ${value}`);
      expect(cli('alpha', ['config', 'get', name, 'limits.memory']).trim()).toBe(value);
    };

    await type('512MiB', 'MiB');
    await applied('512MiB');
    await expect(memory).toHaveValue('512');
    await expect(unit).toHaveValue('MiB');

    await type('2GB', 'GB');
    await memory.blur();
    await expect(memory).toHaveValue('2');
    await expect(unit).toHaveValue('GB');

    await memory.fill('');
    await memory.pressSequentially('abc');
    await expect(memory).toHaveValue('abc');
    await expect(page.getByText(/memory: "abc"/)).toBeVisible();
    await expect(apply).toHaveAttribute('aria-disabled', 'true');

    await type('50%', '%');
    await applied('50%');
  });
});

/** Bulk apply from the fleet list's selection, across LXD (alpha) and Incus (gamma). */
test.describe('bulk limits', () => {
  const onAlpha = uniqueName('e2e-bulk');
  const onGamma = uniqueName('e2e-bulk');
  const pidOf = (daemon: 'alpha' | 'gamma', name: string) =>
    (JSON.parse(cli(daemon, ['query', `/1.0/instances/${name}/state`])) as { pid: number }).pid;
  const configOf = (daemon: 'alpha' | 'gamma', name: string, key: string) => cli(daemon, ['config', 'get', name, key]).trim();
  /** Selects both instances in the fleet list and opens the bulk limits dialog. */
  const openBulk = async (page: Page) => {
    await login(page);
    await page.goto('/instances');
    await page.getByRole('checkbox', { name: `Select ${onAlpha} on alpha` }).check();
    await page.getByRole('checkbox', { name: `Select ${onGamma} on gamma` }).check();
    await page.getByRole('button', { name: 'Limits…' }).click();
    return page.getByRole('dialog', { name: 'Limits for 2 instances' });
  };

  test.beforeAll(() => {
    cli('alpha', ['launch', 'busybox', onAlpha]);
    cli('gamma', ['launch', 'busybox', onGamma]);
  });

  test.afterAll(() => {
    forceDelete('alpha', onAlpha);
    forceDelete('gamma', onGamma);
  });

  test('checks values against each selected host while typing, as the single editor does', async ({ page }) => {
    const hostCpus = Math.max(
      ...(['alpha', 'gamma'] as const).map((d) => (JSON.parse(cli(d, ['query', '/1.0/resources'])) as { cpu: { total: number } }).cpu.total),
    );
    const dialog = await openBulk(page);
    const cpus = dialog.getByRole('textbox', { name: 'CPUs', exact: true });
    await cpus.fill(String(hostCpus + 1));
    await expect(dialog.getByText(new RegExp(`cpu: "${hostCpus + 1}" asks for ${hostCpus + 1} CPUs but the host has`))).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Apply live' })).toHaveAttribute('aria-disabled', 'true');
    await cpus.fill('1');
    await expect(dialog.getByText(/asks for/)).toHaveCount(0);
    await expect(dialog.getByRole('button', { name: 'Apply live' })).not.toHaveAttribute('aria-disabled', 'true');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  test('a preset on a running instance asks first; one notice at a time', async ({ page }) => {
    const { daemons } = e2eState();
    await login(page);
    await page.goto(`/instances/${daemons.alpha}/${onAlpha}?project=default&tab=limits`);
    const memory = page.getByRole('textbox', { name: 'Memory', exact: true });
    await memory.fill('300');
    await page.getByRole('combobox', { name: 'Memory unit' }).selectOption('MB');
    await page.getByRole('button', { name: 'Apply live' }).click();
    const notices = page.getByRole('status').filter({ hasText: /Applied/ });
    await expect(notices).toHaveCount(1);
    await expect(notices).toContainText('memory = 300MB');

    await page.getByRole('combobox', { name: 'Preset' }).selectOption('small');
    await page.getByRole('button', { name: 'Apply preset' }).click();
    const confirm = page.getByRole('dialog', { name: 'Apply preset small?' });
    await expect(confirm).toContainText(`${onAlpha} is running`);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    expect(configOf('alpha', onAlpha, 'limits.memory')).toBe('300MB');

    await page.getByRole('button', { name: 'Apply preset' }).click();
    await confirm.getByRole('button', { name: 'Apply live' }).click();
    await expect(confirm).toBeHidden();
    await expect(notices).toHaveCount(1);
    await expect(notices).toContainText('Applied preset small live');
    expect(configOf('alpha', onAlpha, 'limits.memory')).toBe('256MB');
    // Applied again: still one notice, replaced.
    await page.getByRole('button', { name: 'Apply preset' }).click();
    await confirm.getByRole('button', { name: 'Apply live' }).click();
    await expect(confirm).toBeHidden();
    await expect(notices).toHaveCount(1);
    // The next test starts from instances without limits of their own.
    for (const key of ['limits.memory', 'limits.processes', 'limits.cpu']) cli('alpha', ['config', 'unset', onAlpha, key]);
  });

  test('applies a preset, then a refused CPU set that changes nothing, to instances on two daemons', async ({ page }) => {
    const dialog = await openBulk(page);
    await dialog.getByRole('radio', { name: 'Apply a preset' }).check();
    await dialog.getByRole('combobox', { name: 'Preset' }).selectOption('small');
    await expect(dialog).toContainText('memory 256MB');
    await dialog.getByRole('button', { name: 'Apply live' }).click();
    await expect(dialog.getByText('Applied live to 2')).toBeVisible();
    const results = dialog.getByRole('list', { name: 'Results' }).getByRole('listitem');
    await expect(results).toHaveCount(2);
    for (const [name, daemon] of [[onAlpha, 'alpha'], [onGamma, 'gamma']] as const) {
      await expect(results.filter({ hasText: name })).toContainText(daemon);
      await expect(results.filter({ hasText: name })).toContainText('256MB');
      // What the daemon holds, and what the kernel enforces, with the instance still running.
      expect(configOf(daemon, name, 'limits.memory')).toBe('256MB');
      expect(configOf(daemon, name, 'limits.processes')).toBe('200');
      expect(memoryLimit(pidOf(daemon, name))).toBe(asKernelHoldsMemory(256_000_000));
      expect(pidsMax(pidOf(daemon, name))).toBe(200);
    }
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(dialog).toBeHidden();

    // A CPU set the hosts lack: refused while typing, before anything is sent; nothing changed.
    await page.getByRole('button', { name: 'Limits…' }).click();
    await dialog.getByRole('textbox', { name: 'Memory', exact: true }).fill('300');
    await dialog.getByRole('combobox', { name: 'Memory unit' }).selectOption('MB');
    await dialog.getByRole('textbox', { name: 'CPUs', exact: true }).fill('0-63');
    await expect(dialog.getByText(/cpu: "0-63" names CPU .*which the host lacks/)).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Apply live' })).toHaveAttribute('aria-disabled', 'true');
    await dialog.getByRole('button', { name: 'Apply live' }).click({ force: true });
    await expect(dialog.getByRole('list', { name: 'Results' })).toHaveCount(0);
    for (const [name, daemon] of [[onAlpha, 'alpha'], [onGamma, 'gamma']] as const) {
      expect(configOf(daemon, name, 'limits.memory')).toBe('256MB');
      expect(memoryLimit(pidOf(daemon, name))).toBe(asKernelHoldsMemory(256_000_000));
    }
  });
});
