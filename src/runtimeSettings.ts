// Settings the runtime commands read (attentionLens.*).
import * as vscode from 'vscode';
import type { DecodeOptions, Strategy } from './core/decoding/types';
import { isProviderSetting, type ProviderSetting } from './core/providers';

export type OutputMode = 'preview' | 'insertAfter' | 'replace';

export interface RuntimeSettings {
  provider: ProviderSetting;
  providerWarning?: string;
  modelPaths: string[];
  translationModel: string;
  continuationModel: string;
  outputMode: OutputMode;
  decoding: DecodeOptions;
}

export function runtimeSettings(): RuntimeSettings {
  const cfg = vscode.workspace.getConfiguration('attentionLens');
  const p = cfg.get<string>('executionProvider', 'auto');
  const provider = isProviderSetting(p) ? p : 'auto';
  const strategy = cfg.get<string>('decoding.strategy', 'greedy');
  const seed = cfg.get<number>('decoding.seed', 0);
  const mode = cfg.get<string>('outputMode', 'preview');
  return {
    provider,
    providerWarning: provider !== p ? `attentionLens.executionProvider "${p}" is not a known provider; using auto.` : undefined,
    modelPaths: cfg.get<string[]>('modelPaths', []).filter((x) => typeof x === 'string' && x.trim()),
    translationModel: cfg.get<string>('translationModel', 'en-de') || 'en-de',
    continuationModel: cfg.get<string>('continuationModel', 'en-lm') || 'en-lm',
    outputMode: mode === 'insertAfter' || mode === 'replace' ? mode : 'preview',
    decoding: {
      strategy: (['greedy', 'beam', 'sample'].includes(strategy) ? strategy : 'greedy') as Strategy,
      beamSize: cfg.get<number>('decoding.beamSize', 4),
      maxNewTokens: cfg.get<number>('decoding.maxNewTokens', 64),
      temperature: cfg.get<number>('decoding.temperature', 1),
      topK: cfg.get<number>('decoding.topK', 0),
      topP: cfg.get<number>('decoding.topP', 1),
      seed: seed ? seed : undefined,
    },
  };
}
