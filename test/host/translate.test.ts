// Extension-host tests for Translate / Continue Selection and Select Model: real vscode API,
// real ONNX Runtime (on CPU: no GPU here, so the provider fallback happens for real).
// Uses the tiny fixture models (random weights) through the model settings.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GenerateResult } from '../../src/commands/generateSelection';

const EXTENSION_ID = 'attention-lens.attention-lens';
const TRANSLATE = 'attentionLens.translateSelection';
const CONTINUE = 'attentionLens.continueSelection';

function fixture(name: string): string {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return path.join(ext.extensionPath, 'test', 'fixtures', 'models', name);
}

async function editorWith(content: string, select: [number, number]): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content });
  const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
  editor.selection = new vscode.Selection(doc.positionAt(select[0]), doc.positionAt(select[1]));
  return editor;
}

const run = (cmd: string, args: Record<string, unknown> = {}) =>
  vscode.commands.executeCommand<GenerateResult>(cmd, { quiet: true, maxNewTokens: 8, ...args });

describe('Translate / Continue Selection', function () {
  this.timeout(120_000);
  const cfg = () => vscode.workspace.getConfiguration('attentionLens');

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    await cfg().update('translationModel', fixture('tiny-seq2seq'), vscode.ConfigurationTarget.Global);
    await cfg().update('continuationModel', fixture('tiny-causal'), vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await cfg().update('translationModel', undefined, vscode.ConfigurationTarget.Global);
    await cfg().update('continuationModel', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('the bundled en-de model translates with the default settings (skipped while models/en-de is absent)', async function () {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const fs = await import('node:fs');
    if (!fs.existsSync(path.join(ext.extensionPath, 'models', 'en-de', 'model.json'))) this.skip();
    await cfg().update('translationModel', undefined, vscode.ConfigurationTarget.Global);
    try {
      const text = 'Two dogs play in the snow.';
      await editorWith(text, [0, text.length]);
      const r = await run(TRANSLATE, { outputMode: 'preview', maxNewTokens: 30 });
      assert.ok(r.ok, JSON.stringify(r));
      assert.equal(r.model, 'en-de');
      assert.equal(r.provider, 'cpu');
      assert.match(r.output, /Hunde/);
    } finally {
      await cfg().update('translationModel', fixture('tiny-seq2seq'), vscode.ConfigurationTarget.Global);
    }
  });

  it('registers the commands', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const c of [TRANSLATE, CONTINUE, 'attentionLens.selectModel']) assert.ok(all.includes(c), c);
  });

  it('preview: the translation opens beside the editor and the document is untouched', async () => {
    const text = 'Notes:\n  Two dogs play in the snow.\nEnd';
    const start = text.indexOf('Two');
    const editor = await editorWith(text, [start, text.indexOf('\nEnd')]);
    const r = await run(TRANSLATE, { outputMode: 'preview' });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.provider, 'cpu');
    assert.ok(r.output.length > 0);
    assert.equal(editor.document.getText(), text);
    const preview = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'attention-lens-preview' && d.uri.path.includes('Translation'));
    assert.ok(preview, 'no preview document');
    assert.equal(preview.getText(), r.output + '\n');
    assert.ok(vscode.window.visibleTextEditors.some((e) => e.document === preview), 'preview is not visible');
  });

  it('insert after the selection is one undoable edit; undo restores the document exactly (CRLF, tabs, emoji)', async () => {
    const text = 'Title\r\n\tA man in an orange hat 🍕 starring at something.\r\nlast line';
    const start = text.indexOf('A man');
    const end = text.indexOf('\r\nlast');
    const editor = await editorWith(text, [start, end]);
    assert.equal(editor.document.eol, vscode.EndOfLine.CRLF);
    const r = await run(TRANSLATE, { outputMode: 'insertAfter' });
    assert.ok(r.ok && r.inserted, JSON.stringify(r));
    // every source token's document offsets cover its text (mid-line selection, CRLF, tab, emoji outside the BMP)
    for (const t of r.sourceTokens) assert.equal(text.slice(t.start, t.end), t.text);
    assert.ok(r.sourceTokens.some((t) => t.text.includes('🍕')));
    assert.equal(r.sourceTokens[0].start, start);
    const after = editor.document.getText();
    assert.equal(after, text.slice(0, end) + '\r\n' + r.output + text.slice(end));
    assert.equal(after.slice(r.inserted.start, r.inserted.end), '\r\n' + r.output);
    assert.ok(r.warnings.some((w) => /vocabulary/.test(w)), 'expected an <unk> warning for 🍕');
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), text);
  });

  it('replace the selection; undo restores it; continuation inserts after', async () => {
    const text = 'Say: A little girl climbing into a wooden playhouse. Done.';
    const start = text.indexOf('A little');
    const end = text.indexOf(' Done');
    const editor = await editorWith(text, [start, end]);
    const r = await run(TRANSLATE, { outputMode: 'replace' });
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(editor.document.getText(), text.slice(0, start) + r.output + text.slice(end));
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), text);

    const c = await run(CONTINUE, { outputMode: 'insertAfter' });
    assert.ok(c.ok && c.inserted, JSON.stringify(c));
    assert.equal(editor.document.getText().slice(0, c.inserted.start), text.slice(0, end));
    await vscode.window.showTextDocument(editor.document);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), text);
  });

  it('refuses to write when the document changed while the model ran', async () => {
    const text = 'A man in a blue shirt';
    const editor = await editorWith(text, [0, text.length]);
    const pending = run(CONTINUE, { outputMode: 'insertAfter', maxNewTokens: 400 });
    await new Promise((r) => setTimeout(r, 300));
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'X'));
    const r = await pending;
    assert.equal(r.ok, false, JSON.stringify(r));
    assert.ok(!r.ok && r.code === 'document-changed' && /changed while the model ran/.test(r.error), JSON.stringify(r));
    assert.equal(editor.document.getText(), 'X' + text);
  });

  it('a new invocation cancels the running one', async () => {
    const text = 'A man in a blue shirt';
    await editorWith(text, [0, text.length]);
    const first = run(CONTINUE, { outputMode: 'preview', maxNewTokens: 400 });
    await new Promise((r) => setTimeout(r, 300));
    const second = await run(CONTINUE, { outputMode: 'preview', maxNewTokens: 3 });
    const r1 = await first;
    assert.ok(!r1.ok && r1.code === 'cancelled', JSON.stringify(r1));
    assert.ok(second.ok, JSON.stringify(second));
  });

  it('bad input: empty, whitespace, NUL, too long — a message and no change to the document', async () => {
    const cases: [string, [number, number] | undefined, string][] = [
      ['some text', [4, 4], 'empty-input'],
      ['a   \n\t  b', [1, 8], 'empty-input'],
      ['bin\u0000ary data', [0, 11], 'binary-input'],
      ['A dog runs. '.repeat(200), undefined, 'too-long'],
    ];
    for (const [text, sel, code] of cases) {
      const editor = await editorWith(text, sel ?? [0, text.length]);
      const r = await run(TRANSLATE, { outputMode: 'replace' });
      assert.ok(!r.ok && r.code === code, `${JSON.stringify(text.slice(0, 20))}: ${JSON.stringify(r)}`);
      assert.equal(editor.document.getText(), text);
    }
    const editor = await editorWith('A dog runs. '.repeat(200), [0, 2400]);
    const t = await run(TRANSLATE, { outputMode: 'preview', truncate: true });
    assert.ok(t.ok && t.warnings.some((w) => /truncated/.test(w)), JSON.stringify(t));
    assert.equal(editor.document.getText(), 'A dog runs. '.repeat(200));
  });

  it('a missing or broken model gives a message naming the problem', async () => {
    await cfg().update('translationModel', '/nonexistent/model-folder', vscode.ConfigurationTarget.Global);
    try {
      const text = 'Two dogs.';
      const editor = await editorWith(text, [0, text.length]);
      const r = await run(TRANSLATE, { outputMode: 'replace' });
      assert.ok(!r.ok && /Model folder not found/.test(r.error), JSON.stringify(r));
      assert.equal(editor.document.getText(), text);
    } finally {
      await cfg().update('translationModel', fixture('tiny-seq2seq'), vscode.ConfigurationTarget.Global);
    }
  });

  it('Select Model sets the model setting for its kind', async () => {
    const fixtures = path.dirname(fixture('tiny-causal'));
    await cfg().update('modelPaths', [fixtures], vscode.ConfigurationTarget.Global);
    try {
      const picked = await vscode.commands.executeCommand<string | undefined>('attentionLens.selectModel', { name: 'tiny-causal' });
      assert.equal(picked, 'tiny-causal');
      assert.equal(cfg().get('continuationModel'), fixture('tiny-causal'));
      const none = await vscode.commands.executeCommand<string | undefined>('attentionLens.selectModel', { name: 'no-such-model', quiet: true });
      assert.equal(none, undefined);
    } finally {
      await cfg().update('modelPaths', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
