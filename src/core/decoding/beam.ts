// Beam search with the beams batched along B and the KV cache reordered each step.
import { throwIfAborted } from '../errors';
import type { EncoderOutput, KV, LoadedModel } from '../model';
import { gatherBatch } from '../tensors';
import { argmax, logSoftmax, topK } from './distribution';
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
  // The greedy path rides along as one extra batch row that is never pruned, so the result is never
  // worse (in model score) than greedy decoding: plain beam search can prune the greedy prefix and end
  // lower. Not needed for beam 1, which is greedy.
  let greedy: Hyp | null = beam > 1 ? { ids: [], logProb: 0 } : null;
  let greedyStarted = false;
  const finished: (Hyp & { score: number })[] = [];
  let past: KV | null = null;
  let feed: number[][] = [start.prompt];
  for (let t = 0; t < maxNew && (alive.length > 0 || greedy); t++) {
    throwIfAborted(opts.signal);
    const out = await model.decode(feed, past, enc(feed.length));
    const rowOf = (b: number) => (b * out.Tnew + out.Tnew - 1) * out.V;
    // greedy row: its own row once the batch has more than one row (at t = 0 all rows are the prompt)
    const greedyRow = greedyStarted ? alive.length : 0;
    let greedyNext: Hyp | null = null;
    let greedyOrigin = -1;
    if (greedy) {
      const lp = logSoftmax(out.logits, rowOf(greedyRow), out.V);
      const id = argmax(lp);
      const h = { ids: [...greedy.ids, id], logProb: greedy.logProb + lp[id] };
      if (id === eos) finished.push({ ...h, score: norm(h.logProb, h.ids.length) });
      else {
        greedyNext = h;
        greedyOrigin = greedyRow;
      }
    }
    const cands: { from: number; id: number; logProb: number }[] = [];
    for (let b = 0; b < alive.length; b++) {
      const lp = logSoftmax(out.logits, rowOf(b), out.V);
      for (const id of topK(lp, 2 * beam)) cands.push({ from: b, id, logProb: alive[b].logProb + lp[id] });
    }
    cands.sort((a, b) => b.logProb - a.logProb);
    const next: Hyp[] = [];
    const origin: number[] = [];
    for (let r = 0; r < cands.length; r++) {
      const c = cands[r];
      const ids = [...alive[c.from].ids, c.id];
      if (c.id === eos) {
        // Every ending among the candidates is kept (not only those ranked < beam): a finished
        // hypothesis can only be beaten by ones that score higher.
        finished.push({ ids, logProb: c.logProb, score: norm(c.logProb, ids.length) });
      } else if (next.length < beam) {
        next.push({ ids, logProb: c.logProb });
        origin.push(c.from);
      }
    }
    alive = next;
    greedy = greedyNext;
    if (alive.length === 0 && !greedy) break;
    if (finished.length >= beam) {
      const bestDone = Math.max(...finished.map((f) => f.score));
      const open = greedy ? [...alive, greedy] : alive;
      const bestAlive = Math.max(...open.map((a) => norm(a.logProb, a.ids.length)));
      if (bestDone >= bestAlive) break;
    }
    const rows = greedy ? [...origin, greedyOrigin] : origin;
    greedyStarted = true;
    past = { k: gatherBatch(out.present.k, rows, 1), v: gatherBatch(out.present.v, rows, 1) };
    feed = (greedy ? [...alive, greedy] : alive).map((h) => [h.ids[h.ids.length - 1]]);
  }
  if (greedy) alive.push(greedy);
  const pool = finished.length ? finished : alive.map((a) => ({ ...a, score: norm(a.logProb, a.ids.length) }));
  if (finished.length && alive.length) {
    // unfinished hypotheses compete too when the length limit was reached
    for (const a of alive) if (a.ids.length >= maxNew) pool.push({ ...a, score: norm(a.logProb, a.ids.length) });
  }
  pool.sort((a, b) => b.score - a.score);
  const best = pool[0];
  return { ids: best.ids, logProb: best.logProb, score: best.score, hypotheses: pool, decodeMs: Date.now() - t0 };
}
