// Beam search with the beams batched along B and the KV cache reordered each step.
import { throwIfAborted } from '../errors';
import type { EncoderOutput, KV, LoadedModel } from '../model';
import { gatherBatch } from '../tensors';
import { logSoftmax, topK } from './distribution';
import type { DecodeOptions } from './types';

export interface BeamResult {
  /** Best hypothesis: generated ids including </s> if it ended. */
  ids: number[];
  /** Its summed log-probability. */
  logProb: number;
  /** Its ranking score (logProb / length^lengthPenalty). */
  score: number;
  /** All finished hypotheses, best first. */
  hypotheses: { ids: number[]; logProb: number; score: number }[];
  decodeMs: number;
}

interface Hyp {
  ids: number[];
  logProb: number;
}

export async function beamSearch(model: LoadedModel, start: { enc?: EncoderOutput; prompt: number[] }, opts: DecodeOptions): Promise<BeamResult> {
  const t0 = Date.now();
  const m = model.manifest;
  const eos = m.specialTokens.eos;
  const beam = Math.max(1, opts.beamSize ?? 4);
  const alpha = opts.lengthPenalty ?? 1;
  const norm = (lp: number, len: number) => (alpha === 0 ? lp : lp / Math.pow(Math.max(1, len), alpha));
  const room = m.maxLength - start.prompt.length;
  const maxNew = Math.max(1, Math.min(opts.maxNewTokens ?? 64, model.kind === 'causal' ? room : m.maxLength));

  const encFor = (n: number): EncoderOutput | undefined => {
    const e = start.enc;
    if (!e) return undefined;
    if (n === e.B) return e;
    const idx = new Array(n).fill(0);
    return { ...e, B: n, srcMask: gatherBatch(e.srcMask, idx, 0), crossK: gatherBatch(e.crossK, idx, 1), crossV: gatherBatch(e.crossV, idx, 1) };
  };
  const encCache = new Map<number, EncoderOutput | undefined>();
  const enc = (n: number) => {
    if (!encCache.has(n)) encCache.set(n, encFor(n));
    return encCache.get(n);
  };

  let alive: Hyp[] = [{ ids: [], logProb: 0 }];
  const finished: (Hyp & { score: number })[] = [];
  let past: KV | null = null;
  let feed: number[][] = [start.prompt];
  for (let t = 0; t < maxNew && alive.length > 0; t++) {
    throwIfAborted(opts.signal);
    const out = await model.decode(feed, past, enc(alive.length));
    const cands: { from: number; id: number; logProb: number }[] = [];
    for (let b = 0; b < alive.length; b++) {
      const off = (b * out.Tnew + out.Tnew - 1) * out.V;
      const lp = logSoftmax(out.logits, off, out.V);
      for (const id of topK(lp, 2 * beam)) cands.push({ from: b, id, logProb: alive[b].logProb + lp[id] });
    }
    cands.sort((a, b) => b.logProb - a.logProb);
    const next: Hyp[] = [];
    const origin: number[] = [];
    for (let r = 0; r < cands.length && next.length < beam; r++) {
      const c = cands[r];
      const ids = [...alive[c.from].ids, c.id];
      if (c.id === eos) {
        if (r < beam) finished.push({ ids, logProb: c.logProb, score: norm(c.logProb, ids.length) });
      } else {
        next.push({ ids, logProb: c.logProb });
        origin.push(c.from);
      }
    }
    alive = next;
    if (alive.length === 0) break;
    if (finished.length >= beam) {
      const bestDone = Math.max(...finished.map((f) => f.score));
      const bestAlive = Math.max(...alive.map((a) => norm(a.logProb, a.ids.length)));
      if (bestDone >= bestAlive) break;
    }
    past = { k: gatherBatch(out.present.k, origin, 1), v: gatherBatch(out.present.v, origin, 1) };
    feed = alive.map((h) => [h.ids[h.ids.length - 1]]);
  }
  const pool = finished.length ? finished : alive.map((a) => ({ ...a, score: norm(a.logProb, a.ids.length) }));
  if (finished.length && alive.length) {
    // unfinished hypotheses compete too when the length limit was reached
    for (const a of alive) if (a.ids.length >= maxNew) pool.push({ ...a, score: norm(a.logProb, a.ids.length) });
  }
  pool.sort((a, b) => b.score - a.score);
  const best = pool[0];
  return { ids: best.ids, logProb: best.logProb, score: best.score, hypotheses: pool, decodeMs: Date.now() - t0 };
}
