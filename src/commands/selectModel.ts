// Attention Lens: Select Model — pick the translation or continuation model; broken models are
// listed with their problem and cannot be picked.
import * as vscode from 'vscode';
import type { ModelService } from '../modelService';
import { SELECT_MODEL } from '../statusBar';

interface Item extends vscode.QuickPickItem {
  model?: { name: string; dir: string; kind: 'seq2seq' | 'causal'; source: string };
}

export async function selectModel(models: ModelService, rawArgs?: unknown): Promise<string | undefined> {
  const reg = models.scan(true);
  const cfg = vscode.workspace.getConfiguration('attentionLens');
  // tests / keybindings: { name } picks directly
  const a = typeof rawArgs === 'object' && rawArgs !== null ? (rawArgs as { name?: string; quiet?: boolean }) : {};
  const direct = a.name;
  let chosen: Item['model'];
  if (direct) {
    const m = reg.models.find((x) => x.name === direct || x.dir === direct);
    if (!m) {
      if (!a.quiet) void vscode.window.showErrorMessage(`Attention Lens: no model "${direct}".`);
      return undefined;
    }
    chosen = { name: m.name, dir: m.dir, kind: m.manifest.kind, source: m.source };
  } else {
    const current = { seq2seq: cfg.get<string>('translationModel'), causal: cfg.get<string>('continuationModel') };
    const items: Item[] = [];
    for (const kind of ['seq2seq', 'causal'] as const) {
      items.push({ label: kind === 'seq2seq' ? 'Translation (Translate Selection)' : 'Continuation (Continue Selection)', kind: vscode.QuickPickItemKind.Separator });
      for (const m of reg.models.filter((x) => x.manifest.kind === kind)) {
        const isCurrent = current[kind] === m.name || current[kind] === m.dir;
        items.push({
          label: `${isCurrent ? '$(check) ' : ''}${m.name}`,
          description: String(m.manifest.displayName ?? ''),
          detail: `${m.manifest.layers} layers · ${m.manifest.heads} heads · d=${m.manifest.dModel} · ${m.source === 'bundled' ? 'bundled' : m.dir}`,
          model: { name: m.name, dir: m.dir, kind, source: m.source },
        });
      }
    }
    if (reg.problems.length) {
      items.push({ label: 'Unusable models', kind: vscode.QuickPickItemKind.Separator });
      for (const p of reg.problems) items.push({ label: `$(error) ${p.dir}`, detail: p.message });
    }
    const pick = await vscode.window.showQuickPick(items, { title: 'Attention Lens: Select Model', matchOnDetail: true });
    if (!pick?.model) return undefined;
    chosen = pick.model;
  }
  const key = chosen.kind === 'seq2seq' ? 'translationModel' : 'continuationModel';
  await cfg.update(key, chosen.source === 'bundled' ? chosen.name : chosen.dir, vscode.ConfigurationTarget.Global);
  void vscode.window.setStatusBarMessage(`Attention Lens: ${chosen.kind === 'seq2seq' ? 'translation' : 'continuation'} model is now ${chosen.name}`, 4000);
  return chosen.name;
}

export function registerSelectModel(context: vscode.ExtensionContext, models: ModelService): void {
  context.subscriptions.push(vscode.commands.registerCommand(SELECT_MODEL, (args?: unknown) => selectModel(models, args)));
}
