// Perplexity of a causal model over lines of text: each line is scored on its own as
// [<s>] + tokens + [</s>]. The causal graph has no padding mask, but none is needed for
// RIGHT padding: a real token only attends to earlier positions, never to the pads after it,
// and positions count from 0 as unpadded. So lines of similar length are batched (sorted,
// right-padded) and the pad positions are ignored; batchSize 1 scores one line per call.
//   perplexity = exp(total NLL / scored tokens)      (tokens = text tokens + </s>)
//   bitsPerChar = total NLL / ln 2 / characters      (Unicode code points, newline excluded)
import { throwIfAborted, UserError } from './errors';
import type { LoadedModel } from './model';
import { logProbOf } from './decoding/distribution';
import { checkInputText } from './inputCheck';
import { encodeText } from './tokenization';

export interface ScoreResult {
  perplexity: number;
  bitsPerChar: number;
  /** Scored tokens (including one </s> per line). */
  tokens: number;
  characters: number;
  lines: number;
  skippedEmptyLines: number;
  truncatedLines: number;
  nll: number;
  ms: number;
}

export async function scoreLines(
  model: LoadedModel,
  lines: string[],
  opts: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void; batchSize?: number } = {},
): Promise<ScoreResult> {
  if (model.kind !== 'causal') throw new UserError('bad-usage', `score needs a causal (language) model; "${model.name}" is ${model.kind}.`);
  const t0 = Date.now();
  const st = model.manifest.specialTokens;
  let nll = 0;
  let tokens = 0;
  let characters = 0;
  let scored = 0;
  let skipped = 0;
  let truncated = 0;
  const seqs: number[][] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === '') {
      skipped++;
      continue;
    }
    checkInputText(line, `Line ${i + 1}`);
    const enc = await encodeText(model.tokenizer, line, st.unk);
    let seq = [st.bos, ...enc.ids, st.eos];
    if (seq.length - 1 > model.manifest.maxLength) {
      seq = seq.slice(0, model.manifest.maxLength + 1);
      truncated++;
    }
    seqs.push(seq);
    characters += [...line].length;
    scored++;
  }
  const order = seqs.slice().sort((a, b) => a.length - b.length);
  const bs = Math.max(1, opts.batchSize ?? 16);
  for (let k = 0; k < order.length; k += bs) {
    throwIfAborted(opts.signal);
    const chunk = order.slice(k, k + bs);
    const T = Math.max(...chunk.map((q) => q.length)) - 1;
    const rows = chunk.map((q) => [...q.slice(0, -1), ...new Array(T - (q.length - 1)).fill(st.pad)]);
    const out = await model.decode(rows, null);
    for (let b = 0; b < chunk.length; b++) {
      const q = chunk[b];
      for (let t = 0; t < q.length - 1; t++) nll -= logProbOf(out.logits, (b * T + t) * out.V, out.V, q[t + 1]);
      tokens += q.length - 1;
    }
    opts.onProgress?.(Math.min(k + bs, order.length), order.length);
  }
  if (tokens === 0) throw new UserError('empty-input', 'Nothing to score: the input has no non-empty lines.');
  return {
    perplexity: Math.exp(nll / tokens),
    bitsPerChar: nll / Math.LN2 / characters,
    tokens,
    characters,
    lines: scored,
    skippedEmptyLines: skipped,
    truncatedLines: truncated,
    nll,
    ms: Date.now() - t0,
  };
}
