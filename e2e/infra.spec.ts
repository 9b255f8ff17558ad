import { expect as baseExpect, type Page } from '@playwright/test';
import { cli, forceDelete, uniqueName } from '../tests/support/lab';
import { login, test } from './support';

/** The Infrastructure pages in Chromium against the real lab: every change made with the UI and checked with the daemon's CLI. */
const volume = uniqueName('e2e-vol');
const instance = uniqueName('e2e-vi');
const network = `e2e${Date.now().toString(36).slice(-7)}`;
const project = uniqueName('e2e-proj');
const acl = uniqueName('e2e-acl');
const volumeCopy = `${volume}-c`;

// The lab is shared by several engineers' test runs: a fleet-wide list can take a while to come back.
const expect = baseExpect.configure({ timeout: 45_000 });

const quietly = (fn: () => unknown) => {
  try {
    fn();
  } catch {
    /* removed by the test */
  }
};

/** Opens a row's menu and chooses an action, reopening the menu until the action is enabled (a task may still be ending). */
async function rowAction(page: Page, label: string, action: string) {
  const item = page.getByRole('menuitem', { name: action });
  await expect(async () => {
    if (!(await item.isVisible())) await page.getByRole('button', { name: label }).click();
    await expect(item).not.toHaveAttribute('aria-disabled', 'true', { timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await item.click();
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
    quietly(() => cli('alpha', ['network', 'acl', 'delete', acl]));
    quietly(() => cli('gamma', ['storage', 'volume', 'delete', 'default', volumeCopy]));
    // Whatever happened, beta's member2 is left online for everyone else.
    quietly(() => {
      if (cli('beta', ['cluster', 'show', 'member2']).includes('status: Evacuated')) cli('beta', ['cluster', 'restore', 'member2', '--force']);
    });
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

    // Copy within gamma (the daemon's own copy), as a task whose progress the dialog follows.
    await rowAction(page, actions, 'Copy…');
    dialog = page.getByRole('dialog');
    await dialog.getByLabel('Target pool').selectOption({ label: 'gamma · default (dir)' });
    await dialog.getByLabel('Name').fill(volumeCopy);
    await dialog.getByRole('button', { name: 'Copy volume' }).click();
    await expect(dialog.getByTestId('volume-copy-task')).toContainText('done', { timeout: 120_000 });
    // The footer's Close (the dialog's corner has one too).
    await dialog.getByRole('button', { name: 'Close' }).last().click();
    await expect(page.locator(`tr[data-volume="${volumeCopy}"][data-daemon="gamma"]`)).toContainText('20MiB');
    expect(cli('gamma', ['storage', 'volume', 'snapshot', 'list', 'default', volumeCopy, '--format=csv'])).toContain('s0');
    await page.goto('/tasks');
    await expect(page.getByRole('table', { name: 'Tasks' }).locator('tr', { hasText: volumeCopy }).first()).toContainText('Copy volume');
    await page.goto(`/storage?q=${volume}`);

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
    expect(cli('gamma', ['storage', 'volume', 'list', 'default', '--format=csv'])).not.toContain(`,${volume},`);
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

  test('networks: create a network ACL with rules, edit them (the form and the daemon refuse bad ones), delete it', async ({ page }) => {
    await page.goto('/networks');
    await page.getByRole('button', { name: 'Create ACL' }).click();
    let dialog = page.getByRole('dialog');
    await dialog.getByLabel('Daemon').selectOption({ label: 'alpha' });
    await dialog.getByLabel('Name').fill(acl);
    await dialog.getByLabel('Rules').fill('ingress permit');
    await expect(dialog).toContainText('Rules line 1: the action is one of allow, reject, drop');
    await dialog.getByLabel('Rules').fill('ingress allow protocol=tcp destination_port=22 description="ssh in"');
    await dialog.getByRole('button', { name: 'Create ACL' }).click();
    await expect(dialog).toBeHidden();
    const row = page.locator(`tr[data-acl="${acl}"][data-daemon="alpha"]`);
    await expect(row).toContainText('1 in · 0 out');
    expect(cli('alpha', ['network', 'acl', 'show', acl])).toContain('destination_port: "22"');

    await rowAction(page, `Actions for network ACL ${acl} on alpha`, 'Edit rules…');
    dialog = page.getByRole('dialog');
    await expect(dialog.getByLabel('Rules')).toHaveValue('ingress allow protocol=tcp destination_port=22 description="ssh in"');
    // An address the daemon cannot read: its words stay in the form, nothing changes.
    await dialog.getByLabel('Rules').fill('egress reject destination=not-an-address');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog.getByRole('alert')).toContainText('not-an-address');
    await dialog.getByLabel('Rules').fill('ingress allow protocol=tcp destination_port=22\negress reject destination=192.0.2.0/24 state=logged');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    await expect(row).toContainText('1 in · 1 out');
    expect(cli('alpha', ['network', 'acl', 'show', acl])).toContain('192.0.2.0/24');

    await rowAction(page, `Actions for network ACL ${acl} on alpha`, 'Delete…');
    await page.getByRole('dialog').getByRole('button', { name: 'Delete ACL' }).click();
    await expect(row).toHaveCount(0);
    expect(cli('alpha', ['network', 'acl', 'list', '--format=csv'])).not.toContain(acl);
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

  test('cluster: evacuate and restore a member of beta as tasks, followed on the page and under Tasks', async ({ page }) => {
    await page.goto('/cluster');
    const row = page.locator('tr[data-member="member2"][data-daemon="beta"]');
    await expect(row).toContainText('Online');
    await rowAction(page, 'Actions for member member2 of beta', 'Evacuate…');
    await page.getByRole('dialog').getByRole('button', { name: 'Evacuate' }).click();
    await expect(row).toContainText('Evacuated', { timeout: 120_000 });
    // member1 is now the last online member: its menu says why it cannot be evacuated.
    await page.getByRole('button', { name: 'Actions for member member1 of beta' }).click();
    await expect(page.getByRole('menuitem', { name: 'Evacuate…' })).toHaveAttribute('aria-disabled', 'true');
    await expect(page.getByRole('menu')).toContainText('member1 is the last online member');
    await page.keyboard.press('Escape');

    await rowAction(page, 'Actions for member member2 of beta', 'Restore…');
    await page.getByRole('dialog').getByRole('button', { name: 'Restore' }).click();
    await expect(row).toContainText('Online', { timeout: 120_000 });
    await page.goto('/tasks');
    const tasks = page.getByRole('table', { name: 'Tasks' });
    await expect(tasks.locator('tr', { hasText: 'Evacuate member' }).first()).toContainText('done');
    await expect(tasks.locator('tr', { hasText: 'Restore member' }).first()).toContainText('beta (member2)');
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
