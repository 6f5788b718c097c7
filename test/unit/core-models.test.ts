// Model registry and manifest validation: a broken model is reported by file and problem,
// and the other models stay usable.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadManifest } from '../../src/core/manifest';
import { getModel, releaseAllModels } from '../../src/core/model';
import { defaultModel, resolveModel, scanModels } from '../../src/core/modelRegistry';
import { translate } from '../../src/core/engine';
import { FIXTURES } from './modelsUnderTest';

let tmp: string;
const copy = (name: string, as: string) => {
  const d = path.join(tmp, as);
  fs.cpSync(path.join(FIXTURES, name), d, { recursive: true });
  return d;
};

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'al-models-'));
});
afterAll(async () => {
  await releaseAllModels();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('manifest validation', () => {
  it('accepts the fixtures', () => {
    expect(loadManifest(path.join(FIXTURES, 'tiny-seq2seq')).kind).toBe('seq2seq');
    expect(loadManifest(path.join(FIXTURES, 'tiny-causal')).kind).toBe('causal');
  });

  const cases: [string, (d: string) => void, RegExp][] = [
    ['missing model.json', (d) => fs.rmSync(path.join(d, 'model.json')), /model\.json: file is missing/],
    ['model.json not JSON', (d) => fs.writeFileSync(path.join(d, 'model.json'), '{"kind": "seq2seq",'), /model\.json: not valid JSON/],
    ['bad kind', (d) => edit(d, (m) => (m.kind = 'rnn')), /"kind" must be "seq2seq" or "causal"/],
    ['heads not dividing dModel', (d) => edit(d, (m) => (m.heads = 3)), /"dModel" must be divisible by "heads"/],
    ['missing graph output', (d) => edit(d, (m) => (m.graphs.decoder.outputs = ['logits'])), /graphs\.decoder\.outputs" lacks present_self_k/],
    ['missing decoder.onnx', (d) => fs.rmSync(path.join(d, 'decoder.onnx')), /decoder\.onnx: file is missing/],
    ['empty encoder.onnx', (d) => fs.writeFileSync(path.join(d, 'encoder.onnx'), ''), /encoder\.onnx: file is empty/],
    ['git-lfs pointer', (d) => fs.writeFileSync(path.join(d, 'encoder.onnx'), 'version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12\n'), /encoder\.onnx: is a Git LFS pointer/],
    ['garbage onnx', (d) => fs.writeFileSync(path.join(d, 'decoder.onnx'), 'this is not a model at all, just text'), /decoder\.onnx: is not an ONNX model/],
    ['missing tokenizer', (d) => fs.rmSync(path.join(d, 'tokenizer.json')), /tokenizer\.json: file is missing/],
  ];
  function edit(d: string, f: (m: any) => void) {
    const p = path.join(d, 'model.json');
    const m = JSON.parse(fs.readFileSync(p, 'utf8'));
    f(m);
    fs.writeFileSync(p, JSON.stringify(m));
  }
  for (const [name, breakIt, msg] of cases) {
    it(`names the file and the problem: ${name}`, () => {
      const d = copy('tiny-seq2seq', `broken-${name.replace(/\W+/g, '-')}`);
      breakIt(d);
      expect(() => loadManifest(d)).toThrow(msg);
    });
  }

  it('a truncated ONNX file or corrupt tokenizer fails at load with the file named', async () => {
    const d = copy('tiny-seq2seq', 'truncated');
    const p = path.join(d, 'decoder.onnx');
    fs.writeFileSync(p, fs.readFileSync(p).subarray(0, 5000));
    const manifest = loadManifest(d);
    await expect(getModel({ name: 't', dir: d, manifest, source: 'user' }, 'cpu')).rejects.toThrow(/decoder\.onnx: ONNX Runtime cannot load it/);
    const d2 = copy('tiny-seq2seq', 'badtok');
    fs.writeFileSync(path.join(d2, 'tokenizer.json'), '{"version": "1.0", "model": 5}');
    await expect(getModel({ name: 't2', dir: d2, manifest: loadManifest(d2), source: 'user' }, 'cpu')).rejects.toThrow(/tokenizer\.json: not a valid tokenizer/);
  });
});

describe('model registry', () => {
  it('lists good models, reports broken ones, and the good ones still translate', async () => {
    const root = path.join(tmp, 'user-models');
    fs.mkdirSync(root);
    fs.cpSync(path.join(FIXTURES, 'tiny-seq2seq'), path.join(root, 'good'), { recursive: true });
    fs.cpSync(path.join(FIXTURES, 'tiny-seq2seq'), path.join(root, 'bad'), { recursive: true });
    fs.rmSync(path.join(root, 'bad', 'encoder.onnx'));
    const m = JSON.parse(fs.readFileSync(path.join(root, 'good', 'model.json'), 'utf8'));
    m.name = 'good';
    fs.writeFileSync(path.join(root, 'good', 'model.json'), JSON.stringify(m));
    const reg = scanModels({ bundledDir: FIXTURES, userFolders: [root, path.join(tmp, 'nope')] });
    expect(reg.models.map((x) => x.name).sort()).toEqual(['good', 'tiny-causal', 'tiny-seq2seq']);
    expect(reg.problems.map((p) => p.message).join('\n')).toMatch(/bad[\\/]encoder\.onnx: file is missing/);
    expect(reg.problems.map((p) => p.message).join('\n')).toMatch(/nope: model folder does not exist/);
    const good = resolveModel('good', reg);
    const model = await getModel(good, 'cpu');
    const run = await translate(model, 'Two dogs.', { maxNewTokens: 3 });
    expect(run.model).toBe('good');
    expect(() => resolveModel('missing-model', reg)).toThrow(/Unknown model "missing-model". Available: .*tiny-seq2seq/);
    expect(() => resolveModel('bad', reg)).toThrow(/broken: .*encoder\.onnx: file is missing/);
    expect(resolveModel(path.join(FIXTURES, 'tiny-causal'), reg).manifest.kind).toBe('causal');
    expect(defaultModel(reg, 'causal').name).toBe('tiny-causal');
    expect(() => defaultModel(scanModels({ bundledDir: tmp + '/none' }), 'seq2seq')).toThrow(/No translation \(seq2seq\) model is available/);
  });

  it('the bundled models/ folder: train/ is not a model; real models register when present', () => {
    const reg = scanModels();
    expect(reg.problems.filter((p) => /train/.test(p.dir))).toEqual([]);
    for (const name of ['en-de', 'en-lm']) {
      const present = fs.existsSync(path.join(__dirname, '..', '..', 'models', name, 'model.json'));
      expect(reg.models.some((m) => m.name === name)).toBe(present);
    }
  });
});
