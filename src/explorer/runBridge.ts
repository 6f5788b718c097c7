// Host side of the attention explorer: pushes runs to the webviews, answers
// attention requests with typed arrays, exports, and links tokens to the editor
// (token → reveal/select its range; editor cursor → focusToken).
import * as vscode from 'vscode';
import type { ExplorerToHost, HostToExplorer } from '../protocol';
import type { RunStore } from '../runStore';
import { log } from '../log';
import { layerData, layerRows, runToJson, summary, toWire } from './wire';
import { analysedRanges } from '../editorLinking/analysedRanges';

type Post = (m: HostToExplorer) => void;

export class RunBridge implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private lastFocus = '';
  /** Fires after the editor was moved to a token (tests wait on it). */
  private readonly revealed = new vscode.EventEmitter<{ runId: string; list: 'source' | 'output'; index: number; range: vscode.Range; select: boolean }>();
  readonly onDidRevealToken = this.revealed.event;

  constructor(private readonly store: RunStore, private readonly broadcast: Post, private readonly anyVisible: () => boolean = () => true) {
    this.disposables.push(
      store.onDidAddRun(() => void this.showExplorer()),
      this.revealed,
      store.onDidSelectRun((run) => {
        this.lastFocus = '';
        this.broadcast(this.runsMessage());
        this.broadcast({ type: 'run', run: this.wire(run) });
      }),
      store.onDidFocusToken((f) => this.broadcast({ type: 'focusToken', runId: f.runId, list: f.list, index: f.index })),
      vscode.window.onDidChangeTextEditorSelection((e) => this.onSelection(e)),
    );
  }

  private readonly wires = new WeakMap<object, ReturnType<typeof toWire>>();
  /** The wire form of a run (thumbnails pooled once per run, not per webview). */
  private wire(run: Parameters<typeof toWire>[0]): ReturnType<typeof toWire> {
    let w = this.wires.get(run);
    if (!w) this.wires.set(run, (w = toWire(run)));
    return w;
  }

  private runsMessage(): HostToExplorer {
    const sel = this.store.selectedRun;
    return sel ? { type: 'runs', runs: this.store.runs.map(summary), selected: sel.id } : { type: 'runs', runs: this.store.runs.map(summary) };
  }

  /** A webview finished loading: give it the run list and the shown run. */
  onReady(post: Post): void {
    post(this.runsMessage());
    const run = this.store.selectedRun;
    if (run) post({ type: 'run', run: this.wire(run) });
  }

  async handle(msg: ExplorerToHost, post: Post): Promise<void> {
    switch (msg.type) {
      case 'selectRun':
        if (!this.store.select(msg.runId)) log().warn(`explorer: unknown run ${msg.runId}`);
        break;
      case 'requestAttention': {
        const run = this.store.get(msg.runId);
        const data = !run ? `run ${msg.runId} is no longer kept` : msg.query === undefined ? layerData(run, msg.kind, msg.layer) : layerRows(run, msg.kind, msg.layer, msg.query);
        post(typeof data === 'string' ? { type: 'attention', id: msg.id, ok: false, error: data } : { type: 'attention', id: msg.id, ok: true, runId: msg.runId, kind: msg.kind, layer: msg.layer, data });
        break;
      }
      case 'revealToken':
        await this.reveal(msg.runId, msg.list, msg.index, msg.select);
        break;
      case 'exportJson': {
        const run = this.store.get(msg.runId);
        if (run) await this.save(`attention-lens-${safeName(run.id)}.json`, new TextEncoder().encode(runToJson(run)), 'JSON');
        break;
      }
      case 'savePng':
        await this.save(msg.name.endsWith('.png') ? msg.name : `${msg.name}.png`, msg.data, 'PNG');
        break;
    }
  }

  /**
   * Moves the editor to a token: highlight (hover) or select (click). Source tokens live at
   * Run.origin, generated ones wherever Translate / Continue put the output; both are tracked
   * through edits by the analysed-ranges registry (issue #6), which also paints the focus.
   */
  async reveal(runId: string, list: 'source' | 'output', index: number, select: boolean): Promise<vscode.Range | undefined> {
    const run = this.store.get(runId);
    if (!run) return undefined;
    const places = analysedRanges().tokenRanges(runId, list, index);
    const visible = vscode.window.visibleTextEditors;
    const place = places.find((p) => visible.some((e) => e.document.uri.toString() === p.uri)) ?? places[0];
    if (!place) {
      if (select && list === 'source' && run.origin) void vscode.window.showWarningMessage('Attention Lens: the analysed text has changed in the editor; run the command again to link tokens.');
      return undefined;
    }
    let editor = visible.find((e) => e.document.uri.toString() === place.uri);
    if (!editor && !select) return undefined;
    const doc = editor?.document ?? (await vscode.workspace.openTextDocument(vscode.Uri.parse(place.uri)));
    const range = new vscode.Range(doc.positionAt(place.start), doc.positionAt(place.end));
    if (select) {
      editor = await vscode.window.showTextDocument(doc, { viewColumn: editor?.viewColumn, preserveFocus: true, preview: false });
      this.lastFocus = `${run.id}/${list}/${index}`;
      editor.selection = new vscode.Selection(range.start, range.end);
    }
    editor!.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    this.revealed.fire({ runId, list, index, range, select });
    return range;
  }

  /** A new run and no explorer in sight: open the side view, then give the keyboard back to the editor. */
  private async showExplorer(): Promise<void> {
    if (this.anyVisible()) return;
    const editor = vscode.window.activeTextEditor;
    try {
      await vscode.commands.executeCommand('attentionLens.explorer.focus');
      if (editor) await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
    } catch (e) {
      log().warn(`explorer: could not show the view: ${String(e)}`);
    }
  }

  private onSelection(e: vscode.TextEditorSelectionChangeEvent): void {
    const doc = e.textEditor.document;
    // a selection (e.g. the one reveal() just made) names the token it starts in; a bare cursor, the token under it
    const sel = e.selections[0];
    const hit = analysedRanges().tokenAt(doc, doc.offsetAt(sel.isEmpty ? sel.active : sel.start));
    if (!hit || hit.stale || hit.index < 0) return;
    const run = this.store.get(hit.entry.run.id);
    if (!run) return;
    const key = `${run.id}/${hit.list}/${hit.index}`;
    if (key === this.lastFocus) return;
    this.lastFocus = key;
    this.store.select(run.id);
    this.store.focus({ runId: run.id, list: hit.list, index: hit.index });
  }

  private async save(name: string, bytes: Uint8Array, what: string): Promise<void> {
    // Tests (and scripted use) write straight into a folder instead of asking.
    const dir = process.env.ATTENTION_LENS_EXPORT_DIR;
    let target: vscode.Uri | undefined;
    if (dir) target = vscode.Uri.joinPath(vscode.Uri.file(dir), name);
    else {
      const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
      target = await vscode.window.showSaveDialog({
        defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
        filters: what === 'PNG' ? { 'PNG image': ['png'] } : { JSON: ['json'] },
        title: `Attention Lens: save ${what}`,
      });
    }
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, bytes);
    log().info(`explorer: saved ${what} to ${target.fsPath} (${bytes.length} bytes)`);
    if (!dir) void vscode.window.showInformationMessage(`Attention Lens: saved ${vscode.workspace.asRelativePath(target)}`);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function safeName(s: string): string {
  return s.replace(/[^\w.-]+/g, '_').slice(0, 60);
}
