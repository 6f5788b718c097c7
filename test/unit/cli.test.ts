// The CLI, in process (runCli) and as the bundled dist/cli.js: commands, --json shape, files,
// and every bad input as a clear message with a non-zero exit and no stack trace.
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main';
import { FIXTURES, ROOT } from './modelsUnderTest';

const S2S = path.join(FIXTURES, 'tiny-seq2seq');
const LM = path.join(FIXTURES, 'tiny-causal');
let tmp: string;

async function cli(args: string[], stdin?: string) {
  let out = '';
  let err = '';
  const code = await runCli(args, { out: (s) => void (out += s), err: (s) => void (err += s), stdin: async () => stdin });
  return { code, out, err };
}

const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at .+\(.*:\d+:\d+\)/);

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'al-cli-'));
  fs.writeFileSync(path.join(tmp, 'two.txt'), 'Ein Hund.\nZwei Männer.\n');
  fs.writeFileSync(path.join(tmp, 'three.txt'), 'Ein Hund.\n\nZwei Männer.\n');
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('CLI (in process)', () => {
  it('translate TEXT prints the translation', async () => {
    const r = await cli(['translate', '--model', S2S, 'Two dogs play in the snow.']);
    expect(r.code).toBe(0);
    expect(r.out.trim().length).toBeGreaterThan(0);
  });

  it('translate --json: output, model, provider, tokens, attention [layer][head][query][key], steps', async () => {
    const r = await cli(['translate', '--model', S2S, '--json', '--max-new-tokens', '5', 'Two dogs play.']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(typeof j.output).toBe('string');
    expect(j.model).toBe('tiny-seq2seq');
    expect(j.provider).toBe('cpu');
    expect(j.fallbackReason).toMatch(/cuda/);
    expect(j.sourceTokens[0]).toMatchObject({ text: 'Two', start: 0, end: 3 });
    expect(j.sourceTokens.at(-1)).toMatchObject({ text: '</s>', start: -1, end: -1 });
    const S = j.sourceTokens.length;
    const T = j.outputTokens.length;
    expect(j.outputTokens[0]).toHaveProperty('text');
    const dims = (a: any) => [a.length, a[0].length, a[0][0].length, a[0][0][0].length];
    expect(dims(j.attention.encoderSelf)).toEqual([2, 2, S, S]);
    expect(dims(j.attention.decoderSelf)).toEqual([2, 2, T, T]);
    expect(dims(j.attention.cross)).toEqual([2, 2, T, S]);
    expect(j.steps.length).toBe(T);
    expect(j.steps[0].topK[0]).toEqual(expect.objectContaining({ token: expect.any(String), prob: expect.any(Number) }));
    expect(j.steps[0].entropy).toBeGreaterThan(0);
  });

  it('continue --json has attention.self; sampling with a seed is reproducible; stdin works', async () => {
    const r = await cli(['continue', '--model', LM, '--json', '--max-new-tokens', '4', 'A man in']);
    const j = JSON.parse(r.out);
    const Q = j.sourceTokens.length + j.outputTokens.length - 1;
    expect([j.attention.self[0][0].length, j.attention.self[0][0][0].length]).toEqual([Q, Q]);
    const a = await cli(['continue', '--model', LM, '--temperature', '1.2', '--top-p', '0.9', '--seed', '5', 'A man in']);
    const b = await cli(['continue', '--model', LM, '--temperature', '1.2', '--top-p', '0.9', '--seed', '5', 'A man in']);
    expect(a.out).toBe(b.out);
    const c = await cli(['continue', '--model', LM, '--max-new-tokens', '2'], 'A dog\n');
    expect(c.code).toBe(0);
  });

  it('translate --input/--output: one segment per line, empty lines kept; beam works too', async () => {
    const inp = path.join(tmp, 'in.en');
    fs.writeFileSync(inp, 'Two dogs play.\r\n\r\nA man in a hat.\n');
    for (const extra of [[], ['--beam', '3']]) {
      const outp = path.join(tmp, `out${extra.length}.de`);
      const r = await cli(['translate', '--model', S2S, '--input', inp, '--output', outp, '--max-new-tokens', '6', ...extra]);
      expect(r.code, r.err).toBe(0);
      const lines = fs.readFileSync(outp, 'utf8').split('\n');
      expect(lines.length).toBe(4);
      expect(lines[1]).toBe('');
      expect(lines[0].length).toBeGreaterThan(0);
    }
  });

  it('score → {perplexity, tokens}; bleu → corpus BLEU', async () => {
    const inp = path.join(tmp, 'lm.txt');
    fs.writeFileSync(inp, 'A man in a blue shirt.\nTwo dogs.\n');
    const r = await cli(['score', '--model', LM, '--input', inp]);
    expect(r.code, r.err).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.perplexity).toBeGreaterThan(1);
    expect(j.tokens).toBeGreaterThan(4);
    expect(j.bitsPerChar).toBeGreaterThan(0);
    const h = path.join(tmp, 'h');
    const ref = path.join(tmp, 'r');
    fs.writeFileSync(h, 'Ein Hund läuft im Schnee.\nZwei Männer.\n');
    fs.writeFileSync(ref, 'Ein Hund rennt im Schnee.\nZwei Männer.\n');
    const b = await cli(['bleu', '--hyp', h, '--ref', ref, '--json']);
    expect(JSON.parse(b.out).bleu).toBeGreaterThan(20);
    const t = await cli(['bleu', '--hyp', h, '--ref', ref]);
    expect(t.out).toMatch(/^BLEU = \d+\.\d\d /);
  });

  const bad: [string, () => string[], RegExp, number][] = [
    ['empty text', () => ['translate', '--model', S2S, ''], /The text is empty/, 1],
    ['whitespace text', () => ['continue', '--model', LM, '  \t '], /The text is empty \(only whitespace\)/, 1],
    ['NUL bytes', () => ['translate', '--model', S2S, 'a\u0000b'], /contains NUL bytes/, 1],
    ['too long', () => ['translate', '--model', S2S, 'A dog runs. '.repeat(200)], /tokens long; model "tiny-seq2seq" takes at most 512\. .*\(--truncate\)/, 1],
    ['unknown provider', () => ['translate', '--model', S2S, '--provider', 'tpu', 'x'], /unknown provider "tpu"/, 2],
    ['unavailable provider', () => ['translate', '--model', S2S, '--provider', 'cuda', 'Two dogs.'], /Execution provider "cuda" is not available/, 1],
    ['unknown model', () => ['translate', '--model', 'no-such-model', 'x'], /Unknown model "no-such-model"/, 1],
    ['missing model folder', () => ['translate', '--model', '/nonexistent/model', 'x'], /Model folder not found/, 1],
    ['corrupt model', () => ['translate', '--model', path.join(tmp, 'corrupt'), 'x'], /encoder\.onnx: is not an ONNX model/, 1],
    ['wrong kind of model', () => ['continue', '--model', S2S, 'x'], /is a seq2seq model; this command needs a language \(causal\) model/, 2],
    ['missing input file', () => ['translate', '--model', S2S, '--input', '/nonexistent.txt'], /Cannot read input file .*no such file/, 1],
    ['binary input file', () => ['score', '--model', LM, '--input', path.join(tmp, 'bin.dat')], /contains NUL bytes/, 1],
    ['unknown flag', () => ['translate', '--modle', 'x', 'y'], /unknown option --modle/, 2],
    ['bad number', () => ['translate', '--beam', 'many', 'x'], /--beam must be an integer/, 2],
    ['bleu line mismatch', () => ['bleu', '--hyp', path.join(tmp, 'two.txt'), '--ref', path.join(tmp, 'three.txt')], /has 2 lines but .* has 3/, 2],
    ['no command', () => [], /Usage:/, 2],
    ['unknown command', () => ['summarize', 'x'], /unknown command "summarize"/, 2],
  ];
  for (const [name, args, msg, code] of bad) {
    it(`bad input: ${name} → message, exit ${code}, no stack trace`, async () => {
      fs.cpSync(S2S, path.join(tmp, 'corrupt'), { recursive: true });
      fs.writeFileSync(path.join(tmp, 'corrupt', 'encoder.onnx'), Buffer.from('garbage garbage garbage garbage'));
      fs.writeFileSync(path.join(tmp, 'bin.dat'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2, 10]));
      const r = await cli(args());
      expect(r.code).toBe(code);
      expect(r.out + r.err).toMatch(msg);
      noStack(r.err);
    });
  }
});

describe('CLI bundle (node dist/cli.js)', () => {
  const bundle = path.join(ROOT, 'out', 'cli-test', 'cli.js');
  beforeAll(async () => {
    const esbuild = await import('esbuild');
    await esbuild.build({
      entryPoints: [path.join(ROOT, 'src', 'cli.ts')],
      outfile: bundle,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['onnxruntime-node', 'tokenizers', 'vscode'],
      banner: { js: '#!/usr/bin/env node' },
      logLevel: 'silent',
    });
  });

  it('runs as a separate process; errors exit non-zero without a stack trace', () => {
    const ok = spawnSync('node', [bundle, 'translate', '--model', S2S, '--max-new-tokens', '3', 'Two dogs.'], { encoding: 'utf8' });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout.trim().length).toBeGreaterThan(0);
    const empty = spawnSync('node', [bundle, 'translate', '--model', S2S, '   '], { encoding: 'utf8' });
    expect(empty.status).toBe(1);
    expect(empty.stderr).toMatch(/^attention-lens: The text is empty/);
    noStack(empty.stderr);
    const cuda = spawnSync('node', [bundle, 'continue', '--model', LM, '--provider', 'cuda', 'A man'], { encoding: 'utf8' });
    expect(cuda.status).toBe(1);
    expect(cuda.stderr).toMatch(/Execution provider "cuda" is not available/);
    noStack(cuda.stderr);
  });

  it('finds the bundled models/ relative to the install', () => {
    const r = execFileSync('node', [bundle, 'models', '--json'], { encoding: 'utf8' });
    const j = JSON.parse(r);
    const expected = ['en-de', 'en-lm'].filter((m) => fs.existsSync(path.join(ROOT, 'models', m, 'model.json')));
    expect(j.models.map((m: any) => m.name).sort()).toEqual(expected);
  });
});
