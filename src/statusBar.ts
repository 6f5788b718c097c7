// Status bar item: "model · provider"; the tooltip says why a fallback happened. Click: Select Model.
import * as vscode from 'vscode';
import type { ModelService, ModelStatus } from './modelService';
import { statusText } from './statusText';

export const SELECT_MODEL = 'attentionLens.selectModel';

export function registerStatusBar(context: vscode.ExtensionContext, models: ModelService): vscode.StatusBarItem {
  const item = vscode.window.createStatusBarItem('attentionLens.model', vscode.StatusBarAlignment.Right, 100);
  item.name = 'Attention Lens model';
  item.command = SELECT_MODEL;
  const update = (s: ModelStatus) => {
    const { text, tooltip } = statusText(s);
    item.text = text;
    item.tooltip = tooltip;
  };
  update(models.status);
  item.show();
  context.subscriptions.push(item, models.onDidChangeStatus(update));
  return item;
}
