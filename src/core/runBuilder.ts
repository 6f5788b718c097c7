// Assembles the Run object (src/core/run.ts) from decoding results.
import type { LoadedModel } from './model';
import type { RawStep } from './decoding/types';
import type { AttentionTensor, Run, Step, TokenSpan } from './run';
import { decodeWithSpans, pieceText } from './tokenization';

export function specialSpan(model: LoadedModel, id: number): TokenSpan {
  const piece = model.tokenizer.idToToken(id) ?? `<${id}>`;
  return { id, piece, text: piece, start: -1, end: -1, special: true };
}

export function toSteps(model: LoadedModel, raw: RawStep[]): Step[] {
  const piece = (id: number) => model.tokenizer.idToToken(id) ?? `<${id}>`;
  const cand = (id: number, prob: number) => ({ id, piece: piece(id), text: pieceText(piece(id)), prob });
  return raw.map((s) => ({
    topK: s.topK.map((c) => cand(c.id, c.prob)),
    chosen: { ...cand(s.chosenId, s.chosenProb), rank: s.rank },
    entropy: s.entropy,
  }));
}

export async function outputSpans(model: LoadedModel, ids: number[]): Promise<{ text: string; spans: TokenSpan[] }> {
  const st = model.manifest.specialTokens;
  return decodeWithSpans(model.tokenizer, ids, new Set([st.pad, st.bos, st.eos]));
}

export interface RunParts {
  model: LoadedModel;
  sourceText: string;
  sourceTokens: TokenSpan[];
  outputIds: number[];
  rawSteps: RawStep[];
  attention: AttentionTensor[];
  timings: { loadMs: number; encodeMs: number; decodeMs: number; totalMs: number };
  warnings: string[];
  origin?: Run['origin'];
}

export async function buildRun(p: RunParts): Promise<Run> {
  const { model } = p;
  const m = model.manifest;
  const out = await outputSpans(model, p.outputIds);
  const outputTokens = out.spans;
  const decoderTokens =
    model.kind === 'seq2seq'
      ? [specialSpan(model, m.specialTokens.bos), ...outputTokens.slice(0, -1)]
      : [...p.sourceTokens, ...outputTokens.slice(0, -1)];
  return {
    id: Buffer.from(globalThis.crypto.getRandomValues(new Uint8Array(6))).toString('hex'),
    model: model.name,
    modelKind: model.kind,
    provider: model.provider,
    sourceText: p.sourceText,
    outputText: out.text,
    sourceTokens: p.sourceTokens,
    outputTokens,
    decoderTokens,
    attention: p.attention,
    steps: toSteps(model, p.rawSteps),
    layers: m.layers,
    heads: m.heads,
    dModel: m.dModel,
    positionalEncoding: { kind: 'sinusoidal', n: m.positionalEncoding.n, d: m.positionalEncoding.d },
    origin: p.origin,
    timings: p.timings,
    warnings: p.warnings,
  };
}
