import * as vscode from 'vscode';
import {
  describeRejected,
  parseWebviewMessage,
  type HostToWebview,
  type ViewState,
  type WebviewToHost,
} from '../protocol';
import { positionalSettings } from '../settings';
import { log } from '../log';
import { webviewHtml, webviewOptions } from './webviewHtml';
import { RunBridge } from '../explorer/runBridge';
import { runStore } from '../runStore';

export const EXPLORER_VIEW_ID = 'attentionLens.explorer';
export const EXPLORER_PANEL_TYPE = 'attentionLens.explorerPanel';

/**
 * Owns the explorer state and every webview that shows it (the sidebar view and any
 * editor panels). The host is the source of truth: each webview gets the state after
 * its `ready` message and reports the user's edits back with `stateChanged`.
 */
export class ExplorerHost implements vscode.WebviewViewProvider {
  private state: ViewState;
  private readonly ready = new Set<vscode.Webview>();
  private readonly readyEmitter = new vscode.EventEmitter<vscode.Webview>();
  /** Fires when a webview has loaded its script and received the state (tests wait on it). */
  readonly onDidBecomeReady = this.readyEmitter.event;
  private readonly stateEmitter = new vscode.EventEmitter<ViewState>();
  /** The user changed the view state (kept across window reloads by src/explorer/persist.ts). */
  readonly onDidChangeState = this.stateEmitter.event;
  /** The attention explorer's runs, attention data and editor linking (src/explorer/runBridge.ts). */
  readonly runs = new RunBridge(runStore(), (m) => {
    for (const webview of this.ready) this.post(webview, m);
  }, () => [...this.shown].some((s) => s.visible));
  private readonly shown = new Set<{ readonly visible: boolean }>();

  constructor(private readonly extensionUri: vscode.Uri) {
    const { d, n } = positionalSettings();
    this.state = { tab: 'positional', positional: { text: '', d, n } };
  }

  get currentState(): ViewState {
    return this.state;
  }

  get readyWebviews(): number {
    return this.ready.size;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.shown.add(view);
    view.onDidDispose(() => this.shown.delete(view));
    this.attach(view.webview, view.onDidDispose);
  }

  /** Opens the explorer as an editor tab. */
  openPanel(): vscode.WebviewPanel {
    const panel = vscode.window.createWebviewPanel(EXPLORER_PANEL_TYPE, 'Attention Lens', vscode.ViewColumn.Beside, webviewOptions(this.extensionUri));
    this.restorePanel(panel);
    return panel;
  }

  /** Takes over an editor panel (a new one, or one VS Code restores after a window reload). */
  restorePanel(panel: vscode.WebviewPanel): void {
    this.shown.add(panel);
    panel.onDidDispose(() => this.shown.delete(panel));
    this.attach(panel.webview, panel.onDidDispose);
  }

  /** Replaces the state and pushes it to every loaded webview. */
  setState(state: ViewState): void {
    this.state = state;
    for (const webview of this.ready) this.post(webview, { type: 'state', state });
  }

  private attach(webview: vscode.Webview, onDidDispose: vscode.Event<void>): void {
    webview.options = webviewOptions(this.extensionUri);
    webview.html = webviewHtml(webview, this.extensionUri);
    const sub = webview.onDidReceiveMessage((raw: unknown) => {
      const msg = parseWebviewMessage(raw);
      if (!msg) {
        log().warn(describeRejected(raw));
        return;
      }
      this.handle(webview, msg);
    });
    onDidDispose(() => {
      sub.dispose();
      this.ready.delete(webview);
    });
  }

  private handle(webview: vscode.Webview, msg: WebviewToHost): void {
    switch (msg.type) {
      case 'ready':
        this.ready.add(webview);
        this.post(webview, { type: 'state', state: this.state });
        this.runs.onReady((m) => this.post(webview, m));
        this.readyEmitter.fire(webview);
        break;
      case 'stateChanged':
        this.state = msg.state;
        this.stateEmitter.fire(msg.state);
        break;
      case 'request': {
        const editor = vscode.window.activeTextEditor ?? vscode.window.visibleTextEditors[0];
        const text = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : undefined;
        this.post(
          webview,
          text !== undefined
            ? { type: 'reply', id: msg.id, ok: true, result: { text } }
            : { type: 'reply', id: msg.id, ok: false, error: 'No text is selected in an editor.' },
        );
        break;
      }
      default:
        void this.runs.handle(msg, (m) => this.post(webview, m)).catch((e: unknown) => log().warn(`explorer: ${msg.type} failed: ${String(e)}`));
    }
  }

  private post(webview: vscode.Webview, msg: HostToWebview): void {
    void webview.postMessage(msg).then(undefined, (e: unknown) => log().warn(`postMessage failed: ${String(e)}`));
  }
}
