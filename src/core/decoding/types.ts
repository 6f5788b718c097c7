import type { SamplingOptions } from './sampling';

export type Strategy = 'greedy' | 'beam' | 'sample';

export interface DecodeOptions extends SamplingOptions {
  strategy?: Strategy;
  beamSize?: number;
  /** Beam score = logprob / length^lengthPenalty (0: raw log-probability). */
  lengthPenalty?: number;
  maxNewTokens?: number;
  /** KV cache (default true); false recomputes the whole prefix every step. */
  useCache?: boolean;
  /** Candidates recorded per step (default 10). */
  candidates?: number;
  signal?: AbortSignal;
  /** Stop at </s> (default true); false decodes exactly maxNewTokens (benchmarks). */
  stopAtEos?: boolean;
  /** Called after each generated token (greedy and sampling), with all ids so far. */
  onToken?: (ids: number[]) => void | Promise<void>;
}

/** What the model predicted at one generated position (ids only; runBuilder adds text). */
export interface RawStep {
  topK: { id: number; prob: number }[];
  chosenId: number;
  chosenProb: number;
  rank: number;
  entropy: number;
}
