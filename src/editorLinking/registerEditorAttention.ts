// Wires the in-editor attention (issue #6): analysed ranges, the hover, the heat decorations,
// cursor / explorer focus, and the commands Show in Explorer, Pin and Clear. One call from activate().
import * as vscode from 'vscode';
import { PIN_COMMAND, SHOW_IN_EXPLORER_COMMAND, type TokenCommandArgs } from '../core/attentionHoverText';
import type { Run } from '../core/run';
import { resolveChoice, type AttentionChoice, type ExplorerChoice } from '../core/tokenAttention';
import { AttentionDecorations } from '../decorations/attentionDecorations';
import { AttentionHoverProvider, attentionHoverSettings } from '../hover/attentionHover';
import { runStore, type RunStore } from '../runStore';
import { log } from '../log';
import { analysedRanges, type AnalysedRanges } from './analysedRanges';

export const CLEAR_COMMAND = 'attentionLens.clearAttentionHighlights';

/** What the explorer offers the editor; typed loosely so either side can change independently. */
export interface ExplorerLink {
  readonly currentState: { explorer?: ExplorerChoice };
  readonly runs?: { onDidRevealToken?: vscode.Event<{ runId: string; list?: 'source' | 'output'; index: number }> };
}

export interface EditorAttentionApi {
  ranges: AnalysedRanges;
  decorations: AttentionDecorations;
  hover: AttentionHoverProvider;
  store: RunStore;
  choiceFor(run: Run): AttentionChoice;
}

/** The token a command link names: the object itself, or wrapped in an array (how some hosts pass command-URI arguments). */
function tokenArgs(v: unknown): TokenCommandArgs | undefined {
  const a = (Array.isArray(v) ? v[0] : v) as TokenCommandArgs;
  return !!a && typeof a.runId === 'string' && (a.list === 'source' || a.list === 'output') && Number.isInteger(a.index) ? a : undefined;
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
    vscode.commands.registerCommand(PIN_COMMAND, (raw: unknown) => {
      const args = tokenArgs(raw);
      const run = args && findRun(args.runId);
      if (!args || !run) {
        log().warn(`${PIN_COMMAND}: no such run or token: ${JSON.stringify(raw)?.slice(0, 200)}`);
        return undefined;
      }
      const painted = decorations.pin(run, { list: args.list, index: args.index });
      const t = (args.list === 'source' ? run.sourceTokens : run.outputTokens)[args.index];
      vscode.window.setStatusBarMessage(`Attention Lens: pinned the attention of "${t?.text.trim() ?? args.index}" (Escape clears)`, 5000);
      return painted;
    }),
    vscode.commands.registerCommand(SHOW_IN_EXPLORER_COMMAND, async (raw: unknown) => {
      const args = tokenArgs(raw);
      const run = args && findRun(args.runId);
      if (!args || !run) {
        log().warn(`${SHOW_IN_EXPLORER_COMMAND}: no such run or token: ${JSON.stringify(raw)?.slice(0, 200)}`);
        return false;
      }
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
        if (run) decorations.focus(run, { list: r.list ?? 'source', index: r.index }, 'explorer');
      }),
    );
  }
  return { ranges: reg, decorations, hover, store, choiceFor };
}
