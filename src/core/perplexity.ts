// Perplexity of a causal model over lines of text: each line is scored on its own as
// [<s>] + tokens + [</s>] with one prefill call (the causal graph has no padding mask).
//   perplexity = exp(total NLL / scored tokens)      (tokens = text tokens + </s>)
//   bitsPerChar = total NLL / ln 2 / characters      (Unicode code points, newline excluded)
import { throwIfAborted, UserError } from './errors';
import type { LoadedModel } from './model';
import { logSoftmax } from './decoding/distribution';
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
  opts: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
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
  for (let i = 0; i < lines.length; i++) {
    throwIfAborted(opts.signal);
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
    const out = await model.decode([seq.slice(0, -1)], null);
    for (let t = 0; t < out.Tnew; t++) {
      const lp = logSoftmax(out.logits, t * out.V, out.V);
      nll -= lp[seq[t + 1]];
    }
    tokens += out.Tnew;
    characters += [...line].length;
    scored++;
    opts.onProgress?.(i + 1, lines.length);
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
