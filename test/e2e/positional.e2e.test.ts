// UI end-to-end: a person's path through the positional-encodings feature in a real
// VS Code (code-server) in a real Chromium. test/workspace sets d = 4, n = 100.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openFile, openWorkbench, runCommand, textBox, webviewFrame, type Workbench } from './workbench';

const LECTURE = [
  ['0', 'I', '0.00', '1.00', '0.00', '1.00'],
  ['1', 'am', '0.84', '0.54', '0.10', '1.00'],
  ['2', 'a', '0.91', '-0.42', '0.20', '0.98'],
  ['3', 'robot', '0.14', '-0.99', '0.30', '0.96'],
];

describe('positional encodings in the workbench', () => {
  let wb: Workbench;
  beforeAll(async () => {
    wb = await openWorkbench();
  });
  afterAll(async () => {
    await wb?.close();
  });

  it('opens a workspace file', async () => {
    await openFile(wb.page, 'example.txt');
    const editorText = async () => (await wb.page.locator('.monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
    await expect.poll(editorText).toContain('I am a robot');
    await wb.shot('01-file-open');
  });

  it('selects the first line with the keyboard', async () => {
    const { page } = wb;
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Shift+End');
    await expect.poll(() => page.locator('.statusbar').innerText()).toMatch(/\(12 selected\)/);
    await wb.shot('02-selection');
  });

  it('runs "Show Positional Encodings" from the palette and shows the lecture table', async () => {
    await runCommand(wb.page, 'Attention Lens: Show Positional Encodings');
    const view = webviewFrame(wb.page);
    const rows = view.locator('#pe-table tbody tr');
    await expect.poll(() => rows.count(), { timeout: 60_000 }).toBe(4);
    const cells = await rows.evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent ?? '')));
    expect(cells).toEqual(LECTURE);
    expect(await view.locator('#pe-params').innerText()).toContain('d = 4, n = 100, T = 4');
    expect(await view.locator('#pe-formula').innerText()).toMatch(/P\[k, 2i\] = sin\(k \/ n\s*2i\/d\)/);
    await wb.shot('03-positional-table');
  });

  it('draws the heat map: one cell per P[k, j], red for +1, white for 0, blue for −1', async () => {
    const heat = webviewFrame(wb.page).locator('#pe-heatmap');
    const probe = await heat.evaluate((canvas: HTMLCanvasElement) => {
      const c = canvas.getContext('2d')!;
      const w = Number(canvas.dataset.cellWidth);
      const h = Number(canvas.dataset.cellHeight);
      const x0 = Number(canvas.dataset.originX);
      const at = (k: number, j: number) => Array.from(c.getImageData(x0 + j * w + w / 2, k * h + h / 2, 1, 1).data.slice(0, 3));
      return { rows: canvas.dataset.rows, cols: canvas.dataset.cols, zero: at(0, 0), one: at(0, 1), minus: at(3, 1) };
    });
    expect(probe.rows).toBe('4');
    expect(probe.cols).toBe('4');
    expect(probe.zero).toEqual([242, 242, 242]); // P[0,0] = sin 0 = 0
    expect(probe.one).toEqual([180, 4, 38]); // P[0,1] = cos 0 = 1
    expect(probe.minus[2]).toBeGreaterThan(probe.minus[0]); // P[3,1] = -0.99: blue
    await webviewFrame(wb.page).locator('#pe-similarity').scrollIntoViewIfNeeded();
    await wb.shot('04-heatmap-similarity');
  });

  it('redraws for an edited d and explains a bad one', async () => {
    const view = webviewFrame(wb.page);
    await view.locator('#pe-d').fill('6');
    await expect.poll(() => view.locator('#pe-table tbody tr').first().locator('td.num').count()).toBe(6);
    expect(await view.locator('#pe-params').innerText()).toContain('d = 6, n = 100');
    await view.locator('#pe-d').fill('0');
    await expect.poll(() => view.locator('#pe-error').innerText()).toMatch(/^d must be a whole number from 1 to 1024/);
    expect(await view.locator('#pe-results').isHidden()).toBe(true);
    await wb.shot('05-bad-d');
    await view.locator('#pe-d').fill('4');
    await expect.poll(() => view.locator('#pe-table tbody tr').first().locator('td.num').count()).toBe(4);
  });

  it('hovering a word shows its position k and P[k]', async () => {
    const { page } = wb;
    await page.keyboard.press('Escape');
    const box = await textBox(page, 'robot');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Attention Lens' });
    await hover.first().waitFor({ timeout: 15_000 });
    const text = await hover.first().innerText();
    expect(text).toContain('k = 3');
    expect(text).toContain('[0.14, -0.99, 0.30, 0.96]');
    await wb.shot('06-hover');
  });

  it('keeps the edited inputs when the view is hidden and shown again', async () => {
    const { page } = wb;
    const before = webviewFrame(page);
    await before.locator('#pe-n').fill('50');
    await expect.poll(() => before.locator('#pe-params').innerText()).toContain('d = 4, n = 50');
    await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
    await expect.poll(() => page.locator('iframe.webview.ready').count()).toBe(0);
    await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
    const after = webviewFrame(page);
    await expect.poll(() => after.locator('#pe-params').innerText(), { timeout: 30_000 }).toContain('d = 4, n = 50, T = 4');
    expect(await after.locator('#pe-n').inputValue()).toBe('50');
    // P[1,2] = sin(1 / 50^(2/4)) = sin(0.1414…) = 0.14
    expect(await after.locator('#pe-table tbody tr[data-k="1"] td.num').nth(2).innerText()).toBe('0.14');
    await wb.shot('07-restored-after-hide-show');
  });

  it('"Use editor selection" asks the host for the selection (request/reply) and explains an empty one', async () => {
    const { page } = wb;
    const box = await textBox(page, 'The quick brown fox');
    await page.mouse.click(box.x + 2, box.y + box.height / 2);
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    await expect.poll(() => page.locator('.statusbar').innerText()).toMatch(/\(43 selected\)/);
    const view = webviewFrame(page);
    await view.locator('#pe-use-selection').click();
    await expect.poll(() => view.locator('#pe-table tbody tr').count()).toBe(9);
    expect(await view.locator('#pe-table tbody tr[data-k="8"] th.token').innerText()).toBe('dog');
    await wb.shot('08-use-selection');
    await page.mouse.click(box.x + 2, box.y + box.height / 2);
    await expect.poll(() => page.locator('.statusbar').innerText()).not.toMatch(/selected\)/);
    await view.locator('#pe-use-selection').click();
    await expect.poll(() => view.locator('#pe-error').innerText()).toBe('No text is selected in an editor.');
    await wb.shot('09-no-selection');
  });
});
