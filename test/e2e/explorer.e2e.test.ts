// UI end-to-end for the attention explorer (issue #5) in a real VS Code (code-server) in a real
// Chromium: Translate Selection with the tiny seq2seq fixture, then the side-panel explorer shows
// L × H thumbnails for every attention kind, a thumbnail opens the head detail with the run's
// tokens on its axes, the Steps tab lists top-k for every step, clicking an input token selects
// its range in the editor, and moving the editor cursor focuses the token in the explorer.
// Screenshots: test-results/e2e/explorer-*.png.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../tools/codeServer.mjs';
import { openFile, openWorkbench, runCommand, SCREENSHOTS, textBox, type Workbench } from './workbench';

const SENTENCE = 'Two dogs play in the snow.';
const FIXTURE = path.join(REPO, 'test/fixtures/models/tiny-seq2seq');
const model = JSON.parse(readFileSync(path.join(FIXTURE, 'model.json'), 'utf8')) as { layers: number; heads: number };

/** The explorer's document: the webview whose page has the explorer tab bar. */
function explorer(page: Page, index = 0): FrameLocator {
  return page.frameLocator('iframe.webview.ready').nth(index).frameLocator('iframe#active-frame');
}

/** The visible explorer tab panel (each tab has its own token strips). */
const panel = (f: FrameLocator) => f.locator('section.panel:not([hidden])');

describe('attention explorer in the workbench', () => {
  let wb: Workbench;
  let page: Page;
  let exportDir: string;
  const consoleProblems: string[] = [];
  const shot = (name: string) => wb.shot(`explorer-${name}`);

  beforeAll(async () => {
    exportDir = mkdtempSync(path.join(os.tmpdir(), 'attention-lens-e2e-exports-'));
    wb = await openWorkbench({
      files: { 'explore.txt': `${SENTENCE}\nA second line.\n` },
      env: { ATTENTION_LENS_EXPORT_DIR: exportDir },
      settings: {
        'attentionLens.translationModel': FIXTURE,
        'attentionLens.continuationModel': path.join(REPO, 'test/fixtures/models/tiny-causal'),
        'attentionLens.outputMode': 'insertAfter',
        'attentionLens.decoding.maxNewTokens': 6,
      },
      viewport: { width: 1500, height: 950 },
      // every frame's console, webviews included: the CSP must never have to refuse anything of ours.
      // Known and harmless: the archived webview-ui-toolkit (FAST) probes :focus-visible support by
      // appending an EMPTY <style> (sha256-47DEQ… is the hash of ""); our CSP refuses it and FAST falls
      // back to :focus. That probe is the one thing filtered out here.
      onPage: (p) =>
        p.on('console', (m) => {
          const url = m.location().url;
          if (!url.includes('/dist/webview.js') && !/\[attention-lens\]/.test(m.text())) return; // the workbench's own messages
          if (m.text().includes('sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=')) return;
          if (/Content Security Policy|Refused to|\[attention-lens\]/.test(m.text()) || m.type() === 'error') consoleProblems.push(`${url.slice(-40)} :: ${m.text().slice(0, 200)}`);
        }),
    });
    page = wb.page;
  });
  afterAll(async () => {
    await wb?.close();
  });

  it('translates the selected sentence; the explorer opens on the Model tab with L × H thumbnails for every kind', async () => {
    await openFile(page, 'explore.txt');
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Shift+End');
    await expect.poll(() => page.locator('.statusbar').innerText()).toMatch(new RegExp(`\\(${SENTENCE.length} selected\\)`));
    await runCommand(page, 'Attention Lens: Translate Selection');
    const f = explorer(page);
    const grids = f.locator('canvas.xp-grid');
    await expect.poll(() => grids.count(), { timeout: 90_000 }).toBe(3);
    const kinds = await grids.evaluateAll((cs) => cs.map((c) => (c as HTMLCanvasElement).dataset));
    expect(kinds.map((d) => d.kind)).toEqual(['encoderSelf', 'decoderSelf', 'cross']);
    const all = (n: number) => Array.from({ length: n }, (_, i) => i).join(',');
    for (const d of kinds) {
      expect(d.layers).toBe(all(model.layers));
      expect(d.heads).toBe(all(model.heads));
    }
    // every thumbnail is painted (not background) at its centre
    const painted = await grids.first().evaluate((c: HTMLCanvasElement) => {
      const base = c.previousElementSibling as HTMLCanvasElement;
      const ctx = base.getContext('2d')!;
      const d = c.dataset;
      const th = Number(d.thumb), gap = Number(d.gap), dpr = base.width / c.clientWidth;
      const out: number[] = [];
      for (let l = 0; l < d.layers!.split(',').length; l++)
        for (let h = 0; h < d.heads!.split(',').length; h++) {
          const x = (Number(d.labelW) + h * (th + gap) + th / 2) * dpr;
          const y = (Number(d.labelH) + l * (th + gap) + th / 2) * dpr;
          out.push(ctx.getImageData(x, y, 1, 1).data[3]);
        }
      return out;
    });
    expect(painted).toEqual(Array(model.layers * model.heads).fill(255));
    expect(await f.locator('.tab[aria-selected="true"]').innerText()).toBe('Model');
    await shot('01-model');
  });

  it('clicking a cross-attention thumbnail opens the head detail with the run tokens on both axes', async () => {
    const f = explorer(page);
    const cross = f.locator('canvas.xp-grid[data-kind="cross"]');
    const d = await cross.evaluate((c: HTMLCanvasElement) => ({ ...c.dataset }));
    const th = Number(d.thumb), gap = Number(d.gap);
    const layer = model.layers - 1;
    await cross.click({ position: { x: Number(d.labelW) + 0 * (th + gap) + th / 2, y: Number(d.labelH) + layer * (th + gap) + th / 2 } });
    const overlay = f.locator('#head-overlay');
    await expect.poll(() => overlay.getAttribute('data-ready'), { timeout: 30_000 }).toBe('true');
    const h = await overlay.evaluate((c: HTMLCanvasElement) => ({ ...c.dataset }));
    expect([h.kind, h.layer, h.head, h.mode]).toEqual(['cross', String(layer), '0', 'head']);
    const input = await panel(f).locator('.strip-tokens[data-list="source"] .tok').allInnerTexts();
    const output = await panel(f).locator('.strip-tokens[data-list="output"] .tok').allInnerTexts();
    const cols = JSON.parse(h.colLabels!) as string[];
    const rows = JSON.parse(h.rowLabels!) as string[];
    // columns: the encoder input (the sentence, then </s>); rows: the decoder input <s>, y1, …
    expect(cols).toEqual(input);
    expect(cols.join('').replace(/[\s␣]/g, '')).toBe(`${SENTENCE}</s>`.replace(/\s/g, ''));
    expect(rows[0]).toBe('<s>');
    expect(rows.slice(1)).toEqual(output.slice(0, rows.length - 1));
    expect(Number(h.rows)).toBe(rows.length);
    expect(await f.locator('#head-title').innerText()).toContain('A = softmax(QKᵀ/√d_k)');
    // the value under the pointer
    const box = (await overlay.boundingBox())!;
    await page.mouse.move(box.x + Number(h.plotX) + Number(h.cell) * 1.5, box.y + Number(h.plotY) + Number(h.cell) * 0.5);
    await expect.poll(() => f.locator('#head-readout').innerText()).toMatch(/^A\[q=0 “<s>”, k=1 “.+”\] = 0\.\d+/);
    await shot('02-head');
  });

  it('the Positional tab shows the model’s P for the run’s tokens', async () => {
    const f = explorer(page);
    await f.locator('.tab[data-tab="positional"]').click();
    await expect.poll(() => f.locator('#pe-d').inputValue()).toBe('8'); // tiny-seq2seq: d = 8
    await expect.poll(() => f.locator('#pe-table tbody tr').count()).toBeGreaterThan(3);
    await shot('03-positional');
  });

  it('the Steps tab lists the top-k candidates for every generated step and shows the step’s attention rows', async () => {
    const f = explorer(page);
    await f.locator('.tab[data-tab="steps"]').click();
    const steps = f.locator('#steps-list .step');
    const outputs = await panel(f).locator('.strip-tokens[data-list="output"] .tok').count();
    await expect.poll(() => steps.count()).toBe(outputs);
    for (let i = 0; i < outputs; i++) {
      const bars = steps.nth(i).locator('.bar');
      expect(await bars.count()).toBeGreaterThanOrEqual(2);
      expect(await steps.nth(i).locator('.bar.chosen').count()).toBe(1);
      expect(await steps.nth(i).locator('.step-meta').innerText()).toMatch(/p=0\.\d{3} · rank \d+ · H=\d+\.\d{2} nats/);
    }
    await steps.nth(1).click();
    const rows = f.locator('#steps-detail canvas.xp-base');
    await expect.poll(() => rows.evaluateAll((cs) => cs.map((c) => (c as HTMLCanvasElement).dataset.step)), { timeout: 30_000 }).toEqual(['1', '1']);
    expect(await rows.evaluateAll((cs) => cs.map((c) => (c as HTMLCanvasElement).dataset.rows))).toEqual([String(model.layers * model.heads), String(model.layers * model.heads)]);
    await shot('04-steps');
  });

  it('clicking an input token selects its range in the editor', async () => {
    const f = explorer(page);
    const dogs = panel(f).locator('.strip-tokens[data-list="source"] .tok', { hasText: 'dogs' }).first();
    await dogs.click();
    await expect.poll(() => page.locator('.statusbar').innerText(), { timeout: 15_000 }).toMatch(/Ln 1, Col \d+ \(\d selected\)/);
    const status = await page.locator('.statusbar').innerText();
    const [, col, n] = /Ln 1, Col (\d+) \((\d) selected\)/.exec(status)!;
    // the selection is exactly the token's text (a ▁ piece may include the space before it)
    const end = Number(col) - 1; // the selection runs from the token's start to its end (the cursor)
    expect(SENTENCE.slice(end - Number(n), end).trim()).toBe('dogs');
    await expect.poll(() => dogs.getAttribute('class')).toContain('focused');
    await shot('05-token-selects-editor-range');
  });

  it('moving the editor cursor into a word focuses its token in the explorer', async () => {
    const box = await textBox(page, 'snow');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const f = explorer(page);
    const focused = panel(f).locator('.strip-tokens[data-list="source"] .tok.focused');
    await expect.poll(() => focused.allInnerTexts(), { timeout: 15_000 }).toEqual([expect.stringContaining('snow')]);
    await shot('06-cursor-focuses-token');
  });

  it('keyboard: the grid and the strips are focusable and move with the arrow keys', async () => {
    const f = explorer(page);
    await f.locator('.tab[data-tab="model"]').click();
    const grid = f.locator('canvas.xp-grid').first();
    await grid.focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => f.locator('#model-readout').innerText()).toMatch(/layer 0, head 1/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await expect.poll(() => f.locator('#head-overlay').getAttribute('data-head')).toBe('1');
    expect(await f.locator('#head-overlay').getAttribute('data-layer')).toBe('1');
    expect(await f.locator('#head-overlay').getAttribute('data-kind')).toBe('encoderSelf');
  });

  it('exports the run as JSON and the view as PNG', async () => {
    const f = explorer(page);
    await f.locator('#head-json').click();
    await f.locator('#head-png').click();
    await expect.poll(() => readdirSync(exportDir).sort(), { timeout: 15_000 }).toEqual([expect.stringMatching(/^attention-encoderSelf-L1-H1\.png$/), expect.stringMatching(/^attention-lens-.+\.json$/)]);
    const json = JSON.parse(readFileSync(path.join(exportDir, readdirSync(exportDir).find((n) => n.endsWith('.json'))!), 'utf8'));
    expect(json.format).toBe('attention-lens-run');
    expect(json.attention.map((a: { kind: string }) => a.kind)).toEqual(['encoderSelf', 'decoderSelf', 'cross']);
    const png = readFileSync(path.join(exportDir, readdirSync(exportDir).find((n) => n.endsWith('.png'))!));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
  });

  it('keeps the run and the head view when the side bar is hidden and shown again', async () => {
    await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
    await expect.poll(() => page.locator('iframe.webview.ready').count()).toBe(0);
    await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
    const overlay = explorer(page).locator('#head-overlay');
    await expect.poll(() => overlay.getAttribute('data-ready'), { timeout: 30_000 }).toBe('true');
    expect(await overlay.evaluate((c: HTMLCanvasElement) => [c.dataset.kind, c.dataset.layer, c.dataset.head])).toEqual(['encoderSelf', '1', '1']);
    await shot('08-after-hide-show');
  });

  it('opens the same explorer as a wide editor panel', async () => {
    await runCommand(page, 'Attention Lens: Open Explorer in Editor');
    try {
      await expect.poll(() => page.locator('iframe.webview.ready').count(), { timeout: 30_000 }).toBe(2);
    } catch (e) {
      await shot('07-editor-panel-failed');
      throw e;
    }
    // the panel is the newer webview; it shows the same run and state
    const frames = [explorer(page, 0), explorer(page, 1)];
    const titles = await Promise.all(frames.map((fr) => fr.locator('#head-title').innerText({ timeout: 30_000 }).catch(() => '')));
    expect(titles.filter((t) => t.includes('layer ℓ=1')).length).toBe(2);
    await shot('07-editor-panel');
    expect(existsSync(SCREENSHOTS)).toBe(true);
  });

  it('keeps the runs and the view state across a window reload', async () => {
    await runCommand(page, 'Developer: Reload Window');
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.locator('iframe.webview.ready').count(), { timeout: 90_000 }).toBeGreaterThanOrEqual(1);
    const titles = async () => {
      const n = await page.locator('iframe.webview.ready').count();
      const out: string[] = [];
      for (let i = 0; i < n; i++) out.push(await explorer(page, i).locator('#head-title').innerText({ timeout: 5_000 }).catch(() => ''));
      return out.filter((t) => t.includes('Encoder self-attention, layer ℓ=1, head h=1')).length;
    };
    await expect.poll(titles, { timeout: 90_000 }).toBeGreaterThanOrEqual(1);
    await shot('09-after-window-reload');
  });

  it('Continue Selection adds a causal run (one self-attention grid); the run picker switches back', async () => {
    await openFile(page, 'explore.txt');
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    await expect.poll(() => page.locator('.statusbar').innerText()).toMatch(/\(14 selected\)/);
    await runCommand(page, 'Attention Lens: Continue Selection');
    const f = explorer(page);
    await f.locator('.tab[data-tab="model"]').click();
    const kinds = () => f.locator('canvas.xp-grid').evaluateAll((cs) => cs.map((c) => (c as HTMLCanvasElement).dataset.kind));
    await expect.poll(kinds, { timeout: 90_000 }).toEqual(['self']);
    await expect.poll(() => f.locator('#model-run vscode-option').count()).toBe(2);
    await shot('10-causal-run');
    await f.locator('#model-run').click();
    await f.locator('#model-run vscode-option').nth(1).click();
    await expect.poll(kinds, { timeout: 30_000 }).toEqual(['encoderSelf', 'decoderSelf', 'cross']);
  });

  it('no CSP refusals and no rejected messages in any webview', () => {
    expect(consoleProblems).toEqual([]);
  });
});
