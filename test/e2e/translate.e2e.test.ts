// UI end-to-end: select a sentence in a real VS Code (code-server) in a real Chromium, run
// "Attention Lens: Translate Selection" from the palette, see the translation inserted after
// the selection (attentionLens.outputMode = insertAfter), undo, and get the document back exactly.
// Uses the tiny random-weight fixture model (the output is gibberish German; the flow is the point).
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../tools/codeServer.mjs';
import { openFile, openWorkbench, runCommand, type Workbench } from './workbench';

const ORIGINAL = ['Two dogs play in the snow.', 'A second line stays as it is.'];

/** The editor's lines in document order (Monaco's DOM order is not line order). */
async function editorLines(page: Page): Promise<string[]> {
  return page.locator('.monaco-editor .view-lines').first().evaluate((el) =>
    Array.from(el.querySelectorAll<HTMLElement>('.view-line'))
      .map((l) => ({ top: parseFloat(l.style.top || '0'), text: (l.textContent ?? '').replace(/\u00a0/g, ' ') }))
      .sort((a, b) => a.top - b.top)
      .map((l) => l.text),
  );
}

describe('Translate Selection in the workbench', () => {
  let wb: Workbench;
  let page: Page;
  const shot = (name: string) => wb.shot(name);

  beforeAll(async () => {
    wb = await openWorkbench({
      files: { 'translate.txt': ORIGINAL.join('\n') + '\n' },
      settings: {
        'attentionLens.translationModel': path.join(REPO, 'test/fixtures/models/tiny-seq2seq'),
        'attentionLens.outputMode': 'insertAfter',
        'attentionLens.decoding.maxNewTokens': 6,
      },
    });
    page = wb.page;
  });
  afterAll(async () => {
    await wb?.close();
  });

  it('selects the first sentence', async () => {
    await openFile(page, 'translate.txt');
    await expect.poll(() => editorLines(page)).toEqual([...ORIGINAL, '']);
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Shift+End');
    await expect.poll(() => page.locator('.statusbar').innerText()).toMatch(new RegExp(`\\(${ORIGINAL[0].length} selected\\)`));
  });

  it('runs Translate Selection from the palette; the translation is inserted after the selection', async () => {
    await runCommand(page, 'Attention Lens: Translate Selection');
    await expect.poll(() => editorLines(page), { timeout: 60_000 }).toHaveLength(ORIGINAL.length + 2);
    const lines = await editorLines(page);
    expect(lines[0]).toBe(ORIGINAL[0]);
    expect(lines[1].trim().length).toBeGreaterThan(0); // the translation, on its own line
    expect(lines.slice(2)).toEqual([ORIGINAL[1], '']);
    // status bar: model · provider (no GPU here: CPU, with a fallback warning in the tooltip)
    await expect.poll(() => page.locator('.statusbar').innerText(), { timeout: 30_000 }).toMatch(/tiny-seq2seq · cpu/);
    await shot('translate-01-inserted');
  });

  it('undo restores the document exactly', async () => {
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Z');
    await expect.poll(() => editorLines(page)).toEqual([...ORIGINAL, '']);
    await shot('translate-02-undone');
  });
});
