// The CLI's --json view of a Run: plain JSON with nested [layer][head][query][key] attention.
import { attentionToNested } from '../core/attentionCapture';
import type { Run, TokenSpan } from '../core/run';

const span = (t: TokenSpan) => ({ text: t.text, start: t.start, end: t.end, id: t.id, piece: t.piece, ...(t.special ? { special: true } : {}) });

export function runToJson(run: Run, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const attention: Record<string, number[][][][]> = {};
  for (const a of run.attention) attention[a.kind] = attentionToNested(a);
  return {
    output: run.outputText,
    model: run.model,
    modelKind: run.modelKind,
    provider: run.provider,
    ...extra,
    source: run.sourceText,
    sourceTokens: run.sourceTokens.map(span),
    outputTokens: run.outputTokens.map(span),
    decoderTokens: run.decoderTokens.map(span),
    attention,
    steps: run.steps.map((s) => ({
      topK: s.topK.map((c) => ({ token: c.text, piece: c.piece, id: c.id, prob: c.prob })),
      chosen: { token: s.chosen.text, piece: s.chosen.piece, id: s.chosen.id, prob: s.chosen.prob, rank: s.chosen.rank },
      entropy: s.entropy,
    })),
    layers: run.layers,
    heads: run.heads,
    timings: run.timings,
    warnings: run.warnings,
  };
}
