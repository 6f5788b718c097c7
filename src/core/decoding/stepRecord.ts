import { topK } from './distribution';
import { expNonPositive } from './fastExp';
import type { RawStep } from './types';

/** Max, argmax and the k largest entries (largest first, ties: lower index first) in one pass. */
export interface LogitsSummary {
  max: number;
  argmax: number;
  top: number[];
}

/**
 * One pass over logits[offset..offset+V): max, argmax and top-k, so that greedy decoding picks
 * its token and the step record gets its candidates without walking the vocabulary again.
 */
export function summarizeLogits(logits: Float32Array, offset: number, V: number, k: number): LogitsSummary {
  const top = topK(logits.subarray(offset, offset + V), Math.max(1, k));
  return { max: logits[offset + top[0]], argmax: top[0], top };
}

/**
 * Summary of the distribution at logits[offset..offset+V) and the chosen token.
 * One exp pass in float64 and no per-step allocation of V values (this runs once per
 * generated token with attention capture; see the benchmark p2): with e_j = exp(x_j − max),
 * s = Σe_j, log p_j = x_j − max − log s and entropy = log s − Σ e_j (x_j − max) / s.
 * Ranks and top-k are taken on the logits (log-softmax is monotone). Pass `summary` when
 * summarizeLogits already ran on this row (greedy decoding does, to pick the token).
 */
export function recordStep(
  logits: Float32Array,
  offset: number,
  V: number,
  chosenId: number,
  k: number,
  summary: LogitsSummary = summarizeLogits(logits, offset, V, k),
): { step: RawStep; logProb: number } {
  const mx = summary.max;
  const end = offset + V;
  let s = 0;
  let sx = 0;
  for (let j = offset; j < end; j++) {
    const d = logits[j] - mx;
    const e = expNonPositive(d);
    s += e;
    sx += e * d;
  }
  // rank = tokens strictly more probable than the chosen one; 0 for the (first) argmax
  const xc = logits[offset + chosenId];
  let rank = 0;
  if (xc < mx || chosenId !== summary.argmax) for (let j = offset; j < end; j++) if (logits[j] > xc) rank++;
  const logS = Math.log(s);
  const lp = (id: number) => logits[offset + id] - mx - logS;
  const top = summary.top.slice(0, k).map((id) => ({ id, prob: Math.exp(lp(id)) }));
  const logProb = lp(chosenId);
  return {
    step: { topK: top, chosenId, chosenProb: Math.exp(logProb), rank, entropy: logS - sx / s },
    logProb,
  };
}
