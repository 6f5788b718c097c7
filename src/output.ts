// Where generated text goes: a read-only preview beside the editor (updated as tokens stream),
// or one undoable edit after / in place of the selection, refused if the document changed.
import * as vscode from 'vscode';
import type { OutputMode } from './runtimeSettings';

export const PREVIEW_SCHEME = 'attention-lens-preview';

class PreviewProvider implements vscode.TextDocumentContentProvider {
  private readonly content = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.content.get(uri.toString()) ?? '';
  }
  set(uri: vscode.Uri, text: string): void {
    this.content.set(uri.toString(), text);
    this.emitter.fire(uri);
  }
  dispose(): void {
    this.emitter.dispose();
  }
}

let provider: PreviewProvider | undefined;

export function registerPreviewProvider(context: vscode.ExtensionContext): void {
  provider = new PreviewProvider();
  context.subscriptions.push(provider, vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, provider));
}

export function previewUri(title: string): vscode.Uri {
  return vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: `/${title}` });
}

/** Resolves when the open document `uri` holds `text` (VS Code re-reads provider content asynchronously). */
function documentHolds(uri: vscode.Uri, text: string, timeoutMs = 3000): Promise<void> {
  const key = uri.toString();
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key);
  if (!open || open.getText() === text) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    };
    const timer = setTimeout(done, timeoutMs);
    const sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.uri.toString() === key && e.document.getText() === text) done();
    });
  });
}

/** Shows (or updates) the preview document beside the editor without taking focus; resolves once the document shows `text`. */
export async function showPreview(uri: vscode.Uri, text: string, reveal: boolean): Promise<void> {
  if (!provider) throw new Error('preview provider not registered');
  provider.set(uri, text);
  await documentHolds(uri, text);
  if (reveal) {
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: true });
  }
}

export interface EditTarget {
  uri: vscode.Uri;
  version: number;
  selection: vscode.Range;
}

export type EditOutcome = { ok: true; range: vscode.Range } | { ok: false; reason: string };

/**
 * Inserts `text` after the selection or replaces it, as one undoable edit. Refused (nothing changed)
 * when the document is no longer at the version the model read.
 */
export async function applyToDocument(target: EditTarget, mode: Exclude<OutputMode, 'preview'>, text: string): Promise<EditOutcome> {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.uri.toString());
  if (!doc || doc.isClosed) return { ok: false, reason: 'the document was closed while the model ran' };
  if (doc.version !== target.version) {
    return { ok: false, reason: 'the document changed while the model ran, so the result was not written into it' };
  }
  const edit = new vscode.WorkspaceEdit();
  if (mode === 'replace') edit.replace(target.uri, target.selection, text);
  else edit.insert(target.uri, target.selection.end, text);
  const ok = await vscode.workspace.applyEdit(edit);
  if (!ok) return { ok: false, reason: 'VS Code refused the edit (read-only document?)' };
  const start = mode === 'replace' ? target.selection.start : target.selection.end;
  const startOff = doc.offsetAt(start);
  return { ok: true, range: new vscode.Range(start, doc.positionAt(startOff + text.length)) };
}
