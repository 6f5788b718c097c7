import * as vscode from 'vscode';
import { EXPLORER_PANEL_TYPE, type ExplorerHost } from '../views/explorerHost';

export const OPEN_EXPLORER = 'attentionLens.openExplorer';

export function registerOpenExplorer(context: vscode.ExtensionContext, explorer: ExplorerHost): void {
  context.subscriptions.push(vscode.commands.registerCommand(OPEN_EXPLORER, () => void explorer.openPanel()));
  // After a window reload VS Code hands back the open explorer panels; their state comes from the host again.
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(EXPLORER_PANEL_TYPE, {
      deserializeWebviewPanel: async (panel) => explorer.restorePanel(panel),
    }),
  );
}
