import { describe, expect, it } from 'vitest';
import { layerData, poolThumbnails, runToJson, summary, toWire } from '../../src/explorer/wire';
import { parseHostMessage } from '../../src/protocol';
import { fakeRun } from './explorerFixtures';

describe('run → wire', () => {
  it('max-pools thumbnails and keeps small heads as they are', () => {
    const q = 128, k = 100;
    const data = new Float32Array(q * k);
    data[127 * k + 99] = 0.9;
    const t = poolThumbnails({ layers: 1, heads: 1, queries: q, keys: k, data }, 64);
    expect([t.rows, t.cols]).toEqual([64, 64]);
    expect(t.data[63 * 64 + 63]).toBeCloseTo(0.9);
    expect(t.data.reduce((a, b) => a + b, 0)).toBeCloseTo(0.9);
    const small = poolThumbnails({ layers: 1, heads: 1, queries: 2, keys: 3, data: new Float32Array([1, 2, 3, 4, 5, 6]) });
    expect(Array.from(small.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('small runs ship inline, large ones on demand, and the webview parser accepts both', () => {
    const run = fakeRun();
    const small = toWire(run);
    expect(small.attention.every((a) => a.data instanceof Float32Array)).toBe(true);
    expect(small.linked).toBe(true);
    const big = toWire(run, 10);
    expect(big.attention.every((a) => a.data === undefined)).toBe(true);
    for (const w of [small, big]) {
      const parsed = parseHostMessage({ type: 'run', run: w });
      expect(parsed && parsed.type === 'run' && parsed.run.attention.length).toBe(3);
    }
    // a typed array must never become a JSON list of numbers
    expect(parseHostMessage({ type: 'run', run: { ...small, attention: [{ ...small.attention[0], thumbs: Array.from(small.attention[0].thumbs) }] } })).toBeUndefined();
  });

  it('layer data is a copy of exactly one layer', () => {
    const run = fakeRun(4);
    const d = layerData(run, 'encoderSelf', 1) as Float32Array;
    expect(d.length).toBe(2 * 4 * 4);
    expect(d.buffer).not.toBe(run.attention[0].data.buffer);
    expect(d.byteLength).toBe(d.buffer.byteLength);
    expect(layerData(run, 'self', 0)).toMatch(/no self/);
    expect(layerData(run, 'cross', 2)).toMatch(/out of/);
  });

  it('summary and JSON export (tensors as base64 float32)', () => {
    const run = fakeRun();
    expect(summary(run).label).toBe('Translate: w0 w1 w2');
    const j = JSON.parse(runToJson(run));
    expect(j.format).toBe('attention-lens-run');
    expect(j.attention[0].shape).toEqual([2, 2, 3, 3]);
    const bytes = Buffer.from(j.attention[0].base64, 'base64');
    const back = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    expect(Array.from(back)).toEqual(Array.from(run.attention[0].data));
  });
});

describe('query rows on demand', () => {
  it('layerRows returns row q of every head of one layer', async () => {
    const { layerRows } = await import('../../src/explorer/wire');
    const run = fakeRun(4);
    const rows = layerRows(run, 'cross', 1, 2) as Float32Array;
    const a = run.attention[2];
    expect(rows.length).toBe(a.heads * a.keys);
    for (let h = 0; h < a.heads; h++)
      for (let k = 0; k < a.keys; k++) expect(rows[h * a.keys + k]).toBe(a.data[((1 * a.heads + h) * a.queries + 2) * a.keys + k]);
    expect(layerRows(run, 'cross', 1, 99)).toMatch(/query 99/);
  });
});

describe('runs kept across a window reload', () => {
  it('runFromJson reads runToJson back exactly, and rejects anything else', async () => {
    const { runFromJson } = await import('../../src/explorer/wire');
    const run = fakeRun(5);
    const back = runFromJson(runToJson(run))!;
    expect(back.id).toBe(run.id);
    expect(back.sourceTokens).toEqual(run.sourceTokens);
    expect(back.steps).toEqual(run.steps);
    expect(back.origin).toEqual(run.origin);
    expect(back.attention.map((a) => a.kind)).toEqual(['encoderSelf', 'decoderSelf', 'cross']);
    back.attention.forEach((a, i) => expect(Array.from(a.data)).toEqual(Array.from(run.attention[i].data)));
    expect(runFromJson('{}')).toBeUndefined();
    expect(runFromJson('not json')).toBeUndefined();
    const broken = JSON.parse(runToJson(run));
    broken.attention[0].base64 = broken.attention[0].base64.slice(0, 8);
    expect(runFromJson(JSON.stringify(broken))).toBeUndefined();
  });
});
