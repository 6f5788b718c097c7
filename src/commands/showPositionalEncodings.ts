import * as vscode from 'vscode';
import { checkPositionalParams, LIMITS, positionalMatrix, row } from '../core/positional';
import { whitespaceTokens } from '../core/whitespaceTokens';
import { positionalSettings } from '../settings';
import { EXPLORER_VIEW_ID, type ExplorerHost } from '../views/explorerHost';
import { log } from '../log';

export const SHOW_POSITIONAL = 'attentionLens.showPositionalEncodings';

/** Optional arguments (for keybindings, other commands and tests); the selection and settings otherwise. */
export interface ShowPositionalArgs {
  text?: string;
  d?: number;
  n?: number;
}

export type ShowPositionalResult =
  | { ok: true; tokens: string[]; d: number; n: number; P: number[][] }
  | { ok: false; error: string };

export function registerShowPositionalEncodings(context: vscode.ExtensionContext, explorer: ExplorerHost): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_POSITIONAL, (args?: unknown) => showPositionalEncodings(explorer, args)),
  );
}

async function showPositionalEncodings(explorer: ExplorerHost, rawArgs: unknown): Promise<ShowPositionalResult> {
  const result = compute(rawArgs);
  if (!result.ok) {
    log().warn(`${SHOW_POSITIONAL}: ${result.error}`);
    void vscode.window.showWarningMessage(`Attention Lens: ${result.error}`);
    return result;
  }
  explorer.setState({ tab: 'positional', positional: { text: result.tokens.join(' '), d: result.d, n: result.n } });
  await vscode.commands.executeCommand(`${EXPLORER_VIEW_ID}.focus`);
  return result;
}

function compute(rawArgs: unknown): ShowPositionalResult {
  const args: ShowPositionalArgs = typeof rawArgs === 'object' && rawArgs !== null ? (rawArgs as ShowPositionalArgs) : {};
  const editor = vscode.window.activeTextEditor;
  const text = typeof args.text === 'string' ? args.text : editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
  const tokens = whitespaceTokens(text).map((t) => t.text);
  if (tokens.length === 0) return { ok: false, error: 'Select some text in an editor first (the positional encodings are drawn for its words).' };
  if (tokens.length > LIMITS.maxT) return { ok: false, error: `The selection has ${tokens.length} words; at most ${LIMITS.maxT} can be shown.` };
  const defaults = positionalSettings();
  if (defaults.warning) void vscode.window.showWarningMessage(defaults.warning);
  const p = { d: args.d ?? defaults.d, n: args.n ?? defaults.n };
  const problem = checkPositionalParams(p);
  if (problem) return { ok: false, error: problem };
  const P = positionalMatrix(tokens.length, p);
  return { ok: true, tokens, ...p, P: tokens.map((_, k) => row(P, k)) };
}
