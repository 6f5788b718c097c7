import { describe, expect, it } from 'vitest';
import { parseHostMessage, parseViewState, parseWebviewMessage } from '../../src/protocol';

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]);

describe('protocol: explorer messages', () => {
  it('accepts well-formed webview → host messages', () => {
    expect(parseWebviewMessage({ type: 'selectRun', runId: 'r1' })).toEqual({ type: 'selectRun', runId: 'r1' });
    expect(parseWebviewMessage({ type: 'requestAttention', id: 3, runId: 'r1', kind: 'cross', layer: 2 })).toEqual({ type: 'requestAttention', id: 3, runId: 'r1', kind: 'cross', layer: 2 });
    expect(parseWebviewMessage({ type: 'revealToken', runId: 'r1', list: 'source', index: 4, select: true, x: 1 })).toEqual({ type: 'revealToken', runId: 'r1', list: 'source', index: 4, select: true });
    expect(parseWebviewMessage({ type: 'exportJson', runId: 'r1' })).toEqual({ type: 'exportJson', runId: 'r1' });
    const p = parseWebviewMessage({ type: 'savePng', name: 'head L0 H1.png', data: png });
    expect(p && p.type === 'savePng' && p.data.length).toBe(10);
    const fromBuffer = parseWebviewMessage({ type: 'savePng', name: 'a.png', data: png.slice().buffer });
    expect(fromBuffer?.type).toBe('savePng');
  });

  it.each([
    { type: 'selectRun' },
    { type: 'selectRun', runId: 5 },
    { type: 'requestAttention', id: 1, runId: 'r', kind: 'bogus', layer: 0 },
    { type: 'requestAttention', id: 1, runId: 'r', kind: 'cross', layer: -1 },
    { type: 'requestAttention', id: '1', runId: 'r', kind: 'cross', layer: 0 },
    { type: 'revealToken', runId: 'r', list: 'decoder', index: 0, select: true },
    { type: 'revealToken', runId: 'r', list: 'source', index: 1.5, select: true },
    { type: 'revealToken', runId: 'r', list: 'source', index: 1 },
    { type: 'savePng', name: 'a.png', data: [0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4, 5] },
    { type: 'savePng', name: 'a.png', data: new Uint8Array(20) },
    { type: 'savePng', name: '../../etc/passwd', data: png },
  ])('rejects malformed %j', (msg) => {
    expect(parseWebviewMessage(msg)).toBeUndefined();
  });

  it('host → webview attention replies carry a Float32Array, never a list of numbers', () => {
    const ok = parseHostMessage({ type: 'attention', id: 1, ok: true, runId: 'r', kind: 'self', layer: 0, data: new Float32Array(4) });
    expect(ok?.type).toBe('attention');
    expect(parseHostMessage({ type: 'attention', id: 1, ok: true, runId: 'r', kind: 'self', layer: 0, data: [0, 0, 0, 0] })).toBeUndefined();
    expect(parseHostMessage({ type: 'attention', id: 1, ok: false, error: 'gone' })).toEqual({ type: 'attention', id: 1, ok: false, error: 'gone' });
    expect(parseHostMessage({ type: 'focusToken', runId: 'r', list: 'output', index: -1 })).toEqual({ type: 'focusToken', runId: 'r', list: 'output', index: -1 });
    expect(parseHostMessage({ type: 'runs', runs: [{ id: 'a', model: 'm', label: 'x' }], selected: 'a' })).toEqual({ type: 'runs', runs: [{ id: 'a', model: 'm', label: 'x' }], selected: 'a' });
    expect(parseHostMessage({ type: 'runs', runs: [{ id: 'a' }] })).toBeUndefined();
    expect(parseHostMessage({ type: 'run', run: { id: 'x' } })).toBeUndefined();
  });

  it('view state keeps a valid explorer part and repairs a broken one field by field', () => {
    const base = { tab: 'head', positional: { text: '', d: 8, n: 10000 } };
    const s = parseViewState({ ...base, explorer: { runId: 'r', kind: 'cross', layer: 1, head: 2, mode: 'max', scale: 'log', colormap: 'cividis', step: 3, layerFilter: [0, 1], headFilter: [], focus: { list: 'source', index: 2 } } });
    expect(s?.explorer).toMatchObject({ kind: 'cross', layer: 1, head: 2, mode: 'max', scale: 'log', colormap: 'cividis', focus: { list: 'source', index: 2 } });
    const r = parseViewState({ ...base, explorer: { kind: 'evil', layer: -4, mode: 'sum', layerFilter: 'all' } });
    expect(r?.explorer).toEqual({ layer: 0, head: 0, mode: 'head', scale: 'linear', colormap: 'viridis', step: 0, layerFilter: [], headFilter: [] });
    expect(parseViewState(base)?.explorer).toBeUndefined();
  });
});
