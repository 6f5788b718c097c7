// score: perplexity and bits per character of a causal model, checked against a direct computation
// from the golden PyTorch log-probabilities and by hand.
import { afterAll, describe, expect, it } from 'vitest';
import { scoreLines } from '../../src/core/perplexity';
import { releaseAllModels } from '../../src/core/model';
import { continueText } from '../../src/core/engine';
import { loadModelDir, MODELS } from './modelsUnderTest';

afterAll(() => releaseAllModels());

for (const mut of MODELS.filter((m) => m.kind === 'causal')) {
  describe.skipIf(!!mut.skip)(`perplexity ${mut.name}${mut.skip ? ` (skipped: ${mut.skip})` : ''}`, () => {
    it('equals exp(mean NLL) of [text tokens, </s>] given <s>, computed step by step', async () => {
      const model = await loadModelDir(mut.dir);
      const lines = ['A man in a blue shirt.', '', 'Two dogs play in the snow.'];
      const r = await scoreLines(model, lines);
      expect(r.lines).toBe(2);
      expect(r.skippedEmptyLines).toBe(1);
      // reference: teacher-forced probabilities one token at a time through the decoding path
      let nll = 0;
      let tokens = 0;
      for (const line of lines.filter(Boolean)) {
        const run = await continueText(model, line, { maxNewTokens: 1 });
        const ids = [...run.sourceTokens.map((t) => t.id), model.manifest.specialTokens.eos];
        const out = await model.decode([ids.slice(0, -1)], null);
        for (let t = 0; t < out.Tnew; t++) {
          let mx = -Infinity;
          for (let j = 0; j < out.V; j++) mx = Math.max(mx, out.logits[t * out.V + j]);
          let s = 0;
          for (let j = 0; j < out.V; j++) s += Math.exp(out.logits[t * out.V + j] - mx);
          nll -= out.logits[t * out.V + ids[t + 1]] - mx - Math.log(s);
          tokens++;
        }
      }
      expect(r.tokens).toBe(tokens);
      expect(r.perplexity).toBeCloseTo(Math.exp(nll / tokens), 4);
      expect(r.characters).toBe('A man in a blue shirt.'.length + 'Two dogs play in the snow.'.length);
      expect(r.bitsPerChar).toBeCloseTo(nll / Math.LN2 / r.characters, 6);
    });

    it('refuses input with nothing to score and names binary lines', async () => {
      const model = await loadModelDir(mut.dir);
      await expect(scoreLines(model, ['', '  '])).rejects.toThrow(/Nothing to score/);
      await expect(scoreLines(model, ['ok', 'bad\u0000line'])).rejects.toThrow(/Line 2 contains NUL bytes/);
    });
  });
}

for (const mut of MODELS.filter((m) => m.kind === 'causal')) {
  describe.skipIf(!!mut.skip)(`perplexity batching ${mut.name}`, () => {
    it('right-padded batches give the same numbers as one line at a time', async () => {
      const model = await loadModelDir(mut.dir);
      const lines = ['A dog.', 'A man in a blue shirt is standing on a ladder cleaning windows.', 'Two', '', 'People walk down the street in the city at night.'];
      const one = await scoreLines(model, lines, { batchSize: 1 });
      for (const batchSize of [2, 16]) {
        const many = await scoreLines(model, lines, { batchSize });
        expect(many.tokens).toBe(one.tokens);
        expect(Math.abs(many.nll - one.nll) / one.nll).toBeLessThan(1e-5);
      }
    });
  });
}
