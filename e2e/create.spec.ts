import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from '@playwright/test';
import { parse } from 'yaml';
import { Api, freePort, USER_PASSWORD } from '../tests/support/hangar';
import { cli, forceDelete, uniqueName } from '../tests/support/lab';
import { e2eState, login, test } from './support';

const { url, daemons } = e2eState();
const created = uniqueName('e2e-c2-new');
const edited = uniqueName('e2e-c2-dev');
const nicked = uniqueName('e2e-c3-nic');
const bridge = `e2ec3${Date.now().toString(36).slice(-6)}`;
const hostDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-c2-'));
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE0dX0VXbpbz5Ua1Jd3b6wdKh5PFVkJS9vW7e5V3k2m4 e2e@create';
const onAlpha = (name: string) => JSON.parse(cli('alpha', ['query', `/1.0/instances/${name}`])) as { status: string; config: Record<string, string>; devices: Record<string, Record<string, string>> };

test.describe('creating and reshaping instances', () => {
  test.setTimeout(180_000);
  test.afterAll(() => {
    forceDelete('alpha', created);
    forceDelete('alpha', edited);
    forceDelete('alpha', nicked);
    try {
      cli('alpha', ['network', 'delete', bridge]);
    } catch {
      /* never made */
    }
    fs.rmSync(hostDir, { recursive: true, force: true });
  });

  test('the create form: preset, pool and root size, cloud-init checked before sending, SSH key, a proxy device', async ({ page }) => {
    const port = await freePort();
    await login(page);
    await page.goto('/instances');
    await page.getByRole('button', { name: 'Create instance' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create instance' });
    await dialog.getByLabel('Daemon').selectOption(daemons.alpha);
    await dialog.getByLabel('Name', { exact: true }).fill(created);
    await expect(dialog.getByLabel('Image', { exact: true })).toContainText('busybox');
    await expect(dialog.getByLabel('Type')).not.toContainText('Virtual machine'); // the lab runs containers only

    await dialog.getByText('Size and storage').click();
    await dialog.getByLabel('Size preset').selectOption('small');
    await dialog.getByLabel('Root disk pool').selectOption('default');
    await dialog.getByLabel('Root size').fill('1GiB');

    await dialog.getByText('Cloud-init and SSH key').click();
    await dialog.getByLabel('User data').fill('#cloud-config\npackages:\n\t- htop\n');
    const create = dialog.getByRole('button', { name: 'Create', exact: true });
    await expect(dialog.getByRole('list', { name: 'Problems' })).toContainText('User data is not valid YAML: line 3');
    await expect(create).toBeDisabled();
    await dialog.getByLabel('User data').fill('#cloud-config\npackages:\n  - htop\n');
    await dialog.getByLabel('SSH public key').fill(KEY);

    await dialog.getByText(/^Devices/).click();
    await dialog.getByRole('button', { name: 'Add proxy' }).click();
    const proxy = dialog.getByRole('group', { name: 'Device proxy0' });
    await proxy.getByLabel('Listen').fill(`tcp:127.0.0.1:${port}`);
    await proxy.getByLabel('Connect').fill('tcp:127.0.0.1:80');
    await expect(dialog.getByRole('list', { name: 'Problems' })).toHaveCount(0);
    await create.click();
    await expect(dialog).toBeHidden({ timeout: 90_000 });

    const made = onAlpha(created);
    expect(made.status).toBe('Running');
    expect(parse(made.config['cloud-init.user-data'])).toEqual({ packages: ['htop'], ssh_authorized_keys: [KEY] });
    expect(made.config['limits.cpu']).toBeTruthy();
    expect(made.devices.root).toEqual({ type: 'disk', path: '/', pool: 'default', size: '1GiB', ...Object.fromEntries(Object.entries(made.devices.root).filter(([k]) => k.startsWith('limits.'))) });
    expect(made.devices.proxy0).toEqual({ type: 'proxy', listen: `tcp:127.0.0.1:${port}`, connect: 'tcp:127.0.0.1:80' });
  });

  test('the devices tab: add and remove a disk on a running container, resize the root disk; a viewer only looks', async ({ page, browser }) => {
    cli('alpha', ['launch', 'busybox', edited]);
    await login(page);
    await page.goto(`/instances/${daemons.alpha}/${edited}?tab=devices`);
    const table = page.getByRole('table', { name: 'Devices' });
    await expect(table.locator('tr[data-device="root"]')).toContainText('profile default');

    await page.getByRole('button', { name: 'Add disk' }).click();
    const device = page.getByRole('group', { name: 'Device disk0' });
    await device.getByLabel('Path in the instance').fill('mnt/host');
    await expect(page.getByRole('list', { name: 'Problems' })).toContainText('disk0: the path must be absolute');
    await device.getByLabel('Path in the instance').fill('/mnt/host');
    await device.getByLabel('Source').fill(hostDir);
    await page.getByRole('button', { name: 'Save disk0' }).click();
    await expect(table.locator('tr[data-device="disk0"]')).toContainText('this instance');
    expect(cli('alpha', ['exec', edited, '--', 'cat', '/proc/mounts'])).toContain('/mnt/host');

    await page.getByRole('button', { name: 'Remove disk0' }).click();
    await page.getByRole('dialog', { name: 'Remove disk0?' }).getByRole('button', { name: 'Remove disk0' }).click();
    await expect(table.locator('tr[data-device="disk0"]')).toHaveCount(0);
    expect(onAlpha(edited).devices.disk0).toBeUndefined();

    await page.getByRole('button', { name: 'Resize root' }).click();
    await page.getByRole('group', { name: 'Device root' }).getByLabel('Size').fill('2GiB');
    await page.getByRole('button', { name: 'Save root' }).click();
    await expect(table.locator('tr[data-device="root"]')).toContainText('size=2GiB');
    await expect(table.locator('tr[data-device="root"]')).toContainText('this instance');
    expect(onAlpha(edited).devices.root).toEqual({ type: 'disk', path: '/', pool: 'default', size: '2GiB' });

    const admin = await Api.login(url);
    const viewer = uniqueName('e2e-c2-viewer');
    await admin.json('POST', '/api/v1/users', { username: viewer, password: USER_PASSWORD, role: 'viewer' }, [201]);
    const context = await browser.newContext();
    const viewerPage = await context.newPage();
    await login(viewerPage, viewer, USER_PASSWORD);
    await viewerPage.goto(`/instances/${daemons.alpha}/${edited}?tab=devices`);
    await expect(viewerPage.getByRole('table', { name: 'Devices' }).locator('tr[data-device="root"]')).toContainText('size=2GiB');
    await expect(viewerPage.getByRole('button', { name: /^(Add disk|Resize root)$/ })).toHaveCount(0);
    await context.close();
  });

  test('the devices tab: a NIC with an ingress limit added live; an egress limit the kernel cannot apply comes back in its words', async ({ page }) => {
    cli('alpha', ['network', 'create', bridge, 'ipv4.address=none', 'ipv6.address=none']);
    cli('alpha', ['launch', 'busybox', nicked]);
    await login(page);
    await page.goto(`/instances/${daemons.alpha}/${nicked}?tab=devices`);
    const table = page.getByRole('table', { name: 'Devices' });

    await page.getByRole('button', { name: 'Add NIC' }).click();
    let nic = page.getByRole('group', { name: 'Device eth1' });
    await nic.getByLabel('Network').selectOption(bridge);
    await nic.getByLabel('Interface name in the instance').fill('eth1');
    await nic.getByLabel('Ingress limit').fill('10Mbit');
    await page.getByRole('button', { name: 'Save eth1' }).click();
    await expect(table.locator('tr[data-device="eth1"]')).toContainText('limits.ingress=10Mbit', { timeout: 60_000 });
    expect(cli('alpha', ['exec', nicked, '--', 'ip', 'link'])).toContain('eth1');

    await page.getByRole('button', { name: 'Edit eth1' }).click();
    nic = page.getByRole('group', { name: 'Device eth1' });
    await nic.getByLabel('Ingress limit').fill('');
    await nic.getByLabel('Egress limit').fill('10Mbit');
    await page.getByRole('button', { name: 'Save eth1' }).click();
    // This lab's kernel has no tc police action: the daemon refuses and says why; elsewhere the limit lands.
    const refused = page.getByRole('alert').filter({ hasText: 'tc filter' });
    const landed = table.locator('tr[data-device="eth1"]').filter({ hasText: 'limits.egress=10Mbit' });
    await expect(refused.or(landed)).toBeVisible({ timeout: 60_000 });
    if (await refused.isVisible()) {
      await expect(refused).toContainText(/Failed to (start|update) device "eth1"|TC action|talking to the kernel/);
      expect(onAlpha(nicked).devices.eth1).toEqual({ type: 'nic', network: bridge, name: 'eth1', 'limits.ingress': '10Mbit' });
    } else {
      expect(onAlpha(nicked).devices.eth1).toMatchObject({ 'limits.egress': '10Mbit' });
    }
  });
});
