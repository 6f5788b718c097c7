// A VS Code colour theme switch repaints the webview's canvases: the real webview bundle (built
// here from webview/main.ts) in headless Chromium with the stand-in host of the explorer bench
// (test/tools/explorer-harness/host.ts) starts dark, then gets what VS Code does on a switch: the
// body class becomes vscode-light and the --vscode-* variables in the html style are rewritten.
// The label text on the Model, Head and Positional canvases must turn from light to dark.
import * as esbuild from 'esbuild';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, REPO, launchBrowser } from '../tools/codeServer.mjs';

const DARK = '--vscode-foreground:#cccccc;--vscode-editor-background:#1e1e1e;--vscode-focusBorder:#007fd4;--vscode-font-family:sans-serif;--vscode-font-size:13px;background:#1e1e1e';
const LIGHT = '--vscode-foreground:#333333;--vscode-editor-background:#ffffff;--vscode-focusBorder:#0090f1;--vscode-font-family:sans-serif;--vscode-font-size:13px;background:#ffffff';

/** The colour of the most opaque pixel left of x = maxX (CSS px) on the canvas: the label text's colour. */
function labelColour(page: Page, selector: string, maxX: number): Promise<number[]> {
  return page.locator(selector).first().evaluate((c: HTMLCanvasElement, maxX: number) => {
    const w = Math.min(c.width, Math.round(maxX * (c.width / c.getBoundingClientRect().width)));
    const d = c.getContext('2d')!.getImageData(0, 0, w, c.height).data;
    let best = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > d[best + 3]) best = i - 3;
    return [d[best], d[best + 1], d[best + 2], d[best + 3]];
  }, maxX);
}

/** What VS Code does on a theme switch: a new body class and new variables in the html style. */
async function switchToLight(page: Page): Promise<void> {
  await page.evaluate((vars) => {
    document.body.className = 'vscode-light';
    document.documentElement.setAttribute('style', vars);
  }, LIGHT);
}

describe.skipIf(!existsSync(CHROMIUM))('explorer webview: colour theme switch', { timeout: 30_000 }, () => {
  let dir: string;
  let browser: Browser;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'explorer-theme-'));
    const common = { bundle: true, platform: 'browser', target: 'es2022', logLevel: 'error' } as const;
    await esbuild.build({ ...common, entryPoints: [path.join(REPO, 'test/tools/explorer-harness/host.ts')], outfile: path.join(dir, 'host.js'), format: 'iife' });
    await esbuild.build({ ...common, entryPoints: [path.join(REPO, 'webview/main.ts')], outfile: path.join(dir, 'webview.js'), format: 'iife' });
    await esbuild.build({ ...common, entryPoints: [path.join(REPO, 'webview/style.css')], outfile: path.join(dir, 'webview.css') });
    writeFileSync(
      path.join(dir, 'index.html'),
      `<!DOCTYPE html><html style="${DARK}"><head><meta charset="utf-8"><link rel="stylesheet" href="webview.css"></head>
<body class="vscode-dark"><div id="app"></div><script src="host.js"></script><script src="webview.js"></script></body></html>`,
    );
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** deferRun: no run arrives (a run switches the Positional tab to Model). */
  async function open(tab: string, deferRun = false): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const spec = { kind: 'seq2seq', T: 6, out: 4, L: 2, H: 2, inline: true, tab, deferRun };
    await page.goto(`file://${dir}/index.html?spec=${encodeURIComponent(JSON.stringify(spec))}`);
    return { page, errors };
  }

  const MODEL_GRID = '.panel[data-tab="model"] canvas.xp-base';
  const light = (c: number[]) => c[3] > 0 && c[0] > 0x80 && c[1] > 0x80 && c[2] > 0x80;
  const dark = (c: number[]) => c[3] > 0 && c[0] < 0x80 && c[1] < 0x80 && c[2] < 0x80;

  /** The label pixels left of maxX are light, then dark within 3 s of the switch; no page errors. */
  async function expectRepaintedOnSwitch(page: Page, errors: string[], selector: string, maxX: number): Promise<void> {
    expect(light(await labelColour(page, selector, maxX))).toBe(true);
    await switchToLight(page);
    await expect.poll(async () => dark(await labelColour(page, selector, maxX)), { timeout: 3000 }).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  }

  it('repaints the Model tab thumbnails grid (labels) in the new theme', async () => {
    const { page, errors } = await open('model');
    await page.waitForFunction(() => document.querySelectorAll('canvas.xp-grid').length === 3 && Array.from(document.querySelectorAll<HTMLCanvasElement>('canvas.xp-grid')).every((o) => o.dataset.thumb), null, { timeout: 15_000 });
    await expectRepaintedOnSwitch(page, errors, MODEL_GRID, 26);
  });

  it('repaints the Head tab heat map (axis labels) in the new theme', async () => {
    const { page, errors } = await open('head');
    await page.waitForFunction(() => document.querySelector<HTMLElement>('#head-overlay')?.dataset.ready === 'true', null, { timeout: 15_000 });
    const plotX = Number(await page.locator('#head-overlay').getAttribute('data-plot-x'));
    await expectRepaintedOnSwitch(page, errors, '#head-heatmap', plotX - 2);
  });

  it('repaints the Positional tab heat map (row labels) in the new theme', async () => {
    const { page, errors } = await open('positional', true);
    await page.fill('#pe-text', 'one two three four');
    await page.waitForFunction(() => Number(document.querySelector<HTMLCanvasElement>('#pe-heatmap')?.dataset.rows) === 4, null, { timeout: 15_000 });
    const originX = Number(await page.locator('#pe-heatmap').getAttribute('data-origin-x'));
    await expectRepaintedOnSwitch(page, errors, '#pe-heatmap', originX - 1);
  });
});
