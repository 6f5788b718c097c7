// Extension-host tests: the real vscode API, the real extension, a real webview.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AttentionLensApi } from '../../src/extension';
import type { ShowPositionalResult } from '../../src/commands/showPositionalEncodings';
import { fmt2 } from '../../src/core/positional';

const EXTENSION_ID = 'attention-lens.attention-lens';
const SHOW = 'attentionLens.showPositionalEncodings';
const LECTURE = [
  ['0.00', '1.00', '0.00', '1.00'],
  ['0.84', '0.54', '0.10', '1.00'],
  ['0.91', '-0.42', '0.20', '0.98'],
  ['0.14', '-0.99', '0.30', '0.96'],
];

async function api(): Promise<AttentionLensApi> {
  const ext = vscode.extensions.getExtension<AttentionLensApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext.activate();
}

async function editorWith(text: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: text });
  return vscode.window.showTextDocument(doc);
}

/** Resolves when `count()` reaches `n`, listening to the explorer's ready event (no fixed sleeps). */
function waitForReady(explorer: AttentionLensApi['explorer'], n: number, what: string): Promise<void> {
  if (explorer.readyWebviews >= n) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`${what}: no webview sent "ready" within 45 s`));
    }, 45_000);
    const sub = explorer.onDidBecomeReady(() => {
      if (explorer.readyWebviews >= n) {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    });
  });
}

const rounded = (r: ShowPositionalResult) => (r.ok ? r.P.map((row) => row.map(fmt2)) : r.error);

describe('Attention Lens extension', () => {
  afterEach(async () => {
    const cfg = vscode.workspace.getConfiguration('attentionLens');
    await cfg.update('positional.d', undefined, vscode.ConfigurationTarget.Global);
    await cfg.update('positional.n', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('activates and registers its commands', async () => {
    await api();
    const commands = await vscode.commands.getCommands(true);
    for (const c of [SHOW, 'attentionLens.openExplorer']) assert.ok(commands.includes(c), `${c} is not registered`);
  });

  it('contributes its settings with defaults (the test workspace overrides d and n)', () => {
    const cfg = vscode.workspace.getConfiguration('attentionLens');
    const defaults = (key: string) => cfg.inspect(key)?.defaultValue;
    assert.equal(defaults('positional.d'), 16);
    assert.equal(defaults('positional.n'), 10000);
    assert.equal(defaults('executionProvider'), 'auto');
    assert.equal(defaults('outputMode'), 'preview');
    assert.deepEqual(defaults('modelPaths'), []);
    assert.equal(cfg.inspect('positional.d')?.workspaceValue, 4);
  });

  it('Show Positional Encodings on the selection gives the lecture example and shows it in the explorer', async () => {
    const { explorer } = await api();
    const editor = await editorWith('I am a robot\nnot selected');
    editor.selection = new vscode.Selection(0, 0, 0, 12);
    const result = await vscode.commands.executeCommand<ShowPositionalResult>(SHOW, { d: 4, n: 100 });
    assert.ok(result.ok, JSON.stringify(result));
    assert.deepEqual(result.tokens, ['I', 'am', 'a', 'robot']);
    assert.deepEqual(rounded(result), LECTURE);
    assert.deepEqual(explorer.currentState.positional, { text: 'I am a robot', d: 4, n: 100 });
    // The command reveals the sidebar view: its webview loads the script and says ready.
    await waitForReady(explorer, 1, 'explorer view');
  });

  it('takes d and n from the settings when not given', async () => {
    const cfg = vscode.workspace.getConfiguration('attentionLens');
    await cfg.update('positional.d', 4, vscode.ConfigurationTarget.Global);
    await cfg.update('positional.n', 100, vscode.ConfigurationTarget.Global);
    const editor = await editorWith('I am a robot');
    editor.selection = new vscode.Selection(0, 0, 0, 12);
    const result = await vscode.commands.executeCommand<ShowPositionalResult>(SHOW);
    assert.ok(result.ok);
    assert.equal(result.d, 4);
    assert.equal(result.n, 100);
    assert.deepEqual(rounded(result), LECTURE);
  });

  it('answers bad input with a clear message instead of throwing', async () => {
    const editor = await editorWith('I am a robot');
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    const empty = await vscode.commands.executeCommand<ShowPositionalResult>(SHOW);
    assert.equal(empty.ok, false);
    assert.match(rounded(empty) as string, /Select some text/);
    const badD = await vscode.commands.executeCommand<ShowPositionalResult>(SHOW, { text: 'a b', d: 0, n: 100 });
    assert.match(rounded(badD) as string, /^d must be a whole number/);
    const badN = await vscode.commands.executeCommand<ShowPositionalResult>(SHOW, { text: 'a b', d: 4, n: 0.5 });
    assert.match(rounded(badN) as string, /^n must be a number greater than 1/);
  });

  it('hovering a word shows its position k and P[k]', async () => {
    await api();
    const cfg = vscode.workspace.getConfiguration('attentionLens');
    await cfg.update('positional.d', 4, vscode.ConfigurationTarget.Global);
    await cfg.update('positional.n', 100, vscode.ConfigurationTarget.Global);
    const editor = await editorWith('I am a robot');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(0, 8));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /k = 3/);
    assert.ok(text.includes('[0.14, -0.99, 0.30, 0.96]'), text);
  });

  it('Open Explorer in Editor opens a webview tab that loads', async () => {
    const { explorer } = await api();
    const before = explorer.readyWebviews;
    await vscode.commands.executeCommand('attentionLens.openExplorer');
    await waitForReady(explorer, before + 1, 'explorer panel');
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    assert.ok(tabs.some((t) => t.label === 'Attention Lens' && t.input instanceof vscode.TabInputWebview), 'no Attention Lens webview tab');
  });
});
