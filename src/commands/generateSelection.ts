// Translate Selection / Continue Selection: read the selection, run the model with a cancellable
// progress notification (a new invocation cancels the running one), stream the continuation,
// put the result where attentionLens.outputMode says, and hand the Run to the explorer.
import * as vscode from 'vscode';
import { continueText, translate, type RunOptions } from '../core/engine';
import { CancelledError, describeError, isUserError } from '../core/errors';
import type { Run } from '../core/run';
import { log } from '../log';
import type { ModelService } from '../modelService';
import { applyToDocument, previewUri, showPreview } from '../output';
import { runStore } from '../runStore';
import { runtimeSettings, type OutputMode } from '../runtimeSettings';
import { analysedRanges } from '../editorLinking/analysedRanges';

export type Action = 'translate' | 'continue';

/** Optional arguments (tests, keybindings): override settings for one call. */
export interface GenerateArgs {
  outputMode?: OutputMode;
  maxNewTokens?: number;
  truncate?: boolean;
  /** Do not show error/warning popups (tests); the result still says what happened. */
  quiet?: boolean;
}

export type GenerateResult =
  | {
      ok: true;
      runId: string;
      output: string;
      mode: OutputMode;
      model: string;
      provider: string;
      warnings: string[];
      /** Source tokens with their document offsets (UTF-16, as vscode offsetAt). */
      sourceTokens: { text: string; start: number; end: number }[];
      inserted?: { start: number; end: number };
    }
  | { ok: false; code: string; error: string };

let running: AbortController | undefined;

/** A continuation begins with a space when its first piece starts a new word (▁…). */
function separator(firstPiece: string | undefined): string {
  return firstPiece?.startsWith('\u2581') ? ' ' : '';
}

function insertionText(action: Action, run: Run, mode: OutputMode, eol: string): string {
  if (mode === 'replace') return run.outputText;
  if (action === 'translate') return eol + run.outputText;
  return separator(run.outputTokens.find((t) => !t.special)?.piece) + run.outputText;
}

export async function generateSelection(models: ModelService, action: Action, rawArgs?: unknown): Promise<GenerateResult> {
  const args: GenerateArgs = typeof rawArgs === 'object' && rawArgs !== null ? (rawArgs as GenerateArgs) : {};
  const label = action === 'translate' ? 'Translate Selection' : 'Continue Selection';
  const fail = (code: string, error: string, level: 'error' | 'warning' | 'info' = 'error'): GenerateResult => {
    log()[level === 'info' ? 'info' : level === 'warning' ? 'warn' : 'error'](`${label}: ${error}`);
    if (!args.quiet && code !== 'cancelled') {
      const show = level === 'error' ? vscode.window.showErrorMessage : level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
      void show(`Attention Lens: ${error}`);
    }
    return { ok: false, code, error };
  };

  const editor = vscode.window.activeTextEditor;
  if (!editor) return fail('no-editor', 'open a text editor and select some text first.', 'warning');
  const doc = editor.document;
  const selection = new vscode.Range(editor.selection.start, editor.selection.end);
  const text = doc.getText(selection);
  const target = { uri: doc.uri, version: doc.version, selection };
  const settings = runtimeSettings();
  const mode = args.outputMode ?? settings.outputMode;

  running?.abort();
  const ac = new AbortController();
  running = ac;
  // Where the preview put run.outputText, for the editor hover / decorations (issue #6).
  let previewAt: { uri: vscode.Uri; offset: number } | undefined;
  const title = action === 'translate' ? 'Attention Lens: translating' : 'Attention Lens: continuing';
  try {
    const run = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title, cancellable: true },
      async (progress, token) => {
        token.onCancellationRequested(() => ac.abort());
        const kind = action === 'translate' ? 'seq2seq' : 'causal';
        progress.report({ message: 'loading the model…' });
        const model = await models.load(kind);
        if (ac.signal.aborted) throw new CancelledError();
        progress.report({ message: `${model.name} on ${model.provider}` });
        const preview = mode === 'preview' ? previewUri(`${action === 'translate' ? 'Translation' : 'Continuation'} (${model.name})`) : undefined;
        let shown = false;
        const opts: RunOptions = {
          ...settings.decoding,
          ...(args.maxNewTokens ? { maxNewTokens: args.maxNewTokens } : {}),
          truncate: args.truncate,
          signal: ac.signal,
          origin: { uri: doc.uri.toString(), startOffset: doc.offsetAt(selection.start), documentVersion: doc.version },
          onText: async (partial, ids) => {
            const tail = partial.length > 60 ? '…' + partial.slice(-60) : partial;
            progress.report({ message: tail });
            if (preview && action === 'continue') {
              await showPreview(preview, text + separator(model.tokenizer.idToToken(ids[0]) ?? undefined) + partial, !shown);
              shown = true;
            }
          },
        };
        const r = action === 'translate' ? await translate(model, text, opts) : await continueText(model, text, opts);
        if (preview) {
          const body = action === 'translate' ? r.outputText : text + insertionText(action, r, 'insertAfter', '');
          await showPreview(preview, body + '\n', !shown);
          previewAt = { uri: preview, offset: body.length - r.outputText.length };
        }
        return r;
      },
    );
    if (running === ac) running = undefined;
    const t = run.timings;
    log().info(
      `${label}: ${run.model} on ${run.provider}: ${run.sourceTokens.length} source → ${run.outputTokens.length} output tokens; ` +
        `load ${t.loadMs} ms, encode ${t.encodeMs} ms, decode ${t.decodeMs} ms (${((run.outputTokens.length * 1000) / Math.max(1, t.decodeMs)).toFixed(1)} tok/s), total ${t.totalMs} ms`,
    );
    for (const w of run.warnings) {
      log().warn(`${label}: ${w}`);
      if (!args.quiet) void vscode.window.showWarningMessage(`Attention Lens: ${w}`);
    }
    runStore().add(run);
    if (previewAt) {
      // Hook for the editor hover (issue #6): the output in the preview (and the prompt, which the continuation preview repeats).
      analysedRanges().addOutput(run, previewAt.uri, previewAt.offset);
      if (action === 'continue') analysedRanges().addSourceCopy(run, previewAt.uri, 0);
    }
    const at = run.origin?.startOffset ?? 0;
    const sourceTokens = run.sourceTokens.filter((t) => !t.special).map((t) => ({ text: t.text, start: at + t.start, end: at + t.end }));
    const base = { ok: true as const, runId: run.id, output: run.outputText, mode, model: run.model, provider: run.provider, warnings: run.warnings, sourceTokens };
    if (mode === 'preview') return base;
    const eol = doc.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n';
    const res = await applyToDocument(target, mode, insertionText(action, run, mode, eol));
    if (!res.ok) return fail('document-changed', `${label}: ${res.reason}.`, 'warning');
    // Hook for the editor hover (issue #6): the inserted text ends with run.outputText.
    analysedRanges().addOutput(run, doc.uri, doc.offsetAt(res.range.end) - run.outputText.length);
    return { ...base, inserted: { start: doc.offsetAt(res.range.start), end: doc.offsetAt(res.range.end) } };
  } catch (e) {
    if (running === ac) running = undefined;
    if (isUserError(e)) {
      if (e.code === 'cancelled') return fail('cancelled', `${label} cancelled.`, 'info');
      if (e.code === 'too-long' && !args.quiet) {
        log().warn(`${label}: ${e.message}`);
        const pick = await vscode.window.showWarningMessage(`Attention Lens: ${e.message}`, 'Truncate and Run');
        if (pick === 'Truncate and Run') return generateSelection(models, action, { ...args, truncate: true });
        return { ok: false, code: e.code, error: e.message };
      }
      return fail(e.code, e.message, e.code === 'empty-input' ? 'warning' : 'error');
    }
    log().error(`${label}: internal error: ${(e as Error)?.stack ?? describeError(e)}`);
    return fail('internal', `internal error: ${describeError(e)} (details in the Attention Lens output).`);
  }
}

export function registerGenerateCommands(context: vscode.ExtensionContext, models: ModelService): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('attentionLens.translateSelection', (args?: unknown) => generateSelection(models, 'translate', args)),
    vscode.commands.registerCommand('attentionLens.continueSelection', (args?: unknown) => generateSelection(models, 'continue', args)),
  );
}
