// Entry point: a thin activate() that wires small register functions.
// Add a feature with one line here and its code in src/commands/ or src/views/.
import * as vscode from 'vscode';
import { EXPLORER_VIEW_ID, ExplorerHost } from './views/explorerHost';
import { registerShowPositionalEncodings } from './commands/showPositionalEncodings';
import { registerOpenExplorer } from './commands/openExplorer';
import { registerRunPersistence } from './explorer/persist';
import { registerPositionalHover } from './hover/positionalHover';
import { registerRuntime } from './commands/registerRuntime';
import { registerEditorAttention, type EditorAttentionApi } from './editorLinking/registerEditorAttention';

/** What activate() returns; used by the extension-host tests. */
export interface AttentionLensApi {
  explorer: ExplorerHost;
  /** In-editor attention: analysed ranges, hover, heat decorations (issue #6). */
  editorAttention: EditorAttentionApi;
}

export function activate(context: vscode.ExtensionContext): AttentionLensApi {
  const explorer = new ExplorerHost(context.extensionUri);
  context.subscriptions.push(vscode.window.registerWebviewViewProvider(EXPLORER_VIEW_ID, explorer));
  registerShowPositionalEncodings(context, explorer);
  registerOpenExplorer(context, explorer);
  registerRunPersistence(context, explorer);
  registerPositionalHover(context);
  registerRuntime(context);
  const editorAttention = registerEditorAttention(context, explorer);
  return { explorer, editorAttention };
}

export function deactivate(): void {}
