import * as vscode from 'vscode';
import { checkPositionalParams, type PositionalParams } from './core/positional';

/** d and n for the positional view from the settings, falling back to the defaults when unusable. */
export function positionalSettings(): PositionalParams & { warning?: string } {
  const cfg = vscode.workspace.getConfiguration('attentionLens.positional');
  const p = { d: cfg.get<number>('d', 16), n: cfg.get<number>('n', 10000) };
  const problem = checkPositionalParams(p);
  return problem ? { d: 16, n: 10000, warning: `attentionLens.positional: ${problem} Using d=16, n=10000.` } : p;
}
