// UI end-to-end for issue #6: in a real VS Code (code-server) in Chromium, Translate Selection
// (insert after, tiny random-weight fixture model), then hover a source word and a word of the
// translation and read the attention in the hover widget; the attended tokens are painted with
// graded opacity; Escape clears them. Screenshots in test-results/e2e/attention-*.png.
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../tools/codeServer.mjs';
import { openFile, openWorkbench, runCommand, type Workbench, textBox } from './workbench';

const ORIGINAL = ['Two dogs play in the snow.', 'A second line stays as it is.'];

async function editorLines(page: Page): Promise<string[]> {
  return page.locator('.monaco-editor .view-lines').first().evaluate((el) =>
    Array.from(el.querySelectorAll<HTMLElement>('.view-line'))
      .map((l) => ({ top: parseFloat(l.style.top || '0'), text: (l.textContent ?? '').replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text),
  );
}

/** Background boxes VS Code draws for decorations, with their opacity (only ours set one below 1). */
async function paintedBoxes(page: Page): Promise<{ opacity: number; background: string; at: string }[]> {
  return page.locator('.monaco-editor .view-overlays').first().evaluate((el) =>
    Array.from(el.querySelectorAll<HTMLElement>('div[class*="ced-"]'))
      .map((d) => ({ d, s: getComputedStyle(d) }))
      .filter(({ s }) => parseFloat(s.opacity) < 1 && s.backgroundColor !== 'rgba(0, 0, 0, 0)')
      .map(({ d, s }) => ({ opacity: parseFloat(s.opacity), background: s.backgroundColor, at: `${d.parentElement?.style.top}/${s.left}/${s.width}` })),
  );
}

const hoverWidget = (page: Page) => page.locator('.monaco-hover:visible', { hasText: 'Attention Lens' }).first();

describe('attention in the editor: hover and heat decorations', () => {
  let wb: Workbench;
  let page: Page;
  const shot = (name: string) => wb.shot(name);

  beforeAll(async () => {
    wb = await openWorkbench({
      files: { 'attention.txt': ORIGINAL.join('\n') + '\n' },
      settings: {
        'attentionLens.translationModel': path.join(REPO, 'test/fixtures/models/tiny-seq2seq'),
        'attentionLens.outputMode': 'insertAfter',
        'attentionLens.decoding.maxNewTokens': 6,
        'attentionLens.hover.enabled': false, // the positional hover; this test reads the attention hover
        'editor.hover.delay': 200,
        'window.autoDetectColorScheme': true,
      },
    });
    page = wb.page;
  });
  afterAll(async () => {
    await wb?.close();
  });

  it('translates the selected sentence (inserted after it)', async () => {
    await openFile(page, 'attention.txt');
    await expect.poll(() => editorLines(page)).toEqual([...ORIGINAL, '']);
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Shift+End');
    await runCommand(page, 'Attention Lens: Translate Selection');
    await expect.poll(() => editorLines(page), { timeout: 60_000 }).toHaveLength(ORIGINAL.length + 2);
    expect((await editorLines(page))[1].trim().length).toBeGreaterThan(0);
    // give the keyboard back to the editor (the explorer may have opened beside it) and drop the selection
    await page.locator('.monaco-editor .view-lines').first().click({ position: { x: 400, y: 200 } });
  });

  it('hovering a source word shows the output tokens that attended to it, and paints what it attends to', async () => {
    const box = await textBox(page, 'dogs');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const hover = hoverWidget(page);
    await hover.waitFor({ timeout: 20_000 });
    const text = await hover.innerText();
    expect(text).toMatch(/source token \d+/);
    expect(text).toContain('dogs');
    expect(text).toContain('layer 2, mean of 2 heads');
    expect(text).toContain('Attends to (encoder self-attention)');
    expect(text).toContain('Attended by output tokens (cross-attention)');
    expect(text).toMatch(/\S+\s+0\.\d\d \(out \d+\)/);
    expect(text).toContain('Show in explorer');
    expect(text).toContain('Pin');
    // the heat strip: coloured cells
    expect(await hover.locator('span[style*="color"]').count()).toBeGreaterThan(3);
    await expect.poll(async () => (await paintedBoxes(page)).length).toBeGreaterThan(0);
    await shot('attention-01-hover-source-word');
  });

  it('hovering a word of the translation shows the source tokens it drew on (cross-attention)', async () => {
    await page.mouse.move(1300, 700);
    await expect.poll(() => page.locator('.monaco-hover:visible', { hasText: 'Attention Lens' }).count()).toBe(0);
    const line = (await editorLines(page))[1];
    const word = line.split(/\s+/).filter((w) => /\p{L}{2,}/u.test(w)).sort((a, b) => b.length - a.length)[0];
    expect(word, `a word in the translation "${line}"`).toBeTruthy();
    const box = await textBox(page, word);
    await page.mouse.move(box.x + Math.min(box.width / 2, 6), box.y + box.height / 2);
    const hover = hoverWidget(page);
    await hover.waitFor({ timeout: 20_000 });
    const text = await hover.innerText();
    expect(text).toMatch(/generated token \d+/);
    expect(text).toContain('Drew on source (cross-attention, the step that wrote it)');
    expect(text).toMatch(/\S+\s+0\.\d\d · src \d+/);
    // the source tokens it drew on are painted, with opacity following the weight
    await expect.poll(async () => (await paintedBoxes(page)).length).toBeGreaterThan(1);
    const boxes = await paintedBoxes(page);
    expect(Math.max(...boxes.map((b) => b.opacity))).toBeCloseTo(0.9, 2);
    expect(new Set(boxes.map((b) => b.opacity)).size).toBeGreaterThan(1);
    // the contributed theme colour (attentionLens.attendedBackground; light default #ff8000, dark #ff9d3b)
    expect(['rgb(255, 128, 0)', 'rgb(255, 157, 59)']).toContain(boxes[0].background);
    await shot('attention-02-hover-translation-word');
  });

  it('"Pin" in the hover keeps a token\'s attention while other tokens are hovered', async () => {
    await page.mouse.move(1300, 700);
    await expect.poll(() => page.locator('.monaco-hover:visible', { hasText: 'Attention Lens' }).count()).toBe(0);
    const box = await textBox(page, 'snow');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const hover = hoverWidget(page);
    await hover.waitFor({ timeout: 20_000 });
    expect(await hover.innerText()).toContain('snow');
    await hover.getByRole('link', { name: 'Pin' }).click();
    await expect.poll(() => page.locator('.statusbar').innerText()).toContain('pinned the attention of "snow"');
    // the clicked hover keeps the focus: click an empty part of the editor
    await page.mouse.move(1300, 700);
    await page.locator('.monaco-editor .view-lines').first().click({ position: { x: 600, y: 200 } });
    await expect.poll(() => page.locator('.monaco-hover:visible', { hasText: 'Attention Lens' }).count()).toBe(0);
    // back to the top (the editor may have scrolled); the cursor lands on "Two", which does not replace the pinned token
    await page.keyboard.press('Control+Home');
    await expect.poll(async () => (await paintedBoxes(page)).length).toBeGreaterThan(0);
    const pinned = (await paintedBoxes(page)).map((b) => b.at).sort();
    // hover the translation: its own hover shows, the pinned highlights stay
    const line = (await editorLines(page))[1];
    const word = line.split(/\s+/).filter((w) => /\p{L}{2,}/u.test(w)).sort((a, b) => b.length - a.length)[0];
    const other = await textBox(page, word);
    await page.mouse.move(other.x + Math.min(other.width / 2, 6), other.y + other.height / 2);
    await expect.poll(async () => (await hoverWidget(page).innerText()).includes('Drew on source'), { timeout: 20_000 }).toBe(true);
    expect((await paintedBoxes(page)).map((b) => b.at).sort()).toEqual(pinned);
    await shot('attention-03-pinned');
  });

  it('Escape clears the highlights', async () => {
    await page.mouse.move(1300, 700);
    await expect.poll(() => page.locator('.monaco-hover:visible', { hasText: 'Attention Lens' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(async () => (await paintedBoxes(page)).length).toBe(0);
    await shot('attention-04-cleared');
  });

  it('follows the colour theme: a dark theme paints with the dark default of attentionLens.attendedBackground', async () => {
    // this workbench follows the OS colour scheme (window.autoDetectColorScheme): switch the browser to dark
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.locator('.monaco-workbench').evaluate((el) => el.classList.contains('vs-dark')), { timeout: 30_000 }).toBe(true);
    const box = await textBox(page, 'dogs');
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await hoverWidget(page).waitFor({ timeout: 20_000 });
    await expect.poll(async () => (await paintedBoxes(page)).length).toBeGreaterThan(0);
    expect((await paintedBoxes(page))[0].background).toBe('rgb(255, 157, 59)');
    await shot('attention-05-dark-theme');
  });
});
