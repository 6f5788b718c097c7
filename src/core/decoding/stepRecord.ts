import { topK } from './distribution';
import type { RawStep } from './types';

/**
 * Summary of the distribution at logits[offset..offset+V) and the chosen token.
 * One exp pass in float64 and no per-step allocation of V values (this runs once per
 * generated token with attention capture; see the benchmark p2): with e_j = exp(x_j − max),
 * s = Σe_j, log p_j = x_j − max − log s and entropy = log s − Σ e_j (x_j − max) / s.
 * Ranks and top-k are taken on the logits (log-softmax is monotone).
 */
export function recordStep(logits: Float32Array, offset: number, V: number, chosenId: number, k: number): { step: RawStep; logProb: number } {
  let mx = -Infinity;
  for (let j = offset; j < offset + V; j++) if (logits[j] > mx) mx = logits[j];
  let s = 0;
  let sx = 0;
  const xc = logits[offset + chosenId];
  let rank = 0;
  for (let j = offset; j < offset + V; j++) {
    const x = logits[j];
    const d = x - mx;
    const e = Math.exp(d);
    s += e;
    sx += e * d;
    if (x > xc) rank++;
  }
  const logS = Math.log(s);
  const lp = (id: number) => logits[offset + id] - mx - logS;
  const row = logits.subarray(offset, offset + V);
  const top = topK(row, k).map((id) => ({ id, prob: Math.exp(lp(id)) }));
  const logProb = lp(chosenId);
  return {
    step: { topK: top, chosenId, chosenProb: Math.exp(logProb), rank, entropy: logS - sx / s },
    logProb,
  };
}
