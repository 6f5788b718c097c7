// Wires the in-editor attention (issue #6): analysed ranges, the hover, the heat decorations,
// cursor / explorer focus, and the commands Show in Explorer, Pin and Clear. One call from activate().
import * as vscode from 'vscode';
import { PIN_COMMAND, SHOW_IN_EXPLORER_COMMAND, type TokenCommandArgs } from '../core/attentionHoverText';
import type { Run } from '../core/run';
import { resolveChoice, type AttentionChoice, type ExplorerChoice } from '../core/tokenAttention';
import { AttentionDecorations } from '../decorations/attentionDecorations';
import { AttentionHoverProvider, attentionHoverSettings } from '../hover/attentionHover';
import { runStore, type RunStore } from '../runStore';
import { analysedRanges, type AnalysedRanges } from './analysedRanges';

export const CLEAR_COMMAND = 'attentionLens.clearAttentionHighlights';

/** What the explorer offers the editor; typed loosely so either side can change independently. */
export interface ExplorerLink {
  readonly currentState: { explorer?: ExplorerChoice };
  readonly runs?: { onDidRevealToken?: vscode.Event<{ runId: string; index: number }> };
}

export interface EditorAttentionApi {
  ranges: AnalysedRanges;
  decorations: AttentionDecorations;
  hover: AttentionHoverProvider;
  store: RunStore;
  choiceFor(run: Run): AttentionChoice;
}

function isArgs(v: unknown): v is TokenCommandArgs {
  const a = v as TokenCommandArgs;
  return !!a && typeof a.runId === 'string' && (a.list === 'source' || a.list === 'output') && Number.isInteger(a.index);
}

export function registerEditorAttention(context: vscode.ExtensionContext, explorer?: ExplorerLink): EditorAttentionApi {
  const store = runStore();
  const reg = analysedRanges();
  const choiceFor = (run: Run) => resolveChoice(run, attentionHoverSettings().aggregation, explorer?.currentState.explorer);
  const decorations = new AttentionDecorations(reg, choiceFor);
  const hover = new AttentionHoverProvider(reg, decorations, choiceFor);
  const findRun = (id: string) => store.get(id) ?? reg.all.find((e) => e.run.id === id)?.run;

  context.subscriptions.push(
    reg,
    decorations,
    vscode.languages.registerHoverProvider('*', hover),
    vscode.commands.registerCommand(CLEAR_COMMAND, () => decorations.clear()),
    vscode.commands.registerCommand(PIN_COMMAND, (args: unknown) => {
      const run = isArgs(args) ? findRun(args.runId) : undefined;
      return run && isArgs(args) ? decorations.pin(run, { list: args.list, index: args.index }) : undefined;
    }),
    vscode.commands.registerCommand(SHOW_IN_EXPLORER_COMMAND, async (args: unknown) => {
      if (!isArgs(args)) return false;
      const run = findRun(args.runId);
      if (!run) return false;
      if (!store.get(run.id)) store.add(run);
      store.select(run.id);
      await vscode.commands.executeCommand('attentionLens.explorer.focus');
      store.focus({ runId: run.id, list: args.list, index: args.index });
      decorations.focus(run, { list: args.list, index: args.index }, 'explorer');
      return true;
    }),
    vscode.window.onDidChangeTextEditorSelection((e) => {
      const doc = e.textEditor.document;
      const hit = reg.tokenAt(doc, doc.offsetAt(e.selections[0].active));
      if (hit && !hit.stale && hit.index >= 0) decorations.focus(hit.entry.run, { list: hit.list, index: hit.index }, 'cursor');
      else if (e.kind === vscode.TextEditorSelectionChangeKind.Keyboard || e.kind === vscode.TextEditorSelectionChangeKind.Mouse) decorations.blur();
    }),
  );
  const reveal = explorer?.runs?.onDidRevealToken;
  if (reveal) {
    context.subscriptions.push(
      reveal((r) => {
        const run = findRun(r.runId);
        if (run) decorations.focus(run, { list: (r as { list?: 'source' | 'output' }).list ?? 'source', index: r.index }, 'explorer');
      }),
    );
  }
  return { ranges: reg, decorations, hover, store, choiceFor };
}
