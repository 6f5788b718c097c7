// The extension's view of models: registry (bundled + attentionLens.modelPaths), sessions
// (created once per model and provider setting, reused), the provider actually in use and why.
import * as path from 'path';
import * as vscode from 'vscode';
import { describeError } from './core/errors';
import { getModel, LoadedModel, releaseAllModels } from './core/model';
import { defaultModel, Registry, resolveModel, scanModels, type ModelEntry } from './core/modelRegistry';
import { log } from './log';
import { runtimeSettings } from './runtimeSettings';

export interface ModelStatus {
  model?: string;
  provider?: string;
  fallbackReason?: string;
  loading?: boolean;
}

export class ModelService implements vscode.Disposable {
  private registry: Registry | undefined;
  private readonly changed = new vscode.EventEmitter<ModelStatus>();
  readonly onDidChangeStatus = this.changed.event;
  status: ModelStatus = {};
  private readonly warned = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly bundledDir: string) {
    this.disposables.push(
      vscode.workspace.onDidChangeConfiguration(async (e) => {
        if (e.affectsConfiguration('attentionLens.modelPaths')) this.registry = undefined;
        if (e.affectsConfiguration('attentionLens.executionProvider') || e.affectsConfiguration('attentionLens.modelPaths')) {
          await releaseAllModels();
          this.setStatus({ model: this.status.model });
        }
      }),
    );
  }

  scan(force = false): Registry {
    if (!this.registry || force) {
      const s = runtimeSettings();
      this.registry = scanModels({ bundledDir: this.bundledDir, userFolders: s.modelPaths });
      for (const m of this.registry.models) log().info(`model ${m.name} (${m.manifest.kind}) at ${m.dir}`);
      for (const p of this.registry.problems) log().warn(`model problem: ${p.message}`);
    }
    return this.registry;
  }

  /** The configured model of a kind (setting value: a name or a folder; the default name falls back to any model of that kind). */
  entryFor(kind: 'seq2seq' | 'causal'): ModelEntry {
    const s = runtimeSettings();
    const reg = this.scan();
    const wanted = kind === 'seq2seq' ? s.translationModel : s.continuationModel;
    const isDefault = wanted === (kind === 'seq2seq' ? 'en-de' : 'en-lm');
    const absolute = wanted && !isDefault && path.isAbsolute(wanted) ? wanted : undefined;
    if (isDefault && !reg.models.some((m) => m.name === wanted)) return defaultModel(reg, kind);
    return resolveModel(absolute ?? wanted, reg);
  }

  async load(kind: 'seq2seq' | 'causal'): Promise<LoadedModel> {
    const entry = this.entryFor(kind);
    const s = runtimeSettings();
    if (s.providerWarning) this.warnOnce(s.providerWarning);
    this.setStatus({ model: entry.name, loading: true });
    try {
      const model = await getModel(entry, s.provider, { log: (l) => log().info(`[${entry.name}] ${l}`) });
      this.setStatus({ model: model.name, provider: model.provider, fallbackReason: model.fallbackReason });
      if (model.fallbackReason && s.provider !== 'auto' && s.provider !== 'cpu') {
        this.warnOnce(`Attention Lens: the "${s.provider}" execution provider is not available, running on ${model.provider}. ${model.fallbackReason}`);
      } else if (model.fallbackReason) {
        log().info(`[${model.name}] running on ${model.provider}; GPU providers unavailable: ${model.fallbackReason}`);
      }
      return model;
    } catch (e) {
      this.setStatus({ model: entry.name });
      throw e;
    }
  }

  private warnOnce(msg: string): void {
    if (this.warned.has(msg)) return;
    this.warned.add(msg);
    log().warn(msg);
    void vscode.window.showWarningMessage(msg);
  }

  private setStatus(s: ModelStatus): void {
    this.status = s;
    this.changed.fire(s);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    releaseAllModels().catch((e) => log().error(describeError(e)));
  }
}
