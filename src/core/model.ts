// A loaded model: manifest, tokenizer and ORT sessions (created once, reused), and the two
// graph calls the decoders need. Graph contract: models/train/export.py.
import * as path from 'path';
import type { InferenceSession, Tensor } from 'onnxruntime-node';
import type { Tokenizer } from 'tokenizers';
import { describeError, UserError } from './errors';
import type { Manifest } from './manifest';
import type { ModelEntry } from './modelRegistry';
import { createSessions, ProviderAttempt, ProviderSetting, SessionOptions } from './providers';
import { int64, zerosF32 } from './tensors';
import { loadTokenizer } from './tokenization';

export interface EncoderOutput {
  B: number;
  S: number;
  srcMask: Tensor;
  crossK: Tensor;
  crossV: Tensor;
  /** [L,B,H,S,S] */
  encSelfAttn: Float32Array;
}

export interface KV {
  k: Tensor;
  v: Tensor;
}

export interface DecoderOutput {
  B: number;
  Tnew: number;
  V: number;
  /** [B,Tnew,V] */
  logits: Float32Array;
  present: KV;
  /** [L,B,H,Tnew,Ttotal] */
  selfAttn: Float32Array;
  Ttotal: number;
  /** seq2seq: [L,B,H,Tnew,S] */
  crossAttn?: Float32Array;
}

export class LoadedModel {
  readonly dk: number;
  private constructor(
    readonly entry: ModelEntry,
    readonly tokenizer: Tokenizer,
    private readonly sessions: Record<string, InferenceSession>,
    readonly provider: string,
    readonly attempts: ProviderAttempt[],
    readonly fallbackReason: string | undefined,
    readonly loadMs: number,
    readonly threads: number,
  ) {
    this.dk = entry.manifest.dModel / entry.manifest.heads;
  }

  get manifest(): Manifest {
    return this.entry.manifest;
  }
  get name(): string {
    return this.entry.name;
  }
  get kind(): 'seq2seq' | 'causal' {
    return this.entry.manifest.kind;
  }

  static async load(entry: ModelEntry, setting: ProviderSetting, opts: SessionOptions = {}): Promise<LoadedModel> {
    const t0 = Date.now();
    const m = entry.manifest;
    const tokenizer = loadTokenizer(path.join(entry.dir, m.tokenizer));
    if (tokenizer.getVocabSize(true) > m.vocabSize + 1000 || tokenizer.getVocabSize(true) < 4) {
      throw new UserError('model-invalid', `${path.join(entry.dir, m.tokenizer)}: vocabulary size ${tokenizer.getVocabSize(true)} does not match model.json vocabSize ${m.vocabSize}`);
    }
    const files: Record<string, string> = {};
    for (const g of m.kind === 'seq2seq' ? ['encoder', 'decoder'] : ['decoder']) files[g] = path.join(entry.dir, m.graphs[g].file);
    const set = await createSessions(files, setting, opts);
    return new LoadedModel(entry, tokenizer, set.sessions, set.provider, set.attempts, set.fallbackReason, Date.now() - t0, set.threads);
  }

  async release(): Promise<void> {
    for (const s of Object.values(this.sessions)) await s.release().catch(() => undefined);
  }

  emptyPast(B: number): KV {
    const { layers: L, heads: H } = this.manifest;
    return { k: zerosF32([L, B, H, 0, this.dk]), v: zerosF32([L, B, H, 0, this.dk]) };
  }

  private async run(graph: string, feeds: Record<string, Tensor>): Promise<Record<string, Tensor>> {
    try {
      return (await this.sessions[graph].run(feeds)) as Record<string, Tensor>;
    } catch (e) {
      throw new UserError('model-invalid', `${path.join(this.entry.dir, this.manifest.graphs[graph].file)}: inference failed: ${describeError(e).split('\n')[0]}`);
    }
  }

  /** seq2seq encoder over right-padded rows (pad id in padded places; `lengths[b]` real tokens). */
  async encode(rows: number[][]): Promise<EncoderOutput> {
    const B = rows.length;
    const S = Math.max(...rows.map((r) => r.length));
    const pad = this.manifest.specialTokens.pad;
    const ids = rows.map((r) => [...r, ...new Array(S - r.length).fill(pad)]);
    const mask = rows.map((r) => [...new Array(r.length).fill(1), ...new Array(S - r.length).fill(0)]);
    const srcMask = int64(mask);
    const o = await this.run('encoder', { src_ids: int64(ids), src_mask: srcMask });
    return { B, S, srcMask, crossK: o.cross_k, crossV: o.cross_v, encSelfAttn: o.enc_self_attn.data as Float32Array };
  }

  /** One decoder call: prefill (past empty), a KV-cache step (one new token) or a full recompute. */
  async decode(inputIds: number[][], past: KV | null, enc?: EncoderOutput): Promise<DecoderOutput> {
    const B = inputIds.length;
    const Tnew = inputIds[0].length;
    const p = past ?? this.emptyPast(B);
    let o: Record<string, Tensor>;
    if (this.kind === 'seq2seq') {
      if (!enc) throw new Error('seq2seq decode needs the encoder output');
      o = await this.run('decoder', {
        input_ids: int64(inputIds),
        src_mask: enc.srcMask,
        past_self_k: p.k,
        past_self_v: p.v,
        cross_k: enc.crossK,
        cross_v: enc.crossV,
      });
      const sa = o.self_attn;
      return {
        B,
        Tnew,
        V: o.logits.dims[2],
        logits: o.logits.data as Float32Array,
        present: { k: o.present_self_k, v: o.present_self_v },
        selfAttn: sa.data as Float32Array,
        Ttotal: sa.dims[4],
        crossAttn: o.cross_attn.data as Float32Array,
      };
    }
    o = await this.run('decoder', { input_ids: int64(inputIds), past_k: p.k, past_v: p.v });
    return {
      B,
      Tnew,
      V: o.logits.dims[2],
      logits: o.logits.data as Float32Array,
      present: { k: o.present_k, v: o.present_v },
      selfAttn: o.self_attn.data as Float32Array,
      Ttotal: o.self_attn.dims[4],
    };
  }
}

/** Sessions are created once per (model folder, provider setting, threads) and reused. */
const cache = new Map<string, Promise<LoadedModel>>();

export function getModel(entry: ModelEntry, setting: ProviderSetting, opts: SessionOptions = {}): Promise<LoadedModel> {
  const key = `${entry.dir}|${setting}|${opts.threads ?? ''}|${opts.strict ? 'strict' : ''}|${opts.preflight === false ? 'nopre' : ''}`;
  let p = cache.get(key);
  if (!p) {
    p = LoadedModel.load(entry, setting, opts);
    cache.set(key, p);
    p.catch(() => cache.delete(key)); // a failed load is retried next time
  }
  return p;
}

export async function releaseAllModels(): Promise<void> {
  const all = [...cache.values()];
  cache.clear();
  for (const p of all) await p.then((m) => m.release()).catch(() => undefined);
}
