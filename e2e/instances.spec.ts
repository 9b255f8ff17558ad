import net from 'node:net';
import { expect, type Page } from '@playwright/test';
import { ADMIN_PASSWORD, Api, freePort } from '../tests/support/hangar';
import { cli, forceDelete, lab, trustToken, uniqueName, type LabDaemon } from '../tests/support/lab';
import { e2eState, login, test } from './support';

// One container per lab daemon made with the real CLI (beta's on its second member), and one the
// UI creates on gamma. All are deleted in afterAll whatever happens.
const made: Record<LabDaemon, string> = {
  alpha: uniqueName('e2e-ui-a'),
  beta: uniqueName('e2e-ui-b'),
  gamma: uniqueName('e2e-ui-g'),
};
const createdInUi = uniqueName('e2e-ui-new');

/** The instance's status as the daemon itself reports it, or null when it does not exist. */
function daemonStatus(daemon: LabDaemon, name: string): string | null {
  const list = JSON.parse(cli(daemon, ['list', '--format', 'json', `^${name}$`])) as { name: string; status: string }[];
  return list.find((i) => i.name === name)?.status ?? null;
}

const row = (page: Page, name: string) => page.locator(`tr[data-instance="${name}"]`);

async function rowAction(page: Page, name: string, action: string) {
  await row(page, name).getByRole('button', { name: `Actions for ${name}` }).click();
  await page.getByRole('menuitem', { name: action, exact: true }).click();
}

/** A plain TCP relay to a lab daemon: registering through it and then closing it makes a daemon go offline. */
class Relay {
  private server?: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(
    readonly port: number,
    private readonly target: URL,
  ) {}

  open(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(Number(this.target.port), this.target.hostname);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    return new Promise((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** Waiting for a daemon to change an instance's state; generous because the lab's machine is shared. */
const STATE_CHANGE = { timeout: 45_000 };

test.describe('instances', () => {
  test.describe.configure({ timeout: 180_000 });

  test.beforeAll(() => {
    cli('alpha', ['launch', 'busybox', made.alpha]);
    cli('beta', ['launch', 'busybox', made.beta, '--target', 'member2']);
    cli('gamma', ['launch', 'busybox', made.gamma]);
  });

  test.afterAll(() => {
    for (const daemon of ['alpha', 'beta', 'gamma'] as const) forceDelete(daemon, made[daemon]);
    forceDelete('gamma', createdInUi);
  });

  test.beforeEach(async ({ page }) => {
    await login(page);
  });

  test('a shared fleet link survives the login, which shows the server refusal verbatim', async ({ page }) => {
    await page.context().clearCookies();
    await page.goto('/instances?daemon=beta');
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Finstances%3Fdaemon%3Dbeta$/);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.locator('form').getByRole('alert')).toHaveText('Wrong username or password.');
    await page.getByLabel('Password').fill(ADMIN_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page).toHaveURL(/\/instances\?daemon=beta$/);
    await expect(page.getByLabel('Daemon')).toHaveValue('beta');
    await expect(row(page, made.beta)).toBeVisible();
  });

  test('the fleet lists all three daemons; the daemon filter narrows it and lives in the URL', async ({ page }) => {
    await page.goto('/instances');
    await expect(row(page, made.alpha)).toContainText('alpha');
    await expect(row(page, made.beta)).toContainText('beta');
    await expect(row(page, made.beta)).toContainText('member2');
    await expect(row(page, made.gamma)).toContainText('gamma');
    for (const name of Object.values(made)) await expect(row(page, name)).toContainText('Running');
    await page.screenshot({ path: 'e2e/artifacts/fleet.png' });
    // At 1280 px memory fits beside the name; type and profiles wait for a wide screen.
    await expect(page.getByRole('columnheader', { name: 'Memory' })).toBeInViewport({ ratio: 1 });
    await expect(page.getByRole('columnheader', { name: 'Type' })).toBeHidden();
    await page.setViewportSize({ width: 1600, height: 720 });
    await expect(page.getByRole('columnheader', { name: 'Type' })).toBeVisible();
    await expect(row(page, made.alpha)).toContainText('Container');
    await page.setViewportSize({ width: 1280, height: 720 });

    await page.getByLabel('Daemon').selectOption('beta');
    await expect(page).toHaveURL(/[?&]daemon=beta(&|$)/);
    await expect(row(page, made.beta)).toBeVisible();
    await expect(row(page, made.alpha)).toHaveCount(0);
    await expect(row(page, made.gamma)).toHaveCount(0);
    await expect(page.locator('tbody tr:not([data-daemon="beta"])')).toHaveCount(0);

    // A shared link opens the same view; the back button goes back to the whole fleet.
    await page.goto('/instances?daemon=gamma');
    await expect(page.getByLabel('Daemon')).toHaveValue('gamma');
    await expect(row(page, made.gamma)).toBeVisible();
    await expect(row(page, made.beta)).toHaveCount(0);
    await page.goBack();
    await expect(page).toHaveURL(/daemon=beta/);
    await page.goBack();
    await expect(row(page, made.alpha)).toBeVisible();

    // Search narrows the list too, and sorting by a column is a click on its header.
    await page.getByLabel('Search instances').fill(made.gamma);
    await expect(page).toHaveURL(new RegExp(`q=${made.gamma}`));
    await expect(page.locator('tbody tr')).toHaveCount(1);
    await page.getByLabel('Search instances').fill('');
    await page.getByRole('button', { name: 'Name', exact: true }).click();
    await expect(page.getByRole('columnheader', { name: 'Name', exact: true })).toHaveAttribute('aria-sort', 'descending');
  });

  test('creates a container on gamma (Incus), stops it and deletes it by typing its name', async ({ page }) => {
    await page.goto('/instances');
    await page.getByRole('button', { name: 'Create instance' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create instance' });
    await dialog.getByLabel('Daemon').selectOption(e2eState().daemons.gamma);
    await dialog.getByLabel('Name').fill(createdInUi);
    await expect(dialog.getByLabel('Image')).toContainText('busybox');
    await expect(dialog.getByLabel('Start after creating')).toBeChecked();
    await expect(dialog.getByLabel('Cluster member')).toHaveCount(0); // gamma is not clustered
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog).toBeHidden({ timeout: 90_000 });
    await expect(row(page, createdInUi)).toContainText('Running', STATE_CHANGE);
    await expect(row(page, createdInUi)).toContainText('gamma');
    expect(daemonStatus('gamma', createdInUi)).toBe('Running');

    await rowAction(page, createdInUi, 'Stop');
    await expect(row(page, createdInUi)).toContainText('Stopped', STATE_CHANGE);
    expect(daemonStatus('gamma', createdInUi)).toBe('Stopped');

    await rowAction(page, createdInUi, 'Delete…');
    const confirm = page.getByRole('dialog', { name: 'Delete instance' });
    const remove = confirm.getByRole('button', { name: 'Delete' });
    await confirm.getByLabel(`Type ${createdInUi} to confirm`).fill('not-the-name');
    await expect(remove).toBeDisabled(); // only the exact name unlocks it
    await confirm.getByLabel(`Type ${createdInUi} to confirm`).fill(createdInUi);
    await expect(remove).toBeEnabled();
    await remove.click();
    await expect(confirm).toBeHidden(STATE_CHANGE);
    await expect(row(page, createdInUi)).toHaveCount(0, STATE_CHANGE);
    expect(daemonStatus('gamma', createdInUi)).toBeNull();
  });

  test('deleting a running instance shows the daemon refusal; stopping first then works', async ({ page }) => {
    const name = made.alpha;
    await page.goto('/instances');
    await rowAction(page, name, 'Delete…');
    const confirm = page.getByRole('dialog', { name: 'Delete instance' });
    await expect(confirm).toContainText('The daemon does not delete running instances');
    await confirm.getByLabel(`Type ${name} to confirm`).fill(name);
    await confirm.getByRole('button', { name: 'Delete' }).click();
    // LXD's own words, verbatim.
    await expect(confirm.getByRole('alert')).toHaveText('Instance is running', STATE_CHANGE);
    expect(daemonStatus('alpha', name)).toBe('Running');

    await confirm.getByLabel('Stop first (force stop), then delete').check();
    // A refused delete asks for the name again.
    await confirm.getByLabel(`Type ${name} to confirm`).fill(name);
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await expect(confirm).toBeHidden(STATE_CHANGE);
    await expect(row(page, name)).toHaveCount(0, STATE_CHANGE);
    expect(daemonStatus('alpha', name)).toBeNull();
  });

  test('a viewer sees the actions disabled with the reason (and the server refuses anyway)', async ({ page }) => {
    const api = await Api.login(e2eState().url);
    const username = `viewer-${Math.random().toString(36).slice(2, 8)}`;
    const password = 'viewer-password-for-e2e';
    await api.json('POST', '/api/v1/users', { username, password, role: 'viewer' }, [201]);
    try {
      await page.context().clearCookies();
      await login(page, username, password);
      await page.goto('/instances');
      await expect(page.getByTestId('current-user')).toHaveText(username);
      const create = page.getByRole('button', { name: 'Create instance' });
      await expect(create).toBeDisabled();
      await expect(create).toHaveAttribute('title', 'Only admins can create instances');

      await row(page, made.gamma).getByRole('button', { name: `Actions for ${made.gamma}` }).click();
      const stop = page.getByRole('menuitem', { name: 'Stop', exact: true });
      await expect(stop).toBeDisabled();
      await expect(stop).toHaveAccessibleDescription('Your role (viewer) cannot start or stop instances');
      await expect(page.getByRole('menuitem', { name: 'Delete…' })).toHaveAccessibleDescription(
        'Only admins can rename, copy, move or delete instances',
      );
      await page.keyboard.press('Escape');

      // Hiding is a courtesy: the gateway itself refuses a viewer's state change.
      const res = await page.request.put(
        `/api/v1/daemons/${e2eState().daemons.gamma}/lxd/1.0/instances/${made.gamma}/state`,
        { data: { action: 'stop', timeout: 30 }, headers: { origin: e2eState().url } },
      );
      expect(res.status()).toBe(403);
      expect(daemonStatus('gamma', made.gamma)).toBe('Running');
    } finally {
      await api.json('DELETE', `/api/v1/users/${username}`, undefined, [200, 204]);
    }
  });

  test('the instance page shows the overview and the same actions, with tabs in the URL', async ({ page }) => {
    const name = made.beta;
    await page.goto('/instances');
    await row(page, name).getByRole('link', { name }).click();
    await expect(page).toHaveURL(new RegExp(`/instances/${e2eState().daemons.beta}/${name}`));
    await expect(page.getByRole('heading', { name })).toBeVisible();
    const overview = page.getByRole('tabpanel');
    await expect(overview).toContainText('member2');
    await expect(overview).toContainText('Hangar lab busybox');

    await page.getByRole('button', { name: 'Freeze', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Unfreeze', exact: true })).toBeVisible(STATE_CHANGE);
    expect(daemonStatus('beta', name)).toBe('Frozen');
    await page.getByRole('button', { name: 'Unfreeze', exact: true }).click();
    await expect(page.getByRole('button', { name: 'Freeze', exact: true })).toBeVisible(STATE_CHANGE);
    expect(daemonStatus('beta', name)).toBe('Running');

    // Renaming a running instance: the daemon refuses, in its own words.
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Rename…' }).click();
    const rename = page.getByRole('dialog', { name: `Rename ${name}` });
    await rename.getByLabel('New name').fill(`${name}-x`);
    // Without the offered stop-rename-start, the daemon's own refusal.
    await rename.getByLabel('Stop, rename, then start again').uncheck();
    await rename.getByRole('button', { name: 'Rename' }).click();
    await expect(rename.getByRole('alert')).toContainText('Renaming of running container not allowed', STATE_CHANGE);
    await rename.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('tab', { name: 'Terminal' }).click();
    await expect(page).toHaveURL(/[?&]tab=terminal/);
    await expect(page.getByRole('tab', { name: 'Terminal' })).toHaveAttribute('aria-selected', 'true');
    await page.getByRole('tab', { name: 'Limits' }).click();
    await expect(page).toHaveURL(/[?&]tab=limits/);
    await expect(page.getByRole('tabpanel', { name: 'Limits' })).toBeVisible();
    await page.goBack();
    await expect(page.getByRole('tab', { name: 'Terminal' })).toHaveAttribute('aria-selected', 'true');
  });

  test('an unreachable daemon is a warning banner; the rest of the fleet still renders', async ({ page }) => {
    const api = await Api.login(e2eState().url);
    const relay = new Relay(await freePort(), new URL(lab.daemons.alpha.url));
    const name = `offline-${Math.random().toString(36).slice(2, 8)}`;
    await relay.open();
    const daemon = await api.json<{ id: string }>(
      'POST',
      '/api/v1/daemons',
      { name, url: `https://127.0.0.1:${relay.port}`, trustToken: trustToken('alpha', uniqueName('e2e-ui-off')) },
      [201],
    );
    try {
      await relay.close();
      await page.goto('/instances');
      const banner = page.getByRole('status').filter({ hasText: `Daemon ${name} is unreachable` });
      await expect(banner).toContainText(`${name}: `);
      await expect(row(page, made.gamma)).toContainText('Running');
      await expect(row(page, made.beta)).toContainText('Running');
      await page.screenshot({ path: 'e2e/artifacts/fleet-offline.png' });

      await page.goto('/daemons');
      const daemonRow = page.locator(`tr[data-daemon="${name}"]`);
      await expect(daemonRow).toContainText('offline');
      await expect(daemonRow.locator('p')).not.toBeEmpty(); // the connection error, as the server reports it
    } finally {
      // Reachable again, so removing it also takes Hangar's certificate out of alpha's trust store.
      await relay.open();
      await api.json('DELETE', `/api/v1/daemons/${daemon.id}`);
      await relay.close();
    }
  });
});
