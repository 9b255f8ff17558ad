import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from '@playwright/test';
import { Api, USER_PASSWORD, userWithRole } from '../tests/support/hangar';
import { cli, forceDelete, uniqueName } from '../tests/support/lab';
import { e2eState, login, test } from './support';

const container = uniqueName('e2e-files');
const { url, daemons } = e2eState();
const tab = `/instances/${daemons.alpha}/${container}?tab=files`;
const inside = (...command: string[]) => cli('alpha', ['exec', container, '--', ...command]);

test.describe('the file browser', () => {
  test.beforeAll(() => {
    cli('alpha', ['launch', 'busybox', container]);
    inside('sh', '-c', 'echo "first line" > /root/notes.txt');
  });
  test.afterAll(() => forceDelete('alpha', container));

  test('an admin uploads, browses, edits, downloads, makes a folder and deletes', async ({ page }) => {
    await login(page);
    await page.goto(tab);
    const table = page.getByRole('table', { name: 'Files in /root' });
    await expect(table.getByRole('row', { name: /notes\.txt/ })).toContainText('-rw-r--r--');

    // Upload with progress: a 3 MB file lands under its name, and nothing else is left behind.
    const local = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hangar-e2e-')), 'upload.bin');
    fs.writeFileSync(local, Buffer.alloc(3 * 1024 * 1024, 'x'));
    await page.getByLabel('Upload a file').setInputFiles(local);
    await expect(table.getByRole('row', { name: /upload\.bin/ })).toBeVisible();
    expect(inside('ls', '-a', '/root').split(/\s+/).filter((n) => n && n !== '.' && n !== '..').sort()).toEqual(['notes.txt', 'upload.bin']);
    expect(inside('wc', '-c', '/root/upload.bin').trim()).toMatch(/^3145728 /);

    // Edit a small text file, with its mode.
    await page.getByRole('button', { name: 'Edit notes.txt' }).click();
    const editor = page.getByRole('dialog');
    await expect(editor.getByLabel('Contents of /root/notes.txt')).toHaveValue('first line\n');
    await editor.getByLabel('Contents of /root/notes.txt').fill('edited in the browser\n');
    await editor.getByLabel('Mode').fill('0600');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(editor).toHaveCount(0);
    expect(inside('cat', '/root/notes.txt')).toBe('edited in the browser\n');
    await expect(table.getByRole('row', { name: /notes\.txt/ })).toContainText('-rw-------');

    // Download.
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download notes.txt' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('notes.txt');
    expect(fs.readFileSync(await file.path(), 'utf8')).toBe('edited in the browser\n');

    // A folder, entered and left.
    await page.getByRole('button', { name: 'New folder' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('made-here');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    await page.getByRole('button', { name: 'made-here/' }).click();
    await expect(page.getByText('/root/made-here is empty.')).toBeVisible();
    await page.getByRole('button', { name: 'Parent directory' }).click();
    expect(inside('stat', '-c', '%F %a', '/root/made-here').trim()).toBe('directory 755');

    // Delete asks first.
    await page.getByRole('button', { name: 'Delete upload.bin' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await expect(table.getByRole('row', { name: /upload\.bin/ })).toHaveCount(0);
    expect(inside('ls', '/root').split(/\s+/).filter(Boolean).sort()).toEqual(['made-here', 'notes.txt']);

    // An SSH key: the dialog stays open to say what it did, and says so again for the same key.
    const key = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE0dX0VXbpbz5Ua1Jd3b6wdKh5PFVkJS9vW7e5V3k2m4 e2e@files';
    await page.getByRole('button', { name: 'Add SSH key…' }).click();
    const keyDialog = page.getByRole('dialog', { name: `Add an SSH key to ${container}` });
    await expect(keyDialog.getByRole('button', { name: 'Add key' })).toBeDisabled();
    await keyDialog.getByLabel('Public key').fill(key);
    await keyDialog.getByRole('button', { name: 'Add key' }).click();
    await expect(keyDialog.getByText(/^Added SHA256:\S+ to \/root\/\.ssh\/authorized_keys\.$/)).toBeVisible();
    expect(inside('cat', '/root/.ssh/authorized_keys').trim()).toBe(key);
    await keyDialog.getByRole('button', { name: 'Add key' }).click();
    await expect(keyDialog.getByText(/was already in \/root\/\.ssh\/authorized_keys\.$/)).toBeVisible();
    await keyDialog.getByRole('button', { name: 'Close', exact: true }).click();
    await expect(keyDialog).toHaveCount(0);

    // The daemon's own words for a path that is not there.
    await page.getByLabel('Path').fill('/root/../../nowhere');
    await page.getByTestId('files-panel').getByRole('button', { name: 'Go', exact: true }).click();
    await expect(page.getByTestId('files-panel').getByRole('alert')).toContainText('Not Found');
  });

  test('a viewer has no Files tab, and the server refuses the files API', async ({ page }) => {
    const admin = await Api.login(url);
    const viewer = await userWithRole(admin, 'viewer', 'e2e-files-viewer');
    const me = await viewer.json<{ username: string }>('GET', '/api/v1/me');
    await login(page, me.username, USER_PASSWORD);
    await page.goto(tab);
    await expect(page.getByRole('tab', { name: 'Overview' })).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Files' })).toHaveCount(0);
    await expect(page.getByTestId('files-panel')).toHaveCount(0);
    const res = await page.request.get(`/api/v1/daemons/${daemons.alpha}/instances/${container}/files?path=/root`);
    expect(res.status()).toBe(403);
  });
});
