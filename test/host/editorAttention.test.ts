// Issue #6 in the real extension host: hover contents and decoration ranges on real runs
// (Translate / Continue Selection with the tiny fixture models on ONNX Runtime), preview and
// in-document output, CRLF, multi-line selections, tabs, emoji, edits that move or stale ranges.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AttentionLensApi } from '../../src/extension';
import type { GenerateResult } from '../../src/commands/generateSelection';
import type { Run, TokenSpan } from '../../src/core/run';

const EXTENSION_ID = 'attention-lens.attention-lens';

async function api(): Promise<AttentionLensApi> {
  const ext = vscode.extensions.getExtension<AttentionLensApi>(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded`);
  return ext.activate();
}

function fixture(name: string): string {
  return path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'test', 'fixtures', 'models', name);
}

async function editorWith(content: string, select: [number, number]): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content });
  const editor = await vscode.window.showTextDocument(doc, vscode.ViewColumn.One);
  editor.selection = new vscode.Selection(doc.positionAt(select[0]), doc.positionAt(select[1]));
  return editor;
}

const generate = (cmd: 'translateSelection' | 'continueSelection', args: Record<string, unknown>) =>
  vscode.commands.executeCommand<GenerateResult>(`attentionLens.${cmd}`, { quiet: true, maxNewTokens: 8, ...args });

/** The attention hover's markdown at a document offset ('' when there is none). */
async function hoverAt(doc: vscode.TextDocument, offset: number): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(offset));
  return hovers
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
    .filter((s) => /^\*\*Attention Lens\*\* · (`|.*stale run)/.test(s))
    .join('\n');
}

/** A visible text token (not special, some letters) and its list index. */
function wordToken(tokens: readonly TokenSpan[]): { index: number; token: TokenSpan } {
  const index = tokens.findIndex((t) => !t.special && t.start >= 0 && /\p{L}/u.test(t.text));
  assert.ok(index >= 0, `no word token in ${JSON.stringify(tokens.map((t) => t.text))}`);
  return { index, token: tokens[index] };
}

function docOf(uri: string): vscode.TextDocument {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
  assert.ok(doc, `document ${uri} is not open`);
  return doc;
}

/**
 * The run's output range. A preview that is being rewritten (streaming, or a second run into
 * the same preview) may still be catching up with its final text; the registry waits for it.
 */
async function outRange(a: AttentionLensApi, runId: string) {
  for (let t0 = Date.now(); Date.now() - t0 < 10_000; await new Promise((res) => setTimeout(res, 50))) {
    const [r] = a.editorAttention.ranges.rangesOf(runId, 'output');
    if (r) return r;
  }
  assert.fail(`no output range for run ${runId}`);
}

/** Every painted range covers exactly the text of the token it stands for. */
function checkPainted(a: AttentionLensApi, run: Run): void {
  const p = a.editorAttention.decorations.state;
  assert.ok(p, 'nothing painted');
  assert.ok(p.ranges.length > 0, 'no attended token painted');
  for (const r of p.ranges) {
    const tokens = r.ref.list === 'source' ? run.sourceTokens : run.outputTokens;
    const text = docOf(r.uri).getText().slice(r.start, r.end);
    assert.equal(text, tokens[r.ref.index].text.trim(), `painted ${r.ref.list} ${r.ref.index}`);
    assert.ok(!text.includes('\n'), 'a painted range stays on its line');
    assert.ok(r.bucket >= 0 && r.bucket < 8);
  }
  assert.ok(p.ranges.some((r) => r.bucket === 7), 'the strongest token gets the most opaque bucket');
}

describe('In-editor attention (hover, decorations, staleness)', function () {
  this.timeout(120_000);
  const cfg = () => vscode.workspace.getConfiguration('attentionLens');

  before(async () => {
    await api();
    await cfg().update('translationModel', fixture('tiny-seq2seq'), vscode.ConfigurationTarget.Global);
    await cfg().update('continuationModel', fixture('tiny-causal'), vscode.ConfigurationTarget.Global);
  });
  afterEach(async () => {
    for (const k of ['attentionHover.enabled', 'attentionHover.topK', 'attentionHover.aggregation']) await cfg().update(k, undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('attentionLens.clearAttentionHighlights');
  });
  after(async () => {
    await cfg().update('translationModel', undefined, vscode.ConfigurationTarget.Global);
    await cfg().update('continuationModel', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('Translate Selection (preview, CRLF, multi-line, tabs, emoji): hover an output word → the source tokens it drew on; decorations cover those tokens', async () => {
    const a = await api();
    const text = 'Header\r\n\tTwo dogs 🐶 play\r\n\tin the snow.\r\nFooter';
    const start = text.indexOf('Two');
    const end = text.indexOf('\r\nFooter');
    const editor = await editorWith(text, [start, end]);
    const r = await generate('translateSelection', { outputMode: 'preview' });
    assert.ok(r.ok, JSON.stringify(r));
    const run = a.editorAttention.store.get(r.runId)!;
    assert.ok(run);
    const [src] = a.editorAttention.ranges.rangesOf(run.id, 'source');
    const out = await outRange(a, run.id);
    assert.ok(src && out, 'source and output ranges registered');
    assert.equal(src.uri, editor.document.uri.toString());
    assert.deepEqual([src.range.start, src.range.end], [start, end]);
    const preview = docOf(out.uri);
    assert.equal(preview.uri.scheme, 'attention-lens-preview');
    assert.equal(preview.getText().slice(out.range.start, out.range.end), run.outputText);

    const { index, token } = wordToken(run.outputTokens);
    const md = await hoverAt(preview, out.range.start + token.start);
    assert.ok(md.includes(`generated token ${index}`), md);
    assert.ok(md.includes(`id ${token.id}`), md);
    assert.ok(md.includes('layer 2, mean of'), md); // default: mean over the heads of the last layer (2 layers)
    assert.match(md, /\*\*Drew on source \(cross-attention, the step that wrote it\)\*\*/);
    assert.match(md, /<span style="color:#[0-9a-f]{6};">█<\/span>/);
    assert.match(md, /\[Show in explorer\]\(command:attentionLens\.showTokenInExplorer\?/);
    assert.match(md, /\[Pin\]\(command:attentionLens\.pinTokenAttention\?/);
    const listed = md.split('**Drew on source')[1].split('**')[1].match(/^\d+\. /gm) ?? [];
    assert.equal(listed.length, Math.min(5, run.sourceTokens.filter((_, i) => i >= 0).length));

    const p = a.editorAttention.decorations.state!;
    assert.equal(p.origin, 'hover');
    assert.deepEqual(p.ref, { list: 'output', index });
    checkPainted(a, run);
    assert.ok(p.ranges.some((x) => x.uri === src.uri), 'source tokens painted in the source editor');
    assert.deepEqual(p.focused.map((f) => preview.getText().slice(f.start, f.end)), [token.text.trim()]);
  });

  it('hover a source token → the output tokens that attended to it; cursor focus; Pin keeps it; Clear removes it', async () => {
    const a = await api();
    const text = 'Two dogs\tplay in the 🐶 snow.';
    const editor = await editorWith(text, [0, text.length]);
    const r = await generate('translateSelection', { outputMode: 'preview' });
    assert.ok(r.ok, JSON.stringify(r));
    const run = a.editorAttention.store.get(r.runId)!;
    const dogs = run.sourceTokens.findIndex((t) => t.text.includes('dogs'));
    assert.ok(dogs >= 0);
    const md = await hoverAt(editor.document, text.indexOf('dogs') + 1);
    assert.ok(md.includes(`source token ${dogs}`), md);
    assert.match(md, /\*\*Attends to \(encoder self-attention\)\*\*/);
    assert.match(md, /\*\*Attended by output tokens \(cross-attention\)\*\* <span/);
    assert.match(md, /`[^`]+` \d\.\d\d \(out \d+\)/);
    checkPainted(a, run);
    // two-way: output tokens in the preview are painted too
    const out = (await outRange(a, run.id));
    assert.ok(a.editorAttention.decorations.state!.ranges.some((x) => x.uri === out.uri), 'output tokens painted in the preview');

    // cursor
    editor.selection = new vscode.Selection(editor.document.positionAt(text.indexOf('snow') + 1), editor.document.positionAt(text.indexOf('snow') + 1));
    const snow = run.sourceTokens.findIndex((t) => t.text.includes('snow'));
    for (let t0 = Date.now(); a.editorAttention.decorations.state?.ref.index !== snow && Date.now() - t0 < 5000; ) await new Promise((res) => setTimeout(res, 25));
    assert.deepEqual(a.editorAttention.decorations.state?.ref, { list: 'source', index: snow });
    assert.equal(a.editorAttention.decorations.state?.origin, 'cursor');

    // pin, then hover elsewhere: the pinned token stays
    await vscode.commands.executeCommand('attentionLens.pinTokenAttention', { runId: run.id, list: 'source', index: dogs });
    await hoverAt(editor.document, text.indexOf('snow') + 1);
    assert.deepEqual(a.editorAttention.decorations.state?.ref, { list: 'source', index: dogs });
    assert.equal(a.editorAttention.decorations.state?.pinned, true);
    await vscode.commands.executeCommand('attentionLens.clearAttentionHighlights');
    assert.equal(a.editorAttention.decorations.state, undefined);

    // the tab before "play" belongs to the ▁play token, but hovering whitespace shows nothing
    assert.equal(await hoverAt(editor.document, text.indexOf('\tplay')), '');

    // a run put back after a window reload (RunStore.restore, no "added" event) links to the text again
    const restored = { ...run, id: 'restored-' + run.id };
    a.editorAttention.store.restore([restored], restored.id);
    assert.equal(a.editorAttention.ranges.rangesOf(restored.id, 'source').length, 1);
    assert.ok((await hoverAt(editor.document, text.indexOf('dogs') + 1)).includes(`source token ${dogs}`));
  });

  it('insertAfter: hover the inserted translation; edits before move the ranges, an edit inside marks the run stale', async () => {
    const a = await api();
    const text = 'Intro line\r\n\tA man in an orange hat 🍕 starring.\r\nlast line';
    const start = text.indexOf('A man');
    const end = text.indexOf('\r\nlast');
    const editor = await editorWith(text, [start, end]);
    const r = await generate('translateSelection', { outputMode: 'insertAfter' });
    assert.ok(r.ok && r.inserted, JSON.stringify(r));
    const run = a.editorAttention.store.get(r.runId)!;
    const doc = editor.document;
    const out = (await outRange(a, run.id));
    assert.equal(out.uri, doc.uri.toString());
    assert.equal(out.range.start, r.inserted.start + 2); // after the CRLF
    assert.equal(doc.getText().slice(out.range.start, out.range.end), run.outputText);
    const { index, token } = wordToken(run.outputTokens);
    assert.ok((await hoverAt(doc, out.range.start + token.start)).includes(`generated token ${index}`));
    checkPainted(a, run);

    // type before the analysed text: both ranges move, hover still right
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'NEW\r\n'));
    const src2 = a.editorAttention.ranges.rangesOf(run.id, 'source')[0];
    const out2 = (await outRange(a, run.id));
    assert.deepEqual([src2.range.start, src2.range.stale], [start + 5, false]);
    assert.equal(doc.getText().slice(out2.range.start, out2.range.end), run.outputText);
    const man = run.sourceTokens.findIndex((t) => t.text.includes('man'));
    assert.ok((await hoverAt(doc, start + 5 + text.slice(start).indexOf('man'))).includes(`source token ${man}`));

    // edit inside the source: stale, and the hover says so instead of showing offsets
    await editor.edit((b) => b.insert(doc.positionAt(start + 5 + 2), 'X'));
    const stale = await hoverAt(doc, start + 5 + 1);
    assert.match(stale, /stale run/);
    assert.match(stale, /changed since this run/);
    assert.equal(a.editorAttention.ranges.rangesOf(run.id, 'source')[0].range.stale, true);
    // the output (after the source) is untouched and still hovers
    const out3 = (await outRange(a, run.id));
    assert.ok(!out3.range.stale);
    assert.ok((await hoverAt(doc, out3.range.start + token.start)).includes(`generated token ${index}`));
  });

  it('Continue Selection (causal): hover a generated token → self-attention over the prompt', async () => {
    const a = await api();
    const text = 'The cat sat on the mat and';
    const editor = await editorWith(text, [0, text.length]);
    const r = await generate('continueSelection', { outputMode: 'insertAfter', maxNewTokens: 6 });
    assert.ok(r.ok && r.inserted, JSON.stringify(r));
    const run = a.editorAttention.store.get(r.runId)!;
    const out = (await outRange(a, run.id));
    assert.equal(editor.document.getText().slice(out.range.start, out.range.end), run.outputText);
    const t = run.outputTokens.findIndex((x, i) => i < run.outputTokens.length - 1 && !x.special && x.text.trim() !== '');
    if (t >= 0) {
      const md = await hoverAt(editor.document, out.range.start + run.outputTokens[t].start);
      assert.match(md, /\*\*Attends to \(self-attention\)\*\*/);
      checkPainted(a, run);
    }
    const md = await hoverAt(editor.document, text.indexOf('cat'));
    assert.match(md, /prompt token 2/);
    assert.match(md, /\*\*Attended by \(self-attention\)\*\*/);
  });

  it('replace: the translation hovers where the selection was; continuation preview: the repeated prompt hovers too', async () => {
    const a = await api();
    const text = 'Say:\tA girl climbs a tree.\r\nDone.';
    const start = text.indexOf('A girl');
    const end = text.indexOf('\r\nDone');
    const editor = await editorWith(text, [start, end]);
    const r = await generate('translateSelection', { outputMode: 'replace' });
    assert.ok(r.ok && r.inserted, JSON.stringify(r));
    const run = a.editorAttention.store.get(r.runId)!;
    assert.equal(a.editorAttention.ranges.rangesOf(run.id, 'source')[0].range.stale, true); // the source was replaced
    const out = (await outRange(a, run.id));
    assert.equal(out.range.start, start);
    const { index, token } = wordToken(run.outputTokens);
    assert.ok((await hoverAt(editor.document, start + token.start)).includes(`generated token ${index}`));

    const prompt = 'The dog runs and';
    const e2 = await editorWith(prompt, [0, prompt.length]);
    const c = await generate('continueSelection', { outputMode: 'preview', maxNewTokens: 4 });
    assert.ok(c.ok, JSON.stringify(c));
    const crun = a.editorAttention.store.get(c.runId)!;
    await outRange(a, crun.id);
    const copies = a.editorAttention.ranges.rangesOf(crun.id, 'source');
    assert.deepEqual(copies.map((x) => x.uri).sort(), [e2.document.uri.toString(), (await outRange(a, crun.id)).uri].sort());
    const preview = docOf((await outRange(a, crun.id)).uri);
    assert.match(await hoverAt(preview, prompt.indexOf('dog') + 1), /prompt token 2/);
  });

  it('settings: off, top-k, aggregation (mean / max / the explorer\'s head)', async () => {
    const a = await api();
    const text = 'A dog runs in the park.';
    const editor = await editorWith(text, [0, text.length]);
    const r = await generate('translateSelection', { outputMode: 'preview' });
    assert.ok(r.ok, JSON.stringify(r));
    const at = text.indexOf('dog') + 1;
    await cfg().update('attentionHover.topK', 1, vscode.ConfigurationTarget.Global);
    const one = await hoverAt(editor.document, at);
    assert.equal(one.match(/^2\. /gm), null, one);
    assert.equal(one.match(/^1\. /gm)!.length, 1);
    assert.equal(one.match(/\((src|out) \d+\) · /g), null, one); // one entry per section
    await cfg().update('attentionHover.aggregation', 'max', vscode.ConfigurationTarget.Global);
    assert.match(await hoverAt(editor.document, at), /layer 2, max of \d+ heads/);
    await cfg().update('attentionHover.aggregation', 'explorer', vscode.ConfigurationTarget.Global);
    const state = a.explorer.currentState;
    a.explorer.setState({ ...state, explorer: { layer: 0, head: 1, mode: 'head', scale: 'linear', colormap: 'viridis', step: 0, layerFilter: [], headFilter: [], runId: r.ok ? r.runId : undefined } });
    try {
      assert.match(await hoverAt(editor.document, at), /layer 1, head 2/);
    } finally {
      a.explorer.setState(state);
    }
    await cfg().update('attentionHover.enabled', false, vscode.ConfigurationTarget.Global);
    assert.equal(await hoverAt(editor.document, at), '');
  });

  it('Show in explorer selects the run and focuses the token', async () => {
    const a = await api();
    const text = 'Two dogs play.';
    await editorWith(text, [0, text.length]);
    const r1 = await generate('translateSelection', { outputMode: 'preview' });
    const r2 = await generate('translateSelection', { outputMode: 'preview' });
    assert.ok(r1.ok && r2.ok);
    assert.equal(a.editorAttention.store.selectedRun?.id, r2.runId);
    const focused = new Promise<{ runId: string; index: number }>((res) => {
      const sub = a.editorAttention.store.onDidFocusToken((f) => {
        sub.dispose();
        res(f);
      });
    });
    const ok = await vscode.commands.executeCommand('attentionLens.showTokenInExplorer', { runId: r1.runId, list: 'source', index: 1 });
    assert.equal(ok, true);
    assert.equal(a.editorAttention.store.selectedRun?.id, r1.runId);
    assert.deepEqual(await focused, { runId: r1.runId, list: 'source', index: 1 });
    assert.deepEqual(a.editorAttention.decorations.state?.ref, { list: 'source', index: 1 });

    // a click on a token in the explorer selects it in the editor: its attention is painted
    const range = await a.explorer.runs.reveal(r1.runId, 'source', 2, true);
    assert.ok(range);
    assert.equal(a.editorAttention.decorations.state?.runId, r1.runId);
    assert.deepEqual(a.editorAttention.decorations.state?.ref, { list: 'source', index: 2 });
    assert.ok(a.editorAttention.decorations.state!.ranges.length > 0);
  });
});
