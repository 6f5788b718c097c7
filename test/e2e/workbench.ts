// Helpers for driving the code-server workbench with playwright-core.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { REPO, launchBrowser, start } from '../tools/codeServer.mjs';

export const SCREENSHOTS = path.join(REPO, 'test-results/e2e');

export interface Workbench {
  page: Page;
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

export interface WorkbenchOptions {
  /** Workspace files (name → text); default: a copy of test/workspace. */
  files?: Record<string, string>;
  /** User settings on top of the launcher's quiet test settings. */
  settings?: Record<string, unknown>;
  /** Extra environment for code-server (and so the extension host). */
  env?: Record<string, string>;
  viewport?: { width: number; height: number };
  /** Called with the new page before it loads the workbench (e.g. to listen to the console). */
  onPage?: (page: Page) => void;
}

/** Builds (unless the runner already did), lays out the workspace, starts code-server and Chromium. */
export async function openWorkbench(o: WorkbenchOptions = {}): Promise<Workbench> {
  if (!process.env.ATTENTION_LENS_SKIP_BUILD) execFileSync(process.execPath, [path.join(REPO, 'src/tools/build.mjs')], { stdio: 'ignore' });
  const workspace = path.join(mkdtempSync(path.join(os.tmpdir(), 'attention-lens-e2e-')), 'workspace');
  if (o.files) {
    mkdirSync(workspace, { recursive: true });
    for (const [name, text] of Object.entries(o.files)) writeFileSync(path.join(workspace, name), text);
  } else {
    cpSync(path.join(REPO, 'test/workspace'), workspace, { recursive: true });
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  const cs = await start({ workspace, extensionDevelopmentPath: REPO, settings: o.settings, env: o.env });
  let browser: Browser | undefined;
  try {
    browser = await launchBrowser();
    const page = await browser.newPage({ viewport: o.viewport ?? { width: 1400, height: 900 } });
    o.onPage?.(page);
    await page.goto(cs.url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ timeout: 60_000 });
    const b = browser;
    return {
      page,
      shot: async (name) => void (await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) })),
      close: async () => {
        await b.close();
        await cs.stop();
      },
    };
  } catch (e) {
    await browser?.close();
    await cs.stop();
    throw e;
  }
}

/** Runs a command through the F1 palette by its title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

/** Opens a workspace file with Quick Open. */
export async function openFile(page: Page, name: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator(`.tab[data-resource-name="${name}"], .tab:has-text("${name}")`).first().waitFor();
}

/** The document inside a webview: VS Code nests it as iframe.webview → iframe#active-frame. */
export function webviewFrame(page: Page, index = 0): FrameLocator {
  return page.frameLocator('iframe.webview.ready').nth(index).frameLocator('iframe#active-frame');
}

/** Screen rectangle of `text` inside the editor line that contains it. */
export async function textBox(page: Page, text: string): Promise<{ x: number; y: number; width: number; height: number }> {
  const box = await page.locator('.monaco-editor .view-lines').first().evaluate((lines, needle) => {
    const walker = document.createTreeWalker(lines, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = (n.textContent ?? '').replace(/\u00a0/g, ' ').indexOf(needle);
      if (at >= 0) {
        const r = document.createRange();
        r.setStart(n, at);
        r.setEnd(n, at + needle.length);
        const b = r.getBoundingClientRect();
        return { x: b.x, y: b.y, width: b.width, height: b.height };
      }
    }
    return undefined;
  }, text);
  if (!box) throw new Error(`"${text}" is not visible in the editor`);
  return box;
}
