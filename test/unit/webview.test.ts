// The pure parts of the webview: colours, state restore, form parsing, request/reply ids.
import { describe, expect, it } from 'vitest';
import { absMax, cssColor, diverging } from '../../webview/render/colormap';
import { DEFAULT_STATE, parseNumberField, restoreState } from '../../webview/state';
import { Requests } from '../../webview/requests';
import type { WebviewToHost } from '../../src/protocol';

describe('colormap', () => {
  it('is white-ish at 0, red at +limit, blue at −limit, clamped outside', () => {
    expect(diverging(0, 1)).toEqual([242, 242, 242]);
    expect(diverging(1, 1)).toEqual([180, 4, 38]);
    expect(diverging(-1, 1)).toEqual([59, 76, 192]);
    expect(diverging(5, 1)).toEqual(diverging(1, 1));
    expect(diverging(0.5, 1)).toEqual([211, 123, 140]);
    expect(diverging(3, 0)).toEqual([242, 242, 242]);
    expect(cssColor([1, 2, 3])).toBe('rgb(1, 2, 3)');
  });

  it('finds the symmetric limit', () => {
    expect(absMax([0.5, -2, 1])).toBe(2);
    expect(absMax([])).toBe(0);
  });
});

describe('webview state', () => {
  it('restores saved state and falls back to the default', () => {
    const s = { tab: 'positional', positional: { text: 'a b', d: 4, n: 100 } };
    expect(restoreState(s)).toEqual(s);
    expect(restoreState(undefined)).toEqual(DEFAULT_STATE);
    expect(restoreState({ tab: 'positional' })).toEqual(DEFAULT_STATE);
  });

  it('parses number fields with messages for bad input', () => {
    expect(parseNumberField('d', ' 4 ')).toBe(4);
    expect(parseNumberField('d', '')).toBe('d is empty.');
    expect(parseNumberField('n', 'abc')).toMatch(/^n must be a number/);
  });
});

describe('Requests', () => {
  it('matches replies to requests by id and ignores unknown ids', async () => {
    const sent: WebviewToHost[] = [];
    const r = new Requests((m) => sent.push(m));
    const a = r.send('getSelection');
    const b = r.send('getSelection');
    expect(sent).toEqual([
      { type: 'request', id: 1, method: 'getSelection' },
      { type: 'request', id: 2, method: 'getSelection' },
    ]);
    expect(r.resolve({ type: 'reply', id: 2, ok: false, error: 'No text is selected.' })).toBe(true);
    expect(r.resolve({ type: 'reply', id: 1, ok: true, result: { text: 'hi' } })).toBe(true);
    expect(r.resolve({ type: 'reply', id: 1, ok: true, result: { text: 'again' } })).toBe(false);
    await expect(a).resolves.toEqual({ text: 'hi' });
    await expect(b).rejects.toThrow('No text is selected.');
  });
});
