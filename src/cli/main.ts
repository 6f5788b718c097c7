// attention-lens CLI: translate, continue, score, bleu — the same src/core the extension uses.
import { translateLines } from '../core/batch';
import { corpusBleu } from '../core/bleu';
import { continueText, RunOptions, translate } from '../core/engine';
import { describeError, isUserError, UserError } from '../core/errors';
import { getModel, LoadedModel, releaseAllModels } from '../core/model';
import { bundledModelsDir, defaultModel, resolveModel, scanModels } from '../core/modelRegistry';
import { scoreLines } from '../core/perplexity';
import { isProviderSetting, PROVIDER_SETTINGS } from '../core/providers';
import { Flags, parseArgs } from './args';
import { CliIO, processIO, readLines, writeLines } from './io';
import { runToJson } from './runJson';

export const USAGE = `Usage:
  attention-lens translate [--model en-de] [--beam N] [--json] TEXT
  attention-lens translate [--model en-de] [--beam N] --input FILE [--output FILE]   (one segment per line)
  attention-lens continue  [--model en-lm] [--max-new-tokens N] [--json] TEXT
                           [--temperature T] [--top-k K] [--top-p P] [--seed S]     (sampling; default greedy)
  attention-lens score     [--model en-lm] --input FILE        → {"perplexity", "bitsPerChar", "tokens", …}
  attention-lens bleu      --hyp FILE --ref FILE [--json]      → corpus BLEU (sacreBLEU 13a, exp smoothing)
  attention-lens models                                        list the models found

Options everywhere:
  --provider auto|cpu|cuda|webgpu|dml|coreml   where ONNX Runtime runs (default auto: GPU if any, else CPU;
                                               a named provider that is unavailable is an error)
  --model NAME|PATH   a bundled model name or a model folder
  --threads N         ONNX Runtime intra-op threads (default: half the cores, at most 4)
  --truncate          cut input longer than the model's limit instead of refusing it
  --verbose           provider attempts and timings on stderr
TEXT may also come on stdin. Exit codes: 0 ok, 1 error, 2 bad usage.
`;

interface Ctx {
  io: CliIO;
  f: Flags;
  verbose: boolean;
}

async function loadModel(ctx: Ctx, kind: 'seq2seq' | 'causal'): Promise<LoadedModel> {
  const providerArg = ctx.f.str('provider') ?? 'auto';
  if (!isProviderSetting(providerArg)) {
    throw new UserError('bad-usage', `unknown provider "${providerArg}"; use one of ${PROVIDER_SETTINGS.join(', ')}`);
  }
  const threads = ctx.f.num('threads', { int: true, min: 1, max: 256 });
  const registry = scanModels({ bundledDir: bundledModelsDir(__dirname) });
  const name = ctx.f.str('model');
  const entry = name ? resolveModel(name, registry) : defaultModel(registry, kind, registry.models.some((m) => m.name === (kind === 'seq2seq' ? 'en-de' : 'en-lm')) ? (kind === 'seq2seq' ? 'en-de' : 'en-lm') : undefined);
  if (entry.manifest.kind !== kind) {
    throw new UserError('bad-usage', `model "${entry.name}" is a ${entry.manifest.kind} model; this command needs a ${kind === 'seq2seq' ? 'translation (seq2seq)' : 'language (causal)'} model`);
  }
  const model = await getModel(entry, providerArg, { threads, strict: true, log: ctx.verbose ? (l) => ctx.io.err(`[attention-lens] ${l}\n`) : undefined });
  if (ctx.verbose) ctx.io.err(`[attention-lens] model ${model.name} on ${model.provider}, loaded in ${model.loadMs} ms\n`);
  return model;
}

async function textArg(ctx: Ctx, positionals: string[]): Promise<string> {
  if (positionals.length) return positionals.join(' ');
  const s = await ctx.io.stdin();
  if (s === undefined) throw new UserError('bad-usage', 'no TEXT given (pass it as an argument or on stdin)');
  return s.replace(/\r?\n$/, '');
}

function providerInfo(model: LoadedModel) {
  return { providerAttempts: model.attempts, ...(model.fallbackReason ? { fallbackReason: model.fallbackReason } : {}) };
}

function decodeOptions(ctx: Ctx, forContinue: boolean): RunOptions {
  const beam = ctx.f.num('beam', { int: true, min: 1, max: 64 });
  const temperature = ctx.f.num('temperature', { min: 0 });
  const topK = ctx.f.num('top-k', { int: true, min: 0 });
  const topP = ctx.f.num('top-p', { min: 0, max: 1 });
  const seed = ctx.f.num('seed', { int: true });
  const sample = ctx.f.has('sample') || (forContinue && (temperature !== undefined || topK !== undefined || topP !== undefined || seed !== undefined));
  if (sample && beam && beam > 1) throw new UserError('bad-usage', '--beam cannot be combined with sampling options');
  return {
    strategy: beam && beam > 1 ? 'beam' : sample ? 'sample' : 'greedy',
    beamSize: beam,
    lengthPenalty: ctx.f.num('length-penalty', { min: 0 }),
    temperature,
    topK,
    topP,
    seed: seed ?? (sample ? 0 : undefined),
    maxNewTokens: ctx.f.num('max-new-tokens', { int: true, min: 1, max: 4096 }),
    truncate: ctx.f.has('truncate'),
    inputLabel: 'The text',
    truncateHint: ' (--truncate)',
    useCache: !ctx.f.has('no-cache'),
  };
}

async function cmdTranslate(ctx: Ctx, positionals: string[]): Promise<number> {
  const input = ctx.f.str('input');
  const output = ctx.f.str('output');
  const json = ctx.f.has('json');
  const opts = decodeOptions(ctx, false);
  const batchSize = ctx.f.num('batch-size', { int: true, min: 1, max: 512 });
  if (input !== undefined) {
    ctx.f.checkUnknown();
    if (positionals.length) throw new UserError('bad-usage', 'give either TEXT or --input FILE, not both');
    const lines = readLines(input);
    const model = await loadModel(ctx, 'seq2seq');
    const showProgress = process.stderr.isTTY && ctx.io === processIO;
    const r = await translateLines(model, lines, {
      beamSize: opts.beamSize,
      lengthPenalty: opts.lengthPenalty,
      batchSize,
      maxNewTokens: opts.maxNewTokens,
      onProgress: showProgress ? (d, t) => ctx.io.err(`\r${d}/${t}`) : undefined,
    });
    if (showProgress) ctx.io.err('\n');
    for (const w of r.warnings) ctx.io.err(`warning: ${w}\n`);
    if (output) writeLines(output, r.outputs);
    else ctx.io.out(r.outputs.map((l) => l + '\n').join(''));
    const summary = { model: model.name, provider: model.provider, lines: lines.length, ms: r.ms, msPerLine: lines.length ? r.ms / lines.length : 0, tokensOut: r.tokensOut, ...providerInfo(model) };
    if (json && output) ctx.io.out(JSON.stringify(summary) + '\n');
    else if (ctx.verbose) ctx.io.err(`[attention-lens] ${lines.length} lines in ${r.ms} ms (${summary.msPerLine.toFixed(1)} ms/line) on ${model.provider}\n`);
    return 0;
  }
  if (output !== undefined) throw new UserError('bad-usage', '--output needs --input FILE');
  ctx.f.checkUnknown();
  const text = await textArg(ctx, positionals);
  const model = await loadModel(ctx, 'seq2seq');
  const run = await translate(model, text, opts);
  return printRun(ctx, json, run, model);
}

function printRun(ctx: Ctx, json: boolean, run: Awaited<ReturnType<typeof translate>>, model: LoadedModel): number {
  if (json) ctx.io.out(JSON.stringify(runToJson(run, providerInfo(model))) + '\n');
  else {
    for (const w of run.warnings) ctx.io.err(`warning: ${w}\n`);
    ctx.io.out(run.outputText + '\n');
  }
  if (ctx.verbose) ctx.io.err(`[attention-lens] ${run.outputTokens.length} tokens, encode ${run.timings.encodeMs} ms, decode ${run.timings.decodeMs} ms, total ${run.timings.totalMs} ms\n`);
  return 0;
}

async function cmdContinue(ctx: Ctx, positionals: string[]): Promise<number> {
  const json = ctx.f.has('json');
  const opts = decodeOptions(ctx, true);
  ctx.f.checkUnknown();
  const text = await textArg(ctx, positionals);
  const model = await loadModel(ctx, 'causal');
  const run = await continueText(model, text, opts);
  return printRun(ctx, json, run, model);
}

async function cmdScore(ctx: Ctx, positionals: string[]): Promise<number> {
  const input = ctx.f.str('input');
  const batchSize = ctx.f.num('batch-size', { int: true, min: 1, max: 512 });
  ctx.f.has('json'); // output is always JSON
  ctx.f.checkUnknown();
  if (positionals.length) throw new UserError('bad-usage', 'score reads --input FILE (one text per line); unexpected argument ' + JSON.stringify(positionals[0]));
  const lines = input !== undefined ? readLines(input) : (await textArg(ctx, [])).split(/\r?\n/);
  const model = await loadModel(ctx, 'causal');
  const r = await scoreLines(model, lines, { batchSize });
  ctx.io.out(
    JSON.stringify({
      perplexity: r.perplexity,
      bitsPerChar: r.bitsPerChar,
      tokens: r.tokens,
      characters: r.characters,
      lines: r.lines,
      skippedEmptyLines: r.skippedEmptyLines,
      truncatedLines: r.truncatedLines,
      nll: r.nll,
      model: model.name,
      provider: model.provider,
      ms: r.ms,
    }) + '\n',
  );
  return 0;
}

async function cmdBleu(ctx: Ctx, positionals: string[]): Promise<number> {
  const hyp = ctx.f.str('hyp');
  const ref = ctx.f.str('ref');
  const json = ctx.f.has('json');
  ctx.f.checkUnknown();
  if (positionals.length) throw new UserError('bad-usage', `unexpected argument ${JSON.stringify(positionals[0])}`);
  if (!hyp || !ref) throw new UserError('bad-usage', 'bleu needs --hyp FILE and --ref FILE');
  const h = readLines(hyp, 'hypothesis');
  const r = readLines(ref, 'reference');
  if (h.length !== r.length) throw new UserError('bad-usage', `${hyp} has ${h.length} lines but ${ref} has ${r.length}`);
  const b = corpusBleu(h, r);
  if (json) ctx.io.out(JSON.stringify({ bleu: b.score, ...b, signature: 'nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp' }) + '\n');
  else
    ctx.io.out(
      `BLEU = ${b.score.toFixed(2)} ${b.precisions.map((p) => p.toFixed(1)).join('/')} (BP = ${b.bp.toFixed(3)} ratio = ${(b.hypLen / (b.refLen || 1)).toFixed(3)} hyp_len = ${b.hypLen} ref_len = ${b.refLen})\n`,
    );
  return 0;
}

function cmdModels(ctx: Ctx): number {
  const json = ctx.f.has('json');
  ctx.f.checkUnknown();
  const reg = scanModels({ bundledDir: bundledModelsDir(__dirname) });
  if (json) ctx.io.out(JSON.stringify({ models: reg.models.map((m) => ({ name: m.name, kind: m.manifest.kind, dir: m.dir })), problems: reg.problems }) + '\n');
  else {
    for (const m of reg.models) ctx.io.out(`${m.name}\t${m.manifest.kind}\t${m.dir}\n`);
    for (const p of reg.problems) ctx.io.err(`problem: ${p.message}\n`);
  }
  return 0;
}

export async function runCli(argv: string[], io: CliIO = processIO): Promise<number> {
  let verbose = false;
  try {
    const parsed = parseArgs(argv);
    const f = new Flags(parsed);
    verbose = f.has('verbose');
    if (f.has('help') || !parsed.command || parsed.command === 'help') {
      io.out(USAGE);
      return parsed.command || f.has('help') ? 0 : 2;
    }
    const ctx: Ctx = { io, f, verbose };
    switch (parsed.command) {
      case 'translate':
        return await cmdTranslate(ctx, parsed.positionals);
      case 'continue':
        return await cmdContinue(ctx, parsed.positionals);
      case 'score':
        return await cmdScore(ctx, parsed.positionals);
      case 'bleu':
        return await cmdBleu(ctx, parsed.positionals);
      case 'models':
        return cmdModels(ctx);
      default:
        throw new UserError('bad-usage', `unknown command "${parsed.command}" (translate, continue, score, bleu, models)`);
    }
  } catch (e) {
    if (isUserError(e)) {
      io.err(`attention-lens: ${e.message}\n`);
      return e.code === 'bad-usage' ? 2 : 1;
    }
    io.err(`attention-lens: internal error: ${describeError(e)}\n`);
    if (verbose || process.env.ATTENTION_LENS_DEBUG) io.err(`${(e as Error)?.stack ?? ''}\n`);
    return 1;
  } finally {
    await releaseAllModels();
  }
}
