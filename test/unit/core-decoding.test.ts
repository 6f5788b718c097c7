// Decoding strategies on the fixtures and (when present) the real models.
import { afterAll, describe, expect, it } from 'vitest';
import { translateLines } from '../../src/core/batch';
import { beamSearch } from '../../src/core/decoding/beam';
import { logSoftmax } from '../../src/core/decoding/distribution';
import { expNonPositive } from '../../src/core/decoding/fastExp';
import { sampleToken, seededRandom } from '../../src/core/decoding/sampling';
import { recordStep, summarizeLogits } from '../../src/core/decoding/stepRecord';
import { continueText, translate } from '../../src/core/engine';
import { releaseAllModels } from '../../src/core/model';
import { golden, loadModelDir, MODELS } from './modelsUnderTest';

afterAll(() => releaseAllModels());

describe('sampling', () => {
  const logits = new Float32Array([0, 1, 2, 3, 4, 5]);
  it('is reproducible with a seed', () => {
    const draw = (seed: number) => {
      const r = seededRandom(seed);
      return Array.from({ length: 20 }, () => sampleToken(logits, 0, 6, { temperature: 1 }, r));
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
  });
  it('top-k and top-p restrict the candidates; temperature 0 is greedy', () => {
    const r = seededRandom(1);
    for (let i = 0; i < 200; i++) expect(sampleToken(logits, 0, 6, { topK: 2 }, r)).toBeGreaterThanOrEqual(4);
    // p(5) ≈ 0.636, p(4) ≈ 0.234: top-p 0.5 keeps only token 5
    for (let i = 0; i < 200; i++) expect(sampleToken(logits, 0, 6, { topP: 0.5 }, r)).toBe(5);
    expect(sampleToken(logits, 0, 6, { temperature: 0 }, r)).toBe(5);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 4000; i++) counts[sampleToken(logits, 0, 6, { temperature: 1 }, r)]++;
    expect(counts[5] / 4000).toBeGreaterThan(0.58);
    expect(counts[5] / 4000).toBeLessThan(0.69);
  });
});

describe('step record', () => {
  it('expNonPositive matches Math.exp to 1e-12 relative over the double range', () => {
    const r = seededRandom(3);
    const ds = [0, -1e-12, -Math.LN2 / 32, -Math.LN2, -1, -20, -700, -745, ...Array.from({ length: 20000 }, () => -r() * 745)];
    for (const d of ds) expect(Math.abs(expNonPositive(d) - Math.exp(d))).toBeLessThanOrEqual(1e-12 * Math.exp(d) + 1e-320);
    expect(expNonPositive(-746)).toBe(0);
    expect(expNonPositive(-Infinity)).toBe(0);
  });

  it('top-k, rank, probabilities and entropy agree with a float64 log-softmax reference', () => {
    const r = seededRandom(11);
    const V = 5000;
    const logits = new Float32Array(2 * V);
    for (let j = 0; j < logits.length; j++) logits[j] = Math.round((r() * 30 - 15) * 4) / 4; // many ties
    const off = V; // the second row
    const ref = logSoftmax(logits, off, V);
    const order = Array.from({ length: V }, (_, j) => j).sort((a, b) => ref[b] - ref[a] || a - b);
    const s = summarizeLogits(logits, off, V, 10);
    expect(s.top).toEqual(order.slice(0, 10));
    expect(s.argmax).toBe(order[0]);
    let H = 0;
    for (let j = 0; j < V; j++) H -= Math.exp(ref[j]) * ref[j];
    for (const chosen of [order[0], order[7], order[3000], order[V - 1]]) {
      const { step, logProb } = recordStep(logits, off, V, chosen, 10, chosen === order[0] ? s : undefined);
      expect(logProb).toBeCloseTo(ref[chosen], 10);
      expect(step.chosenProb).toBeCloseTo(Math.exp(ref[chosen]), 12);
      expect(step.rank).toBe(order.filter((j) => ref[j] > ref[chosen]).length);
      expect(step.entropy).toBeCloseTo(H, 10);
      expect(step.topK.map((t) => t.id)).toEqual(order.slice(0, 10));
      step.topK.forEach((t) => expect(t.prob).toBeCloseTo(Math.exp(ref[t.id]), 12));
    }
    expect(summarizeLogits(logits, 0, 3, 10).top.length).toBe(3); // k larger than V
  });
});

for (const mut of MODELS) {
  describe.skipIf(!!mut.skip)(`decoding ${mut.name}${mut.skip ? ` (skipped: ${mut.skip})` : ''}`, () => {
    const g = mut.skip ? { cases: [] } : golden(mut.dir);
    const texts = g.cases.map((c) => c.text);
    const run = async (text: string, opts: Parameters<typeof translate>[2]) => {
      const model = await loadModelDir(mut.dir);
      return mut.kind === 'seq2seq' ? translate(model, text, opts) : continueText(model, text, opts);
    };

    it('KV-cache decoding equals full recompute (ids, probabilities, attention)', async () => {
      for (const text of [...texts, 'A group of people are standing in front of a large building with many windows.']) {
        const a = await run(text, { maxNewTokens: 20 });
        const b = await run(text, { maxNewTokens: 20, useCache: false });
        expect(a.outputTokens.map((t) => t.id)).toEqual(b.outputTokens.map((t) => t.id));
        a.steps.forEach((s, i) => expect(Math.abs(s.chosen.prob - b.steps[i].chosen.prob)).toBeLessThan(1e-4));
        a.attention.forEach((t, i) => {
          const u = b.attention[i];
          expect([t.queries, t.keys]).toEqual([u.queries, u.keys]);
          let d = 0;
          for (let j = 0; j < t.data.length; j++) d = Math.max(d, Math.abs(t.data[j] - u.data[j]));
          expect(d, t.kind).toBeLessThan(1e-4);
        });
      }
    });

    it('beam search scores ≥ greedy; beam 1 = greedy; the run has full attention for the chosen beam', async () => {
      const model = await loadModelDir(mut.dir);
      const st = model.manifest.specialTokens;
      for (const text of texts) {
        const greedy = await run(text, { maxNewTokens: 20 });
        const greedyLogProb = greedy.steps.reduce((a, s) => a + Math.log(s.chosen.prob), 0);
        const start =
          mut.kind === 'seq2seq'
            ? { enc: await model.encode([greedy.sourceTokens.map((t) => t.id)]), prompt: [st.bos] }
            : { prompt: greedy.sourceTokens.map((t) => t.id) };
        for (const beamSize of [2, 4]) {
          const b = await beamSearch(model, start, { beamSize, lengthPenalty: 0, maxNewTokens: 20 });
          expect(b.logProb).toBeGreaterThanOrEqual(greedyLogProb - 1e-4);
        }
        const one = await beamSearch(model, start, { beamSize: 1, lengthPenalty: 0, maxNewTokens: 20 });
        expect(one.ids).toEqual(greedy.outputTokens.map((t) => t.id));
        const beamRun = await run(text, { strategy: 'beam', beamSize: 4, maxNewTokens: 20 });
        const n = beamRun.outputTokens.length;
        expect(beamRun.steps.length).toBe(n);
        for (const a of beamRun.attention) {
          if (a.kind === 'decoderSelf' || a.kind === 'cross') expect(a.queries).toBe(n);
          if (a.kind === 'self') expect(a.queries).toBe(beamRun.sourceTokens.length + n - 1);
        }
      }
    });

    it('records top-k, rank and entropy per step; rows of every attention matrix sum to 1', async () => {
      const r = await run(texts[0], { strategy: 'sample', seed: 3, temperature: 1.5, maxNewTokens: 8 });
      for (const s of r.steps) {
        expect(s.topK.length).toBe(10);
        for (let i = 1; i < s.topK.length; i++) expect(s.topK[i].prob).toBeLessThanOrEqual(s.topK[i - 1].prob);
        expect(s.entropy).toBeGreaterThan(0);
        expect(s.entropy).toBeLessThanOrEqual(Math.log(8000) + 1e-6);
        if (s.chosen.rank < 10) expect(s.topK[s.chosen.rank].id).toBe(s.chosen.id);
      }
      for (const a of r.attention) {
        expect(a.data).toBeInstanceOf(Float32Array);
        for (let row = 0; row < a.layers * a.heads * a.queries; row++) {
          let sum = 0;
          for (let k = 0; k < a.keys; k++) sum += a.data[row * a.keys + k];
          expect(Math.abs(sum - 1)).toBeLessThan(1e-3);
        }
      }
      const again = await run(texts[0], { strategy: 'sample', seed: 3, temperature: 1.5, maxNewTokens: 8 });
      expect(again.outputText).toBe(r.outputText);
    });

    it('streams tokens as they come', async () => {
      const seen: string[] = [];
      const r = await run(texts[0], { maxNewTokens: 6, onText: (t) => void seen.push(t) });
      expect(seen.length).toBe(r.outputTokens.length);
      expect(seen[seen.length - 1]).toBe(r.outputText);
    });

    it('stops at the max and at </s>; honours cancellation', async () => {
      const r = await run(texts[0], { maxNewTokens: 3 });
      expect(r.outputTokens.length).toBeLessThanOrEqual(3);
      const ac = new AbortController();
      await expect(
        run(texts[0], { maxNewTokens: 30, signal: ac.signal, onText: () => ac.abort() }),
      ).rejects.toThrow(/Cancelled/);
    });

    if (mut.kind === 'seq2seq') {
      it('batched greedy (padding + src_mask) gives the same translations as one at a time', async () => {
        const model = await loadModelDir(mut.dir);
        const lines = [...texts, '', 'A dog.', 'A woman in a red coat is walking down a busy street in the city.'];
        const batch = await translateLines(model, lines, { batchSize: 4, maxNewTokens: 20 });
        expect(batch.outputs[texts.length]).toBe('');
        for (let i = 0; i < lines.length; i++) {
          if (!lines[i]) continue;
          const srcLen = (await translate(model, lines[i], { maxNewTokens: 1 })).sourceTokens.length;
          const capped = await translate(model, lines[i], { maxNewTokens: Math.min(20, Math.floor(1.5 * srcLen) + 10) });
          expect(batch.outputs[i], lines[i]).toBe(capped.outputText);
        }
      });
    }
  });
}
