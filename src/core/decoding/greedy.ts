// Greedy decoding and sampling for one sequence, with KV cache (or full recompute),
// recording every step and capturing attention rows as they come.
import { throwIfAborted } from '../errors';
import type { EncoderOutput, KV, LoadedModel } from '../model';
import { AttentionAccumulator } from '../attentionCapture';
import { sampleToken, seededRandom } from './sampling';
import { recordStep, summarizeLogits } from './stepRecord';
import type { DecodeOptions, RawStep } from './types';

export interface Generation {
  /** Generated ids, including the final </s> if produced. */
  ids: number[];
  steps: RawStep[];
  /** Sum of log-probabilities of the generated ids. */
  logProb: number;
  /** decoderSelf (seq2seq) or self (causal) rows. */
  self: AttentionAccumulator;
  /** cross rows (seq2seq). */
  cross?: AttentionAccumulator;
  decodeMs: number;
}

/**
 * seq2seq: `enc` given, decoding starts from <s>. causal: `prompt` is [<s>, …text ids].
 * Stops at </s> or after maxNewTokens.
 */
export async function generate(model: LoadedModel, start: { enc?: EncoderOutput; prompt: number[] }, opts: DecodeOptions): Promise<Generation> {
  const t0 = Date.now();
  const m = model.manifest;
  const eos = m.specialTokens.eos;
  const useCache = opts.useCache !== false;
  const k = opts.candidates ?? 10;
  const rand = opts.strategy === 'sample' ? seededRandom(opts.seed ?? Date.now()) : undefined;
  const room = m.maxLength - start.prompt.length;
  const maxNew = Math.max(0, Math.min(opts.maxNewTokens ?? 64, model.kind === 'causal' ? room : m.maxLength));
  const self = new AttentionAccumulator(m.layers, m.heads);
  const cross = start.enc ? new AttentionAccumulator(m.layers, m.heads) : undefined;
  const inputs = start.prompt.slice();
  const ids: number[] = [];
  const steps: RawStep[] = [];
  let logProb = 0;
  let past: KV | null = null;
  let feed = inputs.slice();
  while (ids.length < maxNew) {
    throwIfAborted(opts.signal);
    const out = await model.decode([useCache ? feed : inputs], useCache ? past : null, start.enc);
    throwIfAborted(opts.signal);
    const T = out.Tnew;
    const onlyLast = !useCache && ids.length > 0;
    self.addRows(out.selfAttn, 1, T, out.Ttotal, 0, onlyLast);
    if (cross && out.crossAttn) cross.addRows(out.crossAttn, 1, T, start.enc!.S, 0, onlyLast);
    past = out.present;
    const off = (T - 1) * out.V;
    const summary = summarizeLogits(out.logits, off, out.V, k);
    const next = rand ? sampleToken(out.logits, off, out.V, opts, rand) : summary.argmax;
    const rec = recordStep(out.logits, off, out.V, next, k, summary);
    steps.push(rec.step);
    logProb += rec.logProb;
    ids.push(next);
    if (opts.onToken) await opts.onToken(ids.slice());
    if (next === eos && opts.stopAtEos !== false) break;
    inputs.push(next);
    feed = [next];
  }
  return { ids, steps, logProb, self, cross, decodeMs: Date.now() - t0 };
}
