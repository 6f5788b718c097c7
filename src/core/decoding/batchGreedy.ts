// Greedy translation of many sentences at once: right-padded sources with src_mask, one
// decoder call per step for the whole batch, KV cache, finished rows dropped from the batch.
// No attention or step records: this is the fast path for files (CLI --input).
import { throwIfAborted } from '../errors';
import type { EncoderOutput, KV, LoadedModel } from '../model';
import { gatherBatch } from '../tensors';

export async function batchGreedyIds(
  model: LoadedModel,
  srcRows: number[][],
  opts: { maxNewTokens?: (srcLen: number) => number; signal?: AbortSignal } = {},
): Promise<number[][]> {
  const st = model.manifest.specialTokens;
  const maxNew = srcRows.map((r) => Math.min(model.manifest.maxLength, opts.maxNewTokens ? opts.maxNewTokens(r.length) : Math.floor(1.5 * r.length) + 10));
  let enc: EncoderOutput = await model.encode(srcRows);
  const results: number[][] = srcRows.map(() => []);
  let alive = srcRows.map((_, i) => i);
  let past: KV | null = null;
  let feed = alive.map(() => [st.bos]);
  while (alive.length > 0) {
    throwIfAborted(opts.signal);
    const out = await model.decode(feed, past, enc);
    const keep: number[] = [];
    const nextFeed: number[][] = [];
    for (let b = 0; b < alive.length; b++) {
      const off = b * out.V; // Tnew = 1
      let best = 0;
      let bv = out.logits[off];
      for (let j = 1; j < out.V; j++) {
        const v = out.logits[off + j];
        if (v > bv) {
          bv = v;
          best = j;
        }
      }
      const i = alive[b];
      results[i].push(best);
      if (best !== st.eos && results[i].length < maxNew[i]) {
        keep.push(b);
        nextFeed.push([best]);
      }
    }
    if (keep.length === 0) break;
    if (keep.length === alive.length) {
      past = out.present;
    } else {
      past = { k: gatherBatch(out.present.k, keep, 1), v: gatherBatch(out.present.v, keep, 1) };
      enc = { ...enc, B: keep.length, srcMask: gatherBatch(enc.srcMask, keep, 0), crossK: gatherBatch(enc.crossK, keep, 1), crossV: gatherBatch(enc.crossV, keep, 1) };
    }
    alive = keep.map((b) => alive[b]);
    feed = nextFeed;
  }
  return results;
}
