// Golden outputs: the ONNX runtime path in src/core reproduces the PyTorch export cases
// (ids, top-5 log-probs, every attention matrix), with KV cache and with full recompute.
import { afterAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/core/manifest';
import { getModel, LoadedModel, releaseAllModels } from '../../src/core/model';
import { continueText, translate } from '../../src/core/engine';
import { attentionAt } from '../../src/core/attentionCapture';
import type { Run } from '../../src/core/run';
import { golden, MODELS } from './modelsUnderTest';

afterAll(() => releaseAllModels());

async function load(dir: string): Promise<LoadedModel> {
  const manifest = loadManifest(dir);
  return getModel({ name: manifest.name, dir, manifest, source: 'user' }, 'cpu');
}

function compareAttention(run: Run, kind: string, expected: number[][][][], tol: number) {
  const t = run.attention.find((a) => a.kind === kind)!;
  expect(t, kind).toBeDefined();
  expect([t.layers, t.heads, t.queries, t.keys]).toEqual([expected.length, expected[0].length, expected[0][0].length, expected[0][0][0].length]);
  let maxDiff = 0;
  for (let l = 0; l < t.layers; l++)
    for (let h = 0; h < t.heads; h++)
      for (let q = 0; q < t.queries; q++) {
        let rowSum = 0;
        for (let k = 0; k < t.keys; k++) {
          const v = attentionAt(t, l, h, q, k);
          rowSum += v;
          maxDiff = Math.max(maxDiff, Math.abs(v - expected[l][h][q][k]));
        }
        expect(Math.abs(rowSum - 1)).toBeLessThan(1e-3);
      }
  expect(maxDiff, `${kind} max abs diff`).toBeLessThan(tol);
}

for (const mut of MODELS) {
  describe.skipIf(!!mut.skip)(`golden ${mut.name}${mut.skip ? ` (skipped: ${mut.skip})` : ''}`, () => {
    for (const useCache of [true, false]) {
      it(`reproduces the PyTorch golden cases (${useCache ? 'KV cache' : 'full recompute'})`, async () => {
        const model = await load(mut.dir);
        const g = golden(mut.dir);
        const tol = Math.max(g.tolerance, 1e-4) * 5;
        for (const c of g.cases) {
          const opts = { maxNewTokens: c.greedyIds.length, useCache, candidates: 5 };
          const run = mut.kind === 'seq2seq' ? await translate(model, c.text, opts) : await continueText(model, c.text, opts);
          const src = run.sourceTokens.map((t) => t.id);
          expect(src).toEqual(mut.kind === 'seq2seq' ? c.srcIds : c.promptIds);
          expect(run.outputTokens.map((t) => t.id)).toEqual(c.greedyIds);
          expect(run.steps.length).toBe(c.steps.length);
          run.steps.forEach((s, i) => {
            const want = c.steps[i];
            s.topK.slice(0, 5).forEach((cand, j) => {
              expect(Math.abs(Math.log(cand.prob) - want.logProbs[j])).toBeLessThan(tol);
            });
            expect(s.chosen.rank).toBe(0);
          });
          for (const [kind, expected] of Object.entries(c.attention)) compareAttention(run, kind, expected, tol);
        }
      });
    }
  });
}
