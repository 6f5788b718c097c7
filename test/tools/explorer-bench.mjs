// Opens the explorer webview in plain Chromium with a stand-in host and a synthetic
// run (test/tools/explorer-harness/host.ts), drives every explorer tab, measures
// paint times, and writes screenshots to test-results/explorer-bench/.
//   node test/tools/explorer-bench.mjs            # small, 512 (6×8), 1024 (12×12)
import * as esbuild from 'esbuild';
import { mkdirSync, writeFileSync, mkdtempSync, copyFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { REPO, launchBrowser } from './codeServer.mjs';

const OUT = path.join(REPO, 'test-results/explorer-bench');
mkdirSync(OUT, { recursive: true });
if (!process.env.ATTENTION_LENS_SKIP_BUILD) execFileSync(process.execPath, [path.join(REPO, 'src/tools/build.mjs')], { stdio: 'ignore' });
const dir = mkdtempSync(path.join(os.tmpdir(), 'explorer-bench-'));
await esbuild.build({ entryPoints: [path.join(REPO, 'test/tools/explorer-harness/host.ts')], outfile: path.join(dir, 'host.js'), bundle: true, format: 'iife', platform: 'browser', target: 'es2022', logLevel: 'error' });
copyFileSync(path.join(REPO, 'dist/webview.js'), path.join(dir, 'webview.js'));
copyFileSync(path.join(REPO, 'dist/webview.css'), path.join(dir, 'webview.css'));
const THEMES = {
  dark: '--vscode-foreground:#cccccc;--vscode-editor-background:#1e1e1e;--vscode-focusBorder:#007fd4;--vscode-font-family:sans-serif;--vscode-font-size:13px;background:#1e1e1e',
  hc: '--vscode-foreground:#ffffff;--vscode-editor-background:#000000;--vscode-focusBorder:#f38518;--vscode-contrastActiveBorder:#f38518;--vscode-contrastBorder:#6fc3df;--vscode-font-family:sans-serif;--vscode-font-size:13px;background:#000000',
  light: '--vscode-foreground:#333333;--vscode-editor-background:#ffffff;--vscode-focusBorder:#0090f1;--vscode-font-family:sans-serif;--vscode-font-size:13px;background:#ffffff',
};
for (const [name, vars] of Object.entries(THEMES)) {
  writeFileSync(path.join(dir, `${name}.html`), `<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="stylesheet" href="webview.css"></head>
<body class="${name === 'hc' ? 'vscode-high-contrast' : `vscode-${name}`}" style="${vars}"><div id="app"></div><script src="host.js"></script><script src="webview.js"></script></body></html>`);
}

const cases = (process.argv[2] ? [JSON.parse(process.argv[2])] : [
  { name: 'small', kind: 'seq2seq', T: 12, out: 8, L: 2, H: 4, inline: true, theme: 'dark' },
  { name: 'small-high-contrast', kind: 'seq2seq', T: 12, out: 8, L: 2, H: 4, inline: true, theme: 'hc' },
  { name: 'T512-6x8', kind: 'seq2seq', T: 512, out: 48, L: 6, H: 8, inline: false, theme: 'dark' },
  { name: 'T1024-12x12-causal', kind: 'causal', T: 1000, out: 25, L: 12, H: 12, inline: false, theme: 'light' },
]);
const browser = await launchBrowser();
const results = [];
try {
  for (const c of cases) {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const spec = { ...c, tab: 'model' };
    await page.goto(`file://${dir}/${c.theme}.html?spec=${encodeURIComponent(JSON.stringify(spec))}`);
    const t0 = Date.now();
    await page.locator('canvas.xp-grid').first().waitFor({ timeout: 120_000 });
    await page.waitForFunction(() => document.querySelectorAll('canvas.xp-grid').length > 0 && document.querySelector('canvas.xp-grid').width > 10);
    const gridMs = Date.now() - t0;
    await page.screenshot({ path: path.join(OUT, `${c.name}-model.png`), fullPage: true });
    // open head detail by clicking the thumbnail L1 H2 of the first kind
    const box = await page.locator('canvas.xp-grid').first().boundingBox();
    const ds = await page.locator('canvas.xp-grid').first().evaluate((e) => ({ ...e.dataset }));
    const th = Number(ds.thumb), gap = Number(ds.gap);
    const t1 = Date.now();
    await page.mouse.click(box.x + Number(ds.labelW) + 2 * (th + gap) + th / 2, box.y + Number(ds.labelH) + 1 * (th + gap) + th / 2);
    await page.waitForFunction(() => document.querySelector('#head-overlay')?.dataset.ready === 'true', null, { timeout: 120_000 });
    const headMs = Date.now() - t1;
    const head = await page.locator('#head-overlay').evaluate((e) => ({ ...e.dataset, paintMs: document.querySelector('#head-heatmap').dataset.paintMs }));
    // hover a cell → readout
    const hb = await page.locator('#head-overlay').boundingBox();
    await page.mouse.move(hb.x + Number(head.plotX) + Number(head.cell) * 3.5, hb.y + Number(head.plotY) + Number(head.cell) * 2.5);
    const readout = await page.locator('#head-readout').innerText();
    // hover an input token → highlight
    await page.locator('section.panel:not([hidden]) .strip-tokens[data-list="source"] .tok').nth(3).hover();
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(OUT, `${c.name}-head.png`), fullPage: true });
    // mean, log
    const t2 = Date.now();
    await page.evaluate(() => {
      const s = window.__state; // drive through the UI state like a user choice
      return s;
    });
    // steps tab
    await page.locator('.tab[data-tab="steps"]').click();
    await page.waitForFunction(() => document.querySelectorAll('#steps-list .step').length > 0);
    await page.locator('#steps-list .step').nth(2).click();
    await page.waitForFunction(() => document.querySelector('#steps-detail canvas')?.dataset.step === '2', null, { timeout: 120_000 });
    const stepsMs = Date.now() - t2;
    await page.screenshot({ path: path.join(OUT, `${c.name}-steps.png`), fullPage: true });
    const stepCount = await page.locator('#steps-list .step').count();
    results.push({ case: c.name, gridMs, headMs, headPaintMs: head.paintMs, stepsMs, rows: head.rows, cols: head.cols, readout, stepCount, errors, sent: await page.evaluate(() => window.__sent.filter((m) => m && m.type !== 'stateChanged').map((m) => m.type).join(',')) });
    await page.close();
  }
} finally {
  await browser.close();
}
console.log(JSON.stringify(results, null, 2));
writeFileSync(path.join(OUT, 'results.json'), JSON.stringify(results, null, 2));
