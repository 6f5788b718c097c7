// Status bar item: "model · provider"; the tooltip says why a fallback happened. Click: Select Model.
import * as vscode from 'vscode';
import type { ModelService, ModelStatus } from './modelService';

export const SELECT_MODEL = 'attentionLens.selectModel';

export function statusText(s: ModelStatus): { text: string; tooltip: string } {
  if (!s.model) return { text: '$(eye) Attention Lens', tooltip: 'Attention Lens: no model loaded yet. Click to select a model.' };
  if (s.loading) return { text: `$(loading~spin) ${s.model}`, tooltip: `Loading ${s.model}…` };
  const provider = s.provider ?? 'not loaded';
  const lines = [`Attention Lens: ${s.model} on ${provider}`];
  if (s.fallbackReason) lines.push('', `Fell back to ${provider}:`, ...s.fallbackReason.split('; ').map((r) => `• ${r}`));
  lines.push('', 'Click to select a model.');
  return { text: `$(eye) ${s.model} · ${provider}${s.fallbackReason ? ' $(warning)' : ''}`, tooltip: lines.join('\n') };
}

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
