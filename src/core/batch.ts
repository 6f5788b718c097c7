// Translate a list of segments (one per line of a file): tokenized, sorted by length,
// batched greedy (or per-sentence beam search). Empty lines stay empty.
import { beamSearch } from './decoding/beam';
import { batchGreedyIds } from './decoding/batchGreedy';
import { throwIfAborted } from './errors';
import { checkInputText } from './inputCheck';
import type { LoadedModel } from './model';
import { encodeText } from './tokenization';

export interface BatchOptions {
  beamSize?: number;
  lengthPenalty?: number;
  batchSize?: number;
  maxNewTokens?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

export interface BatchResult {
  outputs: string[];
  warnings: string[];
  ms: number;
  tokensOut: number;
}

export async function translateLines(model: LoadedModel, lines: string[], opts: BatchOptions = {}): Promise<BatchResult> {
  const t0 = Date.now();
  const st = model.manifest.specialTokens;
  const limit = model.manifest.maxLength - 1;
  const warnings: string[] = [];
  const src: { i: number; ids: number[] }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    checkInputText(lines[i], `Line ${i + 1}`);
    let ids = (await encodeText(model.tokenizer, lines[i], st.unk)).ids;
    if (ids.length > limit) {
      warnings.push(`Line ${i + 1}: ${ids.length} tokens, truncated to ${limit}.`);
      ids = ids.slice(0, limit);
    }
    src.push({ i, ids: [...ids, st.eos] });
  }
  const outputs = lines.map(() => '');
  const maxNew = (n: number) => Math.min(opts.maxNewTokens ?? Infinity, Math.floor(1.5 * n) + 10);
  let done = 0;
  let tokensOut = 0;
  const finish = async (i: number, ids: number[]) => {
    tokensOut += ids.length;
    outputs[i] = await model.tokenizer.decode(ids.filter((id) => id !== st.eos && id !== st.pad && id !== st.bos), true);
    opts.onProgress?.(++done, src.length);
  };
  if (opts.beamSize && opts.beamSize > 1) {
    for (const s of src) {
      throwIfAborted(opts.signal);
      const enc = await model.encode([s.ids]);
      const r = await beamSearch(model, { enc, prompt: [st.bos] }, { beamSize: opts.beamSize, lengthPenalty: opts.lengthPenalty, maxNewTokens: maxNew(s.ids.length), signal: opts.signal });
      await finish(s.i, r.ids);
    }
  } else {
    const order = src.slice().sort((a, b) => a.ids.length - b.ids.length);
    const bs = Math.max(1, opts.batchSize ?? 16);
    for (let k = 0; k < order.length; k += bs) {
      const chunk = order.slice(k, k + bs);
      const ids = await batchGreedyIds(model, chunk.map((c) => c.ids), { maxNewTokens: maxNew, signal: opts.signal });
      for (let j = 0; j < chunk.length; j++) await finish(chunk[j].i, ids[j]);
    }
  }
  return { outputs, warnings, ms: Date.now() - t0, tokensOut };
}
