import * as vscode from 'vscode';
import type { ExplorerHost } from '../views/explorerHost';

export const OPEN_EXPLORER = 'attentionLens.openExplorer';

export function registerOpenExplorer(context: vscode.ExtensionContext, explorer: ExplorerHost): void {
  context.subscriptions.push(vscode.commands.registerCommand(OPEN_EXPLORER, () => void explorer.openPanel()));
}
