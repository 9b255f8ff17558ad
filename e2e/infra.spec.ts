import { expect as baseExpect, test, type Page } from '@playwright/test';
import { cli, forceDelete, uniqueName } from '../tests/support/lab';
import { login } from './support';

/** The Infrastructure pages in Chromium against the real lab: every change made with the UI and checked with the daemon's CLI. */
const volume = uniqueName('e2e-vol');
const instance = uniqueName('e2e-vi');
const network = `e2e${Date.now().toString(36).slice(-7)}`;
const project = uniqueName('e2e-proj');

// The lab is shared by several engineers' test runs: a fleet-wide list can take a while to come back.
const expect = baseExpect.configure({ timeout: 45_000 });

const quietly = (fn: () => unknown) => {
  try {
    fn();
  } catch {
    /* removed by the test */
  }
};

async function rowAction(page: Page, label: string, action: string) {
  await page.getByRole('button', { name: label }).click();
  await page.getByRole('menuitem', { name: action }).click();
}

test.describe('infrastructure', () => {
  test.beforeAll(() => {
    cli('gamma', ['init', 'busybox', instance]);
  });
  test.afterAll(() => {
    forceDelete('gamma', instance);
    quietly(() => cli('gamma', ['storage', 'volume', 'delete', 'default', volume]));
    quietly(() => cli('alpha', ['network', 'delete', network]));
    quietly(() => cli('alpha', ['project', 'delete', project]));
  });
  test.beforeEach(async ({ page }) => {
    test.setTimeout(300_000);
    await login(page);
  });

  test('storage: create, resize, snapshot, attach, refused delete in use, detach and delete a volume on Incus', async ({ page }) => {
    await page.goto('/storage');
    await expect(page.getByRole('table', { name: 'Storage pools' }).locator('tr[data-pool="default"][data-daemon="beta"]')).toHaveCount(2);
    await page.getByRole('button', { name: 'Create volume' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('Pool').selectOption({ label: 'gamma · default (dir)' });
    await dialog.getByLabel('Name').fill(volume);
    await dialog.getByLabel('Size').fill('10MiB');
    await dialog.getByRole('button', { name: 'Create volume' }).click();
    await expect(dialog).toBeHidden();
    const row = page.locator(`tr[data-volume="${volume}"][data-daemon="gamma"]`);
    await expect(row).toContainText('10MiB');

    // Search is in the URL.
    await page.getByRole('searchbox', { name: 'Search volumes, pools, users…' }).fill(volume);
    await expect(page).toHaveURL(new RegExp(`q=${volume}`));
    await expect(page.getByRole('table', { name: 'Storage volumes' }).locator('tbody tr')).toHaveCount(1);

    const actions = `Actions for volume ${volume} on gamma`;
    await rowAction(page, actions, 'Resize…');
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('New size').fill('20MiB');
    await dialog.getByRole('button', { name: 'Resize' }).click();
    await expect(row).toContainText('20MiB');
    expect(cli('gamma', ['storage', 'volume', 'get', 'default', volume, 'size']).trim()).toBe('20MiB');

    await rowAction(page, actions, 'Snapshot…');
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('Snapshot name').fill('s0');
    await dialog.getByRole('button', { name: 'Take snapshot' }).click();
    await expect(dialog).toBeHidden();
    await expect(row.locator('td').nth(7)).toHaveText('1');

    await rowAction(page, actions, 'Attach to instance…');
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('Instance', { exact: true }).selectOption(instance);
    await dialog.getByRole('button', { name: 'Attach' }).click();
    await expect(dialog).toBeHidden();
    await expect(row).toContainText(instance);
    expect(cli('gamma', ['config', 'device', 'get', instance, volume.slice(0, 32), 'source']).trim()).toBe(volume);

    await rowAction(page, actions, 'Delete…');
    dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Delete volume' }).click();
    await expect(dialog.getByRole('alert')).toContainText(/in use|used/i);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await rowAction(page, actions, 'Detach…');
    dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Detach' }).click();
    await expect(dialog).toBeHidden();
    await expect(row).not.toContainText(instance);

    await rowAction(page, actions, 'Delete…');
    await page.getByRole('dialog').getByRole('button', { name: 'Delete volume' }).click();
    await expect(row).toHaveCount(0);
    expect(cli('gamma', ['storage', 'volume', 'list', 'default', '--format=csv'])).not.toContain(volume);
  });

  test('networks: create a bridge without addresses, edit it, delete it', async ({ page }) => {
    await page.goto('/networks');
    await page.getByRole('button', { name: 'Create network' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Daemon').selectOption({ label: 'alpha' });
    await dialog.getByLabel('Name').fill(network);
    await expect(dialog.getByLabel('Config')).toHaveValue('ipv4.address=none\nipv6.address=none');
    await dialog.getByRole('button', { name: 'Create network' }).click();
    await expect(dialog).toBeHidden();
    const row = page.locator(`tr[data-network="${network}"][data-daemon="alpha"]`);
    await expect(row).toContainText('bridge');
    await expect(row).toContainText('Created');

    await rowAction(page, `Actions for network ${network} on alpha`, 'Edit…');
    let edit = page.getByRole('dialog');
    // A bad address: the daemon's words stay in the form, nothing changes.
    await edit.getByLabel('Config').fill('ipv4.address=not-a-cidr\nipv6.address=none');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(edit.getByRole('alert')).toBeVisible();
    await edit.getByRole('button', { name: 'Cancel' }).click();
    await rowAction(page, `Actions for network ${network} on alpha`, 'Edit…');
    edit = page.getByRole('dialog');
    await edit.getByLabel('Description').fill('edited in the UI');
    await edit.getByRole('button', { name: 'Save' }).click();
    await expect(row).toContainText('edited in the UI');
    expect(cli('alpha', ['network', 'get', network, 'ipv4.address']).trim()).toBe('none');

    await rowAction(page, `Actions for network ${network} on alpha`, 'Delete…');
    await page.getByRole('dialog').getByRole('button', { name: 'Delete network' }).click();
    await expect(row).toHaveCount(0);
  });

  test('projects: create, edit limits and see usage, delete', async ({ page }) => {
    await page.goto('/projects?daemon=' + encodeURIComponent((await daemonId(page, 'alpha')) ?? ''));
    await page.getByRole('button', { name: 'Create project' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('Daemon').selectOption({ label: 'alpha' });
    await dialog.getByLabel('Name').fill(project);
    await dialog.getByRole('button', { name: 'Create project' }).click();
    await expect(dialog).toBeHidden();
    const row = page.locator(`tr[data-project="${project}"][data-daemon="alpha"]`);
    await expect(row).toContainText('images');

    await rowAction(page, `Actions for project ${project} on alpha`, 'Edit…');
    dialog = page.getByRole('dialog');
    const config = dialog.getByLabel('Config');
    await config.fill(`${await config.inputValue()}\nlimits.instances=4`);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    await expect(row).toContainText('0 / 4');
    expect(cli('alpha', ['project', 'get', project, 'limits.instances']).trim()).toBe('4');

    // The project pickers list what the daemon has: the profiles page offers the new project.
    await page.goto('/profiles');
    await page.getByLabel('Daemon').selectOption({ label: 'alpha' });
    await expect(page.getByLabel('Project').locator(`option[value="${project}"]`)).toHaveCount(1);
    await page.goto('/projects');

    await rowAction(page, `Actions for project ${project} on alpha`, 'Delete…');
    await page.getByRole('dialog').getByRole('button', { name: 'Delete project' }).click();
    await expect(row).toHaveCount(0);
  });

  test('cluster: the members of beta with resources, and their instances through the member filter', async ({ page }) => {
    await page.goto('/cluster');
    for (const member of ['member1', 'member2']) {
      const row = page.locator(`tr[data-member="${member}"][data-daemon="beta"]`);
      await expect(row).toContainText('Online');
      await expect(row).toContainText('threads');
    }
    await page.locator('tr[data-member="member2"][data-daemon="beta"]').getByRole('link').click();
    await expect(page).toHaveURL(/\/instances\?daemon=beta&location=member2/);
    await expect(page.getByLabel('Member')).toHaveValue('member2');
  });

  test('warnings: listed and counted on the dashboard', async ({ page }) => {
    await page.goto('/warnings?status=all');
    await expect(page.getByRole('table', { name: 'Warnings' }).locator('tbody tr').first()).toBeVisible();
    await page.goto('/');
    await expect(page.getByTestId('count-warnings')).toBeVisible();
    await expect(page.getByTestId('count-warnings')).not.toContainText('–');
  });
});

/** A daemon's id as the daemons API lists it (the page filters take ids). */
async function daemonId(page: Page, name: string): Promise<string | undefined> {
  const res = await page.request.get('/api/v1/daemons');
  return ((await res.json()) as { id: string; name: string }[]).find((d) => d.name === name)?.id;
}
