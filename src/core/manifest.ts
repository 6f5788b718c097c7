// model.json: parse and validate a model folder's manifest and the files it names.
import * as fs from 'fs';
import * as path from 'path';
import { UserError } from './errors';

export type ModelKind = 'seq2seq' | 'causal';

export interface GraphSpec {
  file: string;
  inputs: string[];
  outputs: string[];
}

export interface Manifest {
  schema: number;
  name: string;
  displayName: string;
  kind: ModelKind;
  tokenizer: string;
  graphs: Record<string, GraphSpec>;
  specialTokens: { pad: number; bos: number; eos: number; unk: number };
  layers: number;
  heads: number;
  dModel: number;
  dFF?: number;
  vocabSize: number;
  maxLength: number;
  positionalEncoding: { kind: 'sinusoidal'; n: number; d: number };
  training?: Record<string, unknown>;
  metrics?: Record<string, unknown>;
  golden?: string;
  [extra: string]: unknown;
}

/** The graph names, inputs and outputs src/core relies on (models/train/export.py). */
export const GRAPH_CONTRACT: Record<ModelKind, Record<string, { inputs: string[]; outputs: string[] }>> = {
  seq2seq: {
    encoder: { inputs: ['src_ids', 'src_mask'], outputs: ['memory', 'enc_self_attn', 'cross_k', 'cross_v'] },
    decoder: {
      inputs: ['input_ids', 'src_mask', 'past_self_k', 'past_self_v', 'cross_k', 'cross_v'],
      outputs: ['logits', 'present_self_k', 'present_self_v', 'self_attn', 'cross_attn'],
    },
  },
  causal: {
    decoder: { inputs: ['input_ids', 'past_k', 'past_v'], outputs: ['logits', 'present_k', 'present_v', 'self_attn'] },
  },
};

function fail(file: string, problem: string): never {
  throw new UserError('model-invalid', `${file}: ${problem}`, { file });
}

const isPosInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;
const isNonNegInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** Checks that a model file exists, is not empty and is not a Git LFS pointer. */
export function checkModelFile(file: string, kind: 'onnx' | 'json'): void {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch {
    fail(file, 'file is missing');
  }
  if (!st.isFile()) fail(file, 'is not a file');
  if (st.size === 0) fail(file, 'file is empty');
  const fd = fs.openSync(file, 'r');
  const head = Buffer.alloc(Math.min(64, st.size));
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head.toString('latin1').startsWith('version https://git-lfs')) {
    fail(file, 'is a Git LFS pointer, not the real file (run `git lfs pull`)');
  }
  // An ONNX ModelProto starts with field 1 (ir_version, varint): tag byte 0x08.
  if (kind === 'onnx' && (st.size < 16 || head[0] !== 0x08)) fail(file, 'is not an ONNX model (corrupt or truncated)');
}

/** Reads and validates `<dir>/model.json` and checks that every file it names is present. */
export function loadManifest(dir: string): Manifest {
  const file = path.join(dir, 'model.json');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    fail(file, 'file is missing (a model folder needs a model.json)');
  }
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(text);
  } catch (e) {
    fail(file, `not valid JSON (${(e as Error).message})`);
  }
  if (typeof m !== 'object' || m === null || Array.isArray(m)) fail(file, 'must be a JSON object');
  const need = (key: string, ok: boolean, what: string) => {
    if (!ok) fail(file, `"${key}" ${what}`);
  };
  need('kind', m.kind === 'seq2seq' || m.kind === 'causal', 'must be "seq2seq" or "causal"');
  const kind = m.kind as ModelKind;
  need('tokenizer', typeof m.tokenizer === 'string' && m.tokenizer.length > 0, 'must name the tokenizer file');
  for (const k of ['layers', 'heads', 'dModel', 'vocabSize', 'maxLength']) need(k, isPosInt(m[k]), 'must be a positive integer');
  need('dModel', (m.dModel as number) % (m.heads as number) === 0, 'must be divisible by "heads"');
  const sp = m.specialTokens as Record<string, unknown> | undefined;
  need('specialTokens', !!sp && typeof sp === 'object', 'must be an object {pad, bos, eos, unk}');
  for (const k of ['pad', 'bos', 'eos', 'unk']) need(`specialTokens.${k}`, isNonNegInt(sp![k]), 'must be a token id');
  const pe = m.positionalEncoding as Record<string, unknown> | undefined;
  need('positionalEncoding', !!pe && pe.kind === 'sinusoidal' && typeof pe.n === 'number' && isPosInt(pe.d), 'must be {kind:"sinusoidal", n, d}');
  const graphs = m.graphs as Record<string, GraphSpec> | undefined;
  need('graphs', !!graphs && typeof graphs === 'object', 'must be an object');
  for (const [g, contract] of Object.entries(GRAPH_CONTRACT[kind])) {
    const spec = graphs![g];
    need(`graphs.${g}`, !!spec && typeof spec.file === 'string', `is required for a ${kind} model`);
    for (const io of ['inputs', 'outputs'] as const) {
      const names = spec[io];
      need(`graphs.${g}.${io}`, Array.isArray(names), 'must be a list of names');
      const missing = contract[io].filter((n) => !names.includes(n));
      need(`graphs.${g}.${io}`, missing.length === 0, `lacks ${missing.join(', ')}`);
    }
  }
  const name = typeof m.name === 'string' && m.name ? m.name : path.basename(path.resolve(dir));
  const manifest = {
    schema: typeof m.schema === 'number' ? m.schema : 1,
    ...m,
    name,
    displayName: typeof m.displayName === 'string' ? m.displayName : name,
  } as Manifest;
  checkModelFile(path.join(dir, manifest.tokenizer), 'json');
  for (const g of Object.keys(GRAPH_CONTRACT[kind])) checkModelFile(path.join(dir, manifest.graphs[g].file), 'onnx');
  return manifest;
}
