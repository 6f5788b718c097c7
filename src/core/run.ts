// The one run object that the explorer, the hover, the decorations and the CLI
// all consume. Produced by the decoding code in src/core; plain data only
// (typed arrays for the big parts) so it can be posted to the webview.
// Producers (Translate/Continue Selection): after building a Run, call
// `runStore().add(run)` (src/runStore.ts) so the explorer shows it and can link back to the editor.

/** Which attention a tensor holds. seq2seq: encoderSelf, decoderSelf, cross; causal: self. */
export type AttentionKind = 'encoderSelf' | 'decoderSelf' | 'cross' | 'self';

/** One token with its place in the text it came from, in UTF-16 code units (JS string / VS Code offsets). */
export interface TokenSpan {
  id: number;
  /** The vocabulary piece, e.g. "▁Haus". */
  piece: string;
  /** Display text: the covered source substring for input tokens, the decoded piece for generated ones. */
  text: string;
  /** [start, end) into Run.sourceText (input tokens) or Run.outputText (generated tokens); -1 for specials (<s>, </s>). */
  start: number;
  end: number;
  special?: boolean;
}

/**
 * Attention probabilities A = softmax(QKᵀ/√d_k), all layers and heads, row-major
 * [layer][head][query][key]. Rows sum to 1 (masked future keys are 0).
 * queries/keys index into Run token lists as described by `queryTokens`/`keyTokens`.
 */
export interface AttentionTensor {
  kind: AttentionKind;
  layers: number;
  heads: number;
  queries: number;
  keys: number;
  queryTokens: 'source' | 'decoder' | 'sequence';
  keyTokens: 'source' | 'decoder' | 'sequence';
  data: Float32Array;
}

export interface Candidate {
  id: number;
  piece: string;
  text: string;
  prob: number;
}

/** One generated position: what the model predicted there. */
export interface Step {
  topK: Candidate[];
  chosen: Candidate & { rank: number };
  /** Entropy of the full next-token distribution, in nats. */
  entropy: number;
}

export interface Run {
  id: string;
  model: string;
  modelKind: 'seq2seq' | 'causal';
  provider: string;
  /** The analysed input text exactly as selected (offsets of sourceTokens index into it). */
  sourceText: string;
  /** Generated text (detokenized). */
  outputText: string;
  /** Encoder input (seq2seq: text tokens + </s>) or prompt (causal: <s> + text tokens). */
  sourceTokens: TokenSpan[];
  /** Generated tokens, in order (without the final </s> in text, but listed with special=true if produced). */
  outputTokens: TokenSpan[];
  /**
   * seq2seq: decoder inputs = [<s>, y1, …, y_{n-1}]; row t of decoderSelf/cross is the query that predicted y_{t+1}.
   * causal: the whole sequence = sourceTokens ++ outputTokens[:-1] (row t predicted token t+1).
   */
  decoderTokens: TokenSpan[];
  attention: AttentionTensor[];
  steps: Step[];
  layers: number;
  heads: number;
  dModel: number;
  positionalEncoding: { kind: 'sinusoidal'; n: number; d: number };
  /** Where the source came from, for linking back to the editor (absent in the CLI). */
  origin?: { uri: string; startOffset: number; documentVersion: number };
  timings: { loadMs: number; encodeMs: number; decodeMs: number; totalMs: number };
  warnings: string[];
}
