// Models the core tests run against: the tiny fixtures always, the real bundled models when present.
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '..', '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'models');

export interface ModelUnderTest {
  name: string;
  dir: string;
  kind: 'seq2seq' | 'causal';
  /** Why it is skipped, when it is. */
  skip?: string;
}

function entry(name: string, dir: string, kind: 'seq2seq' | 'causal'): ModelUnderTest {
  const ok = fs.existsSync(path.join(dir, 'model.json')) && fs.existsSync(path.join(dir, 'golden.json'));
  return { name, dir, kind, skip: ok ? undefined : `${path.relative(ROOT, dir)} is not there yet (model not exported)` };
}

export const MODELS: ModelUnderTest[] = [
  entry('tiny-seq2seq', path.join(FIXTURES, 'tiny-seq2seq'), 'seq2seq'),
  entry('tiny-causal', path.join(FIXTURES, 'tiny-causal'), 'causal'),
  entry('en-de', path.join(ROOT, 'models', 'en-de'), 'seq2seq'),
  entry('en-lm', path.join(ROOT, 'models', 'en-lm'), 'causal'),
  // more model folders to test, e.g. an early export: ATTENTION_LENS_TEST_MODELS=/tmp/en-de-early
  ...(process.env.ATTENTION_LENS_TEST_MODELS ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((d) => {
      const kind = JSON.parse(fs.readFileSync(path.join(d, 'model.json'), 'utf8')).kind;
      return entry(path.basename(d), path.resolve(d), kind);
    }),
];

export function golden(dir: string): {
  tolerance: number;
  cases: {
    text: string;
    srcIds?: number[];
    promptIds?: number[];
    greedyIds: number[];
    steps: { ids: number[]; logProbs: number[] }[];
    attention: Record<string, number[][][][]>;
  }[];
} {
  return JSON.parse(fs.readFileSync(path.join(dir, 'golden.json'), 'utf8'));
}

import { loadManifest } from '../../src/core/manifest';
import { getModel, type LoadedModel } from '../../src/core/model';

export async function loadModelDir(dir: string): Promise<LoadedModel> {
  const manifest = loadManifest(dir);
  return getModel({ name: manifest.name, dir, manifest, source: 'user' }, 'cpu');
}
