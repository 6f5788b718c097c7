import { entropy, logSoftmax, rankOf, topK } from './distribution';
import type { RawStep } from './types';

/** Summary of the distribution at logits[offset..offset+V) and the chosen token. */
export function recordStep(logits: Float32Array, offset: number, V: number, chosenId: number, k: number): { step: RawStep; logProb: number } {
  const lp = logSoftmax(logits, offset, V);
  const top = topK(lp, k).map((id) => ({ id, prob: Math.exp(lp[id]) }));
  return {
    step: { topK: top, chosenId, chosenProb: Math.exp(lp[chosenId]), rank: rankOf(lp, chosenId), entropy: entropy(lp) },
    logProb: lp[chosenId],
  };
}
