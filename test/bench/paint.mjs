// p4 of `npm run bench`: the real webview bundle (dist/webview.js) in headless Chromium, fed
// run messages by the stand-in host page of test/tools/explorer-harness/host.ts (the same page
// as test/tools/explorer-bench.mjs).
//  - first paint: from the host posting the `run` message to every attention kind's thumbnail
//    grid painted (model.ts marks a grid's overlay right after blitting it; a polling loop one
//    macrotask apart notices it). Host-side toWire (pooling) is reported apart: in the product
//    it runs in the extension host before the message is posted.
//  - head switch: the head detail open, a different head chosen in its "Head h" picker, until
//    the heat map of the new head is painted (synchronous canvas work from the change event;
//    the compositor shows it on the next frame).
// Medians of `repeat` fresh page loads (one warm-up load first).
import * as esbuild from 'esbuild';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO, launchBrowser } from '../tools/codeServer.mjs';

const DARK = '--vscode-foreground:#cccccc;--vscode-editor-background:#1e1e1e;--vscode-focusBorder:#007fd4;--vscode-font-family:sans-serif;--vscode-font-size:13px;background:#1e1e1e';
const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export async function paintBench({ realRunFile, repeat = 3 }) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'attention-lens-paint-'));
  await esbuild.build({ entryPoints: [path.join(REPO, 'test/tools/explorer-harness/host.ts')], outfile: path.join(dir, 'host.js'), bundle: true, format: 'iife', platform: 'browser', target: 'es2022', logLevel: 'error' });
  copyFileSync(path.join(REPO, 'dist/webview.js'), path.join(dir, 'webview.js'));
  copyFileSync(path.join(REPO, 'dist/webview.css'), path.join(dir, 'webview.css'));
  copyFileSync(realRunFile, path.join(dir, 'real-run.js'));
  const page = (extra) => `<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="stylesheet" href="webview.css"></head>
<body class="vscode-dark" style="${DARK}"><div id="app"></div>${extra}<script src="host.js"></script><script src="webview.js"></script></body></html>`;
  writeFileSync(path.join(dir, 'synthetic.html'), page(''));
  writeFileSync(path.join(dir, 'real.html'), page('<script src="real-run.js"></script>'));
  const cases = {
    small: { html: 'real.html', spec: { inline: 'auto', tab: 'model' } },
    large: { html: 'synthetic.html', spec: { kind: 'causal', T: 1000, out: 24, L: 12, H: 12, inline: 'auto', tab: 'model' } },
  };
  const browser = await launchBrowser();
  const out = {};
  try {
    for (const [name, c] of Object.entries(cases).filter(([n]) => !process.env.BENCH_P4_CASES || process.env.BENCH_P4_CASES.split(',').includes(n))) {
      const runs = [];
      for (let i = 0; i <= repeat; i++) {
        const pg = await browser.newPage({ viewport: { width: 1200, height: 900 } });
        const errors = [];
        pg.on('pageerror', (e) => errors.push(String(e)));
        await pg.goto(`file://${dir}/${c.html}?spec=${encodeURIComponent(JSON.stringify({ ...c.spec, deferRun: true }))}`);
        // the explorer is open and idle (handshake done, empty view painted) when the run arrives
        await pg.waitForFunction(() => window.__state !== undefined || document.readyState === 'complete');
        await pg.waitForTimeout(1000);
        await pg.evaluate(() => window.__postRun());
        await pg.waitForFunction(() => window.__marks?.paintedAt !== undefined, null, { timeout: 120_000, polling: 50 });
        const m = await pg.evaluate(() => ({ ...window.__marks, genMs: window.__genMs }));
        // head detail: open layer 1 head 2 of the first kind, then switch heads in the picker
        const grid = pg.locator('canvas.xp-grid').first();
        const box = await grid.boundingBox();
        const ds = await grid.evaluate((e) => ({ ...e.dataset }));
        const th = Number(ds.thumb), gap = Number(ds.gap);
        await pg.mouse.click(box.x + Number(ds.labelW) + 2 * (th + gap) + th / 2, box.y + Number(ds.labelH) + 1 * (th + gap) + th / 2);
        await pg.waitForFunction(() => document.querySelector('#head-overlay')?.dataset.ready === 'true', null, { timeout: 120_000 });
        const switches = await pg.evaluate(async () => {
          const times = [];
          const timeouts = [];
          const sel = document.querySelector('#head-head');
          // let the open head settle (ui.ts ignores picker events until the frame after it replaced a picker's options)
          await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 20))));
          for (const head of [3, 4, 5, 6, 7]) {
            const t0 = performance.now();
            sel.value = String(head);
            sel.dispatchEvent(new Event('change', { bubbles: true }));
            await new Promise((resolve) => {
              const ch = new MessageChannel();
              ch.port1.onmessage = () => {
                const o = document.querySelector('#head-overlay');
                if ((o.dataset.head === String(head) && o.dataset.ready === 'true') || performance.now() - t0 > 10_000) resolve();
                else ch.port2.postMessage(0);
              };
              ch.port2.postMessage(0);
            });
            const o = document.querySelector('#head-overlay');
            if (!(o.dataset.head === String(head) && o.dataset.ready === 'true')) timeouts.push(`head ${head}: overlay head=${o.dataset.head} ready=${o.dataset.ready}`);
            times.push(performance.now() - t0);
            await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 20)));
          }
          const o = document.querySelector('#head-overlay');
          if (o.dataset.head !== '7') throw new Error(`head switch not painted: head=${o.dataset.head} ready=${o.dataset.ready} picker=${sel?.tagName}/${sel?.value}`);
          return { times, timeouts, rows: document.querySelector('#head-overlay').dataset.rows, cols: document.querySelector('#head-overlay').dataset.cols };
        });
        if (i > 0) runs.push({ paintMs: m.paintedAt - m.runPostedAt, toWireMs: m.toWireMs, headSwitchMs: median(switches.times), switches, errors });
        await pg.close();
      }
      out[name] = { paintMs: median(runs.map((r) => r.paintMs)), toWireMs: median(runs.map((r) => r.toWireMs)), headSwitchMs: median(runs.map((r) => r.headSwitchMs)), runs };
    }
  } finally {
    await browser.close();
  }
  return { ...out, headSwitchMs: out.small?.headSwitchMs, headSwitchLargeMs: out.large?.headSwitchMs };
}
