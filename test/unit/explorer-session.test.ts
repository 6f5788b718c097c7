import { describe, expect, it } from 'vitest';
import { ExplorerSession } from '../../webview/explorer/session';
import { toWire, layerData, layerRows } from '../../src/explorer/wire';
import { DEFAULT_EXPLORER_UI, type ViewState, type WebviewToHost } from '../../src/protocol';
import { fakeRun } from './explorerFixtures';

function setup(inline: boolean) {
  const run = fakeRun(4);
  const sent: WebviewToHost[] = [];
  let state: ViewState = { tab: 'positional', positional: { text: '', d: 16, n: 10000 } };
  const s = new ExplorerSession();
  s.connect((m) => sent.push(m), (change) => {
    state = change(state);
    s.setViewState(state);
  });
  s.setViewState(state);
  s.handle({ type: 'run', run: toWire(run, inline ? Number.MAX_SAFE_INTEGER : 0) });
  const answer = () => {
    for (const m of sent.splice(0)) {
      if (m.type !== 'requestAttention') continue;
      const d = m.query === undefined ? layerData(run, m.kind, m.layer) : layerRows(run, m.kind, m.layer, m.query);
      s.handle(typeof d === 'string' ? { type: 'attention', id: m.id, ok: false, error: d } : { type: 'attention', id: m.id, ok: true, runId: run.id, kind: m.kind, layer: m.layer, data: d });
    }
  };
  return { run, s, sent, answer, state: () => state };
}

describe('explorer session (webview side)', () => {
  it('a new run opens the Model tab, resets the choices and feeds P its tokens and d, n', () => {
    const { s, state, run } = setup(true);
    expect(state().tab).toBe('model');
    expect(state().explorer).toMatchObject({ ...DEFAULT_EXPLORER_UI, runId: run.id, kind: 'encoderSelf' });
    expect(state().positional).toEqual({ text: 'w0 w1 w2 w3', d: 8, n: 10000 });
    expect(s.cachedLayer('encoderSelf', 1)?.data.length).toBe(2 * 4 * 4);
  });

  it('fetches a layer on demand once, and rows for one query without whole layers', async () => {
    const { s, sent, answer, run } = setup(false);
    expect(s.cachedLayer('cross', 1)).toBeUndefined();
    const p1 = s.layer('cross', 1);
    const p2 = s.layer('cross', 1);
    expect(sent.filter((m) => m.type === 'requestAttention')).toHaveLength(1);
    answer();
    const [b1, b2] = await Promise.all([p1, p2]);
    expect(b1).toEqual(b2);
    expect(Array.from(b1.data)).toEqual(Array.from(layerData(run, 'cross', 1) as Float32Array));
    expect(s.cachedLayer('cross', 1)).toBeDefined();
    // rows: first call asks, second call (after the reply) has them
    expect(s.rows('decoderSelf', 0, 2)).toBeUndefined();
    expect(s.rows('decoderSelf', 0, 2)).toBeUndefined(); // no second request while one is in flight
    expect(sent.filter((m) => m.type === 'requestAttention')).toHaveLength(1);
    answer();
    await new Promise((r) => setTimeout(r, 0));
    expect(Array.from(s.rows('decoderSelf', 0, 2)!)).toEqual(Array.from(layerRows(run, 'decoderSelf', 0, 2) as Float32Array));
    // rows of a fetched layer need no request
    expect(s.rows('cross', 1, 0)).toBeDefined();
    expect(sent).toHaveLength(0);
  });

  it('a failed or wrong-sized reply rejects instead of painting garbage', async () => {
    const { s, sent } = setup(false);
    const p = s.layer('encoderSelf', 0);
    const m = sent.find((x) => x.type === 'requestAttention')!;
    s.handle({ type: 'attention', id: (m as { id: number }).id, ok: true, runId: 'r1', kind: 'encoderSelf', layer: 0, data: new Float32Array(3) });
    await expect(p).rejects.toThrow(/expected 32/);
    const q = s.layer('encoderSelf', 1);
    const m2 = sent.filter((x) => x.type === 'requestAttention').pop() as { id: number };
    s.handle({ type: 'attention', id: m2.id, ok: false, error: 'run gone' });
    await expect(q).rejects.toThrow('run gone');
  });

  it('hover tells the editor after a short pause; focus from the user selects, from the editor does not echo', async () => {
    const { s, sent } = setup(true);
    s.setHover({ list: 'source', index: 1 });
    s.setHover({ list: 'source', index: 2 });
    await new Promise((r) => setTimeout(r, 100));
    expect(sent.filter((m) => m.type === 'revealToken')).toEqual([{ type: 'revealToken', runId: 'r1', list: 'source', index: 2, select: false }]);
    sent.length = 0;
    s.focus({ list: 'source', index: 3 }, true);
    expect(sent.filter((m) => m.type === 'revealToken')).toEqual([{ type: 'revealToken', runId: 'r1', list: 'source', index: 3, select: true }]);
    sent.length = 0;
    s.handle({ type: 'focusToken', runId: 'r1', list: 'source', index: 0 });
    expect(s.ui.focus).toEqual({ list: 'source', index: 0 });
    expect(sent.filter((m) => m.type === 'revealToken')).toEqual([]);
    s.handle({ type: 'focusToken', runId: 'other', list: 'source', index: 2 });
    expect(s.ui.focus).toEqual({ list: 'source', index: 0 });
  });
});
