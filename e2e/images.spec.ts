import fs from 'node:fs';
import path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { makeTestImage, type TestImage } from '../tests/support/images';
import { cli, forceDelete, uniqueName, type LabDaemon } from '../tests/support/lab';
import { login, test } from './support';

const container = uniqueName('e2e-img');
const launched = uniqueName('e2e-launch');
const uploadAlias = uniqueName('e2e-up');
const publishAlias = uniqueName('e2e-pub');
const copyAlias = uniqueName('e2e-copy');
const extraAlias = uniqueName('e2e-extra');
let image: TestImage;

interface DaemonImage {
  fingerprint: string;
  aliases: { name: string }[];
}
const images = (daemon: LabDaemon) => JSON.parse(cli(daemon, ['image', 'list', '--format=json'])) as DaemonImage[];
const byAlias = (daemon: LabDaemon, alias: string) => images(daemon).find((i) => i.aliases.some((a) => a.name === alias));
const imageRow = (page: Page, daemon: LabDaemon, alias: string) => page.locator(`tr[data-daemon="${daemon}"]`, { hasText: alias });

/** Selects the option whose text contains `text` (labels also carry versions or status). */
async function chooseOption(select: Locator, text: string) {
  await select.selectOption((await select.locator('option', { hasText: text }).first().getAttribute('value'))!);
}

async function imageAction(page: Page, daemon: LabDaemon, alias: string, action: string) {
  await imageRow(page, daemon, alias).getByRole('button', { name: /^Actions for image/ }).click();
  await page.getByRole('menuitem', { name: action }).click();
}

test.describe('images', () => {
  test.beforeAll(() => {
    image = makeTestImage(uniqueName('e2e'));
    cli('alpha', ['launch', 'busybox', container]);
    cli('alpha', ['snapshot', container, 'snap0']);
  });
  test.afterAll(() => {
    forceDelete('alpha', container);
    forceDelete('alpha', launched);
    for (const daemon of ['alpha', 'gamma'] as const) {
      for (const alias of [uploadAlias, publishAlias, copyAlias, extraAlias]) {
        const found = byAlias(daemon, alias);
        if (found) cli(daemon, ['image', 'delete', found.fingerprint]);
      }
    }
    image?.remove();
    for (const daemon of ['alpha', 'beta', 'gamma'] as const) expect(byAlias(daemon, 'busybox')).toBeDefined();
  });
  test.beforeEach(async ({ page }) => {
    await login(page);
  });

  test('uploads a tarball with a progress bar, and refuses a file that is not an image', async ({ page }) => {
    await page.goto('/images');
    await expect(imageRow(page, 'gamma', 'busybox')).toBeVisible();
    // Slow the upload down so the progress bar has something to show.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 400 * 1024 });

    await page.getByRole('button', { name: 'Import image' }).click();
    const dialog = page.getByRole('dialog');
    await chooseOption(dialog.getByLabel('Daemon'), 'alpha');
    await dialog.getByLabel('Image file').setInputFiles(image.unified);
    await dialog.getByLabel('Aliases').fill(uploadAlias);
    await dialog.getByRole('button', { name: 'Import' }).click();
    await expect(dialog.getByTestId('upload-progress')).toContainText(/Uploading .* of .* \(\d+%\)/);
    await expect(dialog.getByRole('progressbar', { name: 'Upload progress' })).toBeVisible();
    await page.screenshot({ path: 'e2e/artifacts/image-upload-progress.png' });
    await expect(dialog).toHaveCount(0, { timeout: 60_000 });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await expect(imageRow(page, 'alpha', uploadAlias)).toContainText(image.description);
    expect(byAlias('alpha', uploadAlias)).toBeDefined();

    const before = images('alpha').length;
    const junk = path.join(image.dir, 'not-an-image.bin');
    fs.writeFileSync(junk, Buffer.alloc(64 * 1024, 7));
    await page.getByRole('button', { name: 'Import image' }).click();
    await dialog.getByLabel('Image file').setInputFiles(junk);
    await dialog.getByRole('button', { name: 'Import' }).click();
    await expect(dialog.getByRole('alert')).toContainText('Unsupported compression');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(images('alpha')).toHaveLength(before);
  });

  test('publishes from a snapshot, explains a running instance, and edits aliases', async ({ page }) => {
    await page.goto('/images');
    await page.getByRole('button', { name: 'Publish instance…' }).click();
    const dialog = page.getByRole('dialog');
    const instance = dialog.getByLabel('Instance');
    await chooseOption(instance, container);
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await expect(dialog.getByRole('alert')).toContainText('Cannot export a running instance as an image');
    await expect(dialog.getByRole('alert')).toContainText('Stop the instance first, or publish one of its snapshots instead.');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Publish instance…' }).click();
    await chooseOption(instance, container);
    await dialog.getByLabel('Snapshot').selectOption('snap0');
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByLabel('Aliases').fill(publishAlias);
    await dialog.getByLabel('Description').fill('published from the UI');
    await dialog.getByRole('button', { name: 'Publish' }).click();
    await expect(dialog).toHaveCount(0, { timeout: 60_000 });
    await expect(imageRow(page, 'alpha', publishAlias)).toContainText('published from the UI');

    await imageAction(page, 'alpha', publishAlias, 'Aliases…');
    await dialog.getByLabel('New alias').fill(uploadAlias);
    await dialog.getByRole('button', { name: 'Add alias' }).click();
    await expect(dialog.getByRole('alert')).toHaveText(`Alias "${uploadAlias}" already exists`);
    await dialog.getByLabel('New alias').fill(extraAlias);
    await dialog.getByRole('button', { name: 'Add alias' }).click();
    await expect(imageRow(page, 'alpha', extraAlias)).toBeVisible();
    expect(byAlias('alpha', extraAlias)!.fingerprint).toBe(byAlias('alpha', publishAlias)!.fingerprint);

    await imageAction(page, 'alpha', extraAlias, 'Aliases…');
    await dialog.getByRole('button', { name: `Remove alias ${extraAlias}` }).click();
    await expect(dialog.getByRole('list', { name: 'Current aliases' })).not.toContainText(extraAlias);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(byAlias('alpha', extraAlias)).toBeUndefined();
  });

  test('copies an image to another daemon, launches an instance from it, deletes both copies', async ({ page }) => {
    await page.goto('/images');
    const dialog = page.getByRole('dialog');
    await imageAction(page, 'alpha', publishAlias, 'Copy to daemon…');
    await chooseOption(dialog.getByLabel('To daemon'), 'gamma');
    await dialog.getByLabel('Aliases on the target').fill(copyAlias);
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await expect(dialog).toHaveCount(0, { timeout: 60_000 });
    await expect(imageRow(page, 'gamma', copyAlias)).toBeVisible();
    expect(byAlias('gamma', copyAlias)!.fingerprint).toBe(byAlias('alpha', publishAlias)!.fingerprint);

    await imageAction(page, 'alpha', publishAlias, 'Launch instance…');
    await expect(dialog.getByLabel('Image')).toHaveValue(`alias:${publishAlias}`);
    await dialog.getByRole('textbox', { name: 'Name' }).fill(launched);
    await dialog.getByRole('button', { name: 'Create', exact: true }).click();
    await expect(dialog).toHaveCount(0, { timeout: 60_000 });
    expect(cli('alpha', ['list', '--format=csv', '-c', 'n'])).toContain(launched);
    forceDelete('alpha', launched);

    for (const [daemon, alias] of [['gamma', copyAlias], ['alpha', publishAlias], ['alpha', uploadAlias]] as const) {
      await imageAction(page, daemon, alias, 'Delete…');
      await dialog.getByRole('button', { name: 'Delete' }).click();
      await expect(imageRow(page, daemon, alias)).toHaveCount(0);
      expect(byAlias(daemon, alias)).toBeUndefined();
    }
  });
});
