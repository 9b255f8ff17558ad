import { expect } from '@playwright/test';
import { Api } from '../tests/support/hangar';
import { cli, forceDelete, uniqueName } from '../tests/support/lab';
import { serveSimplestreams, type SimplestreamsServer } from '../tests/support/simplestreams-server';
import { e2eState, login, test } from './support';

const { url, daemons } = e2eState();
const serverName = uniqueName('e2e-srv');
const launched = uniqueName('e2e-srv-inst');

test.describe('image servers', () => {
  test.setTimeout(180_000);
  test.afterAll(async () => {
    forceDelete('gamma', launched);
    const admin = await Api.login(url);
    const servers = await admin.json<{ id: string; name: string }[]>('GET', '/api/v1/image-servers');
    for (const s of servers.filter((s) => s.name === serverName)) await admin.request('DELETE', `/api/v1/image-servers/${s.id}`);
  });

  test('register a daemon as an image server, browse it, launch on another daemon from it, remove it', async ({ page }) => {
    await login(page);
    await page.goto('/image-servers');
    await page.getByRole('button', { name: 'Register image server' }).click();
    const dialog = page.getByRole('dialog', { name: 'Register image server' });
    await dialog.getByLabel('Daemon').selectOption(daemons.alpha);
    await dialog.getByLabel('Name').fill(serverName);
    await dialog.getByRole('button', { name: 'Register' }).click();
    await expect(dialog).toBeHidden();

    await page.getByRole('button', { name: `Browse ${serverName}` }).click();
    const images = page.getByRole('table', { name: `Images on ${serverName}` });
    await expect(images.getByRole('row', { name: /busybox/ })).toContainText('x86_64');

    await images.getByRole('button', { name: 'Launch busybox' }).click();
    const create = page.getByRole('dialog', { name: 'Create instance' });
    await create.getByLabel('Daemon').selectOption(daemons.gamma);
    await create.getByLabel('Source').selectOption({ label: `${serverName} (daemon)` });
    await expect(create.getByLabel('Image', { exact: true })).toContainText('busybox');
    await create.getByLabel('Name', { exact: true }).fill(launched);
    await create.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(create).toBeHidden({ timeout: 120_000 });
    const info = JSON.parse(cli('gamma', ['query', `/1.0/instances/${launched}`])) as { status: string };
    expect(info.status).toBe('Running');

    await page.getByRole('button', { name: `Remove ${serverName}` }).click();
    await page.getByRole('dialog', { name: `Remove ${serverName}?` }).getByRole('button', { name: `Remove ${serverName}` }).click();
    await expect(page.locator(`tr[data-server="${serverName}"]`)).toHaveCount(0);
  });
});

test.describe('a self-signed simplestreams image server', () => {
  test.setTimeout(180_000);
  const name = uniqueName('e2e-ss');
  const instance = uniqueName('e2e-ss-inst');
  let streams: SimplestreamsServer;
  test.beforeAll(async () => {
    // About 1 MB at 100 kB/s: the pull lasts long enough for its progress to show.
    streams = await serveSimplestreams(uniqueName('e2ess'), { rootfsBytesPerSecond: 100_000 });
  });
  test.afterAll(async () => {
    forceDelete('alpha', instance);
    try {
      cli('alpha', ['image', 'delete', streams.fingerprint]);
    } catch {
      /* never pulled */
    }
    const admin = await Api.login(url);
    const servers = await admin.json<{ id: string; name: string }[]>('GET', '/api/v1/image-servers');
    for (const s of servers.filter((s) => s.name === name)) await admin.request('DELETE', `/api/v1/image-servers/${s.id}`);
    await streams.close();
  });

  test('register it by URL with its certificate, browse it, launch from it: the daemon downloads the image from it, its progress shown', async ({ page }) => {
    await login(page);
    await page.goto('/image-servers');
    await page.getByRole('button', { name: 'Register image server' }).click();
    const dialog = page.getByRole('dialog', { name: 'Register image server' });
    await dialog.getByLabel('Kind').selectOption('url');
    await dialog.getByLabel('URL').fill(streams.url);
    await dialog.getByLabel('Protocol').selectOption('simplestreams');
    await dialog.getByLabel(/Server certificate/).fill(streams.certificate);
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByRole('button', { name: 'Register' }).click();
    await expect(dialog).toBeHidden();

    await page.getByRole('button', { name: `Browse ${name}` }).click();
    const images = page.getByRole('table', { name: `Images on ${name}` });
    await expect(images.getByRole('row', { name: new RegExp(streams.alias) })).toContainText('x86_64');

    await images.getByRole('button', { name: `Launch ${streams.alias}` }).click();
    const create = page.getByRole('dialog', { name: 'Create instance' });
    await create.getByLabel('Daemon').selectOption(daemons.alpha);
    await create.getByLabel('Source').selectOption({ label: `${name} (simplestreams)` });
    await expect(create.getByLabel('Image', { exact: true })).toContainText(streams.alias);
    await create.getByLabel('Name', { exact: true }).fill(instance);
    await create.getByRole('button', { name: 'Create', exact: true }).click();
    // The daemon's own download progress, while it pulls from the server.
    await expect(create.getByText(/Creating….*rootfs: \d+%/)).toBeVisible({ timeout: 30_000 });
    await expect(create).toBeHidden({ timeout: 120_000 });
    const info = JSON.parse(cli('alpha', ['query', `/1.0/instances/${instance}`])) as { status: string; config: Record<string, string> };
    expect(info.status).toBe('Running');
    expect(info.config['volatile.base_image']).toBe(streams.fingerprint);
    expect(streams.requests.filter((r) => r.path === '/images/rootfs.tar.gz').map((r) => r.agent)).toEqual([expect.stringMatching(/^LXD 5\.0/)]);
  });
});
