import { expect, type Page } from '@playwright/test';
import { cli, forceDelete, uniqueName } from '../tests/support/lab';
import { e2eState, login, test } from './support';

const container = uniqueName('e2e-term');
// Commands that print and exit at once run on Incus: LXD 5.0 itself sometimes drops the last
// output of such a command (see tests/integration/terminals.test.ts).
const incusContainer = uniqueName('e2e-term-g');
const stopped = uniqueName('e2e-term-off');
const { daemons } = e2eState();
const tabUrl = (tab: 'terminal' | 'console', daemon: 'alpha' | 'gamma' = 'alpha') =>
  `/instances/${daemons[daemon]}/${daemon === 'alpha' ? container : incusContainer}?project=default&tab=${tab}`;

/** The terminal's rows as text, the way xterm renders them into the page. */
async function screen(page: Page): Promise<string[]> {
  const rows = await page.locator('[data-testid="terminal"] .xterm-rows > div').allInnerTexts();
  return rows.map((row) => row.replace(/\u00a0/g, ' ').trimEnd());
}

async function expectRow(page: Page, row: string | RegExp): Promise<void> {
  await expect
    .poll(async () => (await screen(page)).some((r) => (typeof row === 'string' ? r === row : row.test(r))), { message: `a row ${row}` })
    .toBe(true);
}

async function typeLine(page: Page, line: string): Promise<void> {
  await page.locator('[data-testid="terminal"] .xterm').click();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
}

/** A shell prompt (rows are read without their trailing spaces). */
const PROMPT = /#$/;

const banner = (page: Page) => page.getByTestId('terminal-banner');

test.describe('terminal', () => {
  test.beforeAll(() => {
    cli('alpha', ['launch', 'busybox', container]);
    cli('gamma', ['launch', 'busybox', incusContainer]);
    cli('alpha', ['init', 'busybox', stopped]);
  });
  test.afterAll(() => {
    forceDelete('alpha', container);
    forceDelete('gamma', incusContainer);
    forceDelete('alpha', stopped);
  });

  test.beforeEach(async ({ page }) => {
    await login(page);
  });

  test('types into the xterm, reads the rows back, shows the exit code and reconnects', async ({ page }) => {
    await page.goto(tabUrl('terminal'));
    await expectRow(page, PROMPT);
    await typeLine(page, 'echo $((6*7))');
    await expectRow(page, '42');

    // The shell sees the size xterm was fitted to, and follows the window.
    await typeLine(page, 'stty size');
    const sized = async () => {
      const rows = (await screen(page)).length;
      await expectRow(page, new RegExp(`^${rows} \\d+$`));
    };
    await sized();
    await page.setViewportSize({ width: 900, height: 600 });
    await typeLine(page, 'clear; stty size');
    await sized();
    await page.screenshot({ path: 'e2e/artifacts/terminal.png' });

    // Full screen gives the shell more rows, and back.
    const before = (await screen(page)).length;
    await page.getByRole('button', { name: 'Full screen' }).click();
    await expect(page.getByRole('button', { name: 'Exit full screen' })).toBeVisible();
    await expect.poll(async () => (await screen(page)).length).toBeGreaterThan(before);
    await typeLine(page, 'clear; stty size');
    await sized();
    await page.getByRole('button', { name: 'Exit full screen' }).click();
    await expect.poll(async () => (await screen(page)).length).toBe(before);

    await typeLine(page, 'exit 3');
    await expect(banner(page)).toContainText('The command exited with code 3.');
    await page.getByRole('button', { name: 'Reconnect' }).click();
    await expect(banner(page)).toHaveCount(0);
    await typeLine(page, 'echo again-$((1+1))');
    await expectRow(page, 'again-2');
  });

  test('runs the command chosen for this instance and remembers it; font size and search', async ({ page }) => {
    await page.goto(tabUrl('terminal', 'gamma'));
    await expectRow(page, PROMPT);
    const command = page.getByLabel('Command');
    await command.fill('echo chosen-$((2+3)); exit 4');
    await command.press('Enter');
    await expectRow(page, 'chosen-5');
    await expect(banner(page)).toContainText('exited with code 4');

    await page.getByRole('button', { name: 'Larger text' }).click();
    await expect(page.getByRole('group', { name: 'Font size' })).toContainText('15');
    await page.getByLabel('Search the scrollback').fill('chosen');
    await page.getByLabel('Search the scrollback').press('Enter');
    await expect(page.getByText('No match')).toHaveCount(0);

    // Remembered in the field, but a reload opens the login shell: only Run runs the command.
    await page.reload();
    await expect(page.getByLabel('Command')).toHaveValue('echo chosen-$((2+3)); exit 4');
    await expect(page.getByRole('group', { name: 'Font size' })).toContainText('15');
    await expectRow(page, PROMPT);
    expect(await screen(page)).not.toContain('chosen-5');
    await page.getByLabel('Command').fill('');
    await page.getByRole('button', { name: 'Smaller text' }).click();
  });

  test('a one-off command runs only when Run is pressed; Reconnect opens the login shell; keys after the exit are answered', async ({ page }) => {
    const file = `/tmp/${uniqueName('runs')}`;
    const lines = () => Number(cli('gamma', ['exec', incusContainer, '--', 'sh', '-c', `cat ${file} 2>/dev/null | wc -l`]).trim());
    await page.goto(tabUrl('terminal', 'gamma'));
    await expectRow(page, PROMPT);
    await page.getByLabel('Command').fill(`echo ran >> ${file}; echo appended-$((3*3))`);
    await page.getByRole('button', { name: 'Run' }).click();
    await expectRow(page, 'appended-9');
    await expect(banner(page)).toContainText('exited with code 0');
    expect(lines()).toBe(1);

    // Keys typed after the command exited say where they went.
    await page.locator('[data-testid="terminal"] .xterm').click();
    await page.keyboard.type('ls');
    await expectRow(page, /The session has ended: these keys went nowhere/);

    // Another tab and back, a reload, Reconnect: none of them runs the command again.
    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.getByRole('tab', { name: 'Terminal' }).click();
    await expectRow(page, PROMPT);
    await page.reload();
    await expectRow(page, PROMPT);
    await typeLine(page, 'exit 0');
    await expect(banner(page)).toContainText('exited with code 0');
    await page.getByRole('button', { name: 'Reconnect' }).click();
    await expectRow(page, PROMPT);
    await typeLine(page, 'echo shell-$((8*8))');
    await expectRow(page, 'shell-64');
    expect(lines()).toBe(1);
    await page.getByLabel('Command').fill('');
    await page.getByRole('button', { name: 'Run' }).click();
  });

  test('a session that opens while the command is being typed leaves the keys in the command field', async ({ page }) => {
    // The first session's websocket is held until half the command is typed; then it opens.
    let open!: () => void;
    const opened = new Promise<void>((resolve) => (open = resolve));
    await page.routeWebSocket(/\/terminal\?/, async (ws) => {
      await opened;
      ws.connectToServer();
    });
    await page.goto(tabUrl('terminal', 'gamma'));
    const field = page.getByLabel('Command');
    await field.click();
    await page.keyboard.type('echo typed-');
    open();
    await expectRow(page, PROMPT);
    await page.keyboard.type('$((40+2))');
    await expect(field).toBeFocused();
    await expect(field).toHaveValue('echo typed-$((40+2))');
    await page.keyboard.press('Enter');
    await expectRow(page, 'typed-42');
    await field.fill('');
    await page.getByRole('button', { name: 'Run' }).click();
  });

  test('pastes 1 MiB without freezing the page', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.goto(tabUrl('terminal', 'gamma'));
    await page.getByLabel('Command').fill('stty -echo; echo ready; wc -c');
    await page.getByRole('button', { name: 'Run' }).click();
    await expectRow(page, 'ready');
    // Copy: a double click selects the word, the button puts it on the clipboard.
    const row = await page.locator('[data-testid="terminal"] .xterm-rows > div', { hasText: /^ready/ }).boundingBox();
    await page.mouse.dblclick(row!.x + 10, row!.y + row!.height / 2);
    await page.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe('ready');
    const size = 1024 * 1024;
    await page.evaluate((n) => navigator.clipboard.writeText(`${'x'.repeat(1023)}\n`.repeat(n / 1024)), size);
    await page.getByRole('button', { name: 'Paste' }).click();
    // The page stays responsive while the paste goes out in small frames.
    const started = Date.now();
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    expect(Date.now() - started).toBeLessThan(1000);
    await page.locator('[data-testid="terminal"] .xterm').click();
    await page.keyboard.press('Control+d');
    await expectRow(page, new RegExp(`^\\s*${size}$`));
    await expect(banner(page)).toContainText('exited with code 0');
    await page.getByLabel('Command').fill('');
    await page.getByRole('button', { name: 'Run' }).click();
  });

  test('a stopped instance gets the daemon\'s message in the terminal and the banner, never a hang', async ({ page }) => {
    await page.goto(`/instances/${daemons.alpha}/${stopped}?project=default&tab=terminal`);
    await expect(banner(page)).toContainText('Instance is not running');
    await expectRow(page, 'Instance is not running');
    await expect(page.getByRole('button', { name: 'Reconnect' })).toBeVisible();
    // The way out is offered where the problem shows: Start, then a shell on it.
    await page.getByRole('button', { name: 'Start instance' }).click();
    await expect(banner(page)).toHaveCount(0);
    await expectRow(page, PROMPT);
    await typeLine(page, 'echo started-$((4*4))');
    await expectRow(page, 'started-16');
  });

  test('the console shows its log first, then attaches live', async ({ page }) => {
    cli('alpha', ['exec', container, '--', 'sh', '-c', 'echo console-marker-$((7*6)) > /dev/console']);
    await page.goto(tabUrl('console'));
    await expectRow(page, /console-marker-42$/);
    await expectRow(page, /attached live below/);
    await expect(page.getByLabel('Command')).toHaveCount(0);
    // Keys pressed before the daemon has attached the console are lost: press Enter until it answers.
    await page.locator('[data-testid="terminal"] .xterm').click();
    await expect
      .poll(async () => {
        await page.keyboard.press('Enter');
        const rows = await screen(page);
        return rows.slice(rows.findLastIndex((r) => r.includes('attached live'))).some((r) => PROMPT.test(r));
      })
      .toBe(true);
    await typeLine(page, 'echo $((5*5))');
    await expectRow(page, '25');
  });
});
