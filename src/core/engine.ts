// Translate / continue one text: check input, tokenize, decode, capture attention, build the Run.
import { AttentionAccumulator, attentionFromGraph } from './attentionCapture';
import { beamSearch } from './decoding/beam';
import { generate } from './decoding/greedy';
import { recordStep } from './decoding/stepRecord';
import type { DecodeOptions, RawStep } from './decoding/types';
import { throwIfAborted } from './errors';
import { checkInputText, tooLongError } from './inputCheck';
import type { EncoderOutput, LoadedModel } from './model';
import type { AttentionTensor, Run, TokenSpan } from './run';
import { buildRun, outputSpans, specialSpan } from './runBuilder';
import { encodeText, unknownWarning } from './tokenization';

export interface RunOptions extends DecodeOptions {
  /** Cut an over-long input to the model's limit instead of refusing it. */
  truncate?: boolean;
  /** Lower input limit than the model's (tokens, specials included). */
  maxInputTokens?: number;
  origin?: Run['origin'];
  /** Streaming: the text generated so far. */
  onText?: (text: string, ids: number[]) => void | Promise<void>;
  /** How messages name the input: "The selection" (default), "The text"… */
  inputLabel?: string;
  /** Appended to the too-long message, e.g. " (--truncate)". */
  truncateHint?: string;
}

interface Prepared {
  ids: number[];
  tokens: TokenSpan[];
  warnings: string[];
}

/** Tokenizes and checks the input; `reserve` = special tokens added around it. */
export async function prepareInput(model: LoadedModel, text: string, reserve: number, opts: RunOptions): Promise<Prepared> {
  checkInputText(text, opts.inputLabel);
  const enc = await encodeText(model.tokenizer, text, model.manifest.specialTokens.unk);
  const warnings: string[] = [];
  const w = unknownWarning(enc);
  if (w) warnings.push(w);
  const limit = Math.min(model.manifest.maxLength, opts.maxInputTokens ?? Infinity) - reserve;
  let { ids, tokens } = enc;
  if (ids.length > limit) {
    if (!opts.truncate) throw tooLongError(ids.length + reserve, limit + reserve, model.name, opts.inputLabel, opts.truncateHint);
    warnings.push(`Input truncated from ${ids.length} to ${limit} tokens (the rest of the selection was not read).`);
    ids = ids.slice(0, limit);
    tokens = tokens.slice(0, limit);
  }
  if (ids.length === 0) checkInputText('', opts.inputLabel);
  return { ids, tokens, warnings };
}

/** One decoder pass over a known sequence: steps and attention rows (used after beam search). */
async function teacherForced(model: LoadedModel, prompt: number[], ids: number[], enc: EncoderOutput | undefined, k: number) {
  const inputs = [...prompt, ...ids.slice(0, -1)];
  const out = await model.decode([inputs], null, enc);
  const { layers: L, heads: H } = model.manifest;
  const steps: RawStep[] = [];
  const first = prompt.length - 1;
  for (let i = 0; i < ids.length; i++) steps.push(recordStep(out.logits, (first + i) * out.V, out.V, ids[i], k).step);
  const self = new AttentionAccumulator(L, H);
  self.addRows(out.selfAttn, 1, out.Tnew, out.Ttotal);
  let cross: AttentionAccumulator | undefined;
  if (enc && out.crossAttn) {
    cross = new AttentionAccumulator(L, H);
    cross.addRows(out.crossAttn, 1, out.Tnew, enc.S);
  }
  return { steps, self, cross };
}

async function decodeAny(model: LoadedModel, prompt: number[], enc: EncoderOutput | undefined, opts: RunOptions) {
  if (opts.strategy === 'beam') {
    const r = await beamSearch(model, { enc, prompt }, opts);
    const tf = await teacherForced(model, prompt, r.ids, enc, opts.candidates ?? 10);
    return { ids: r.ids, ...tf, decodeMs: r.decodeMs };
  }
  const onToken = opts.onText
    ? async (ids: number[]) => {
        const o = await outputSpans(model, ids);
        await opts.onText!(o.text, ids);
      }
    : opts.onToken;
  return generate(model, { enc, prompt }, { ...opts, onToken });
}

export async function translate(model: LoadedModel, text: string, opts: RunOptions = {}): Promise<Run> {
  if (model.kind !== 'seq2seq') throw new Error(`translate needs a seq2seq model; ${model.name} is ${model.kind}`);
  const t0 = Date.now();
  const st = model.manifest.specialTokens;
  const { layers: L, heads: H } = model.manifest;
  const prep = await prepareInput(model, text, 1, opts);
  const srcIds = [...prep.ids, st.eos];
  throwIfAborted(opts.signal);
  const te = Date.now();
  const enc = await model.encode([srcIds]);
  const encodeMs = Date.now() - te;
  const S = srcIds.length;
  const g = await decodeAny(model, [st.bos], enc, opts);
  const n = g.self.queries;
  const attention: AttentionTensor[] = [
    attentionFromGraph('encoderSelf', enc.encSelfAttn, L, 1, H, S, S, 'source', 'source'),
    g.self.build('decoderSelf', n, 'decoder', 'decoder'),
    g.cross!.build('cross', S, 'decoder', 'source'),
  ];
  return buildRun({
    model,
    sourceText: text,
    sourceTokens: [...prep.tokens, specialSpan(model, st.eos)],
    outputIds: g.ids,
    rawSteps: g.steps,
    attention,
    timings: { loadMs: model.loadMs, encodeMs, decodeMs: g.decodeMs, totalMs: Date.now() - t0 },
    warnings: prep.warnings,
    origin: opts.origin,
  });
}

export async function continueText(model: LoadedModel, text: string, opts: RunOptions = {}): Promise<Run> {
  if (model.kind !== 'causal') throw new Error(`continue needs a causal model; ${model.name} is ${model.kind}`);
  const t0 = Date.now();
  const st = model.manifest.specialTokens;
  const prep = await prepareInput(model, text, 2, opts); // <s> + room for one new token
  const prompt = [st.bos, ...prep.ids];
  const g = await decodeAny(model, prompt, undefined, opts);
  const n = g.self.queries;
  return buildRun({
    model,
    sourceText: text,
    sourceTokens: [specialSpan(model, st.bos), ...prep.tokens],
    outputIds: g.ids,
    rawSteps: g.steps,
    attention: [g.self.build('self', n, 'sequence', 'sequence')],
    timings: { loadMs: model.loadMs, encodeMs: 0, decodeMs: g.decodeMs, totalMs: Date.now() - t0 },
    warnings: prep.warnings,
    origin: opts.origin,
  });
}
