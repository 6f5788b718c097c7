// Model registry: the bundled models/* plus user folders. A broken model is reported
// (file and problem) and left out; the others stay usable.
import * as fs from 'fs';
import * as path from 'path';
import { UserError, describeError } from './errors';
import { loadManifest, Manifest } from './manifest';

export interface ModelEntry {
  name: string;
  dir: string;
  manifest: Manifest;
  source: 'bundled' | 'user';
}

export interface RegistryProblem {
  dir: string;
  message: string;
}

export interface Registry {
  models: ModelEntry[];
  problems: RegistryProblem[];
}

/** models/ beside the install: dist/ → ../models (bundle), src/core → ../../models (tests, ts sources). */
export function bundledModelsDir(from: string = __dirname): string {
  const candidates = [path.resolve(from, '..', 'models'), path.resolve(from, '..', '..', 'models')];
  for (const c of candidates) if (fs.existsSync(c) && fs.statSync(c).isDirectory()) return c;
  return candidates[0];
}

const isModelDir = (d: string) => fs.existsSync(path.join(d, 'model.json'));

function subdirs(d: string): string[] {
  try {
    return fs
      .readdirSync(d, { withFileTypes: true })
      .filter((e) => e.isDirectory() || e.isSymbolicLink())
      .map((e) => path.join(d, e.name))
      .sort();
  } catch {
    return [];
  }
}

/**
 * Scans the bundled folder (each subfolder holding a model.json is a model; others, like train/, are skipped)
 * and the user folders (each is a model folder or a folder of model folders).
 */
export function scanModels(opts: { bundledDir?: string; userFolders?: string[] } = {}): Registry {
  const models: ModelEntry[] = [];
  const problems: RegistryProblem[] = [];
  const seen = new Set<string>();
  const add = (dir: string, source: ModelEntry['source']) => {
    const real = path.resolve(dir);
    if (seen.has(real)) return;
    seen.add(real);
    try {
      const manifest = loadManifest(real);
      if (models.some((m) => m.name === manifest.name)) {
        problems.push({ dir: real, message: `${real}: a model named "${manifest.name}" is already registered; this one is ignored` });
        return;
      }
      models.push({ name: manifest.name, dir: real, manifest, source });
    } catch (e) {
      problems.push({ dir: real, message: describeError(e) });
    }
  };
  const bundled = opts.bundledDir ?? bundledModelsDir();
  for (const d of subdirs(bundled)) if (isModelDir(d)) add(d, 'bundled');
  for (const f of opts.userFolders ?? []) {
    if (!f) continue;
    const dir = path.resolve(f);
    if (!fs.existsSync(dir)) {
      problems.push({ dir, message: `${dir}: model folder does not exist` });
    } else if (isModelDir(dir)) {
      add(dir, 'user');
    } else {
      const inner = subdirs(dir).filter(isModelDir);
      if (inner.length === 0) problems.push({ dir, message: `${dir}: no model.json here or in its subfolders` });
      for (const d of inner) add(d, 'user');
    }
  }
  return { models, problems };
}

/** `--model` / setting value: a registered name, or a path to a model folder. */
export function resolveModel(nameOrPath: string, registry: Registry): ModelEntry {
  const byName = registry.models.find((m) => m.name === nameOrPath);
  if (byName) return byName;
  const looksLikePath = nameOrPath.includes('/') || nameOrPath.includes('\\') || nameOrPath.startsWith('.') || fs.existsSync(nameOrPath);
  if (looksLikePath) {
    const dir = path.resolve(nameOrPath);
    if (!fs.existsSync(dir)) throw new UserError('model-not-found', `Model folder not found: ${dir}`);
    const manifest = loadManifest(dir); // throws a UserError naming the file
    return { name: manifest.name, dir, manifest, source: 'user' };
  }
  const problem = registry.problems.find((p) => path.basename(p.dir) === nameOrPath);
  if (problem) throw new UserError('model-invalid', `Model "${nameOrPath}" is broken: ${problem.message}`);
  const names = registry.models.map((m) => m.name);
  throw new UserError(
    'model-not-found',
    `Unknown model "${nameOrPath}". Available: ${names.length ? names.join(', ') : '(none)'}; or give a path to a model folder.`,
  );
}

/** The default model of a kind: the preferred name if present, else the first of that kind. */
export function defaultModel(registry: Registry, kind: 'seq2seq' | 'causal', preferred?: string): ModelEntry {
  if (preferred) return resolveModel(preferred, registry);
  const m = registry.models.find((x) => x.manifest.kind === kind);
  if (!m) {
    const why = registry.problems.length ? ` Problems: ${registry.problems.map((p) => p.message).join('; ')}` : '';
    throw new UserError('model-not-found', `No ${kind === 'seq2seq' ? 'translation (seq2seq)' : 'continuation (causal)'} model is available.${why}`);
  }
  return m;
}
